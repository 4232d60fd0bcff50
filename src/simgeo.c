/*
 * simgeo.c - the synthetic geography of a scenario (simgeo.h).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "simgeo.h"
#include "simrand.h"

enum geo_tag {
	TAG_MUNICIPIO_WEIGHT = 101,
	TAG_SECCION_WEIGHT,
	TAG_SECCION_ROWS
};

/* Electors per sección the cells are cut into, on average. */
#define SECCION_TARGET 2000

/*
 * How many synthetic municipios each entidad gets (Jalisco uses its real
 * 125). Close to the 2018 counts, but their lista nominal is invented.
 */
static const int synthetic_municipios[SIMDATA_ENTIDADES + 1] = {
	0,  11, 5,  5,   11,  38,  10, 124, 67,  16,  39,
	46, 81, 84, 125, 125, 113, 33, 20,  51,  570, 217,
	18, 11, 58, 18,  72,  17,  43, 60,  212, 106, 58
};

static const struct {
	int entidad, municipio;
	const char *name;
} known_municipios[] = {
	{ 14, 1, "ACATIC" },
	{ 14, 8, "ARANDAS" },
	{ 14, 41, "GUADALAJARA" },
	{ 14, 98, "TLAJOMULCO DE ZÚÑIGA" },
	{ 14, 99, "SAN PEDRO TLAQUEPAQUE" },
	{ 14, 102, "TONALÁ" },
	{ 14, 120, "ZAPOPAN" },
	{ 14, 125, "SAN IGNACIO CERRO GORDO" },
};

const char *sim_geo_municipio_name(int entidad, int municipio)
{
	size_t i;

	for (i = 0; i < sizeof(known_municipios) / sizeof(known_municipios[0]);
	     i++)
		if (known_municipios[i].entidad == entidad &&
		    known_municipios[i].municipio == municipio)
			return known_municipios[i].name;
	return "";
}

int64_t sim_scaled(int64_t real, int64_t scale)
{
	return (real * scale + SIM_ONE / 2) / SIM_ONE;
}

struct remainder {
	int64_t rest;
	size_t index;
};

/* Larger remainders first; equal ones by index, so the order is total. */
static int by_remainder(const void *a, const void *b)
{
	const struct remainder *x = a, *y = b;

	if (x->rest != y->rest)
		return x->rest > y->rest ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int sim_apportion(int64_t total, const int64_t *weight, size_t n, int64_t *out)
{
	struct remainder *rest;
	int64_t sum = 0, given = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += weight[i];
	if (sum == 0 || n == 0) {
		for (i = 0; i < n; i++)
			out[i] = 0;
		return 0;
	}
	rest = malloc(n * sizeof(*rest));
	if (!rest)
		return -1;
	for (i = 0; i < n; i++) {
		out[i] = total * weight[i] / sum;
		rest[i].rest = total * weight[i] % sum;
		rest[i].index = i;
		given += out[i];
	}

	/* Fewer than N units are left; the largest remainders take them. */
	qsort(rest, n, sizeof(*rest), by_remainder);
	for (i = 0; given < total; i++, given++)
		out[rest[i].index]++;
	free(rest);
	return 0;
}

static int add_seccion(struct sim_geo *g, int entidad, int municipio,
		       int distrito, int64_t ln)
{
	struct sim_seccion *s;

	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 1024;
		struct sim_seccion *grown =
			realloc(g->sec, cap * sizeof(*grown));

		if (!grown)
			return -1;
		g->sec = grown;
		g->cap = cap;
	}
	s = &g->sec[g->n++];
	memset(s, 0, sizeof(*s));
	s->entidad = entidad;
	s->municipio = municipio;
	s->distrito_federal = distrito;
	s->ln = (int32_t)ln;
	return 0;
}

/* Relative size of piece K of a cell; recomputed rather than stored. */
static int64_t piece_weight(const struct sim_geo *g, int entidad, uint64_t cell,
			    int64_t k)
{
	uint64_t h = simr_hash(g->seed, TAG_SECCION_WEIGHT,
			       ((uint64_t)entidad << 32) | cell, (uint64_t)k);

	return SECCION_TARGET + (int64_t)simr_below(h, SECCION_TARGET);
}

/*
 * Cuts one municipio x district cell into secciones of 2,000 electors on
 * average (from about 1,300 to 4,000); a cell smaller than that is one
 * sección.
 */
static int split_cell(struct sim_geo *g, int entidad, int municipio,
		      int distrito, int64_t electors)
{
	int64_t parts = (electors + SECCION_TARGET / 2) / SECCION_TARGET;
	uint64_t cell = (uint64_t)municipio * 1000 + (uint64_t)distrito;
	int64_t total = 0, before = 0, start, k;

	if (parts < 1)
		parts = 1;
	for (k = 0; k < parts; k++)
		total += piece_weight(g, entidad, cell, k);
	for (k = 0; k < parts; k++) {
		start = electors * before / total;
		before += piece_weight(g, entidad, cell, k);
		if (add_seccion(g, entidad, municipio, distrito,
				electors * before / total - start))
			return -1;
	}
	return 0;
}

/*
 * Fills the municipio x district table of one entidad: both lists are
 * walked in number order and each cell takes what both still need, so
 * every municipio and every district gets exactly its total.
 */
static int fill_cells(struct sim_geo *g, int entidad, int64_t *mun,
		      size_t n_mun, int64_t *dist, size_t n_dist)
{
	size_t m = 0, d = 0;
	int64_t take;

	while (m < n_mun && d < n_dist) {
		take = mun[m] < dist[d] ? mun[m] : dist[d];
		if (take > 0 &&
		    split_cell(g, entidad, (int)m + 1, (int)d + 1, take))
			return -1;
		mun[m] -= take;
		dist[d] -= take;
		if (mun[m] == 0)
			m++;
		if (d < n_dist && dist[d] == 0)
			d++;
	}
	return 0;
}

/*
 * One sección of the entidad with lista nominal 0 (two padrón rows and a
 * baja): a unit that must not count. Jalisco's goes to Guadalajara.
 */
static int add_empty_seccion(struct sim_geo *g, int entidad, size_t first)
{
	const struct sim_seccion *model = &g->sec[g->n - 1];
	size_t i;

	for (i = first; entidad == SIMDATA_JALISCO && i < g->n; i++)
		if (g->sec[i].municipio == 41)
			model = &g->sec[i];
	if (add_seccion(g, entidad, model->municipio, model->distrito_federal,
			0))
		return -1;
	g->sec[g->n - 1].padron = 2;
	g->sec[g->n - 1].bajas = 1;
	return 0;
}

/*
 * Numbers the entidad's secciones from 1, sizes their padrón, bajas and
 * expired cards (about 1.2%, 0.8% and 0.3% of the lista nominal), gives
 * each its first roll row and cuts the local districts.
 */
static void finish_entidad(struct sim_geo *g, int entidad, size_t first,
			   int n_dist)
{
	struct sim_entidad *e = &g->ent[entidad];
	int64_t row = 0, before = 0;
	size_t i;

	e->first = first;
	e->count = g->n - first;
	for (i = first; i < g->n; i++)
		e->lista_nominal += g->sec[i].ln;
	for (i = first; i < g->n; i++) {
		struct sim_seccion *s = &g->sec[i];
		uint64_t h =
			simr_hash(g->seed, TAG_SECCION_ROWS, (uint64_t)entidad,
				  (uint64_t)(i - first + 1));
		int64_t dl = 1 + (e->lista_nominal
					  ? before * n_dist / e->lista_nominal
					  : 0);

		s->seccion = (int)(i - first + 1);
		if (s->ln > 0) {
			s->padron = (int32_t)(((int64_t)s->ln * 12 +
					       (int64_t)(h % 1000)) /
					      1000);
			s->bajas = (int32_t)(((int64_t)s->ln * 8 +
					      (int64_t)((h >> 20) % 1000)) /
					     1000);
			s->vencidas = (int32_t)(((int64_t)s->ln * 3 +
						 (int64_t)((h >> 40) % 1000)) /
						1000);
		}
		s->distrito_local = (int)(dl > n_dist ? n_dist : dl);
		s->first_row = row;
		row += (int64_t)s->ln + s->padron + s->bajas;
		before += s->ln;
	}
	e->distritos = n_dist;
	e->distritos_locales = n_dist;
}

/* Municipio totals: Jalisco's real ones, or synthetic heavy-tailed shares. */
static int municipio_totals(const struct sim_geo *g, int entidad, int64_t total,
			    int64_t *out, size_t *n)
{
	int64_t weight[1024];
	size_t i;

	if (entidad == SIMDATA_JALISCO) {
		*n = SIMDATA_JALISCO_MUNICIPIOS;
		for (i = 0; i < *n; i++)
			weight[i] = simdata_jalisco_municipios[i].lista_nominal;
	} else {
		*n = (size_t)synthetic_municipios[entidad];
		for (i = 0; i < *n; i++) {
			int64_t u = 1 + (int64_t)simr_below(
						simr_hash(g->seed,
							  TAG_MUNICIPIO_WEIGHT,
							  (uint64_t)entidad, i),
						1000);

			weight[i] = u * u * u;
		}
	}
	return sim_apportion(total, weight, *n, out);
}

static int build_entidad(struct sim_geo *g, int entidad, int64_t *dist,
			 size_t n_dist)
{
	int64_t mun[1024], total = 0;
	size_t n_mun, i, first = g->n;

	for (i = 0; i < n_dist; i++)
		total += dist[i];
	if (municipio_totals(g, entidad, total, mun, &n_mun))
		return -1;
	g->ent[entidad].municipios = (int)n_mun;
	if (fill_cells(g, entidad, mun, n_mun, dist, n_dist))
		return -1;
	if (g->n > first && add_empty_seccion(g, entidad, first))
		return -1;
	finish_entidad(g, entidad, first, (int)n_dist);
	g->lista_nominal += g->ent[entidad].lista_nominal;
	return 0;
}

int sim_geo_build(enum sim_scenario sc, int64_t scale, uint64_t seed,
		  struct sim_geo *g)
{
	int64_t weight[SIMDATA_DISTRICTS], scaled[SIMDATA_DISTRICTS], real = 0;
	size_t first = 0, n = 0, i, start;

	memset(g, 0, sizeof(*g));
	g->seed = seed;
	g->scenario = sc;
	for (i = 0; i < SIMDATA_DISTRICTS; i++) {
		if (sc == SIM_JALISCO_2018 &&
		    simdata_districts[i].entidad != SIMDATA_JALISCO)
			continue;
		if (n == 0)
			first = i;
		weight[n++] = simdata_districts[i].lista_nominal;
		real += simdata_districts[i].lista_nominal;
	}
	if (sim_apportion(sim_scaled(real, scale), weight, n, scaled))
		goto oom;

	/* The table is sorted by entidad: each takes its run of districts. */
	for (start = 0; start < n; start = i) {
		int entidad = simdata_districts[first + start].entidad;

		for (i = start;
		     i < n && simdata_districts[first + i].entidad == entidad;
		     i++)
			;
		if (build_entidad(g, entidad, scaled + start, i - start))
			goto oom;
	}
	return 0;

oom:
	err_msg("out of memory building the geography");
	sim_geo_free(g);
	return EXIT_ENV;
}

void sim_geo_free(struct sim_geo *g)
{
	free(g->sec);
	memset(g, 0, sizeof(*g));
}

void sim_geo_write(const struct sim_geo *g, struct sim_out *o)
{
	size_t i;

	sim_out_str(
		o, "entidad,entidad_nombre,distrito_federal,distrito_local,"
		   "municipio,municipio_nombre,seccion,lista_nominal,padron\n");
	for (i = 0; i < g->n; i++) {
		const struct sim_seccion *s = &g->sec[i];

		sim_out_uint(o, (uint64_t)s->entidad);
		sim_out_char(o, ',');
		sim_out_str(o, simdata_entidad_names[s->entidad]);
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)s->distrito_federal);
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)s->distrito_local);
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)s->municipio);
		sim_out_char(o, ',');
		sim_out_str(o,
			    sim_geo_municipio_name(s->entidad, s->municipio));
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)s->seccion);
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)s->ln);
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)s->ln + (uint64_t)s->padron);
		sim_out_char(o, '\n');
	}
}
