/*
 * tally.c - each aspirant's result against its threshold (see tally.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lap.h"
#include "rules.h"
#include "tally.h"
#include "ws.h"

/* One sección of a territory, keyed by the unit it belongs to. */
struct unit_key {
	int entidad, number;
	size_t geo;
};

static int compare_keys(const void *pa, const void *pb)
{
	const struct unit_key *a = pa, *b = pb;

	if (a->entidad != b->entidad)
		return a->entidad < b->entidad ? -1 : 1;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return 0;
}

/* Collects the secciones of ROW's territory; returns how many, or -1. */
static long territory_keys(const struct territory *t, struct tally_row *row,
			   struct unit_key *keys)
{
	long n = 0;
	size_t i;

	for (i = 0; i < t->n_geo; i++) {
		if (!territory_contains(row->aspirant, &t->geo[i]))
			continue;
		row->lista_nominal += t->geo[i].lista_nominal;
		keys[n].entidad = t->geo[i].entidad;
		keys[n].number = territory_unit_number(&t->geo[i], row->unit);
		keys[n].geo = i;
		n++;
	}
	qsort(keys, (size_t)n, sizeof(*keys), compare_keys);
	return n;
}

/* Groups sorted KEYS into units, dropping units whose LN is 0. */
static void group_units(const struct territory *t, struct tally_row *row,
			const struct unit_key *keys, long n)
{
	long start, end, k;
	long long ln;
	struct tally_unit *u;

	for (start = 0; start < n; start = end) {
		ln = 0;
		for (end = start;
		     end < n && !compare_keys(&keys[start], &keys[end]); end++)
			ln += t->geo[keys[end].geo].lista_nominal;
		if (ln <= 0)
			continue;
		u = &row->units[row->n_units];
		memset(u, 0, sizeof(*u));
		u->entidad = keys[start].entidad;
		u->number = keys[start].number;
		u->lista_nominal = ln;
		u->requeridos = rules_required(
			ln, row->aspirant->rule.porcentaje_unidad);
		u->sample = &t->geo[keys[start].geo];
		for (k = start; k < end; k++)
			row->unit_of_geo[keys[k].geo] = (int)row->n_units;
		row->n_units++;
	}
}

/* Territory LN, requeridos and the units of one aspirant. */
static int build_row(const struct territory *t, const struct aspirant *a,
		     struct tally_row *row)
{
	struct unit_key *keys =
		malloc((t->n_geo ? t->n_geo : 1) * sizeof(*keys));
	size_t i;
	long n;

	memset(row, 0, sizeof(*row));
	row->aspirant = a;
	row->unit = territory_unit_from_name(a->rule.unidad);
	row->unit_of_geo = malloc((t->n_geo ? t->n_geo : 1) * sizeof(int));
	row->units = malloc((t->n_geo ? t->n_geo : 1) * sizeof(*row->units));
	if (!keys || !row->unit_of_geo || !row->units) {
		free(keys);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	for (i = 0; i < t->n_geo; i++)
		row->unit_of_geo[i] = -1;
	n = territory_keys(t, row, keys);
	group_units(t, row, keys, n);
	free(keys);
	row->requeridos =
		rules_required(row->lista_nominal, a->rule.porcentaje);
	row->units_needed = rules_units_needed(&a->rule, (long)row->n_units);
	return 0;
}

static int build_rows(struct tally *t, const char *only)
{
	const struct aspirant *a;
	size_t i;
	int rc;

	t->rows = calloc(t->t.n_aspirants ? t->t.n_aspirants : 1,
			 sizeof(*t->rows));
	if (!t->rows) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	for (i = 0; i < t->t.n_aspirants; i++) {
		a = &t->t.aspirants[i];
		if (only && strcmp(a->id, only))
			continue;
		if (!a->has_rule) {
			err_msg("aspirant '%s': the workspace has no rule"
				" for cargo %s",
				a->id, cargo_names[a->cargo]);
			return EXIT_INPUT;
		}
		if ((rc = build_row(&t->t, a, &t->rows[t->n_rows++])))
			return rc;
	}
	return 0;
}

/* The pass over the verdicts keeps this state. */
struct count_pass {
	struct tally *t;
	int *row_of_aspirant;	/* row per aspirant, -1: not tallied */
	const struct aspirant *last;	/* aspirant of the previous row */
	char last_code[32];	/* status code of the previous row */
	int last_status;
};

/* The status of CODE, remembering the last one (rows repeat it). */
static int status_of(struct count_pass *p, const char *code)
{
	if (!code)
		return -1;
	if (strcmp(code, p->last_code)) {
		p->last_status = status_from_code(code);
		snprintf(p->last_code, sizeof(p->last_code), "%s", code);
	}
	return p->last_status;
}

/* A valido support counts in the unit of its roll sección, if any. */
static void count_unit(struct count_pass *p, struct tally_row *row,
		       sqlite3_stmt *st)
{
	const struct geo_row *g;
	int unit;

	if (sqlite3_column_type(st, 2) == SQLITE_NULL)
		return;
	g = territory_geo(&p->t->t, sqlite3_column_int(st, 2),
			  sqlite3_column_int(st, 3));
	unit = g ? row->unit_of_geo[g - p->t->t.geo] : -1;
	if (unit >= 0)
		row->units[unit].validos++;
}

/* One verdict (verdict_sql): status counts, and units for a valido. */
static void count_verdict(struct count_pass *p, sqlite3_stmt *st)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	int status = status_of(p, (const char *)sqlite3_column_text(st, 1));
	struct tally_row *row;
	int r;

	if (status == ST_PENDIENTE)
		p->t->not_verified++;
	if (!p->last || !id || strcmp(id, p->last->id))
		p->last = territory_aspirant(&p->t->t, id);
	if (!p->last) {
		p->t->unknown_aspirant++;
		return;
	}
	r = p->row_of_aspirant[territory_aspirant_index(&p->t->t, p->last)];
	if (r < 0)
		return;
	row = &p->t->rows[r];
	row->received++;
	if (status < 0)
		return;
	row->estatus[status]++;
	if (status == ST_VALIDO)
		count_unit(p, row, st);
}

/*
 * One pass over the narrow verdict table (one row per support, with the
 * roll sección verify found), in any order; no roll lookups.
 */
static int pass_verdicts(struct ws *ws, struct count_pass *p)
{
	sqlite3_stmt *st = ws_prepare(
		ws, "SELECT aspirante, estatus, entidad, seccion FROM verdict");
	int step, rc;

	if (!st)
		return EXIT_ENV;
	p->last_status = -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		count_verdict(p, st);
	rc = step == SQLITE_DONE ? 0 : ws_fail(ws, "verdict");
	sqlite3_finalize(st);
	return rc;
}

static void finish_row(struct tally_row *row)
{
	size_t i;

	row->validos = row->estatus[ST_VALIDO];
	for (i = 0; i < row->n_units; i++)
		if (row->units[i].validos >= row->units[i].requeridos)
			row->units_met++;

	/*
	 * A territory with no lista nominal in geo (a municipio or district
	 * missing from the geography) needs 0 supports by arithmetic; it must
	 * never count as met.
	 */
	row->cumple = row->lista_nominal > 0 && row->validos >= row->requeridos &&
		      row->units_met >= row->units_needed;
}

static int count_supports(struct ws *ws, struct tally *t)
{
	struct count_pass p;
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.row_of_aspirant =
		malloc((t->t.n_aspirants ? t->t.n_aspirants : 1) * sizeof(int));
	if (!p.row_of_aspirant) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	for (i = 0; i < t->t.n_aspirants; i++)
		p.row_of_aspirant[i] = -1;
	for (i = 0; i < t->n_rows; i++)
		p.row_of_aspirant[territory_aspirant_index(
			&t->t, t->rows[i].aspirant)] = (int)i;

	lap();
	rc = pass_verdicts(ws, &p);
	err_debug("counted statuses and valid supports per unit: %.2f s",
		  lap());
	for (i = 0; !rc && i < t->n_rows; i++)
		finish_row(&t->rows[i]);
	free(p.row_of_aspirant);
	return rc;
}

/* The newest import of the tables verify reads, or NULL. Caller frees. */
static char *last_reference_import(struct ws *ws)
{
	sqlite3_stmt *st =
		ws_prepare(ws, "SELECT max(momento) FROM import_log"
			       " WHERE tipo IN ('roll', 'geo', 'aspirants')");
	const char *text;
	char *copy = NULL;

	if (!st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (text = (const char *)sqlite3_column_text(st, 0)))
		copy = strdup(text);
	sqlite3_finalize(st);
	return copy;
}

/*
 * Says on stderr (err_info) when the tally may not reflect the data:
 * supports never verified, or roll, geography or aspirants imported after
 * the last verify. Returns 0 or EXIT_ENV.
 */
static int warn_stale(struct ws *ws, const struct tally *t)
{
	char *verified = ws_meta_get(ws, "last_verify");
	char *imported = last_reference_import(ws);

	if (!t->t.n_aspirants)
		err_info("the workspace has no aspirants; import them with"
			 " 'apoyo import aspirants'");
	if (t->not_verified)
		err_info("%lld supports not verified yet; run 'apoyo verify'",
			 t->not_verified);
	if (verified && imported && strcmp(imported, verified) > 0)
		err_info("data imported at %s, after the last verify at %s;"
			 " run 'apoyo verify'", imported, verified);
	free(verified);
	free(imported);
	return 0;
}

int tally_compute(struct ws *ws, const char *only, struct tally *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->all_aspirants = only == NULL;
	if ((rc = territory_load(ws, &out->t)))
		return rc;
	if (only && !territory_aspirant(&out->t, only)) {
		err_msg("unknown aspirant '%s'", only);
		return EXIT_USAGE;
	}
	if ((rc = build_rows(out, only)) || (rc = count_supports(ws, out)))
		return rc;
	return warn_stale(ws, out);
}

void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n_rows; i++) {
		free(t->rows[i].units);
		free(t->rows[i].unit_of_geo);
	}
	free(t->rows);
	territory_free(&t->t);
	memset(t, 0, sizeof(*t));
}

