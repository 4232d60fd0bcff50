/*
 * simrand.c - hashing and keyed permutations for the generator (simrand.h).
 */
#include "simrand.h"

#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

uint64_t simr_mix(uint64_t x)
{
	x += GOLDEN_GAMMA;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t simr_hash(uint64_t seed, uint64_t tag, uint64_t a, uint64_t b)
{
	uint64_t h = simr_mix(seed ^ (tag * 0xd1b54a32d192ed03ULL));

	h = simr_mix(h ^ a);
	return simr_mix(h ^ (b * 0xaef17502108ef2d9ULL));
}

uint64_t simr_below(uint64_t h, uint64_t n)
{
	return h % n;
}

void simr_perm_init(struct simr_perm *p, uint64_t n, uint64_t key)
{
	unsigned half = 1;

	while (half < 32 && (1ULL << (2 * half)) < n)
		half++;
	p->n = n;
	p->half_bits = half;
	p->half_mask = (1ULL << half) - 1;
	p->key = simr_mix(key);
}

/* One pass of the network over the whole 2 * half_bits domain. */
static uint64_t feistel(const struct simr_perm *p, uint64_t x)
{
	uint64_t left = x >> p->half_bits, right = x & p->half_mask, next;
	int round;

	for (round = 0; round < 4; round++) {
		next = left ^ (simr_mix(right ^ (p->key + (uint64_t)round)) &
			       p->half_mask);
		left = right;
		right = next;
	}
	return (left << p->half_bits) | right;
}

uint64_t simr_perm_apply(const struct simr_perm *p, uint64_t i)
{
	uint64_t x = i;

	if (p->n <= 1)
		return i;

	/* Cycle walking: the network permutes a power of two; stay inside n. */
	do
		x = feistel(p, x);
	while (x >= p->n);
	return x;
}
