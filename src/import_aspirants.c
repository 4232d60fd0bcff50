/*
 * import_aspirants.c - "apoyo import aspirants": who seeks which cargo,
 * over which territory, and in which period supports count.
 *
 * The territory columns a cargo needs must be filled; those it does not
 * need are ignored and stored as NULL, so that tally never reads a stray
 * municipio on a gubernatura. A cargo the workspace has no threshold rule
 * for is rejected: such an aspirant could never be tallied.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "import_kind.h"
#include "isotime.h"

enum aspirant_column {
	A_ID, A_NOMBRE, A_CARGO, A_ENTIDAD, A_DISTRITO_FEDERAL, A_DISTRITO_LOCAL,
	A_MUNICIPIO, A_INICIO, A_FIN, A_COUNT
};

static const struct import_column aspirant_columns[A_COUNT] = {
	[A_ID] = { "id", 1 },
	[A_NOMBRE] = { "nombre", 1 },
	[A_CARGO] = { "cargo", 1 },
	[A_ENTIDAD] = { "entidad", 1 },
	[A_DISTRITO_FEDERAL] = { "distrito_federal", 0 },
	[A_DISTRITO_LOCAL] = { "distrito_local", 0 },
	[A_MUNICIPIO] = { "municipio", 0 },
	[A_INICIO] = { "inicio", 1 },
	[A_FIN] = { "fin", 1 },
};

/* The territory each cargo is elected over: entidad and at most one more. */
struct cargo_territory {
	const char *cargo;
	int needs_entidad;
	int unit;		/* A_DISTRITO_FEDERAL, ... or -1 */
};

static const struct cargo_territory territories[] = {
	{ "presidencia", 0, -1 },
	{ "senaduria", 1, -1 },
	{ "diputacion_federal", 1, A_DISTRITO_FEDERAL },
	{ "gubernatura", 1, -1 },
	{ "diputacion_local", 1, A_DISTRITO_LOCAL },
	{ "ayuntamiento", 1, A_MUNICIPIO },
};

#define N_CARGOS (sizeof(territories) / sizeof(territories[0]))
#define N_TERRITORY 4	/* A_ENTIDAD .. A_MUNICIPIO */

/* Parameters ?1..?9 follow enum aspirant_column. */
static const char insert_sql[] =
	"INSERT INTO aspirant(id, nombre, cargo, entidad, distrito_federal,"
	" distrito_local, municipio, inicio, fin)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING";

static const char update_sql[] =
	"UPDATE aspirant SET nombre = ?2, cargo = ?3, entidad = ?4,"
	" distrito_federal = ?5, distrito_local = ?6, municipio = ?7, inicio = ?8,"
	" fin = ?9 WHERE id = ?1 AND (nombre IS NOT ?2 OR cargo IS NOT ?3"
	" OR entidad IS NOT ?4 OR distrito_federal IS NOT ?5"
	" OR distrito_local IS NOT ?6 OR municipio IS NOT ?7 OR inicio IS NOT ?8"
	" OR fin IS NOT ?9)";

struct aspirant_state {
	struct ws *ws;
	sqlite3_stmt *insert, *update;
	int has_rule[N_CARGOS];
};

/* A valid row: territory[i] is A_ENTIDAD + i, 0 when not stored. */
struct aspirant_row {
	const struct cargo_territory *cargo;
	long long territory[N_TERRITORY];
	int has[N_TERRITORY];
};

static void aspirant_end(void *state)
{
	struct aspirant_state *a = state;

	sqlite3_finalize(a->insert);
	sqlite3_finalize(a->update);
	free(a);
}

static int cargo_index(const char *text)
{
	size_t i, len, skip = strspn(text, " \t");

	text += skip;
	len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	for (i = 0; i < N_CARGOS; i++)
		if (strlen(territories[i].cargo) == len &&
		    !strncasecmp(territories[i].cargo, text, len))
			return (int)i;
	return -1;
}

/* Reads which cargos the workspace has a threshold rule for. */
static int load_rules(struct aspirant_state *a)
{
	sqlite3_stmt *st = ws_prepare(a->ws, "SELECT cargo FROM rules");
	int rc, i;

	if (!st)
		return EXIT_ENV;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i = cargo_index((const char *)sqlite3_column_text(st, 0));
		if (i >= 0)
			a->has_rule[i] = 1;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : ws_fail(a->ws, "rules");
}

static int aspirant_begin(const struct import_source *src, void **state)
{
	struct aspirant_state *a = calloc(1, sizeof(*a));

	if (!a) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	a->ws = src->ws;
	a->insert = ws_prepare(src->ws, insert_sql);
	a->update = ws_prepare(src->ws, update_sql);
	if (!a->insert || !a->update || load_rules(a)) {
		aspirant_end(a);
		return EXIT_ENV;
	}
	*state = a;
	return 0;
}

static int check_cargo(const struct aspirant_state *a, const char *text,
		       struct aspirant_row *out, struct import_reject *why)
{
	char quoted[IMPORT_QUOTE_MAX];
	int i = cargo_index(text);

	import_quote(text, quoted, sizeof(quoted));
	if (i < 0) {
		import_reject(why, "cargo", "expected presidencia, senaduria,"
			      " diputacion_federal, gubernatura, diputacion_local or"
			      " ayuntamiento, found %s", quoted);
		return -1;
	}
	if (!a->has_rule[i]) {
		import_reject(why, "cargo", "expected a cargo with a threshold rule in this"
			      " workspace (see apoyo init --rules), found %s", quoted);
		return -1;
	}
	out->cargo = &territories[i];
	return 0;
}

/* Reads the territory numbers the cargo needs; the others stay absent. */
static int check_territory(const struct import_row *row,
			   struct aspirant_row *out, struct import_reject *why)
{
	int i, col;
	long long max;

	for (i = 0; i < N_TERRITORY; i++) {
		col = A_ENTIDAD + i;
		out->has[i] = (col == A_ENTIDAD && out->cargo->needs_entidad) ||
			      col == out->cargo->unit;
		if (!out->has[i])
			continue;
		if (!import_optional(row->value[col])) {
			import_reject(why, aspirant_columns[col].name,
				      "expected a value for cargo %s, found nothing",
				      out->cargo->cargo);
			return -1;
		}
		max = col == A_ENTIDAD ? 32 : 2147483647LL;
		if (import_number(row->value[col], 1, max, aspirant_columns[col].name,
				  why, &out->territory[i]))
			return -1;
	}
	return 0;
}

static int check_period(const struct import_row *row, struct import_reject *why)
{
	const char *inicio = row->value[A_INICIO], *fin = row->value[A_FIN];
	char quoted[IMPORT_QUOTE_MAX];

	if (!isotime_valid_date(inicio)) {
		import_reject(why, "inicio", "expected a date YYYY-MM-DD, found %s",
			      import_quote(inicio, quoted, sizeof(quoted)));
		return -1;
	}
	if (!isotime_valid_date(fin)) {
		import_reject(why, "fin", "expected a date YYYY-MM-DD, found %s",
			      import_quote(fin, quoted, sizeof(quoted)));
		return -1;
	}

	/* YYYY-MM-DD compares as text in calendar order. */
	if (strcmp(inicio, fin) > 0) {
		import_reject(why, "fin", "expected a date on or after inicio %s, found %s",
			      inicio, import_quote(fin, quoted, sizeof(quoted)));
		return -1;
	}
	return 0;
}

static int aspirant_check(const struct aspirant_state *a,
			  const struct import_row *row, struct aspirant_row *out,
			  struct import_reject *why)
{
	if (import_need(row->value[A_ID], "id", why) ||
	    import_need(row->value[A_NOMBRE], "nombre", why) ||
	    check_cargo(a, row->value[A_CARGO], out, why) ||
	    check_territory(row, out, why) ||
	    check_period(row, why))
		return -1;
	return 0;
}

static void aspirant_bind(sqlite3_stmt *st, const struct import_row *row,
			  const struct aspirant_row *x)
{
	int i;

	sqlite3_bind_text(st, A_ID + 1, row->value[A_ID], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, A_NOMBRE + 1, row->value[A_NOMBRE], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, A_CARGO + 1, x->cargo->cargo, -1, SQLITE_STATIC);
	for (i = 0; i < N_TERRITORY; i++) {
		if (x->has[i])
			sqlite3_bind_int64(st, A_ENTIDAD + i + 1, x->territory[i]);
		else
			sqlite3_bind_null(st, A_ENTIDAD + i + 1);
	}
	sqlite3_bind_text(st, A_INICIO + 1, row->value[A_INICIO], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, A_FIN + 1, row->value[A_FIN], -1, SQLITE_STATIC);
}

static enum import_outcome aspirant_row(void *state,
					const struct import_row *row,
					struct import_reject *why)
{
	struct aspirant_state *a = state;
	struct aspirant_row x;
	int changed;

	if (aspirant_check(a, row, &x, why))
		return IMPORT_REJECTED;

	aspirant_bind(a->insert, row, &x);
	changed = import_step(a->ws, a->insert, "insert aspirant");
	if (changed != 0)
		return changed > 0 ? IMPORT_NEW : IMPORT_FAILED;

	aspirant_bind(a->update, row, &x);
	changed = import_step(a->ws, a->update, "update aspirant");
	if (changed < 0)
		return IMPORT_FAILED;
	return changed ? IMPORT_CHANGED : IMPORT_SAME;
}

const struct import_kind import_kind_aspirants = {
	"aspirants", aspirant_columns, A_COUNT, 0, 0, aspirant_begin, aspirant_row,
	NULL, aspirant_end
};
