/*
 * imgcross.c - reuse and template checks across supports (imgcross.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "imgcross.h"

/* One decoded image of one support. */
struct img {
	long long n;
	int role;
	char *id, *clave, *hash;	/* owned */
	uint64_t phash, retrato;
	long long reused_by;		/* index + 1 of another support's */
	int alike;			/* template: fronts alike */
};

struct set {
	struct img *v;
	size_t count, cap;
};

static const char load_sql[] =
	"SELECT c.support, c.rol, s.id, ifnull(s.clave_elector, ''), c.hash,"
	" m.phash, m.phash_retrato FROM image_check c"
	" JOIN image_measure m ON m.hash = c.hash AND m.rol = c.rol"
	" JOIN support_data s ON s.n = c.support WHERE m.decodifica = 'si'"
	" ORDER BY c.rol, c.hash";

static char *dup_col(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return strdup(s ? s : "");
}

static int add_row(struct set *s, sqlite3_stmt *st)
{
	struct img *im, *grown;

	if (s->count == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		grown = realloc(s->v, s->cap * sizeof(*s->v));
		if (!grown)
			return -1;
		s->v = grown;
	}
	im = &s->v[s->count];
	memset(im, 0, sizeof(*im));
	im->n = sqlite3_column_int64(st, 0);
	im->role = imgcheck_role_from_name(
		(const char *)sqlite3_column_text(st, 1));
	im->id = dup_col(st, 2);
	im->clave = dup_col(st, 3);
	im->hash = dup_col(st, 4);
	im->phash = (uint64_t)sqlite3_column_int64(st, 5);
	im->retrato = (uint64_t)sqlite3_column_int64(st, 6);
	s->count++;
	return im->id && im->clave && im->hash ? 0 : -1;
}

static void set_free(struct set *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		free(s->v[i].id);
		free(s->v[i].clave);
		free(s->v[i].hash);
	}
	free(s->v);
}

/* Marks A and B as the same image under different claves. */
static void mark_reuse(struct set *s, size_t a, size_t b)
{
	if (!strcmp(s->v[a].clave, s->v[b].clave))
		return;
	if (!s->v[a].reused_by)
		s->v[a].reused_by = (long long)b + 1;
	if (!s->v[b].reused_by)
		s->v[b].reused_by = (long long)a + 1;
}

/* Rows are sorted by role and hash: equal contents are neighbours. */
static void exact_reuse(struct set *s)
{
	size_t i, j, end;

	for (i = 0; i < s->count; i = end) {
		for (end = i + 1; end < s->count &&
				  s->v[end].role == s->v[i].role &&
				  !strcmp(s->v[end].hash, s->v[i].hash);
		     end++)
			;
		if (s->v[i].role == IMG_FIRMA)
			continue;	/* empty pads are all alike */
		for (j = i + 1; j < end; j++)
			mark_reuse(s, i, j);
		for (j = i + 1; j < end; j++)
			mark_reuse(s, j, i);
	}
}

/* Live photos within phash_same of each other; fronts alike in portrait. */
static void near_pairs(struct set *s, const struct img_thresholds *t, int role,
		       size_t first, size_t end)
{
	size_t i, j;
	int d;

	for (i = first; i < end; i++)
		for (j = i + 1; j < end; j++) {
			if (!strcmp(s->v[i].clave, s->v[j].clave))
				continue;
			if (role == IMG_FOTO &&
			    imgcheck_hamming(s->v[i].phash, s->v[j].phash) <=
				    t->phash_same)
				mark_reuse(s, i, j);
			if (role != IMG_FRENTE || !strcmp(s->v[i].hash, s->v[j].hash))
				continue;
			d = imgcheck_hamming(s->v[i].retrato, s->v[j].retrato);
			if (d <= t->phash_template) {
				s->v[i].alike++;
				s->v[j].alike++;
			}
		}
}

static void near_all(struct set *s, const struct img_thresholds *t)
{
	size_t i, end;

	for (i = 0; i < s->count; i = end) {
		for (end = i + 1; end < s->count && s->v[end].role == s->v[i].role;
		     end++)
			;
		if (end - i <= IMGCROSS_PAIRWISE)
			near_pairs(s, t, s->v[i].role, i, end);
	}
}

static int by_support(const void *a, const void *b)
{
	const struct imgcross_item *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->role - y->role;
}

/* Turns the marks into the sorted flag texts. */
static int collect(struct set *s, struct imgcross *out)
{
	char text[256];
	size_t i, k = 0;
	int len;

	out->v = calloc(s->count ? s->count : 1, sizeof(*out->v));
	if (!out->v)
		return -1;
	for (i = 0; i < s->count; i++) {
		struct img *im = &s->v[i];

		if (!im->reused_by && !im->alike)
			continue;
		len = 0;
		text[0] = '\0';
		if (im->reused_by)
			len = snprintf(text, sizeof(text), "reutilizada:%s",
				       s->v[im->reused_by - 1].id);
		if (im->alike && len >= 0 && (size_t)len < sizeof(text))
			snprintf(text + len, sizeof(text) - len, "%splantilla:%d",
				 len ? " " : "", im->alike + 1);
		out->v[k].n = im->n;
		out->v[k].role = im->role;
		if (!(out->v[k].text = strdup(text)))
			return -1;
		out->count = ++k;
	}
	qsort(out->v, out->count, sizeof(*out->v), by_support);
	return 0;
}

int imgcross_find(struct ws *ws, const struct img_thresholds *t,
		  struct imgcross *out)
{
	sqlite3_stmt *st = ws_prepare(ws, load_sql);
	struct set s = { 0 };
	int step, rc = 0;

	memset(out, 0, sizeof(*out));
	if (!st)
		return EXIT_ENV;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_row(&s, st) ? -1 : 0;
	if (!rc && step != SQLITE_DONE)
		rc = ws_fail(ws, "image checks");
	sqlite3_finalize(st);
	if (!rc) {
		exact_reuse(&s);
		near_all(&s, t);
		rc = collect(&s, out);
	}
	if (rc < 0) {
		err_msg("out of memory");
		rc = EXIT_ENV;
	}
	set_free(&s);
	return rc;
}

const char *imgcross_text(const struct imgcross *x, long long n, int role)
{
	struct imgcross_item key = { n, role, NULL }, *hit;

	if (!x->count)
		return NULL;
	hit = bsearch(&key, x->v, x->count, sizeof(*x->v), by_support);
	return hit ? hit->text : NULL;
}

void imgcross_free(struct imgcross *x)
{
	size_t i;

	for (i = 0; i < x->count; i++)
		free(x->v[i].text);
	free(x->v);
	memset(x, 0, sizeof(*x));
}
