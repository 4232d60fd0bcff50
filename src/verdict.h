/*
 * verdict.h - what verify or dedup decided for every support, in memory,
 * indexed by support.n, until the decisions are written back.
 *
 * Decisions are made in clave order and written in support.n order (so
 * that the verdict table is rewritten front to back); this table bridges
 * the two orders at 16 bytes a support (320 MB for 20 million).
 * Texts that a verdict points at (the detail of a baja, the support a
 * duplicate repeats) live once in a pool shared by all verdicts.
 */
#ifndef APOYO_VERDICT_H
#define APOYO_VERDICT_H

#include <stddef.h>
#include <stdint.h>

/* verdict.status for a support that is to be left as it is. */
#define VERDICT_KEEP 0xFF

struct verdict {
	uint8_t status;		/* enum status, or VERDICT_KEEP */
	uint8_t spare;
	uint16_t checks;	/* mask of failed checks (classify.h) */
	uint32_t text;		/* pool text + 1 (baja detail or the
				 * repeated support), 0 for none */
	int32_t seccion;	/* the citizen's roll sección, */
	uint8_t entidad;	/* and entidad; 0 when not in the roll */
	uint8_t seen;		/* verify: its verdict row was read */
};

struct verdicts {
	long long first_n;
	size_t count;
	struct verdict *v;	/* count entries, VERDICT_KEEP and the rest
				 * 0 at first */
	char *pool;
	size_t pool_len, pool_cap;
	uint32_t *interned;	/* hash of texts from verdicts_intern */
	size_t n_interned, intern_cap;
};

/*
 * Makes room for supports MIN_N to MAX_N (COUNT of them exist). Returns
 * 0, or -1 when out of memory or when the numbers are too sparse for a
 * table (more than four slots a support).
 */
int verdicts_init(struct verdicts *vs, long long min_n, long long max_n,
		  long long count);
void verdicts_free(struct verdicts *vs);

/* The verdict of support N, or NULL when N is outside the table. */
struct verdict *verdicts_at(struct verdicts *vs, long long n);

/*
 * Stores the text A B C (concatenated) in the pool; returns its
 * reference, 0 when out of memory.
 */
uint32_t verdicts_add_text(struct verdicts *vs, const char *a, const char *b,
			   const char *c);

/* Same, but returns the existing reference when S is already interned. */
uint32_t verdicts_intern(struct verdicts *vs, const char *s);

/* The text of reference REF (not 0). */
const char *verdicts_text(const struct verdicts *vs, uint32_t ref);

/*
 * Writes V's support.motivos into BUF (SIZE bytes, terminated). Returns
 * the length the whole text needs, like snprintf.
 */
size_t verdicts_motivos(const struct verdicts *vs, const struct verdict *v,
			char *buf, size_t size);

#endif
