/*
 * territory.h - the aspirants and the geography, held in memory.
 *
 * verify and tally ask two questions millions of times: "which geo row is
 * this citizen's sección?" and "is that row inside this aspirant's
 * territory?". Both tables are small (about 68,000 secciones nationally,
 * a few hundred aspirants), so they are loaded once and answered in C.
 *
 * Territory by cargo (issue 2): presidencia the whole country; senaduria
 * and gubernatura the entidad; diputacion_federal entidad + distrito
 * federal; diputacion_local entidad + distrito local; ayuntamiento
 * entidad + municipio.
 */
#ifndef APOYO_TERRITORY_H
#define APOYO_TERRITORY_H

#include <stddef.h>

#include "rules.h"

struct ws;

enum cargo {
	CARGO_PRESIDENCIA,
	CARGO_SENADURIA,
	CARGO_DIPUTACION_FEDERAL,
	CARGO_GUBERNATURA,
	CARGO_DIPUTACION_LOCAL,
	CARGO_AYUNTAMIENTO,
	CARGO_COUNT
};

/* Kinds of unit a rule disperses over, in the order of rules.h. */
enum unit_kind {
	UNIT_ENTIDAD,
	UNIT_DISTRITO_FEDERAL,
	UNIT_DISTRITO_LOCAL,
	UNIT_MUNICIPIO,
	UNIT_SECCION,
	UNIT_COUNT
};

extern const char *const cargo_names[CARGO_COUNT];
extern const char *const unit_names[UNIT_COUNT];

struct geo_row {
	int entidad, seccion, distrito_federal, distrito_local, municipio;
	long long lista_nominal;
	char *entidad_nombre;		/* owned; "" when not given */
	char *municipio_nombre;		/* owned; "" when not given */
};

struct aspirant {
	char *id;			/* owned */
	char *nombre;			/* owned */
	enum cargo cargo;
	/* the territory columns; -1 when not given */
	int entidad, distrito_federal, distrito_local, municipio;
	char inicio[11], fin[11];	/* YYYY-MM-DD, both inclusive */
	struct rule rule;		/* the workspace rule for the cargo */
	int has_rule;			/* 0 when the workspace has none */
};

struct territory {
	struct aspirant *aspirants;	/* sorted by id, byte order */
	size_t n_aspirants;
	struct geo_row *geo;		/* sorted by (entidad, seccion) */
	size_t n_geo;
	int *slots;			/* hash of geo: index + 1, 0 empty */
	size_t n_slots;			/* a power of two */
};

/*
 * Loads aspirants, their rules and the geography from WS into T (which
 * the caller releases with territory_free, also after a failure).
 * Returns 0, EXIT_INPUT after naming a malformed aspirant (unknown cargo,
 * missing territory column, bad date), or EXIT_ENV.
 */
int territory_load(struct ws *ws, struct territory *t);
void territory_free(struct territory *t);

/* The aspirant with this id (byte comparison), or NULL; ID may be NULL. */
const struct aspirant *territory_aspirant(const struct territory *t,
					  const char *id);

/* Its index in t->aspirants. */
size_t territory_aspirant_index(const struct territory *t,
				const struct aspirant *a);

/* The geo row of (ENTIDAD, SECCION), or NULL. */
const struct geo_row *territory_geo(const struct territory *t, int entidad,
				    int seccion);

/* 1 when geo row G lies inside aspirant A's territory. */
int territory_contains(const struct aspirant *a, const struct geo_row *g);

/* The number that names G's unit of kind K inside its entidad (for
 * UNIT_ENTIDAD, the entidad itself). Units are told apart by (entidad,
 * this number). */
int territory_unit_number(const struct geo_row *g, enum unit_kind k);

/* The enum value of a cargo or unit name; -1 when unknown. */
int territory_cargo_from_name(const char *name);
int territory_unit_from_name(const char *name);

#endif
