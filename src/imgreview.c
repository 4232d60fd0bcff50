/*
 * imgreview.c - what the classification needs from the image checks and
 * the mesa de control, support by support (see imgpass.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "err.h"
#include "imgcheck.h"
#include "imgpass.h"

/*
 * The 10% rule: a sample whose every member has been reviewed (decided,
 * or inconsistent for a missing image) and where at least one in ten is
 * inconsistent puts all the aspirant's supports under review.
 */
static const char full_review_sql[] =
	"UPDATE review_sample SET revision_completa = ("
	" SELECT count(*) > 0 AND sum(NOT reviewed) = 0 AND"
	"  10 * sum(inconsistent) >= count(*) FROM ("
	"  SELECT d.decision IS NOT NULL OR f.support IS NOT NULL AS reviewed,"
	"   ifnull(d.decision = 'reject', f.support IS NOT NULL) AS inconsistent"
	"  FROM review_sample_member m"
	"  LEFT JOIN review_decision d ON d.support = m.support"
	"   AND d.reemplazada_por IS NULL"
	"  LEFT JOIN (SELECT DISTINCT c.support FROM image_check c"
	"   JOIN support_data s ON s.n = c.support WHERE c.hash IS NULL"
	"   AND (s.imagenes = 1 OR s.n IN (SELECT support FROM support_package)))"
	"   f ON f.support = m.support"
	"  WHERE m.aspirante = review_sample.aspirante))";

static const char entries_sql[] =
	"SELECT s.n, s.imagenes = 1 OR p.support IS NOT NULL, d.decision,"
	" d.subtipo, m.support IS NOT NULL, ifnull(rs.revision_completa, 0)"
	" FROM support_data s"
	" LEFT JOIN support_package p ON p.support = s.n"
	" LEFT JOIN review_decision d ON d.support = s.n"
	"  AND d.reemplazada_por IS NULL"
	" LEFT JOIN review_sample_member m ON m.aspirante = s.aspirante"
	"  AND m.support = s.n"
	" LEFT JOIN review_sample rs ON rs.aspirante = s.aspirante"
	" WHERE s.imagenes = 1 OR p.support IS NOT NULL OR d.support IS NOT NULL"
	"  OR m.support IS NOT NULL OR rs.revision_completa = 1"
	" ORDER BY s.n";

static const char checks_sql[] =
	"SELECT support, rol, hash IS NULL, banderas FROM image_check"
	" ORDER BY support";

/* What one support's rows said, before it becomes an entry. */
struct facts {
	long long n;
	int images;			/* must carry images */
	const char *decision, *subtype;	/* current decision or NULL */
	int member, full;
	int missing;
	char *flags[IMG_ROLE_COUNT];	/* image_check.banderas, owned */
};

static int pool_add(struct imgreview *ir, const char *s, size_t len)
{
	size_t need = ir->pool_len + len + 1, cap = ir->pool_cap ? ir->pool_cap : 4096;
	char *grown;

	while (cap < need)
		cap *= 2;
	if (cap != ir->pool_cap) {
		grown = realloc(ir->pool, cap);
		if (!grown)
			return -1;
		ir->pool = grown;
		ir->pool_cap = cap;
	}
	memcpy(ir->pool + ir->pool_len, s, len);
	ir->pool_len += len;
	ir->pool[ir->pool_len] = '\0';
	return 0;
}

/* Appends one token to the text that starts at START. */
static int pool_word(struct imgreview *ir, size_t start, const char *a,
		     const char *b, const char *c, const char *d)
{
	const char *parts[5] = { ir->pool_len > start ? " " : "", a, b, c, d };
	int i;

	for (i = 0; i < 5; i++)
		if (pool_add(ir, parts[i], strlen(parts[i])))
			return -1;
	return 0;
}

/* "imagen:ROL:" before each word of FLAGS. */
static int pool_flags(struct imgreview *ir, size_t start, int role,
		      const char *flags)
{
	char word[256];
	const char *p = flags, *end;
	size_t len;

	while (*p) {
		end = strchr(p, ' ');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len && len < sizeof(word)) {
			memcpy(word, p, len);
			word[len] = '\0';
			if (pool_word(ir, start, "imagen:", imgcheck_role_name(role),
				      ":", word))
				return -1;
		}
		p += len + (end != NULL);
	}
	return 0;
}

static int add_entry(struct imgreview *ir, const struct facts *f)
{
	struct imgreview_entry *e, *grown;
	unsigned checks = 0;
	int r, rc = 0;

	if (ir->count == ir->cap) {
		ir->cap = ir->cap ? ir->cap * 2 : 1024;
		grown = realloc(ir->e, ir->cap * sizeof(*ir->e));
		if (!grown)
			return -1;
		ir->e = grown;
	}
	/* Each text is its own NUL-terminated string in the pool. */
	if (pool_add(ir, "", 0))
		return -1;
	ir->pool_len++;
	if (pool_add(ir, "", 0))
		return -1;
	e = &ir->e[ir->count];
	e->n = f->n;
	e->text = ir->pool_len;
	if (f->decision && !strcmp(f->decision, "accept")) {
		checks = 0;
	} else if (f->decision) {
		checks |= 1u << CHECK_INCONSISTENCIA;
		rc = pool_word(ir, e->text, "inconsistencia:",
			       f->subtype ? f->subtype : "", "", "");
	} else {
		if (f->images && f->missing) {
			checks |= 1u << CHECK_INCONSISTENCIA;
			rc = pool_word(ir, e->text, "inconsistencia:imagen_faltante", "",
				       "", "");
		}
		for (r = 0; f->images && r < IMG_ROLE_COUNT && !rc; r++)
			if (f->flags[r] && *f->flags[r]) {
				checks |= 1u << CHECK_MESA_DE_CONTROL;
				rc = pool_flags(ir, e->text, r, f->flags[r]);
			}
		/* A missing image needs no reviewer, in a sample or not. */
		if (!rc && !(f->images && f->missing) &&
		    (f->member || f->full)) {
			checks |= 1u << CHECK_MESA_DE_CONTROL;
			rc = pool_word(ir, e->text, "revision:",
				       f->member ? "muestra" : "completa", "", "");
		}
	}
	e->checks = checks;
	if (checks)
		ir->count++;
	return rc;
}

/* Reads support N's image_check rows; CHECKS is positioned at or after. */
static int read_checks(sqlite3_stmt *checks, int *have, struct facts *f)
{
	const char *role_name, *flags;
	int role;

	while (*have == SQLITE_ROW) {
		long long n = sqlite3_column_int64(checks, 0);

		if (n > f->n)
			break;
		if (n == f->n) {
			role_name = (const char *)sqlite3_column_text(checks, 1);
			role = imgcheck_role_from_name(role_name);
			flags = (const char *)sqlite3_column_text(checks, 3);
			if (sqlite3_column_int(checks, 2))
				f->missing = 1;
			if (role >= 0 && !f->flags[role] &&
			    !(f->flags[role] = strdup(flags ? flags : "")))
				return -1;
		}
		*have = sqlite3_step(checks);
	}
	return 0;
}

static void facts_from_row(sqlite3_stmt *st, struct facts *f)
{
	memset(f, 0, sizeof(*f));
	f->n = sqlite3_column_int64(st, 0);
	f->images = sqlite3_column_int(st, 1);
	f->decision = (const char *)sqlite3_column_text(st, 2);
	f->subtype = (const char *)sqlite3_column_text(st, 3);
	f->member = sqlite3_column_int(st, 4);
	f->full = sqlite3_column_int(st, 5);
}

/* Counts the roles with no image_check row at all as missing. */
static void count_unchecked(struct facts *f, int rows)
{
	if (f->images && rows < IMG_ROLE_COUNT)
		f->missing = 1;
}

static int load_entries(struct ws *ws, struct imgreview *ir)
{
	sqlite3_stmt *st = ws_prepare(ws, entries_sql);
	sqlite3_stmt *checks = ws_prepare(ws, checks_sql);
	struct facts f;
	int have, step = SQLITE_DONE, r, rows, rc = 0;

	if (!st || !checks) {
		rc = EXIT_ENV;
		goto done;
	}
	have = sqlite3_step(checks);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		facts_from_row(st, &f);
		rc = read_checks(checks, &have, &f);
		for (r = 0, rows = 0; r < IMG_ROLE_COUNT; r++)
			rows += f.flags[r] != NULL;
		count_unchecked(&f, rows);
		if (!rc)
			rc = add_entry(ir, &f);
		for (r = 0; r < IMG_ROLE_COUNT; r++)
			free(f.flags[r]);
	}
	if (rc < 0) {
		err_msg("out of memory");
		rc = EXIT_ENV;
	} else if (!rc && step != SQLITE_DONE) {
		rc = ws_fail(ws, "image review");
	}
done:
	sqlite3_finalize(st);
	sqlite3_finalize(checks);
	return rc;
}

int imgreview_load(struct ws *ws, struct imgreview *ir)
{
	int rc;

	memset(ir, 0, sizeof(*ir));
	if ((rc = ws_exec(ws, full_review_sql)))
		return rc;
	return load_entries(ws, ir);
}

void imgreview_free(struct imgreview *ir)
{
	free(ir->e);
	free(ir->pool);
	memset(ir, 0, sizeof(*ir));
}

static const struct imgreview_entry *find(const struct imgreview *ir,
					  long long n)
{
	size_t lo = 0, hi = ir->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ir->e[mid].n < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ir->count && ir->e[lo].n == n ? &ir->e[lo] : NULL;
}

unsigned imgreview_checks(const struct imgreview *ir, long long n)
{
	const struct imgreview_entry *e = find(ir, n);

	return e ? e->checks : 0;
}

const char *imgreview_text(const struct imgreview *ir, long long n)
{
	const struct imgreview_entry *e = find(ir, n);

	return e ? ir->pool + e->text : NULL;
}
