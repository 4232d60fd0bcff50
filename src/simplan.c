/*
 * simplan.c - aspirants, counts and base citizens of a scenario
 * (simplan.h).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "simcal.h"
#include "simplan.h"

enum plan_tag {
	TAG_PICK = 301,
	TAG_BASE_WEIGHT,
	TAG_HARD_SECCION,
	TAG_ORDER,
	TAG_IDS,
	TAG_DUP_MISMO,
	TAG_DUP_OTRO
};

/* Fictitious aspirants; received supports at --scale 1. */
static const struct sim_asp_def jalisco_aspirants[] = {
	{ "GOB1", "MARÍA DE LOURDES IBÁÑEZ ZÚÑIGA", "gubernatura", 14, 0, 0, 0,
	  92000 },
	{ "GOB2", "JOSÉ ÁNGEL PEÑA OROZCO", "gubernatura", 14, 0, 0, 0, 40000 },
	{ "GOB3", "RAÚL CASTAÑEDA MÉNDEZ", "gubernatura", 14, 0, 0, 0, 6000 },
	{ "AYU41", "ITZEL NÚÑEZ VILLASEÑOR", "ayuntamiento", 14, 0, 0, 41,
	  19000 },
	{ "DF10", "JESÚS ÁVILA DE LA CRUZ", "diputacion_federal", 14, 10, 0, 0,
	  9500 },
	{ "DL05", "XÓCHITL MAGAÑA RÍOS", "diputacion_local", 14, 0, 5, 0,
	  2400 },
};

/*
 * The three 2018 presidential aspirants with the supports INE reported
 * receiving (apoyo-simulate(1), SEE ALSO); the senate and district
 * aspirants are fictitious.
 */
static const struct sim_asp_def federal_aspirants[] = {
	{ "JRC", "JAIME HELIODORO RODRÍGUEZ CALDERÓN", "presidencia", 19, 0, 0,
	  0, 2034403 },
	{ "MZG", "MARGARITA ESTER ZAVALA GÓMEZ DEL CAMPO", "presidencia", 9, 0,
	  0, 0, 1578774 },
	{ "ARP", "ARMANDO RÍOS PITER", "presidencia", 12, 0, 0, 0, 1765728 },
	{ "DF1901", "ELENA GARZA TREVIÑO", "diputacion_federal", 19, 1, 0, 0,
	  9000 },
	{ "SEN19", "ÓSCAR VILLARREAL MUÑOZ", "senaduria", 19, 0, 0, 0, 80000 },
};

/* Jaime Rodríguez's registral categories, INE dictamen of March 2018. */
#define BRONCO_RECEIVED 2034403
#define BRONCO_DUP_OTRO 266357
#define BRONCO_PADRON 11748
#define BRONCO_BAJA 15938
#define BRONCO_NO_ENCONTRADO 6630

/*
 * Received supports in the preset: the 2,034,403 received less the 1,869
 * paper-exception supports, which stay out (apoyo-simulate(1)). Then the
 * mesa de control: the first review's inconsistencias, published with no
 * subtype (508,453, leaving the published 1,223,408 in the lista nominal
 * after the roll), and the one-by-one review's simulated cards,
 * photocopies and other documents, leaving the published 835,511 valid.
 */
#define BRONCO_IN_PRESET (2034403 - 1869)
#define BRONCO_OTRA 508453
#define BRONCO_SIMULACION 158532
#define BRONCO_FOTOCOPIA 205721
#define BRONCO_DOCUMENTO 23644

/* Periods per cargo, close to the 2017-2018 calendars (not official dates). */
static const struct {
	const char *cargo, *inicio, *fin;
} periods[] = {
	{ "presidencia", "2017-10-16", "2018-02-19" },
	{ "senaduria", "2017-10-16", "2018-02-12" },
	{ "diputacion_federal", "2017-10-16", "2018-02-06" },
	{ "gubernatura", "2017-12-03", "2018-01-31" },
	{ "diputacion_local", "2017-12-03", "2018-01-11" },
	{ "ayuntamiento", "2017-12-03", "2018-01-11" },
};

#define SIX_HOURS (6 * 3600)
#define DAY 86400

static int in_territory(const struct sim_asp_def *d,
			const struct sim_seccion *s)
{
	if (!strcmp(d->cargo, "presidencia"))
		return 1;
	if (s->entidad != d->entidad)
		return 0;
	if (!strcmp(d->cargo, "diputacion_federal"))
		return s->distrito_federal == d->distrito_federal;
	if (!strcmp(d->cargo, "diputacion_local"))
		return s->distrito_local == d->distrito_local;
	if (!strcmp(d->cargo, "ayuntamiento"))
		return s->municipio == d->municipio;
	return 1;
}

static int same_territory(const struct sim_asp_def *a,
			  const struct sim_asp_def *b)
{
	if (strcmp(a->cargo, b->cargo))
		return 0;
	if (!strcmp(a->cargo, "presidencia"))
		return 1;
	return a->entidad == b->entidad &&
	       a->distrito_federal == b->distrito_federal &&
	       a->distrito_local == b->distrito_local &&
	       a->municipio == b->municipio;
}

static int set_period(const struct sim_plan *p, struct sim_aspirant *a)
{
	int64_t first, last;
	size_t i;

	for (i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
		if (!strcmp(periods[i].cargo, a->def->cargo))
			break;
	if (i == sizeof(periods) / sizeof(periods[0]) ||
	    simcal_parse_date(periods[i].inicio, &first) ||
	    simcal_parse_date(periods[i].fin, &last))
		return -1;
	a->inicio = periods[i].inicio;
	a->fin = periods[i].fin;

	/* Midnight at -06:00 is 06:00 UTC. */
	a->start = first * DAY + SIX_HOURS;
	a->end = last * DAY + DAY - 1 + SIX_HOURS;
	(void)p;
	return 0;
}

static int set_rule(const struct sim_plan *p, struct sim_aspirant *a)
{
	size_t n, i;
	const struct rule *set = rules_builtin(p->rules_name, &n);

	for (i = 0; set && i < n; i++)
		if (!strcmp(set[i].cargo, a->def->cargo)) {
			a->rule = set[i];
			return 0;
		}
	return -1;
}

/* The territory's secciones and the cumulative size of each pool over them. */
static int build_territory(struct sim_plan *p, struct sim_aspirant *a)
{
	const struct sim_geo *g = p->geo;
	size_t i, t = 0;
	int64_t **cum[] = { &a->cum_vig, &a->cum_venc, &a->cum_padron,
			    &a->cum_bajas, &a->cum_ln };

	a->inside = calloc(g->n ? g->n : 1, 1);
	if (!a->inside)
		return -1;
	for (i = 0; i < g->n; i++) {
		a->inside[i] = (char)in_territory(a->def, &g->sec[i]);
		a->nterr += (size_t)a->inside[i];
	}
	a->terr = malloc((a->nterr + 1) * sizeof(*a->terr));
	a->base_first = calloc(a->nterr + 1, sizeof(*a->base_first));
	a->base_cum = calloc(a->nterr + 1, sizeof(*a->base_cum));
	for (i = 0; i < sizeof(cum) / sizeof(cum[0]); i++)
		*cum[i] = calloc(a->nterr + 1, sizeof(int64_t));
	if (!a->terr || !a->base_first || !a->base_cum || !a->cum_vig ||
	    !a->cum_venc || !a->cum_padron || !a->cum_bajas || !a->cum_ln)
		return -1;
	for (i = 0; i < g->n; i++) {
		const struct sim_seccion *s = &g->sec[i];

		if (!a->inside[i])
			continue;
		a->terr[t] = i;
		a->cum_vig[t + 1] = a->cum_vig[t] + sim_vigentes(s);
		a->cum_venc[t + 1] = a->cum_venc[t] + s->vencidas;
		a->cum_padron[t + 1] = a->cum_padron[t] + s->padron;
		a->cum_bajas[t + 1] = a->cum_bajas[t] + s->bajas;
		a->cum_ln[t + 1] = a->cum_ln[t] + s->ln;
		t++;
	}
	return 0;
}

static int64_t share(int64_t n, int64_t billionths)
{
	return (n * billionths + SIM_ONE / 2) / SIM_ONE;
}

/* Per kind: datos_invalidos in thirds, credencial_no_vigente in halves. */
static void kind_rates(const struct sim_options *o, int64_t r[K_COUNT])
{
	int64_t invalid = o->rate[ST_DATOS_INVALIDOS];
	int64_t expired = o->rate[ST_CREDENCIAL_NO_VIGENTE];

	memset(r, 0, K_COUNT * sizeof(*r));
	r[K_DUP_MISMO] = o->rate[ST_DUPLICADO_MISMO_ASPIRANTE];
	r[K_DUP_OTRO] = o->rate[ST_DUPLICADO_OTRO_ASPIRANTE];
	r[K_PLAZO] = o->rate[ST_FUERA_DE_PLAZO];
	r[K_NO_ENCONTRADO] = o->rate[ST_NO_ENCONTRADO];
	r[K_BAJA] = o->rate[ST_BAJA];
	r[K_PADRON] = o->rate[ST_PADRON_NO_LN];
	r[K_EMISION] = expired - expired / 2;
	r[K_VENCIDA] = expired / 2;
	r[K_AMBITO] = o->rate[ST_FUERA_DE_AMBITO];
	r[K_CLAVE] = invalid - 2 * (invalid / 3);
	r[K_FECHA] = invalid / 3;
	r[K_ASPIRANTE] = invalid / 3;
}

/* K_INCONS, fraud by fraud, by cumulative rounding, taken from K_BASE. */
static void frauds_from_rates(const struct sim_options *o,
			      struct sim_aspirant *a, int64_t received)
{
	int64_t cum = 0, before = 0, upto;
	int f;

	for (f = 0; f < SF_COUNT; f++) {
		cum += o->fraud[f];
		upto = share(received, cum);
		a->fraud[f] = upto - before;
		before = upto;
	}
	if (before > a->count[K_BASE])
		before = 0, memset(a->fraud, 0, sizeof(a->fraud));
	a->count[K_INCONS] = before;
	a->count[K_BASE] -= before;
}

/*
 * Counts by cumulative rounding, so that they add up to round(received x
 * sum of rates) and never exceed what was received.
 */
static void counts_from_rates(const struct sim_options *o,
			      struct sim_aspirant *a, int64_t received)
{
	int64_t r[K_COUNT], cum = 0, before = 0, upto;
	int k;

	kind_rates(o, r);
	for (k = K_BASE + 1; k < K_COUNT; k++) {
		cum += r[k];
		upto = share(received, cum);
		a->count[k] = upto - before;
		before = upto;
	}
	a->count[K_BASE] = received - before;
	if (o->images)
		frauds_from_rates(o, a, received);
}

/* The preset: the published categories, each rounded at the scale. */
static void counts_bronco(struct sim_plan *p)
{
	int64_t scale = p->opt->scale, dup = sim_scaled(BRONCO_DUP_OTRO, scale);
	struct sim_aspirant *a = &p->asp[0];
	int i;

	a->count[K_DUP_OTRO] = dup;
	a->count[K_PADRON] = sim_scaled(BRONCO_PADRON, scale);
	a->count[K_BAJA] = sim_scaled(BRONCO_BAJA, scale);
	a->count[K_NO_ENCONTRADO] = sim_scaled(BRONCO_NO_ENCONTRADO, scale);
	a->fraud[SF_OTRA] = sim_scaled(BRONCO_OTRA, scale);
	a->fraud[SF_SIMULACION] = sim_scaled(BRONCO_SIMULACION, scale);
	a->fraud[SF_FOTOCOPIA] = sim_scaled(BRONCO_FOTOCOPIA, scale);
	a->fraud[SF_DOCUMENTO] = sim_scaled(BRONCO_DOCUMENTO, scale);
	for (i = 0; i < SF_COUNT; i++)
		a->count[K_INCONS] += a->fraud[i];
	a->count[K_BASE] = sim_scaled(BRONCO_IN_PRESET, scale) - dup -
			   a->count[K_PADRON] - a->count[K_BAJA] -
			   a->count[K_NO_ENCONTRADO] - a->count[K_INCONS];

	/* The other two only supply the earlier supports of the duplicates. */
	for (i = 1; i < p->n_asp; i++)
		p->asp[i].count[K_BASE] = dup / 2 + 1;
}

static int kind_possible(const struct sim_plan *p, const struct sim_aspirant *a,
			 int k)
{
	int64_t outside = p->cum_vig_all[p->geo->n] - a->cum_vig[a->nterr];

	switch (k) {
	case K_DUP_MISMO:
		return a->count[K_BASE] > 0;
	case K_DUP_OTRO:
		return a->n_partners > 0;
	case K_BAJA:
		return a->cum_bajas[a->nterr] > 0;
	case K_PADRON:
		return a->cum_padron[a->nterr] > 0;
	case K_VENCIDA:
		return a->cum_venc[a->nterr] > 0;
	case K_AMBITO:
		return outside > 0;
	case K_INCONS:
		return a->count[K_INCONS] > 0;
	default:
		return 1;
	}
}

static void move_to_base(struct sim_aspirant *a, int k, int64_t n)
{
	a->count[k] -= n;
	a->count[K_BASE] += n;
}

static void find_partners(struct sim_plan *p, int ai)
{
	struct sim_aspirant *a = &p->asp[ai];
	int b;

	for (b = 0; b < p->n_asp; b++)
		if (b != ai && same_territory(a->def, p->asp[b].def) &&
		    p->asp[b].count[K_BASE] > 0)
			a->partner[a->n_partners++] = b;
}

/*
 * Reuse and templates are seen between supports: with --images, the first
 * aspirant has each fraud whose rate is not 0, and those two at least
 * twice; a lone one elsewhere gets a companion. Taken from K_BASE.
 */
static void settle_frauds(struct sim_plan *p, struct sim_aspirant *a)
{
	int f, want;

	for (f = 0; p->opt->images && f < SF_COUNT; f++) {
		want = f == SF_SIMULACION || f == SF_FOTO_REUTILIZADA ? 2 : 1;
		if (p->opt->fraud[f] == 0 || a->fraud[f] >= want ||
		    (a->fraud[f] == 0 && a != &p->asp[p->first]) ||
		    a->count[K_BASE] <= want)
			continue;
		want -= (int)a->fraud[f];
		a->fraud[f] += want;
		a->count[K_INCONS] += want;
		a->count[K_BASE] -= want;
	}
}

/*
 * Kinds the aspirant cannot have (no other aspirant of its cargo, no
 * citizens outside its territory, no bajas at this scale) become valid
 * supports; in a scenario, the first aspirant gets at least one support
 * of each possible kind, and the "other" aspirant one from outside.
 */
static void settle_kinds(struct sim_plan *p, int ai)
{
	struct sim_aspirant *a = &p->asp[ai];
	int k;

	for (k = K_BASE + 1; k < K_COUNT; k++)
		if (!kind_possible(p, a, k))
			move_to_base(a, k, a->count[k]);
	if (p->opt->preset != SIM_NO_PRESET)
		return;
	for (k = K_BASE + 1; ai == p->first && k < K_INCONS; k++)
		if (a->count[k] == 0 && kind_possible(p, a, k))
			a->count[k] = 1;
	settle_frauds(p, a);
	if (ai == p->other && a->count[K_AMBITO] == 0 &&
	    kind_possible(p, a, K_AMBITO))
		a->count[K_AMBITO] = 1;
}

/*
 * Each duplicate repeats a distinct base: no more duplicates of the same
 * aspirant than its bases, no more of the others' than theirs. Base counts
 * only grow here, so the order in which aspirants are capped does not
 * matter.
 */
static void cap_duplicates(struct sim_plan *p, struct sim_aspirant *a)
{
	int64_t cap = 0;
	int i;

	if (a->count[K_DUP_MISMO] > a->count[K_BASE])
		move_to_base(a, K_DUP_MISMO,
			     a->count[K_DUP_MISMO] - a->count[K_BASE]);
	for (i = 0; i < a->n_partners; i++)
		cap += p->asp[a->partner[i]].count[K_BASE];
	if (a->count[K_DUP_OTRO] > cap)
		move_to_base(a, K_DUP_OTRO, a->count[K_DUP_OTRO] - cap);
}

/*
 * Splits the duplicates of other aspirants among the partners in
 * proportion to their bases (so none is asked for more than it has).
 */
static int split_partners(struct sim_plan *p, struct sim_aspirant *a)
{
	int64_t bases[SIM_MAX_ASPIRANTS], share[SIM_MAX_ASPIRANTS];
	int i;

	for (i = 0; i < a->n_partners; i++)
		bases[i] = p->asp[a->partner[i]].count[K_BASE];
	if (sim_apportion(a->count[K_DUP_OTRO], bases, (size_t)a->n_partners,
			  share))
		return -1;
	a->partner_cum[0] = 0;
	for (i = 0; i < a->n_partners; i++)
		a->partner_cum[i + 1] = a->partner_cum[i] + share[i];
	return 0;
}

size_t sim_find_slot(const int64_t *cum, size_t n, int64_t u)
{
	size_t lo = 0, hi = n, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (cum[mid] <= u)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Draws one untaken vigente of FROM's territory for a hard-case base. */
static int take_one(struct sim_plan *p, const struct sim_aspirant *from,
		    uint64_t h, size_t *sec, int32_t *pick)
{
	int64_t total = from->cum_vig[from->nterr];
	size_t t, tries;

	if (total == 0)
		return -1;
	t = sim_find_slot(from->cum_vig, from->nterr,
			  (int64_t)simr_below(h, (uint64_t)total));
	for (tries = 0; tries < from->nterr;
	     tries++, t = (t + 1) % from->nterr) {
		struct sim_seccion *s = &p->geo->sec[from->terr[t]];

		if (s->taken < sim_vigentes(s)) {
			*sec = from->terr[t];
			*pick = s->taken++;
			return 0;
		}
	}
	return -1;
}

static int allocate_hard_bases(struct sim_plan *p)
{
	struct sim_aspirant *a = &p->asp[p->first];
	int j;

	for (j = 0; j < HB_COUNT; j++) {
		const struct sim_aspirant *from =
			j == HB_CROSS ? &p->asp[p->other] : a;

		if (take_one(p, from,
			     simr_hash(p->geo->seed, TAG_HARD_SECCION,
				       (uint64_t)j, 0),
			     &a->hard_sec[j], &a->hard_pick[j]))
			return -1;
	}
	a->n_hard_base = HB_COUNT;
	return 0;
}

/* Weight noise per sección, from 1/4 to 7/4 of its share (16..112 / 64). */
static int64_t base_factor(const struct sim_plan *p, int ai, size_t sec)
{
	return 16 + (int64_t)simr_below(simr_hash(p->geo->seed, TAG_BASE_WEIGHT,
						  (uint64_t)ai, sec),
					97);
}

/*
 * Spreads the aspirant's regular bases over its secciones in proportion to
 * the vigentes still free times a noise factor (so that some units reach
 * their threshold and others do not), by systematic rounding of the
 * cumulative weights. With bases <= weights / 112, no sección is asked
 * for more than it has left.
 */
static int allocate_bases(struct sim_plan *p, int ai)
{
	struct sim_aspirant *a = &p->asp[ai];
	int64_t want = a->count[K_BASE], total = 0, before = 0, w, c;
	size_t t;

	for (t = 0; t < a->nterr; t++) {
		const struct sim_seccion *s = &p->geo->sec[a->terr[t]];

		total += (int64_t)(sim_vigentes(s) - s->taken) *
			 base_factor(p, ai, a->terr[t]);
	}
	if (want > 0 && want * 112 > total) {
		err_msg("aspirant '%s' needs %lld valid supports, more than "
			"its territory"
			" can give at this scale (use a larger --scale or "
			"lower rates)",
			a->def->id, (long long)want);
		return EXIT_USAGE;
	}
	for (t = 0; t < a->nterr; t++) {
		struct sim_seccion *s = &p->geo->sec[a->terr[t]];

		w = (int64_t)(sim_vigentes(s) - s->taken) *
		    base_factor(p, ai, a->terr[t]);
		c = want ? want * (before + w) / total - want * before / total
			 : 0;
		before += w;
		a->base_first[t] = s->taken;
		s->taken += (int32_t)c;
		a->base_cum[t + 1] = a->base_cum[t] + c;
	}
	return 0;
}

static int init_perms(struct sim_plan *p, int ai)
{
	struct sim_aspirant *a = &p->asp[ai];
	uint64_t seed = p->geo->seed;
	int k, i;

	a->kind_start[0] = 0;
	for (k = 0; k < K_COUNT; k++)
		a->kind_start[k + 1] = a->kind_start[k] + a->count[k];
	a->fraud_start[0] = 0;
	for (k = 0; k < SF_COUNT; k++)
		a->fraud_start[k + 1] = a->fraud_start[k] + a->fraud[k];
	simr_perm_init(&a->order, (uint64_t)a->kind_start[K_COUNT],
		       simr_hash(seed, TAG_ORDER, (uint64_t)ai, 0));
	simr_perm_init(&a->ids, (uint64_t)a->kind_start[K_COUNT],
		       simr_hash(seed, TAG_IDS, (uint64_t)ai, 0));
	simr_perm_init(&a->dup_mismo, (uint64_t)a->count[K_BASE],
		       simr_hash(seed, TAG_DUP_MISMO, (uint64_t)ai, 0));
	for (i = 0; i < a->n_partners; i++)
		simr_perm_init(&a->dup_otro[i],
			       (uint64_t)p->asp[a->partner[i]].count[K_BASE],
			       simr_hash(seed, TAG_DUP_OTRO, (uint64_t)ai,
					 (uint64_t)i));
	return split_partners(p, a);
}

/* The hard-case supports each role contributes (simplan.h). */
static void set_extras(struct sim_plan *p)
{
	struct sim_aspirant *a;

	if (p->first < 0)
		return;
	a = &p->asp[p->first];
	a->extra[a->n_extras++] = HX_TIE;
	a->extra[a->n_extras++] = HX_PLAZO_BEFORE;
	a->extra[a->n_extras++] = HX_AFTER_FIN;
	a->extra[a->n_extras++] = HX_MIDNIGHT_OUT;
	p->asp[p->second].extra[p->asp[p->second].n_extras++] = HX_THREE;
	p->asp[p->third].extra[p->asp[p->third].n_extras++] = HX_THREE;
	a = &p->asp[p->other];
	a->extra[a->n_extras++] = HX_CROSS;
	a->extra[a->n_extras++] = HX_MOVED_OUT;
}

static int set_aspirants(struct sim_plan *p)
{
	const struct sim_asp_def *defs = jalisco_aspirants;
	int i;

	p->n_asp =
		(int)(sizeof(jalisco_aspirants) / sizeof(jalisco_aspirants[0]));
	if (p->opt->scenario == SIM_FEDERAL_2018) {
		defs = federal_aspirants;
		p->n_asp = (int)(sizeof(federal_aspirants) /
				 sizeof(federal_aspirants[0]));
	}
	p->first = 0;
	p->second = 1;
	p->third = 2;
	p->other = 3;
	if (p->opt->preset == SIM_BRONCO_2018) {
		p->n_asp = 3;
		p->first = p->second = p->third = p->other = -1;
	}
	for (i = 0; i < p->n_asp; i++) {
		p->asp[i].def = &defs[i];
		if (set_period(p, &p->asp[i]) || set_rule(p, &p->asp[i]) ||
		    build_territory(p, &p->asp[i]))
			return EXIT_ENV;
		if (p->asp[i].cum_vig[p->asp[i].nterr] == 0) {
			err_msg("aspirant '%s' has no electors at this scale "
				"(use a larger --scale)",
				defs[i].id);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int plan_counts(struct sim_plan *p)
{
	int i;

	if (p->opt->preset == SIM_BRONCO_2018)
		counts_bronco(p);
	else
		for (i = 0; i < p->n_asp; i++)
			counts_from_rates(p->opt, &p->asp[i],
					  sim_scaled(p->asp[i].def->received,
						     p->opt->scale));
	for (i = 0; i < p->n_asp; i++)
		find_partners(p, i);
	for (i = 0; i < p->n_asp; i++)
		settle_kinds(p, i);
	for (i = 0; i < p->n_asp; i++)
		cap_duplicates(p, &p->asp[i]);
	set_extras(p);
	return 0;
}

static int cumulate_all(struct sim_plan *p)
{
	size_t i;

	p->cum_vig_all = calloc(p->geo->n + 1, sizeof(*p->cum_vig_all));
	p->valid =
		calloc((size_t)SIM_MAX_ASPIRANTS * (p->geo->n ? p->geo->n : 1),
		       sizeof(*p->valid));
	if (!p->cum_vig_all || !p->valid)
		return -1;
	for (i = 0; i < p->geo->n; i++)
		p->cum_vig_all[i + 1] =
			p->cum_vig_all[i] + sim_vigentes(&p->geo->sec[i]);
	return 0;
}

int sim_plan_make(const struct sim_options *o, struct sim_geo *geo,
		  struct sim_plan **out)
{
	struct sim_plan *p = calloc(1, sizeof(*p));
	int rc = EXIT_ENV, i;

	*out = NULL;
	if (!p)
		goto oom;
	p->opt = o;
	p->geo = geo;
	p->rules_name = sim_scenario_rules(o->scenario);
	if (cumulate_all(p))
		goto oom;
	if ((rc = set_aspirants(p)))
		goto fail;
	plan_counts(p);
	if (p->first >= 0 && allocate_hard_bases(p)) {
		err_msg("too few electors for the hard cases at this scale "
			"(use a larger --scale)");
		rc = EXIT_USAGE;
		goto fail;
	}
	for (i = 0; i < p->n_asp; i++)
		if ((rc = allocate_bases(p, i)))
			goto fail;
	for (i = 0; i < p->n_asp; i++)
		if (init_perms(p, i))
			goto oom;
	*out = p;
	return 0;

oom:
	err_msg("out of memory planning the supports");
	rc = EXIT_ENV;
fail:
	sim_plan_free(p);
	return rc;
}

void sim_plan_free(struct sim_plan *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < SIM_MAX_ASPIRANTS; i++) {
		struct sim_aspirant *a = &p->asp[i];

		free(a->inside);
		free(a->terr);
		free(a->cum_vig);
		free(a->cum_venc);
		free(a->cum_padron);
		free(a->cum_bajas);
		free(a->cum_ln);
		free(a->base_first);
		free(a->base_cum);
	}
	free(p->cum_vig_all);
	free(p->valid);
	free(p);
}

int64_t sim_plan_pick_row(const struct sim_plan *p, size_t sec, int64_t pick)
{
	const struct sim_seccion *s = &p->geo->sec[sec];
	struct simr_perm perm;

	simr_perm_init(&perm, (uint64_t)sim_vigentes(s),
		       simr_hash(p->geo->seed, TAG_PICK, (uint64_t)s->entidad,
				 (uint64_t)s->seccion));
	return (int64_t)simr_perm_apply(&perm, (uint64_t)pick);
}

void sim_plan_base_citizen(const struct sim_plan *p, int ai, int64_t j,
			   size_t *sec, int64_t *row)
{
	const struct sim_aspirant *a = &p->asp[ai];
	int64_t r = j - a->n_hard_base;
	size_t t;

	if (j < a->n_hard_base) {
		*sec = a->hard_sec[j];
		*row = sim_plan_pick_row(p, *sec, a->hard_pick[j]);
		return;
	}
	t = sim_find_slot(a->base_cum, a->nterr, r);
	*sec = a->terr[t];
	*row = sim_plan_pick_row(p, *sec,
				 a->base_first[t] + (r - a->base_cum[t]));
}

static void put_number_or_empty(struct sim_out *o, int v)
{
	if (v)
		sim_out_uint(o, (uint64_t)v);
}

void sim_plan_write_aspirants(const struct sim_plan *p, struct sim_out *o)
{
	int i;

	sim_out_str(o,
		    "id,nombre,cargo,entidad,distrito_federal,distrito_local,"
		    "municipio,inicio,fin\n");
	for (i = 0; i < p->n_asp; i++) {
		const struct sim_aspirant *a = &p->asp[i];

		sim_out_str(o, a->def->id);
		sim_out_char(o, ',');
		sim_out_str(o, a->def->nombre);
		sim_out_char(o, ',');
		sim_out_str(o, a->def->cargo);
		sim_out_char(o, ',');
		sim_out_uint(o, (uint64_t)a->def->entidad);
		sim_out_char(o, ',');
		put_number_or_empty(o, a->def->distrito_federal);
		sim_out_char(o, ',');
		put_number_or_empty(o, a->def->distrito_local);
		sim_out_char(o, ',');
		put_number_or_empty(o, a->def->municipio);
		sim_out_char(o, ',');
		sim_out_str(o, a->inicio);
		sim_out_char(o, ',');
		sim_out_str(o, a->fin);
		sim_out_char(o, '\n');
	}
}
