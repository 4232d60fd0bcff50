/*
 * dedup.c - duplicate rules 8 and 9 within one clave (see dedup.h).
 */
#include <stdlib.h>
#include <string.h>

#include "dedup.h"

void dedup_init(struct dedup *d, enum dedup_across across)
{
	memset(d, 0, sizeof(*d));
	d->across = across;
	dedup_group_start(d);
}

void dedup_free(struct dedup *d)
{
	size_t i;

	for (i = 0; i < d->cap; i++)
		free(d->firsts[i].id);
	free(d->firsts);
	memset(d, 0, sizeof(*d));
}

void dedup_group_start(struct dedup *d)
{
	int c;

	d->n_firsts = 0;
	for (c = 0; c < DEDUP_MAX_CARGOS; c++)
		d->first_of_cargo[c] = -1;
}

static struct dedup_first *find_first(struct dedup *d, size_t aspirant)
{
	size_t i;

	for (i = 0; i < d->n_firsts; i++)
		if (d->firsts[i].aspirant == aspirant)
			return &d->firsts[i];
	return NULL;
}

/* Doubles the table of firsts; new entries start with no id buffer. */
static int grow(struct dedup *d)
{
	size_t cap = d->cap ? d->cap * 2 : 8;
	struct dedup_first *grown = realloc(d->firsts, cap * sizeof(*grown));

	if (!grown)
		return -1;
	memset(grown + d->cap, 0, (cap - d->cap) * sizeof(*grown));
	d->firsts = grown;
	d->cap = cap;
	return 0;
}

/* Records the first support of an aspirant; id buffers are reused. */
static struct dedup_first *add_first(struct dedup *d, size_t aspirant,
				     int cargo, const char *id, long long n)
{
	struct dedup_first *f;
	size_t len = strlen(id);
	char *copy;

	if (d->n_firsts == d->cap && grow(d))
		return NULL;
	f = &d->firsts[d->n_firsts];
	copy = realloc(f->id, len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, id, len + 1);
	f->id = copy;
	f->aspirant = aspirant;
	f->cargo = cargo;
	f->n = n;
	f->tag[0] = f->tag[1] = 0;
	d->n_firsts++;
	return f;
}

int dedup_next(struct dedup *d, size_t aspirant, int cargo, const char *id,
	       long long n, struct dedup_first **ref)
{
	int slot = d->across == DEDUP_ACROSS_ALL ? 0 : cargo;
	struct dedup_first *f = find_first(d, aspirant);

	if (f) {
		*ref = f;
		return ST_DUPLICADO_MISMO_ASPIRANTE;
	}
	if (!add_first(d, aspirant, cargo, id, n))
		return -1;
	if (d->first_of_cargo[slot] >= 0) {
		*ref = &d->firsts[d->first_of_cargo[slot]];
		return ST_DUPLICADO_OTRO_ASPIRANTE;
	}
	d->first_of_cargo[slot] = (int)(d->n_firsts - 1);
	*ref = NULL;
	return ST_VALIDO;
}

int dedup_across_from_text(const char *text, enum dedup_across *out)
{
	if (text && !strcmp(text, "cargo")) {
		*out = DEDUP_ACROSS_CARGO;
		return 0;
	}
	if (text && !strcmp(text, "all")) {
		*out = DEDUP_ACROSS_ALL;
		return 0;
	}
	return -1;
}

const char *dedup_across_text(enum dedup_across across)
{
	return across == DEDUP_ACROSS_ALL ? "all" : "cargo";
}
