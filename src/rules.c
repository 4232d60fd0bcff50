/*
 * rules.c - thresholds per cargo (see rules.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "opt.h"
#include "rules.h"
#include "ws.h"

static const char *const cargos[] = {
	"presidencia", "senaduria", "diputacion_federal",
	"gubernatura", "diputacion_local", "ayuntamiento", NULL
};

static const char *const units[] = {
	"entidad", "distrito_federal", "distrito_local", "municipio", "seccion", NULL
};

/* Federal first: jalisco-2018 is the federal set plus three local cargos. */
static const struct rule builtin_rules[] = {
	{ "presidencia", 100, "entidad", 17, 0, 100 },
	{ "senaduria", 200, "distrito_federal", 1, 2, 100 },
	{ "diputacion_federal", 200, "seccion", 1, 2, 100 },
	{ "gubernatura", 100, "municipio", 65, 0, 100 },
	{ "diputacion_local", 100, "seccion", 1, 2, 100 },
	{ "ayuntamiento", 100, "seccion", 1, 2, 100 },
};

static int in_list(const char *const *list, const char *word)
{
	for (; *list; list++)
		if (!strcmp(*list, word))
			return 1;
	return 0;
}

int rules_cargo_valid(const char *cargo)
{
	return in_list(cargos, cargo);
}

int rules_unit_valid(const char *unidad)
{
	return in_list(units, unidad);
}

int rules_parse_percent(const char *text, long *hundredths)
{
	long whole = 0, frac = 0;
	int digits = 0, frac_digits = 0;
	const char *p = text;

	for (; isdigit((unsigned char)*p) && digits < 4; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (!digits)
		return -1;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p) && frac_digits < 2; p++, frac_digits++)
			frac = frac * 10 + (*p - '0');
		if (!frac_digits)
			return -1;
		if (frac_digits == 1)
			frac *= 10;
	}
	if (*p || whole > 100 || (whole == 100 && frac))
		return -1;
	*hundredths = whole * 100 + frac;
	return 0;
}

int rules_parse_units(const char *text, long *num, long *den)
{
	const char *slash = strchr(text, '/');
	char left[24];

	if (!slash) {
		*den = 0;
		return opt_to_long(text, 0, 1000000, num);
	}
	if ((size_t)(slash - text) >= sizeof(left))
		return -1;
	memcpy(left, text, slash - text);
	left[slash - text] = '\0';
	if (opt_to_long(left, 1, 1000, num) || opt_to_long(slash + 1, 1, 1000, den))
		return -1;
	return *num > *den ? -1 : 0;
}

long rules_required(long ln, long hundredths)
{
	return (ln * hundredths + 9999) / 10000;
}

long rules_units_needed(const struct rule *r, long n_units)
{
	if (r->min_den == 0)
		return r->min_num;
	return (n_units * r->min_num + r->min_den - 1) / r->min_den;
}

int rules_from_text(const char *cargo, const char *porcentaje, const char *unidad,
		    const char *unidades_minimas, const char *porcentaje_unidad,
		    struct rule *out, const char **field)
{
	memset(out, 0, sizeof(*out));
	*field = "cargo";
	if (!rules_cargo_valid(cargo))
		return -1;
	snprintf(out->cargo, sizeof(out->cargo), "%s", cargo);
	*field = "porcentaje";
	if (rules_parse_percent(porcentaje, &out->porcentaje))
		return -1;
	*field = "unidad";
	if (!rules_unit_valid(unidad))
		return -1;
	snprintf(out->unidad, sizeof(out->unidad), "%s", unidad);
	*field = "unidades_minimas";
	if (rules_parse_units(unidades_minimas, &out->min_num, &out->min_den))
		return -1;
	*field = "porcentaje_unidad";
	return rules_parse_percent(porcentaje_unidad, &out->porcentaje_unidad);
}

const struct rule *rules_builtin(const char *name, size_t *n)
{
	if (!strcmp(name, "federal")) {
		*n = 3;
		return builtin_rules;
	}
	if (!strcmp(name, "jalisco-2018")) {
		*n = sizeof(builtin_rules) / sizeof(builtin_rules[0]);
		return builtin_rules;
	}
	return NULL;
}

int rules_lookup(struct ws *ws, const char *cargo, struct rule *out)
{
	sqlite3_stmt *st = ws_prepare(ws, "SELECT porcentaje, unidad, unidades_minimas,"
				      " porcentaje_unidad FROM rules WHERE cargo = ?");
	const char *field;
	int rc = 1;

	if (!st)
		return EXIT_ENV;
	sqlite3_bind_text(st, 1, cargo, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = rules_from_text(cargo, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1),
				     (const char *)sqlite3_column_text(st, 2),
				     (const char *)sqlite3_column_text(st, 3), out, &field);
		if (rc) {
			err_msg("workspace rule for '%s': bad %s", cargo, field);
			rc = EXIT_ENV;
		}
	}
	sqlite3_finalize(st);
	return rc;
}
