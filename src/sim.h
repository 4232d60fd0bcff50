/*
 * sim.h - "apoyo simulate": synthetic scenarios with a known right answer.
 *
 * A scenario is a geography built on the real 2018 lista nominal figures
 * (simdata.h), one roll row per elector, a few aspirants and their
 * supports, plus the status every support must get (truth.csv) and the
 * tally that follows (expected-tally.json). See apoyo-simulate(1).
 *
 * Fractions (--scale, --rate) are held in billionths so that every count
 * is computed with integers and the files are the same on every machine.
 */
#ifndef APOYO_SIM_H
#define APOYO_SIM_H

#include <stdint.h>

#include "status.h"

#define SIM_ONE 1000000000LL /* 1 in billionths */

enum sim_scenario { SIM_JALISCO_2018, SIM_FEDERAL_2018 };

enum sim_preset { SIM_NO_PRESET, SIM_BRONCO_2018 };

/*
 * The inconsistencias a scenario plants (issue 5), each with the subtype
 * the reviewer's decision gives it (sim_fraud_subtype). SF_OTRA is the
 * bronco-2018 preset's first review, which INE published without subtype.
 */
enum sim_fraud {
	SF_OTRA,
	SF_SIMULACION,
	SF_FOTOCOPIA,
	SF_DOCUMENTO,
	SF_FOTO_REUTILIZADA,
	SF_SIN_FIRMA,
	SF_IMAGEN_FALTANTE,
	SF_IMAGEN_ILEGIBLE,
	SF_COUNT
};

struct sim_options {
	enum sim_scenario scenario;
	enum sim_preset preset;
	uint64_t seed;
	int64_t scale;          /* billionths, in (0, SIM_ONE] */
	int64_t rate[ST_COUNT]; /* billionths; -1 keeps the default */
	int images;	/* --images: write image files and frauds */
	int64_t fraud[SF_COUNT];	/* billionths, with --images */
	const char *out_dir;
	int force; /* overwrite existing output files */
};

/* Defaults: jalisco-2018, seed 2018, scale 1, default rates, no preset. */
void sim_options_init(struct sim_options *o);

/*
 * "1", "0.5", "0.002" -> billionths. Returns 0, or -1 when TEXT is not a
 * plain decimal from 0 to 1 with at most nine decimals.
 */
int sim_parse_fraction(const char *text, int64_t *billionths);

/* Returns 0 and sets *out, or -1 for an unknown name. */
int sim_scenario_from_name(const char *name, enum sim_scenario *out);
const char *sim_scenario_name(enum sim_scenario sc);

/* The rules set "apoyo init --rules" needs for the scenario. */
const char *sim_scenario_rules(enum sim_scenario sc);

/* 1 when --rate may set STATUS (an enum status), else 0. */
int sim_rate_settable(int status);

/* The default rate of STATUS in billionths (0 for valido and the rest). */
int64_t sim_default_rate(int status);

/* --rate name of a fraud ("fotocopia"), NULL when it cannot be set. */
const char *sim_fraud_name(int fraud);
/* The fraud --rate NAME sets, or -1. */
int sim_fraud_from_name(const char *name);
/* The subtype code a reviewer's rejection gives (inconsistency_table). */
const char *sim_fraud_subtype(int fraud);

/*
 * Writes the scenario into o->out_dir (created if missing). Returns 0,
 * EXIT_USAGE when the options cannot make a scenario (existing files
 * without --force, a scale too small for the aspirants), or EXIT_ENV.
 * Nothing is left half-written: files appear only when all are complete.
 */
int sim_run(const struct sim_options *o);

#endif
