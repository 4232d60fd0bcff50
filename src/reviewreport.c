/*
 * reviewreport.c - the image review section of the report (see
 * reviewreport.h).
 */
#include <string.h>

#include "err.h"
#include "reviewreport.h"
#include "status.h"

/*
 * Subtype counts: the detail of each support's inconsistencia token, cut
 * at the next space so that other motivos do not split a subtype's count.
 */
static const char subtypes_sql[] =
	"WITH t AS (SELECT aspirante, substr(motivos,"
	" instr(motivos, 'inconsistencia:') + 15) || ' ' AS rest FROM support"
	" WHERE estatus = 'inconsistencia' AND (?1 IS NULL OR aspirante = ?1))"
	" SELECT aspirante, substr(rest, 1, instr(rest, ' ') - 1) AS code, count(*)"
	" FROM t GROUP BY aspirante, code ORDER BY aspirante, code";

static const char unchecked_sql[] =
	"SELECT count(*), sum(imagenes = 1 OR n IN"
	" (SELECT support FROM support_package)) FROM support"
	" WHERE (?1 IS NULL OR aspirante = ?1)";

static const char samples_sql[] =
	"SELECT r.aspirante, r.tamano, r.semilla, r.revision_completa,"
	" (SELECT count(*) FROM review_sample_member m JOIN review_decision d"
	"  ON d.support = m.support AND d.reemplazada_por IS NULL"
	"  WHERE m.aspirante = r.aspirante),"
	" (SELECT count(*) FROM review_sample_member m JOIN review_decision d"
	"  ON d.support = m.support AND d.reemplazada_por IS NULL"
	"  WHERE m.aspirante = r.aspirante AND d.decision = 'reject')"
	" FROM review_sample r WHERE (?1 IS NULL OR r.aspirante = ?1)"
	" ORDER BY r.aspirante";

/* The subtype code at the start of REST (up to a space). */
static void subtype_of(const char *rest, char *code, size_t size)
{
	size_t n = strcspn(rest, " ");

	if (n >= size)
		n = size - 1;
	memcpy(code, rest, n);
	code[n] = '\0';
}

/* S left-aligned in WIDTH characters (UTF-8 aware). */
static void put_padded(FILE *out, const char *s, int width)
{
	int chars = 0;
	const char *p;

	for (p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	fputs(s, out);
	for (; chars < width; chars++)
		fputc(' ', out);
}

static int print_subtypes(FILE *out, struct ws *ws, const char *aspirant)
{
	sqlite3_stmt *st = ws_prepare(ws, subtypes_sql);
	char code[64];
	int i, header = 0;

	if (!st)
		return EXIT_ENV;
	if (aspirant)
		sqlite3_bind_text(st, 1, aspirant, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		subtype_of((const char *)sqlite3_column_text(st, 1), code,
			   sizeof(code));
		i = inconsistency_from_code(code);
		if (!header++)
			fprintf(out, "\nInconsistencias by subtype\n"
				     "Aspirant   Subtype              INE name"
				     "                     Supports\n");
		fprintf(out, "%-10s %-20s ", sqlite3_column_text(st, 0), code);
		put_padded(out, i >= 0 ? inconsistency_table[i].categoria : "",
			   28);
		fprintf(out, " %9lld\n", sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	return 0;
}

static int print_unchecked(FILE *out, struct ws *ws, const char *aspirant,
			   int *any)
{
	sqlite3_stmt *st = ws_prepare(ws, unchecked_sql);
	long long all, checked;

	if (!st)
		return EXIT_ENV;
	if (aspirant)
		sqlite3_bind_text(st, 1, aspirant, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		all = sqlite3_column_int64(st, 0);
		checked = sqlite3_column_int64(st, 1);
		*any = checked > 0;
		fprintf(out, "\nImage checks: %lld supports image-checked,"
			     " %lld never image-checked (no image columns)\n",
			checked, all - checked);
	}
	sqlite3_finalize(st);
	return 0;
}

static int print_samples(FILE *out, struct ws *ws, const char *aspirant)
{
	sqlite3_stmt *st = ws_prepare(ws, samples_sql);

	if (!st)
		return EXIT_ENV;
	if (aspirant)
		sqlite3_bind_text(st, 1, aspirant, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(out, "Sample %s: %lld supports (seed %s), %lld decided,"
			     " %lld rejected%s\n",
			sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
			sqlite3_column_text(st, 2), sqlite3_column_int64(st, 4),
			sqlite3_column_int64(st, 5),
			sqlite3_column_int(st, 3)
				? ": 10% or more, every support of the"
				  " aspirant is under full review"
				: "");
	sqlite3_finalize(st);
	return 0;
}

/* 1 when any support carries images, any decision or sample exists. */
static int review_used(struct ws *ws)
{
	sqlite3_stmt *st = ws_prepare(ws,
		"SELECT EXISTS (SELECT 1 FROM support WHERE imagenes = 1)"
		" OR EXISTS (SELECT 1 FROM support_package)"
		" OR EXISTS (SELECT 1 FROM review_decision)"
		" OR EXISTS (SELECT 1 FROM review_sample)");
	int used;

	if (!st)
		return -1;
	used = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return used;
}

int reviewreport_text(FILE *out, struct ws *ws, const char *aspirant)
{
	int any = 0, used = review_used(ws), rc;

	if (used <= 0)
		return used < 0 ? EXIT_ENV : 0;
	if ((rc = print_unchecked(out, ws, aspirant, &any)) ||
	    (rc = print_subtypes(out, ws, aspirant)))
		return rc;
	return print_samples(out, ws, aspirant);
}
