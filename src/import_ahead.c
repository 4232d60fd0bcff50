/*
 * import_ahead.c - a CSV file read ahead in a second thread (see
 * import_ahead.h).
 *
 * The thread fills two blocks in turn: each holds up to BLOCK_RECORDS
 * records, their fields copied one after another into one text buffer.
 * The consumer reads through one block while the thread fills the other;
 * a block changes hands under the lock, records never do.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "import_ahead.h"

#define BLOCK_RECORDS 4096
#define BLOCK_TEXT (1 << 20)

/* A record in a block: its fields are off/len[first, first + nfields). */
struct slot {
	enum csv_result result;
	long line;
	size_t nfields, first;
	size_t error;		/* offset of the error text in the block */
	int bad_utf8;
};

struct block {
	char *text;
	size_t used, text_cap;
	size_t *off, *len;
	size_t nfields, fields_cap;
	struct slot slot[BLOCK_RECORDS];
	size_t nslots;
	size_t pos;		/* consumer: next slot */
	int full;		/* 1: the consumer's; 0: the thread's */
};

struct ahead {
	struct csv *csv;
	const int *check;
	size_t ncheck;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;	/* a block changed hands, or stop */
	int stop;
	struct block block[2];

	/* The consumer's side. */
	int current, holding;
	const char **field;
	size_t field_cap;
	struct ahead_record record;
};

/* Copies LEN bytes and a NUL into the block's text; its offset, or -1. */
static long put_text(struct block *b, const char *text, size_t len)
{
	size_t cap = b->text_cap ? b->text_cap : BLOCK_TEXT;
	size_t at = b->used;
	char *grown;

	if (b->used + len + 1 > b->text_cap) {
		while (cap < b->used + len + 1)
			cap *= 2;
		if (!(grown = realloc(b->text, cap)))
			return -1;
		b->text = grown;
		b->text_cap = cap;
	}
	memcpy(b->text + at, text, len);
	b->text[at + len] = '\0';
	b->used += len + 1;
	return (long)at;
}

static int put_field(struct block *b, const char *text, size_t len)
{
	size_t cap = b->fields_cap ? b->fields_cap * 2 : 65536;
	long at;
	void *p;

	if (b->nfields == b->fields_cap) {
		if (!(p = realloc(b->off, cap * sizeof(size_t))))
			return -1;
		b->off = p;
		if (!(p = realloc(b->len, cap * sizeof(size_t))))
			return -1;
		b->len = p;
		b->fields_cap = cap;
	}
	if ((at = put_text(b, text, len)) < 0)
		return -1;
	b->off[b->nfields] = (size_t)at;
	b->len[b->nfields++] = len;
	return 0;
}

/* The first checked column whose UTF-8 is invalid, or -1. */
static int first_bad_utf8(const struct ahead *a)
{
	const struct csv *c = a->csv;
	size_t i, col;

	if (csv_nfields(c) != csv_ncolumns(c))
		return -1;
	for (i = 0; i < a->ncheck; i++) {
		col = (size_t)a->check[i];
		if (!csv_utf8_valid(csv_field(c, col), csv_field_len(c, col)))
			return (int)i;
	}
	return -1;
}

/* Reads one record into the block; 0, or -1 when out of memory. */
static int put_record(struct ahead *a, struct block *b, enum csv_result r)
{
	struct slot *s = &b->slot[b->nslots];
	const char *error;
	size_t i;
	long at;

	memset(s, 0, sizeof(*s));
	s->result = r;
	s->bad_utf8 = -1;
	s->first = b->nfields;
	if (r == CSV_EOF || r == CSV_IO) {
		b->nslots++;
		return 0;
	}
	s->line = csv_line(a->csv);
	s->nfields = csv_nfields(a->csv);
	for (i = 0; i < s->nfields; i++) {
		const char *field = csv_field(a->csv, i);

		if (put_field(b, field, csv_field_len(a->csv, i)))
			return -1;
	}
	if (r == CSV_BAD) {
		error = csv_error(a->csv);
		if ((at = put_text(b, error, strlen(error))) < 0)
			return -1;
		s->error = (size_t)at;
	} else {
		s->bad_utf8 = first_bad_utf8(a);
	}
	b->nslots++;
	return 0;
}

/* Waits until block B is the thread's; 0, or -1 when told to stop. */
static int wait_for_empty(struct ahead *a, struct block *b)
{
	int stop;

	pthread_mutex_lock(&a->lock);
	while (b->full && !a->stop)
		pthread_cond_wait(&a->changed, &a->lock);
	stop = a->stop;
	pthread_mutex_unlock(&a->lock);
	return stop;
}

/*
 * The thread: fills the blocks in turn until the file ends. Running out
 * of memory ends the reading with a slot of line -1, for which ahead_next
 * returns NULL.
 */
static void *read_ahead(void *arg)
{
	struct ahead *a = arg;
	struct block *b;
	enum csv_result r = CSV_RECORD;
	int which = 0;

	while (r == CSV_RECORD || r == CSV_BAD) {
		b = &a->block[which];
		if (wait_for_empty(a, b))
			return NULL;
		b->used = b->nfields = b->nslots = 0;
		while (b->nslots < BLOCK_RECORDS && b->used < BLOCK_TEXT &&
		       (r == CSV_RECORD || r == CSV_BAD)) {
			r = csv_read(a->csv);
			if (put_record(a, b, r)) {
				b->slot[b->nslots].result = r = CSV_IO;
				b->slot[b->nslots].line = -1;
				b->nslots++;
			}
		}
		pthread_mutex_lock(&a->lock);
		b->full = 1;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		which ^= 1;
	}
	return NULL;
}

struct ahead *ahead_start(struct csv *c, const int *check, size_t ncheck)
{
	struct ahead *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->csv = c;
	a->check = check;
	a->ncheck = ncheck;
	if (pthread_mutex_init(&a->lock, NULL)) {
		free(a);
		return NULL;
	}
	if (pthread_cond_init(&a->changed, NULL)) {
		pthread_mutex_destroy(&a->lock);
		free(a);
		return NULL;
	}
	if (pthread_create(&a->thread, NULL, read_ahead, a)) {
		pthread_cond_destroy(&a->changed);
		pthread_mutex_destroy(&a->lock);
		free(a);
		return NULL;
	}
	return a;
}

/* Gives the block in hand back and waits for the other one. */
static struct block *next_block(struct ahead *a)
{
	struct block *b = &a->block[a->current];

	pthread_mutex_lock(&a->lock);
	if (a->holding) {
		b->full = 0;
		a->current ^= 1;
		b = &a->block[a->current];
		pthread_cond_broadcast(&a->changed);
	}
	while (!b->full)
		pthread_cond_wait(&a->changed, &a->lock);
	pthread_mutex_unlock(&a->lock);
	a->holding = 1;
	b->pos = 0;
	return b;
}

/* Points the consumer's record at slot S of block B. */
static int take(struct ahead *a, struct block *b, const struct slot *s)
{
	struct ahead_record *rec = &a->record;
	size_t i;
	void *p;

	if (s->nfields > a->field_cap) {
		if (!(p = realloc(a->field, s->nfields * sizeof(char *))))
			return -1;
		a->field = p;
		a->field_cap = s->nfields;
	}
	for (i = 0; i < s->nfields; i++)
		a->field[i] = b->text + b->off[s->first + i];
	rec->result = s->result;
	rec->line = s->line;
	rec->nfields = s->nfields;
	rec->field = a->field;
	rec->len = b->len ? b->len + s->first : NULL;
	rec->error = s->result == CSV_BAD ? b->text + s->error : NULL;
	rec->bad_utf8 = s->bad_utf8;
	return 0;
}

const struct ahead_record *ahead_next(struct ahead *a)
{
	struct block *b = &a->block[a->current];
	const struct slot *s;

	/* After the last record the block is kept: it ends in EOF or IO. */
	if (!a->holding || b->pos == b->nslots)
		b = next_block(a);
	s = &b->slot[b->pos];
	if (s->result == CSV_RECORD || s->result == CSV_BAD)
		b->pos++;
	if (s->line < 0 || take(a, b, s)) {
		a->record.result = CSV_IO;
		a->record.nfields = 0;
		return NULL;
	}
	return &a->record;
}

void ahead_stop(struct ahead *a)
{
	int i;

	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = 1;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	pthread_cond_destroy(&a->changed);
	pthread_mutex_destroy(&a->lock);
	for (i = 0; i < 2; i++) {
		free(a->block[i].text);
		free(a->block[i].off);
		free(a->block[i].len);
	}
	free(a->field);
	free(a);
}
