/*
 * review.c - recording decisions and drawing samples (see review.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "imggen.h"
#include "review.h"
#include "status.h"

int review_check(const struct review_input *in, const char **field,
		 char why[REVIEW_WHY_MAX])
{
	int reject;

	*field = "id";
	if (!in->id || !*in->id) {
		snprintf(why, REVIEW_WHY_MAX, "expected a support id, found nothing");
		return -1;
	}
	*field = "decision";
	if (!in->decision ||
	    (strcmp(in->decision, "accept") && strcmp(in->decision, "reject"))) {
		snprintf(why, REVIEW_WHY_MAX,
			 "expected accept or reject, found '%s'",
			 in->decision ? in->decision : "");
		return -1;
	}
	reject = !strcmp(in->decision, "reject");
	*field = "subtipo";
	if (reject && (!in->subtype || inconsistency_from_code(in->subtype) < 0)) {
		snprintf(why, REVIEW_WHY_MAX,
			 "expected a subtype (fotocopia, simulacion,"
			 " documento_no_valido, sin_firma, foto_no_viva,"
			 " imagen_ilegible, imagen_faltante, otra), found '%s'",
			 in->subtype ? in->subtype : "");
		return -1;
	}
	if (!reject && in->subtype && *in->subtype) {
		snprintf(why, REVIEW_WHY_MAX,
			 "expected no subtype for accept, found '%s'",
			 in->subtype);
		return -1;
	}
	*field = "revisor";
	if (!in->reviewer || !*in->reviewer) {
		snprintf(why, REVIEW_WHY_MAX, "expected a reviewer, found nothing");
		return -1;
	}
	return 0;
}

int review_writer_open(struct ws *ws, struct review_writer *w)
{
	memset(w, 0, sizeof(*w));
	w->ws = ws;
	ws_now(w->now);
	w->find = ws_prepare(ws, "SELECT n FROM support WHERE id = ?");
	w->insert = ws_prepare(ws,
		"INSERT INTO review_decision(support, decision, subtipo, revisor,"
		" momento, nota) VALUES (?, ?, ?, ?, ?, ?)");
	w->replace = ws_prepare(ws,
		"UPDATE review_decision SET reemplazada_por = ?1"
		" WHERE support = ?2 AND reemplazada_por IS NULL AND n <> ?1");
	return w->find && w->insert && w->replace ? 0 : EXIT_ENV;
}

void review_writer_close(struct review_writer *w)
{
	sqlite3_finalize(w->find);
	sqlite3_finalize(w->insert);
	sqlite3_finalize(w->replace);
	memset(w, 0, sizeof(*w));
}

static void bind_optional(sqlite3_stmt *st, int col, const char *text)
{
	if (text && *text)
		sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

int review_record(struct review_writer *w, const struct review_input *in,
		  char why[REVIEW_WHY_MAX])
{
	long long support, n;
	int step;

	sqlite3_bind_text(w->find, 1, in->id, -1, SQLITE_STATIC);
	step = sqlite3_step(w->find);
	support = step == SQLITE_ROW ? sqlite3_column_int64(w->find, 0) : 0;
	sqlite3_reset(w->find);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return ws_fail(w->ws, "support");
	if (step == SQLITE_DONE) {
		snprintf(why, REVIEW_WHY_MAX, "no support has id '%s'", in->id);
		return EXIT_PROBLEMS;
	}
	sqlite3_bind_int64(w->insert, 1, support);
	sqlite3_bind_text(w->insert, 2, in->decision, -1, SQLITE_STATIC);
	bind_optional(w->insert, 3, in->subtype);
	sqlite3_bind_text(w->insert, 4, in->reviewer, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->insert, 5, w->now, -1, SQLITE_STATIC);
	bind_optional(w->insert, 6, in->note);
	if (sqlite3_step(w->insert) != SQLITE_DONE)
		return ws_fail(w->ws, "review_decision");
	sqlite3_reset(w->insert);
	n = sqlite3_last_insert_rowid(w->ws->db);
	sqlite3_bind_int64(w->replace, 1, n);
	sqlite3_bind_int64(w->replace, 2, support);
	if (sqlite3_step(w->replace) != SQLITE_DONE)
		return ws_fail(w->ws, "review_decision history");
	sqlite3_reset(w->replace);
	w->recorded++;
	return 0;
}

/* The candidates: the aspirant's supports of citizens in the lista nominal. */
static int candidates(struct ws *ws, const char *aspirant, long long **out,
		      size_t *count)
{
	sqlite3_stmt *st = ws_prepare(ws,
		"SELECT s.n FROM support s JOIN roll r"
		" ON r.clave_elector = s.clave_elector"
		" WHERE s.aspirante = ? AND r.situacion = 1 ORDER BY s.n");
	long long *v = NULL, *grown;
	size_t n = 0, cap = 0;
	int step, rc = 0;

	if (!st)
		return EXIT_ENV;
	sqlite3_bind_text(st, 1, aspirant, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			grown = realloc(v, cap * sizeof(*v));
			if (!grown) {
				err_msg("out of memory");
				rc = EXIT_ENV;
				break;
			}
			v = grown;
		}
		v[n++] = sqlite3_column_int64(st, 0);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ws_fail(ws, "sample candidates");
	sqlite3_finalize(st);
	if (rc)
		free(v);
	*out = rc ? NULL : v;
	*count = rc ? 0 : n;
	return rc;
}

/* A 64-bit seed from the seed text and the aspirant (FNV-1a). */
static uint64_t seed_of(const char *seed, const char *aspirant)
{
	uint64_t h = 14695981039346656037ULL;
	const char *p;

	for (p = seed; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xFF) * 1099511628211ULL;
	for (p = aspirant; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

static int store_sample(struct ws *ws, const char *aspirant, const char *seed,
			const long long *v, size_t k)
{
	sqlite3_stmt *del = NULL, *head = NULL, *add = NULL;
	char now[24];
	size_t i;
	int rc = 0;

	ws_now(now);
	del = ws_prepare(ws, "DELETE FROM review_sample_member WHERE aspirante = ?");
	head = ws_prepare(ws, "INSERT OR REPLACE INTO review_sample(aspirante,"
			      " tamano, semilla, momento) VALUES (?, ?, ?, ?)");
	add = ws_prepare(ws, "INSERT INTO review_sample_member(aspirante,"
			     " support) VALUES (?, ?)");
	if (!del || !head || !add) {
		rc = EXIT_ENV;
		goto done;
	}
	sqlite3_bind_text(del, 1, aspirant, -1, SQLITE_STATIC);
	sqlite3_bind_text(head, 1, aspirant, -1, SQLITE_STATIC);
	sqlite3_bind_int64(head, 2, (long long)k);
	sqlite3_bind_text(head, 3, seed, -1, SQLITE_STATIC);
	sqlite3_bind_text(head, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(del) != SQLITE_DONE || sqlite3_step(head) != SQLITE_DONE) {
		rc = ws_fail(ws, "review_sample");
		goto done;
	}
	sqlite3_bind_text(add, 1, aspirant, -1, SQLITE_STATIC);
	for (i = 0; i < k && !rc; i++) {
		sqlite3_bind_int64(add, 2, v[i]);
		if (sqlite3_step(add) != SQLITE_DONE)
			rc = ws_fail(ws, "review_sample_member");
		sqlite3_reset(add);
	}
done:
	sqlite3_finalize(del);
	sqlite3_finalize(head);
	sqlite3_finalize(add);
	return rc;
}

int review_sample_draw(struct ws *ws, const char *aspirant, long size,
		       const char *seed, long long *drawn)
{
	struct imggen_rng rng;
	long long *v = NULL, tmp;
	size_t n = 0, k, i, j;
	int rc;

	if ((rc = candidates(ws, aspirant, &v, &n)))
		return rc;
	k = (size_t)size < n ? (size_t)size : n;

	/* The first K places of a Fisher-Yates shuffle. */
	imggen_seed(&rng, seed_of(seed, aspirant));
	for (i = 0; i < k; i++) {
		j = i + (size_t)(imggen_next(&rng) % (n - i));
		tmp = v[i];
		v[i] = v[j];
		v[j] = tmp;
	}
	rc = store_sample(ws, aspirant, seed, v, k);
	*drawn = (long long)k;
	free(v);
	return rc;
}
