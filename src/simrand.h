/*
 * simrand.h - stateless pseudo-randomness for the scenario generator.
 *
 * Every random choice "apoyo simulate" makes is a pure function of the
 * seed and of where it is made (which sección, which row, which support),
 * so that any record can be recomputed later without being stored, and the
 * output is the same on every machine: only 64-bit integer arithmetic, no
 * floating point, no library generator.
 */
#ifndef APOYO_SIMRAND_H
#define APOYO_SIMRAND_H

#include <stdint.h>

/* splitmix64's output function: a well-mixing bijection on 64 bits. */
uint64_t simr_mix(uint64_t x);

/* A hash of the seed, a tag and two coordinates. */
uint64_t simr_hash(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b);

/* H reduced to [0, N); N must be > 0. The bias is below 2^-32 for N < 2^32. */
uint64_t simr_below(uint64_t h, uint64_t n);

/*
 * A keyed permutation of [0, n): a four-round Feistel network on the
 * smallest even number of bits that covers N, walked until the value
 * falls inside [0, n). Used to draw without replacement and to shuffle
 * without memory.
 */
struct simr_perm {
	uint64_t n;
	unsigned half_bits;
	uint64_t half_mask;
	uint64_t key;
};

void simr_perm_init(struct simr_perm *p, uint64_t n, uint64_t key);

/* The image of I (< n) under the permutation. */
uint64_t simr_perm_apply(const struct simr_perm *p, uint64_t i);

#endif
