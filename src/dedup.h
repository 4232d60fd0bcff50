/*
 * dedup.h - rules 8 and 9 of the classification, one clave at a time.
 *
 * The caller feeds the supports of one clave that passed every earlier
 * rule, in order of capture instant and then id (byte order), which is
 * the order of the support_clave index. For each it learns whether it
 * counts (valido), repeats an earlier support of the same aspirant
 * (duplicado_mismo_aspirante, pointing at that aspirant's first support),
 * or comes after the first support of another aspirant of the same cargo,
 * or of any cargo with DEDUP_ACROSS_ALL (duplicado_otro_aspirante,
 * pointing at that first support, the one that counts).
 *
 * Memory is per clave: one entry per aspirant seen in the group, so a
 * run over millions of supports needs no more than the largest group.
 */
#ifndef APOYO_DEDUP_H
#define APOYO_DEDUP_H

#include <stddef.h>

#include "status.h"

enum dedup_across {
	DEDUP_ACROSS_CARGO,	/* rule 9 compares aspirants of one cargo */
	DEDUP_ACROSS_ALL	/* rule 9 compares all aspirants */
};

/* The first support of one aspirant in the current group. */
struct dedup_first {
	size_t aspirant;	/* caller's aspirant index */
	int cargo;		/* below DEDUP_MAX_CARGOS */
	char *id;		/* owned; valid until the next group */
	long long n;		/* support.n */
	unsigned tag[2];	/* the caller's; 0 when recorded */
};

#define DEDUP_MAX_CARGOS 16

struct dedup {
	enum dedup_across across;
	struct dedup_first *firsts;
	size_t n_firsts, cap;
	/* per cargo (one slot for DEDUP_ACROSS_ALL): index into firsts, -1 */
	int first_of_cargo[DEDUP_MAX_CARGOS];
};

/* A fresh state; release with dedup_free. */
void dedup_init(struct dedup *d, enum dedup_across across);
void dedup_free(struct dedup *d);

/* Starts a new clave. */
void dedup_group_start(struct dedup *d);

/*
 * Decides one support of the current group (see above). Returns
 * ST_VALIDO, ST_DUPLICADO_MISMO_ASPIRANTE or ST_DUPLICADO_OTRO_ASPIRANTE,
 * with *ref set to the support it repeats (NULL for valido), or -1 when
 * out of memory. CARGO must be below DEDUP_MAX_CARGOS.
 */
int dedup_next(struct dedup *d, size_t aspirant, int cargo, const char *id,
	       long long n, struct dedup_first **ref);

/* Parses "cargo" or "all"; returns 0, or -1 when TEXT is neither. */
int dedup_across_from_text(const char *text, enum dedup_across *out);
const char *dedup_across_text(enum dedup_across across);

#endif
