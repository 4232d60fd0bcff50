/*
 * simgeo.h - the synthetic geography of a scenario, built on real totals.
 *
 * For each entidad, the district totals are INE's (simdata.h), and so are
 * Jalisco's municipio totals; other entidades get synthetic municipios. A
 * transport-style fill (municipios and districts in number order, each
 * cell taking what both still need) makes municipio x district cells whose
 * row and column sums are both exact; each cell is cut into secciones of
 * about 2,000 electors. Local districts cut the sección sequence into
 * pieces of about equal lista nominal. At --scale F the totals are
 * apportioned by largest remainder (sim_apportion), so each district and
 * municipio gets floor(F * real) or one more, and both sets of totals add
 * up to round(F * real total).
 */
#ifndef APOYO_SIMGEO_H
#define APOYO_SIMGEO_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "simdata.h"
#include "simout.h"

/*
 * Roll rows of a sección, by row number k: [0, ln) lista nominal, the
 * last VENCIDAS of those with an expired card; then PADRON rows in the
 * padrón only; then BAJAS rows of bajas.
 */
struct sim_seccion {
	int entidad, seccion, distrito_federal, distrito_local, municipio;
	int32_t ln, vencidas, padron, bajas;
	int64_t first_row; /* entidad-wide number of row 0 (feeds the clave) */
	int32_t taken;     /* vigente rows already drawn for valid supports */
};

struct sim_entidad {
	size_t first, count; /* its secciones in sim_geo.sec */
	int distritos, distritos_locales, municipios;
	int64_t lista_nominal;
};

struct sim_geo {
	uint64_t seed;
	enum sim_scenario scenario;
	struct sim_seccion *sec; /* owned; sorted by entidad, seccion */
	size_t n, cap;
	struct sim_entidad
		ent[SIMDATA_ENTIDADES + 1]; /* by code; count 0: absent */
	int64_t lista_nominal;
};

/* Rows of the lista nominal whose card is valid. */
static inline int32_t sim_vigentes(const struct sim_seccion *s)
{
	return s->ln - s->vencidas;
}

/* round(real * scale / SIM_ONE), half up. */
int64_t sim_scaled(int64_t real, int64_t scale);

/*
 * Splits TOTAL into N parts proportional to WEIGHT by largest remainder
 * (ties to the lower index): each part is floor(TOTAL * w / sum) or one
 * more, and the parts add up to TOTAL. Returns 0, or -1 out of memory.
 */
int sim_apportion(int64_t total, const int64_t *weight, size_t n, int64_t *out);

/* Builds the geography. Returns 0 or EXIT_ENV (out of memory). */
int sim_geo_build(enum sim_scenario sc, int64_t scale, uint64_t seed,
		  struct sim_geo *g);
void sim_geo_free(struct sim_geo *g);

/* INE's name of a municipio when apoyo knows it, else "". */
const char *sim_geo_municipio_name(int entidad, int municipio);

/* Writes geo.csv. */
void sim_geo_write(const struct sim_geo *g, struct sim_out *o);

#endif
