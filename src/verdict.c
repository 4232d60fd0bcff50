/*
 * verdict.c - per-support decisions held in memory (see verdict.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "status.h"
#include "verdict.h"

_Static_assert(CHECK_COUNT <= 16, "verdict.checks holds one bit per check");
_Static_assert(ST_COUNT < VERDICT_KEEP, "verdict.status holds every status");

int verdicts_init(struct verdicts *vs, long long min_n, long long max_n,
		  long long count)
{
	long long span = count ? max_n - min_n + 1 : 0;
	size_t i;

	memset(vs, 0, sizeof(*vs));
	if (span < 0 || span > 4 * count + 1024)
		return -1;
	vs->first_n = min_n;
	vs->count = (size_t)span;
	vs->v = calloc(vs->count ? vs->count : 1, sizeof(*vs->v));
	if (!vs->v)
		return -1;
	for (i = 0; i < vs->count; i++)
		vs->v[i].status = VERDICT_KEEP;
	return 0;
}

void verdicts_free(struct verdicts *vs)
{
	free(vs->v);
	free(vs->pool);
	free(vs->interned);
	memset(vs, 0, sizeof(*vs));
}

struct verdict *verdicts_at(struct verdicts *vs, long long n)
{
	if (n < vs->first_n || n - vs->first_n >= (long long)vs->count)
		return NULL;
	return &vs->v[n - vs->first_n];
}

uint32_t verdicts_add_text(struct verdicts *vs, const char *a, const char *b,
			   const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	size_t need = vs->pool_len + la + lb + lc + 1;
	size_t cap = vs->pool_cap ? vs->pool_cap : 4096;
	uint32_t ref;
	char *grown;

	if (need >= UINT32_MAX)
		return 0;
	while (cap < need)
		cap *= 2;
	if (cap != vs->pool_cap) {
		grown = realloc(vs->pool, cap);
		if (!grown)
			return 0;
		vs->pool = grown;
		vs->pool_cap = cap;
	}
	ref = (uint32_t)vs->pool_len + 1;
	memcpy(vs->pool + vs->pool_len, a, la);
	memcpy(vs->pool + vs->pool_len + la, b, lb);
	memcpy(vs->pool + vs->pool_len + la + lb, c, lc + 1);
	vs->pool_len = need;
	return ref;
}

const char *verdicts_text(const struct verdicts *vs, uint32_t ref)
{
	return vs->pool + ref - 1;
}

/* FNV-1a. */
static size_t text_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* Doubles the intern hash and re-inserts what it held. */
static int grow_interned(struct verdicts *vs)
{
	size_t cap = vs->intern_cap ? vs->intern_cap * 2 : 64, i, slot;
	uint32_t *table = calloc(cap, sizeof(*table));

	if (!table)
		return -1;
	for (i = 0; i < vs->intern_cap; i++) {
		if (!vs->interned[i])
			continue;
		slot = text_hash(verdicts_text(vs, vs->interned[i])) &
		       (cap - 1);
		while (table[slot])
			slot = (slot + 1) & (cap - 1);
		table[slot] = vs->interned[i];
	}
	free(vs->interned);
	vs->interned = table;
	vs->intern_cap = cap;
	return 0;
}

uint32_t verdicts_intern(struct verdicts *vs, const char *s)
{
	size_t slot;
	uint32_t ref;

	if (vs->n_interned * 2 >= vs->intern_cap && grow_interned(vs))
		return 0;
	slot = text_hash(s) & (vs->intern_cap - 1);
	for (; vs->interned[slot]; slot = (slot + 1) & (vs->intern_cap - 1))
		if (!strcmp(verdicts_text(vs, vs->interned[slot]), s))
			return vs->interned[slot];
	ref = verdicts_add_text(vs, s, "", "");
	if (ref) {
		vs->interned[slot] = ref;
		vs->n_interned++;
	}
	return ref;
}

size_t verdicts_motivos(const struct verdicts *vs, const struct verdict *v,
			char *buf, size_t size)
{
	const char *text = v->text ? verdicts_text(vs, v->text) : "";
	int n;

	switch (v->status) {
	case ST_DUPLICADO_MISMO_ASPIRANTE:
		n = snprintf(buf, size, "duplicado_mismo_aspirante:%s", text);
		return n > 0 ? (size_t)n : 0;
	case ST_DUPLICADO_OTRO_ASPIRANTE:
		n = snprintf(buf, size, "duplicado_otro_aspirante:%s", text);
		return n > 0 ? (size_t)n : 0;
	default:
		return classify_motivos(v->checks, text, buf, size);
	}
}
