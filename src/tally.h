/*
 * tally.h - each aspirant's result against its threshold (issue 2,
 * "Thresholds"), computed from the statuses verify wrote.
 *
 * For an aspirant: LN is the sum of geo.lista_nominal over its territory;
 * requeridos = ceil(LN x porcentaje / 100); the units are the distinct
 * units of the rule's kind inside the territory whose own LN is above 0;
 * a unit is met when the valido supports of citizens whose ROLL sección
 * lies in it reach ceil(unit LN x porcentaje_unidad / 100); cumple when
 * validos >= requeridos and units met >= the units the rule needs.
 *
 * One streaming pass over the narrow verdict table, which holds each
 * support's aspirant, status and the roll sección verify found for it
 * (so the roll is not read again; see verify.h).
 */
#ifndef APOYO_TALLY_H
#define APOYO_TALLY_H

#include <stdio.h>

#include "status.h"
#include "territory.h"

struct ws;

struct tally_unit {
	int entidad;
	int number;			/* territory_unit_number */
	long long lista_nominal;
	long long requeridos;
	long long validos;
	const struct geo_row *sample;	/* a sección of it, for names */
};

struct tally_row {
	const struct aspirant *aspirant;
	enum unit_kind unit;
	long long lista_nominal, requeridos, validos;
	struct tally_unit *units;	/* owned; by (entidad, number) */
	size_t n_units;
	long long units_needed, units_met;
	int cumple;
	long long received;		/* supports naming the aspirant */
	long long estatus[ST_COUNT];	/* of those, per status */
	int *unit_of_geo;		/* owned; unit per geo row, or -1 */
};

struct tally {
	struct territory t;
	struct tally_row *rows;		/* owned; aspirant id order */
	size_t n_rows;
	int all_aspirants;		/* 0 when limited to one aspirant */
	long long unknown_aspirant;	/* naming no known aspirant */
	long long not_verified;		/* pendiente, of any aspirant */
};

/*
 * Computes the tally of every aspirant, or only of ONLY when not NULL.
 * Returns 0; EXIT_USAGE after naming an unknown ONLY; EXIT_INPUT when
 * an aspirant's cargo has no rule in the workspace; EXIT_ENV. Says on
 * stderr when the tally may not reflect the data (supports never verified,
 * roll, geography or aspirants imported after the last verify). The caller
 * releases OUT with tally_free in every case.
 */
int tally_compute(struct ws *ws, const char *only, struct tally *out);
void tally_free(struct tally *t);


/* Output formats of "apoyo tally" (see apoyo-tally(1)). */
enum tally_format {
	TALLY_TABLE,
	TALLY_CSV,
	TALLY_JSON
};

/* "table", "csv" or "json"; returns 0, or -1 for anything else. */
int tally_format_from_name(const char *name, enum tally_format *out);

void tally_print(FILE *out, const struct tally *t, enum tally_format format);
void tally_print_json(FILE *out, const struct tally *t);
void tally_print_csv(FILE *out, const struct tally *t);
void tally_print_table(FILE *out, const struct tally *t);

#endif
