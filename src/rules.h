/*
 * rules.h - thresholds per cargo (LGIPE art. 371 and local codes) as data.
 *
 * A rule says: the aspirant needs PORCENTAJE % of the lista nominal of its
 * territory, and at least UNIDADES_MINIMAS units of kind UNIDAD (a whole
 * number, or a fraction "1/2" of the units, rounded up) must each reach
 * PORCENTAJE_UNIDAD % of their own lista nominal. Percentages carry up to
 * two decimals and are held as hundredths so that all rounding is integer.
 */
#ifndef APOYO_RULES_H
#define APOYO_RULES_H

#include <stddef.h>

struct ws;

struct rule {
	char cargo[32];
	long porcentaje;	/* hundredths of a percent: 1% = 100 */
	char unidad[24];	/* entidad, distrito_federal, distrito_local, municipio, seccion */
	long min_num, min_den;	/* min_den 0: min_num units; else ceil(n * num / den) */
	long porcentaje_unidad;	/* hundredths of a percent */
};

/* "2", "1.5", "0.25" -> hundredths. Returns 0, or -1 if not 0-100 with <= 2 decimals. */
int rules_parse_percent(const char *text, long *hundredths);

/* "17" or "1/2". Returns 0, or -1 when malformed (den 0, num > den, negatives). */
int rules_parse_units(const char *text, long *num, long *den);

/* ceil(ln * hundredths / 10000), in integers. */
long rules_required(long ln, long hundredths);

/* How many of N_UNITS units the rule needs. */
long rules_units_needed(const struct rule *r, long n_units);

/* 1 when CARGO is one of the six cargos, UNIDAD one of the five unit kinds. */
int rules_cargo_valid(const char *cargo);
int rules_unit_valid(const char *unidad);

/*
 * Fills OUT from one row of text fields; on error returns -1 and points
 * *field at the name of the offending column.
 */
int rules_from_text(const char *cargo, const char *porcentaje, const char *unidad,
		    const char *unidades_minimas, const char *porcentaje_unidad,
		    struct rule *out, const char **field);

/* The built-in set NAME ("federal", "jalisco-2018"), or NULL. *n gets its size. */
const struct rule *rules_builtin(const char *name, size_t *n);

/*
 * Reads the rule for CARGO from the workspace. Returns 0, 1 when the
 * workspace has no rule for it, or EXIT_ENV.
 */
int rules_lookup(struct ws *ws, const char *cargo, struct rule *out);

#endif
