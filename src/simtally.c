/*
 * simtally.c - expected-tally.json: the tally the rules give for the
 * statuses the generator assigned (simplan.h), in the format of
 * "apoyo tally --format json": an array sorted by aspirant id of objects
 * with the keys aspirante, cargo, lista_nominal, requeridos, validos,
 * unidad, unidades, unidades_requeridas, unidades_cumplidas, cumple,
 * estatus (status code -> count, zero counts left out, in status order).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "simplan.h"

/* Unit keys below UNIT_SECCION are small codes; secciones go after them. */
#define UNIT_SECCION 33000

static size_t unit_key(const char *unidad, const struct sim_seccion *s,
		       size_t sec)
{
	if (!strcmp(unidad, "entidad"))
		return (size_t)s->entidad;
	if (!strcmp(unidad, "distrito_federal"))
		return (size_t)s->entidad * 100 + (size_t)s->distrito_federal;
	if (!strcmp(unidad, "distrito_local"))
		return (size_t)s->entidad * 100 + (size_t)s->distrito_local;
	if (!strcmp(unidad, "municipio"))
		return (size_t)s->entidad * 1000 + (size_t)s->municipio;
	return UNIT_SECCION + sec;
}

struct result {
	int64_t ln, requeridos, validos, unidades, requeridas, cumplidas;
	int cumple;
};

static void tally_one(const struct sim_plan *p, int ai, int64_t *unit_ln,
		      int64_t *unit_valid, size_t n_keys, struct result *r)
{
	const struct sim_aspirant *a = &p->asp[ai];
	const int32_t *valid = p->valid + (size_t)ai * p->geo->n;
	size_t t, key;

	memset(r, 0, sizeof(*r));
	memset(unit_ln, 0, n_keys * sizeof(*unit_ln));
	memset(unit_valid, 0, n_keys * sizeof(*unit_valid));
	for (t = 0; t < a->nterr; t++) {
		size_t sec = a->terr[t];

		key = unit_key(a->rule.unidad, &p->geo->sec[sec], sec);
		unit_ln[key] += p->geo->sec[sec].ln;
		unit_valid[key] += valid[sec];
		r->ln += p->geo->sec[sec].ln;
	}
	for (key = 0; key < n_keys; key++) {
		if (unit_ln[key] == 0)
			continue;
		r->unidades++;
		if (unit_valid[key] >=
		    rules_required(unit_ln[key], a->rule.porcentaje_unidad))
			r->cumplidas++;
	}
	r->validos = a->estatus[ST_VALIDO];
	r->requeridos = rules_required(r->ln, a->rule.porcentaje);
	r->requeridas = rules_units_needed(&a->rule, r->unidades);
	r->cumple =
		r->validos >= r->requeridos && r->cumplidas >= r->requeridas;
}

static void put_key(struct sim_out *o, const char *key, int64_t v)
{
	sim_out_str(o, ",\"");
	sim_out_str(o, key);
	sim_out_str(o, "\":");
	sim_out_int(o, v);
}

static void write_one(struct sim_out *o, const struct sim_aspirant *a,
		      const struct result *r)
{
	int st, first = 1;

	sim_out_str(o, "{\"aspirante\":\"");
	sim_out_str(o, a->def->id);
	sim_out_str(o, "\",\"cargo\":\"");
	sim_out_str(o, a->def->cargo);
	sim_out_char(o, '"');
	put_key(o, "lista_nominal", r->ln);
	put_key(o, "requeridos", r->requeridos);
	put_key(o, "validos", r->validos);
	sim_out_str(o, ",\"unidad\":\"");
	sim_out_str(o, a->rule.unidad);
	sim_out_char(o, '"');
	put_key(o, "unidades", r->unidades);
	put_key(o, "unidades_requeridas", r->requeridas);
	put_key(o, "unidades_cumplidas", r->cumplidas);
	sim_out_str(o, r->cumple ? ",\"cumple\":true" : ",\"cumple\":false");
	sim_out_str(o, ",\"estatus\":{");
	for (st = 0; st < ST_COUNT; st++) {
		if (!a->estatus[st])
			continue;
		sim_out_str(o, first ? "\"" : ",\"");
		sim_out_str(o, status_table[st].code);
		sim_out_str(o, "\":");
		sim_out_int(o, a->estatus[st]);
		first = 0;
	}
	sim_out_str(o, "}}");
}

int sim_plan_write_tally(const struct sim_plan *p, struct sim_out *o)
{
	size_t n_keys = UNIT_SECCION + p->geo->n;
	int64_t *unit_ln = malloc(n_keys * sizeof(*unit_ln));
	int64_t *unit_valid = malloc(n_keys * sizeof(*unit_valid));
	int order[SIM_MAX_ASPIRANTS], i, j, tmp;
	struct result r;

	if (!unit_ln || !unit_valid) {
		free(unit_ln);
		free(unit_valid);
		err_msg("out of memory computing the expected tally");
		return EXIT_ENV;
	}

	/* By id in byte order, as the tally prints them. */
	for (i = 0; i < p->n_asp; i++)
		order[i] = i;
	for (i = 1; i < p->n_asp; i++)
		for (j = i; j > 0 && strcmp(p->asp[order[j - 1]].def->id,
					    p->asp[order[j]].def->id) > 0;
		     j--) {
			tmp = order[j];
			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}

	sim_out_str(o, "[\n");
	for (i = 0; i < p->n_asp; i++) {
		tally_one(p, order[i], unit_ln, unit_valid, n_keys, &r);
		write_one(o, &p->asp[order[i]], &r);
		sim_out_str(o, i + 1 < p->n_asp ? ",\n" : "\n");
	}
	sim_out_str(o, "]\n");
	free(unit_ln);
	free(unit_valid);
	return 0;
}
