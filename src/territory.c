/*
 * territory.c - aspirants and geography in memory (see territory.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "territory.h"
#include "ws.h"

const char *const cargo_names[CARGO_COUNT] = {
	"presidencia", "senaduria", "diputacion_federal",
	"gubernatura", "diputacion_local", "ayuntamiento"
};

const char *const unit_names[UNIT_COUNT] = {
	"entidad", "distrito_federal", "distrito_local", "municipio", "seccion"
};

int territory_cargo_from_name(const char *name)
{
	int i;

	for (i = 0; name && i < CARGO_COUNT; i++)
		if (!strcmp(cargo_names[i], name))
			return i;
	return -1;
}

int territory_unit_from_name(const char *name)
{
	int i;

	for (i = 0; name && i < UNIT_COUNT; i++)
		if (!strcmp(unit_names[i], name))
			return i;
	return -1;
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const char *text = (const char *)sqlite3_column_text(st, col);

	return strdup(text ? text : "");
}

static int int_or_none(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int(st, col);
}

/* A well-formed YYYY-MM-DD (the import checked the calendar). */
static int date_shaped(const char *s)
{
	int i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* The territory columns each cargo needs (issue 2, aspirants). */
static const char *missing_column(const struct aspirant *a)
{
	if (a->cargo == CARGO_PRESIDENCIA)
		return NULL;
	if (a->entidad < 0)
		return "entidad";
	if (a->cargo == CARGO_DIPUTACION_FEDERAL && a->distrito_federal < 0)
		return "distrito_federal";
	if (a->cargo == CARGO_DIPUTACION_LOCAL && a->distrito_local < 0)
		return "distrito_local";
	if (a->cargo == CARGO_AYUNTAMIENTO && a->municipio < 0)
		return "municipio";
	return NULL;
}

/* Fills A from one aspirant row; names the problem and returns EXIT_INPUT. */
static int read_aspirant(sqlite3_stmt *st, struct aspirant *a)
{
	const char *cargo = (const char *)sqlite3_column_text(st, 2);
	const char *inicio = (const char *)sqlite3_column_text(st, 7);
	const char *fin = (const char *)sqlite3_column_text(st, 8);
	const char *missing;
	int c;

	a->id = dup_text(st, 0);
	a->nombre = dup_text(st, 1);
	if (!a->id || !a->nombre) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	c = territory_cargo_from_name(cargo);
	if (c < 0) {
		err_msg("aspirant '%s': unknown cargo '%s'", a->id,
			cargo ? cargo : "");
		return EXIT_INPUT;
	}
	a->cargo = c;
	a->entidad = int_or_none(st, 3);
	a->distrito_federal = int_or_none(st, 4);
	a->distrito_local = int_or_none(st, 5);
	a->municipio = int_or_none(st, 6);
	missing = missing_column(a);
	if (missing) {
		err_msg("aspirant '%s': cargo %s needs %s", a->id, cargo,
			missing);
		return EXIT_INPUT;
	}
	if (!date_shaped(inicio) || !date_shaped(fin)) {
		err_msg("aspirant '%s': inicio and fin must be YYYY-MM-DD",
			a->id);
		return EXIT_INPUT;
	}
	memcpy(a->inicio, inicio, 11);
	memcpy(a->fin, fin, 11);
	return 0;
}

static int load_aspirants(struct ws *ws, struct territory *t)
{
	sqlite3_stmt *st =
		ws_prepare(ws, "SELECT id, nombre, cargo, entidad,"
			       " distrito_federal, distrito_local, municipio,"
			       " inicio, fin FROM aspirant ORDER BY id");
	size_t cap = 0;
	void *grown;
	int rc = 0, step;

	if (!st)
		return EXIT_ENV;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->n_aspirants == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(t->aspirants,
					cap * sizeof(*t->aspirants));
			if (!grown) {
				err_msg("out of memory");
				rc = EXIT_ENV;
				break;
			}
			t->aspirants = grown;
		}
		memset(&t->aspirants[t->n_aspirants], 0, sizeof(*t->aspirants));
		rc = read_aspirant(st, &t->aspirants[t->n_aspirants++]);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ws_fail(ws, "aspirant");
	sqlite3_finalize(st);
	return rc;
}

static int load_rules(struct ws *ws, struct territory *t)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n_aspirants; i++) {
		struct aspirant *a = &t->aspirants[i];

		rc = rules_lookup(ws, cargo_names[a->cargo], &a->rule);
		if (rc > 1)
			return rc;
		a->has_rule = rc == 0;
	}
	return 0;
}

static uint64_t geo_hash(int entidad, int seccion)
{
	uint64_t h = (uint64_t)(uint32_t)entidad << 32 | (uint32_t)seccion;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static int build_geo_index(struct territory *t)
{
	size_t i, slot;

	t->n_slots = 16;
	while (t->n_slots < t->n_geo * 2)
		t->n_slots *= 2;
	t->slots = calloc(t->n_slots, sizeof(*t->slots));
	if (!t->slots) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	for (i = 0; i < t->n_geo; i++) {
		slot = geo_hash(t->geo[i].entidad, t->geo[i].seccion) &
		       (t->n_slots - 1);
		while (t->slots[slot])
			slot = (slot + 1) & (t->n_slots - 1);
		t->slots[slot] = (int)i + 1;
	}
	return 0;
}

static int read_geo(sqlite3_stmt *st, struct geo_row *g)
{
	g->entidad = sqlite3_column_int(st, 0);
	g->seccion = sqlite3_column_int(st, 1);
	g->distrito_federal = sqlite3_column_int(st, 2);
	g->distrito_local = sqlite3_column_int(st, 3);
	g->municipio = sqlite3_column_int(st, 4);
	g->lista_nominal = sqlite3_column_int64(st, 5);
	g->entidad_nombre = dup_text(st, 6);
	g->municipio_nombre = dup_text(st, 7);
	if (g->entidad_nombre && g->municipio_nombre)
		return 0;
	err_msg("out of memory");
	return EXIT_ENV;
}

static int load_geo(struct ws *ws, struct territory *t)
{
	sqlite3_stmt *st =
		ws_prepare(ws, "SELECT entidad, seccion, distrito_federal,"
			       " distrito_local, municipio, lista_nominal,"
			       " entidad_nombre, municipio_nombre FROM geo"
			       " ORDER BY entidad, seccion");
	size_t cap = 0;
	void *grown;
	int rc = 0, step;

	if (!st)
		return EXIT_ENV;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->n_geo == cap) {
			cap = cap ? cap * 2 : 1024;
			grown = realloc(t->geo, cap * sizeof(*t->geo));
			if (!grown) {
				err_msg("out of memory");
				rc = EXIT_ENV;
				break;
			}
			t->geo = grown;
		}
		memset(&t->geo[t->n_geo], 0, sizeof(*t->geo));
		rc = read_geo(st, &t->geo[t->n_geo++]);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ws_fail(ws, "geo");
	sqlite3_finalize(st);
	return rc ? rc : build_geo_index(t);
}

int territory_load(struct ws *ws, struct territory *t)
{
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = load_aspirants(ws, t)) || (rc = load_rules(ws, t)))
		return rc;
	return load_geo(ws, t);
}

void territory_free(struct territory *t)
{
	size_t i;

	for (i = 0; i < t->n_aspirants; i++) {
		free(t->aspirants[i].id);
		free(t->aspirants[i].nombre);
	}
	for (i = 0; i < t->n_geo; i++) {
		free(t->geo[i].entidad_nombre);
		free(t->geo[i].municipio_nombre);
	}
	free(t->aspirants);
	free(t->geo);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

const struct aspirant *territory_aspirant(const struct territory *t,
					  const char *id)
{
	size_t lo = 0, hi = t->n_aspirants, mid;
	int cmp;

	if (!id)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(id, t->aspirants[mid].id);
		if (cmp == 0)
			return &t->aspirants[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t territory_aspirant_index(const struct territory *t,
				const struct aspirant *a)
{
	return (size_t)(a - t->aspirants);
}

const struct geo_row *territory_geo(const struct territory *t, int entidad,
				    int seccion)
{
	size_t slot;
	int i;

	if (!t->n_slots)
		return NULL;
	slot = geo_hash(entidad, seccion) & (t->n_slots - 1);
	while ((i = t->slots[slot]) != 0) {
		if (t->geo[i - 1].entidad == entidad &&
		    t->geo[i - 1].seccion == seccion)
			return &t->geo[i - 1];
		slot = (slot + 1) & (t->n_slots - 1);
	}
	return NULL;
}

int territory_contains(const struct aspirant *a, const struct geo_row *g)
{
	switch (a->cargo) {
	case CARGO_PRESIDENCIA:
		return 1;
	case CARGO_SENADURIA:
	case CARGO_GUBERNATURA:
		return g->entidad == a->entidad;
	case CARGO_DIPUTACION_FEDERAL:
		return g->entidad == a->entidad &&
		       g->distrito_federal == a->distrito_federal;
	case CARGO_DIPUTACION_LOCAL:
		return g->entidad == a->entidad &&
		       g->distrito_local == a->distrito_local;
	case CARGO_AYUNTAMIENTO:
		return g->entidad == a->entidad && g->municipio == a->municipio;
	default:
		return 0;
	}
}

int territory_unit_number(const struct geo_row *g, enum unit_kind k)
{
	switch (k) {
	case UNIT_DISTRITO_FEDERAL:
		return g->distrito_federal;
	case UNIT_DISTRITO_LOCAL:
		return g->distrito_local;
	case UNIT_MUNICIPIO:
		return g->municipio;
	case UNIT_SECCION:
		return g->seccion;
	default:
		return g->entidad;
	}
}
