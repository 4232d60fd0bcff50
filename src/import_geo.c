/*
 * import_geo.c - "apoyo import geo": one row per sección, keyed by
 * (entidad, seccion), with its districts, municipio and lista nominal.
 */
#include <stdlib.h>

#include "err.h"
#include "import_kind.h"

enum geo_column {
	G_ENTIDAD, G_SECCION, G_DISTRITO_FEDERAL, G_DISTRITO_LOCAL, G_MUNICIPIO,
	G_LISTA_NOMINAL, G_PADRON, G_ENTIDAD_NOMBRE, G_MUNICIPIO_NOMBRE, G_COUNT
};

static const struct import_column geo_columns[G_COUNT] = {
	[G_ENTIDAD] = { "entidad", 1 },
	[G_SECCION] = { "seccion", 1 },
	[G_DISTRITO_FEDERAL] = { "distrito_federal", 1 },
	[G_DISTRITO_LOCAL] = { "distrito_local", 1 },
	[G_MUNICIPIO] = { "municipio", 1 },
	[G_LISTA_NOMINAL] = { "lista_nominal", 1 },
	[G_PADRON] = { "padron", 0 },
	[G_ENTIDAD_NOMBRE] = { "entidad_nombre", 0 },
	[G_MUNICIPIO_NOMBRE] = { "municipio_nombre", 0 },
};

#define NUMBERS 7	/* G_ENTIDAD .. G_PADRON are numbers */

/* Both statements number their parameters by enum geo_column + 1. */
static const char insert_sql[] =
	"INSERT INTO geo(entidad, seccion, distrito_federal, distrito_local,"
	" municipio, lista_nominal, padron, entidad_nombre, municipio_nombre)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT(entidad, seccion) DO NOTHING";

static const char update_sql[] =
	"UPDATE geo SET distrito_federal = ?3, distrito_local = ?4, municipio = ?5,"
	" lista_nominal = ?6, padron = ?7, entidad_nombre = ?8, municipio_nombre = ?9"
	" WHERE entidad = ?1 AND seccion = ?2 AND (distrito_federal IS NOT ?3"
	" OR distrito_local IS NOT ?4 OR municipio IS NOT ?5"
	" OR lista_nominal IS NOT ?6 OR padron IS NOT ?7"
	" OR entidad_nombre IS NOT ?8 OR municipio_nombre IS NOT ?9)";

struct geo_state {
	struct ws *ws;
	sqlite3_stmt *insert, *update;
};

/* A valid row, ready to bind. has[i] is 0 for an absent padron. */
struct geo_row {
	long long number[NUMBERS];
	int has[NUMBERS];
	const char *entidad_nombre, *municipio_nombre;
};

static void geo_end(void *state)
{
	struct geo_state *g = state;

	sqlite3_finalize(g->insert);
	sqlite3_finalize(g->update);
	free(g);
}

static int geo_begin(const struct import_source *src, void **state)
{
	struct geo_state *g = calloc(1, sizeof(*g));

	if (!g) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	g->ws = src->ws;
	g->insert = ws_prepare(src->ws, insert_sql);
	g->update = ws_prepare(src->ws, update_sql);
	if (!g->insert || !g->update) {
		geo_end(g);
		return EXIT_ENV;
	}
	*state = g;
	return 0;
}

/* Smallest value of each number column; territory numbers start at 1. */
static const long long minimum[NUMBERS] = { 1, 1, 1, 1, 1, 0, 0 };

static int geo_check(const struct import_row *row, struct geo_row *out,
		     struct import_reject *why)
{
	const char *text;
	long long max;
	int i;

	for (i = 0; i < NUMBERS; i++) {
		text = row->value[i];
		out->has[i] = i != G_PADRON || import_optional(text);
		if (!out->has[i])
			continue;
		max = i == G_ENTIDAD ? 32 : 2147483647LL;
		if (import_number(text, minimum[i], max, geo_columns[i].name, why,
				  &out->number[i]))
			return -1;
	}
	out->entidad_nombre = import_optional(row->value[G_ENTIDAD_NOMBRE]);
	out->municipio_nombre = import_optional(row->value[G_MUNICIPIO_NOMBRE]);
	return 0;
}

static void geo_bind(sqlite3_stmt *st, const struct geo_row *r)
{
	int i;

	for (i = 0; i < NUMBERS; i++) {
		if (r->has[i])
			sqlite3_bind_int64(st, i + 1, r->number[i]);
		else
			sqlite3_bind_null(st, i + 1);
	}
	import_bind_text(st, G_ENTIDAD_NOMBRE + 1, r->entidad_nombre);
	import_bind_text(st, G_MUNICIPIO_NOMBRE + 1, r->municipio_nombre);
}

static enum import_outcome geo_row(void *state, const struct import_row *row,
				   struct import_reject *why)
{
	struct geo_state *g = state;
	struct geo_row r;
	int changed;

	if (geo_check(row, &r, why))
		return IMPORT_REJECTED;

	geo_bind(g->insert, &r);
	changed = import_step(g->ws, g->insert, "insert geo");
	if (changed != 0)
		return changed > 0 ? IMPORT_NEW : IMPORT_FAILED;

	/* The sección is known: update it only where something differs. */
	geo_bind(g->update, &r);
	changed = import_step(g->ws, g->update, "update geo");
	if (changed < 0)
		return IMPORT_FAILED;
	return changed ? IMPORT_CHANGED : IMPORT_SAME;
}

const struct import_kind import_kind_geo = {
	"geo", geo_columns, G_COUNT, 0, 0, geo_begin, geo_row, NULL, geo_end
};
