/*
 * simplan.h - the aspirants of a scenario and the plan of their supports.
 *
 * sim_plan_make decides, for every aspirant, how many supports of each
 * kind it receives (from the rates, or the preset's published counts),
 * and which citizens its valid supports come from: every "base" support
 * (a first, valid support) gets a citizen of its territory that no other
 * base support has, drawn without replacement sección by sección. All
 * other supports are derived: a duplicate repeats a base citizen later in
 * time, a rejected support fails one of the checks 1-7 of the
 * classification on purpose (which takes it out of the duplicate rules).
 * That is why the generator knows the status of each support without
 * classifying anything: it is true by construction (see sim_plan_write).
 *
 * The supports are then streamed (simwrite.c): each is a pure function of
 * the plan and its slot number, so nothing per support is kept in memory.
 */
#ifndef APOYO_SIMPLAN_H
#define APOYO_SIMPLAN_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"
#include "sim.h"
#include "simgeo.h"
#include "simout.h"
#include "simrand.h"

/*
 * Kinds of regular supports, in slot order. Besides K_BASE (valido, a
 * citizen's first support) and the two duplicates (a base's citizen again,
 * later, for the same aspirant or for another of the cargo), each kind
 * fails one check: K_PLAZO a day before inicio or after fin; K_EMISION and
 * K_VENCIDA are credencial_no_vigente (another emision, an expired card);
 * K_AMBITO a citizen from outside; K_CLAVE, K_FECHA and K_ASPIRANTE are
 * datos_invalidos (clave, fecha_captura, unknown aspirant). K_INCONS is a
 * vigente citizen of the territory whose support the mesa de control
 * rejects (enum sim_fraud, split by fraud_start), so it is inconsistencia
 * and, like the other rejected kinds, out of the duplicate rules.
 */
enum sim_kind {
	K_BASE,
	K_DUP_MISMO,
	K_DUP_OTRO,
	K_PLAZO,
	K_NO_ENCONTRADO,
	K_BAJA,
	K_PADRON,
	K_EMISION,
	K_VENCIDA,
	K_AMBITO,
	K_CLAVE,
	K_FECHA,
	K_ASPIRANTE,
	K_INCONS,	/* a registrally valid citizen, inconsistencia */
	K_COUNT
};

/* Hard cases made from the first aspirant's first base supports. */
enum sim_hard_base {
	HB_LOWERCASE,		/* clave in lower case, spaces around */
	HB_MOVED,		/* the support's sección is not the roll's */
	HB_FIRST_SECOND,	/* 00:00:00 on inicio */
	HB_LAST_SECOND,		/* 23:59:59 on fin */
	HB_MIDNIGHT_IN,		/* fin+1 00:30-05:00: fin at -06:00 */
	HB_PLAZO_BEFORE,	/* also supported a day before inicio */
	HB_THREE,		/* two more aspirants of the cargo, later */
	HB_CROSS,		/* an aspirant of another cargo too */
	HB_TIE,			/* another support at the same instant */
	HB_COUNT
};

/* Hard cases that are supports of their own. */
enum sim_hard_extra {
	HX_TIE,			/* HB_TIE's twin, written in UTC */
	HX_PLAZO_BEFORE,	/* HB_PLAZO_BEFORE's, 1 s before inicio */
	HX_AFTER_FIN,		/* 00:00:00 the day after fin */
	HX_MIDNIGHT_OUT,	/* fin 23:30-07:00: fin+1 at -06:00 */
	HX_THREE,		/* HB_THREE's citizen, 2nd and 3rd aspirant */
	HX_CROSS,		/* HB_CROSS's citizen, another cargo */
	HX_MOVED_OUT,		/* outside citizen, sección inside */
	HX_COUNT
};

#define SIM_MAX_ASPIRANTS 8
#define SIM_MAX_EXTRAS 4

struct sim_asp_def {
	const char *id, *nombre, *cargo;
	int entidad, distrito_federal, distrito_local, municipio;
	int64_t received;	/* supports received at --scale 1 */
};

struct sim_aspirant {
	const struct sim_asp_def *def;
	struct rule rule;
	const char *inicio, *fin;
	int64_t start, end;	/* first and last second of the period */

	/*
	 * The territory: a flag per geo sección, the list of its secciones
	 * and, over that list, cumulative sizes of each pool of roll rows
	 * (nterr + 1 entries). All owned.
	 */
	char *inside;
	size_t *terr, nterr;
	int64_t *cum_vig, *cum_venc, *cum_padron, *cum_bajas, *cum_ln;

	int64_t count[K_COUNT];		/* regular supports of each kind */
	int64_t kind_start[K_COUNT + 1];
	int64_t fraud[SF_COUNT];	/* K_INCONS by fraud, in order */
	int64_t fraud_start[SF_COUNT + 1];

	/* Aspirants of the same cargo and territory; K_DUP_OTRO split. */
	int partner[SIM_MAX_ASPIRANTS], n_partners;
	int64_t partner_cum[SIM_MAX_ASPIRANTS + 1];

	/* Bases: hard ones first, then regular ones sección by sección. */
	int n_hard_base;
	size_t hard_sec[HB_COUNT];
	int32_t hard_pick[HB_COUNT];
	int32_t *base_first;	/* per territory sección: first pick; owned */
	int64_t *base_cum;	/* nterr + 1; owned */

	enum sim_hard_extra extra[SIM_MAX_EXTRAS];
	int n_extras;

	struct simr_perm order, ids, dup_mismo, dup_otro[SIM_MAX_ASPIRANTS];
	int64_t estatus[ST_COUNT];	/* from the truth, while writing */
};

struct sim_plan {
	const struct sim_options *opt;
	struct sim_geo *geo;
	const char *rules_name;
	struct sim_aspirant asp[SIM_MAX_ASPIRANTS];
	int n_asp;
	int first, second, third, other;	/* hard-case roles; -1: none */
	int64_t *cum_vig_all;	/* over all secciones; owned */
	int32_t *valid;		/* n_asp x geo->n valid supports; owned */
	int64_t supports;	/* written so far */
	int64_t unknown_aspirant;	/* of which for no aspirant */
};

/*
 * Builds the plan for the options over GEO (whose sección "taken" counters
 * it advances). Returns 0, EXIT_USAGE after a message when the scale is
 * too small for the aspirants, or EXIT_ENV.
 */
int sim_plan_make(const struct sim_options *o, struct sim_geo *geo,
		  struct sim_plan **out);
void sim_plan_free(struct sim_plan *p);

/* aspirants.csv */
void sim_plan_write_aspirants(const struct sim_plan *p, struct sim_out *o);

/*
 * supports.csv, truth.csv and decisiones.csv, together (simwrite.c), and
 * with --images the files under DIR/img/ (simimg.c). Returns 0 or
 * EXIT_ENV after a message.
 */
int sim_plan_write_supports(struct sim_plan *p, struct sim_out *supports,
			    struct sim_out *truth, struct sim_out *decisions);

/* expected-tally.json, after the supports (simtally.c); 0 or EXIT_ENV. */
int sim_plan_write_tally(const struct sim_plan *p, struct sim_out *o);

/* The citizen (sección, row) of base J of aspirant A. */
void sim_plan_base_citizen(const struct sim_plan *p, int a, int64_t j,
			   size_t *sec, int64_t *row);

/* Largest T < N with cum[T] <= U (U below cum[N]): the slot U falls in. */
size_t sim_find_slot(const int64_t *cum, size_t n, int64_t u);

/* Row number of pick PICK among the vigentes of sección SEC. */
int64_t sim_plan_pick_row(const struct sim_plan *p, size_t sec, int64_t pick);

#endif
