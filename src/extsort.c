/*
 * extsort.c - external merge sort of keyed records (see extsort.h).
 *
 * In memory, records are packed one after another in an arena as
 * [key length][record length][key][record]; an index of entries holds
 * the first KEY_PREFIX bytes of each key and the record's offset, and is
 * what gets sorted, so that most comparisons touch only the index. A run
 * file holds the packed records of one batch in sorted order.
 *
 * Reading the sorted records back touches the arena at random, which is
 * slow (a cache and TLB miss per record); a producer thread does it, and
 * copies the records in order into two batches that it fills in turn
 * while the consumer works through the other one.
 *
 * While records are added, the budget is split between two arenas: when
 * one is full, a worker thread sorts it and writes it out as a run while
 * the caller goes on adding into the other, so that a caller that spends
 * its time parsing keeps the second core busy with the sorting.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "err.h"
#include "extsort.h"

#define KEY_PREFIX 24
#define HEADER (2 * sizeof(uint32_t))
#define RUN_BUFFER (256 << 10)

/*
 * Runs are merged in one pass, each with its own file buffer. With the
 * roll's budget of 256 MB (runs of 128 MB) this allows 128 GB of rows.
 */
#define MAX_RUNS 1000
#define PREFETCH_AHEAD 16
#define BUCKETS 65536
#define BATCH_BYTES (4 << 20)

struct entry {
	unsigned char prefix[KEY_PREFIX];	/* zero-padded start of the key */
	size_t off;				/* in the arena; grows as added */
};

struct run {
	FILE *f;
	unsigned char *item;	/* the current packed record */
	size_t cap;
};

/* A batch of packed items in order, handed from the reading thread. */
struct batch {
	unsigned char *data;
	size_t used, cap;
	size_t pos;		/* consumer: next item */
	int full;		/* 1: the consumer's; 0: the producer's */
	int last, failed;	/* set with full */
};

/*
 * A full arena being sorted and written to its run by a worker thread;
 * between spill_start and spill_wait only the worker touches it. While
 * no worker runs it holds the spare arena.
 */
struct spill_job {
	pthread_t thread;
	int running;
	unsigned char *arena;
	size_t arena_cap, used;
	struct entry *entries;
	size_t nentries, entries_cap;
	FILE *f;
	int error;		/* 0, ENOMEM, or why the write failed */
};

struct background {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;	/* a batch changed hands, or stop */
	struct batch batch[2];
	int current;		/* consumer: the batch in hand */
	int holding;		/* consumer: batch[current] is full and in hand */
	int stop;
};

struct extsort {
	size_t budget;
	size_t limit;		/* bytes per arena: half the budget */
	struct spill_job job;
	unsigned char *arena;
	size_t arena_cap, used;
	struct entry *entries;
	size_t nentries, entries_cap, total;

	struct run *runs;
	size_t nruns;
	int merging;		/* adding has ended */
	size_t next;		/* in-memory reading: next entry */
	int handed_out;		/* merging: the top run's item was returned */
	int threaded;		/* reading: 0 not started, 1 background, -1 not */
	struct background bg;
	size_t *heap;		/* merging: run numbers, smallest first */
	size_t nheap;
};

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Orders two packed items by key, a shorter key first on a common prefix. */
static int compare_items(const unsigned char *a, const unsigned char *b)
{
	uint32_t la = get_u32(a), lb = get_u32(b);
	int c = memcmp(a + HEADER, b + HEADER, la < lb ? la : lb);

	if (c)
		return c;
	return (la > lb) - (la < lb);
}

/*
 * qsort has no context argument: the arena being sorted is named here,
 * per thread, as the spill worker sorts while the caller may too.
 */
static _Thread_local const unsigned char *sorting_arena;

static int compare_entries(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = memcmp(a->prefix, b->prefix, KEY_PREFIX);

	if (c)
		return c;
	c = compare_items(sorting_arena + a->off, sorting_arena + b->off);
	if (c)
		return c;

	/* Equal keys keep the order in which they were added. */
	return (a->off > b->off) - (a->off < b->off);
}

/* The first two bytes of an entry's key, as a bucket number. */
static unsigned bucket_of(const struct entry *e)
{
	return (unsigned)e->prefix[0] << 8 | e->prefix[1];
}

/*
 * Distributes the N entries of ARENA into 65536 buckets by their first two
 * bytes (a stable counting sort), then sorts each bucket: fewer
 * comparisons than one sort of everything, and each bucket is small
 * enough to stay in the processor's cache. *ENTRIES is replaced by the
 * sorted array (of capacity *CAP). Returns 0, or -1 when out of memory
 * (not printed: the spill worker may be the caller).
 */
static int sort_entries(const unsigned char *arena, struct entry **entries,
			size_t n, size_t *cap)
{
	size_t *start = calloc(BUCKETS + 1, sizeof(size_t));
	struct entry *in = *entries, *out = malloc(n * sizeof(struct entry) + 1);
	size_t i, b;

	if (!start || !out) {
		free(start);
		free(out);
		return -1;
	}
	for (i = 0; i < n; i++)
		start[bucket_of(&in[i]) + 1]++;
	for (b = 1; b <= BUCKETS; b++)
		start[b] += start[b - 1];
	for (i = 0; i < n; i++)
		out[start[bucket_of(&in[i])]++] = in[i];

	/* start[b] now ends bucket b: bucket b is [start[b - 1], start[b]). */
	sorting_arena = arena;
	for (b = 0; b < BUCKETS; b++) {
		size_t from = b ? start[b - 1] : 0;

		if (start[b] - from > 1)
			qsort(out + from, start[b] - from, sizeof(struct entry),
			      compare_entries);
	}
	sorting_arena = NULL;

	free(in);
	*entries = out;
	*cap = n;
	free(start);
	return 0;
}

struct extsort *extsort_new(size_t budget)
{
	struct extsort *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->budget = budget;
	s->limit = budget / 2 ? budget / 2 : 1;
	return s;
}

static size_t item_size(const unsigned char *item)
{
	return HEADER + get_u32(item) + get_u32(item + sizeof(uint32_t));
}

static FILE *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/apoyo-sort-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		err_msg("cannot create a temporary file in '%s': %s", dir, strerror(errno));
		return NULL;
	}

	/* Unlinked at once: the file disappears with the process, whatever happens. */
	unlink(path);
	f = fdopen(fd, "w+b");
	if (!f) {
		close(fd);
		err_msg("cannot open a temporary file: %s", strerror(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, RUN_BUFFER);
	return f;
}

/* Sorts the job's arena and writes it to the job's run; sets job->error. */
static void *spill_work(void *arg)
{
	struct spill_job *job = arg;
	const unsigned char *item;
	size_t i;

	job->error = 0;
	if (sort_entries(job->arena, &job->entries, job->nentries,
			 &job->entries_cap)) {
		job->error = ENOMEM;
		return NULL;
	}
	for (i = 0; i < job->nentries; i++) {
		item = job->arena + job->entries[i].off;
		fwrite(item, 1, item_size(item), job->f);
	}
	if (fflush(job->f) || ferror(job->f))
		job->error = errno ? errno : EIO;
	return NULL;
}

/* The job's arena is written (or failed): 0, or -1 after printing why. */
static int spill_done(struct spill_job *job)
{
	job->running = 0;
	job->used = job->nentries = 0;
	if (job->error == ENOMEM)
		err_msg("out of memory sorting");
	else if (job->error)
		err_msg("cannot write a temporary file: %s", strerror(job->error));
	return job->error ? -1 : 0;
}

/* Waits for the spill worker, if any; 0, or -1 after printing why it failed. */
static int spill_wait(struct extsort *s)
{
	if (!s->job.running)
		return 0;
	pthread_join(s->job.thread, NULL);
	return spill_done(&s->job);
}

/* A new, empty run at the end of the list; its file, or NULL after printing. */
static FILE *new_run(struct extsort *s)
{
	struct run *grown = realloc(s->runs, (s->nruns + 1) * sizeof(struct run));
	struct run *run;
	FILE *f;

	if (!grown) {
		err_msg("out of memory sorting");
		return NULL;
	}
	s->runs = grown;
	if (s->nruns == MAX_RUNS) {
		err_msg("too much to sort: more than %d runs of %zu MB", MAX_RUNS,
			s->limit >> 20);
		return NULL;
	}
	if (!(f = temp_file()))
		return NULL;
	run = &s->runs[s->nruns++];
	memset(run, 0, sizeof(*run));
	run->f = f;
	return f;
}

/* Exchanges the arena being filled with the job's (spare) one. */
static void swap_arenas(struct extsort *s)
{
	struct spill_job *job = &s->job;
	unsigned char *arena = job->arena;
	struct entry *entries = job->entries;
	size_t arena_cap = job->arena_cap, entries_cap = job->entries_cap;

	job->arena = s->arena;
	job->arena_cap = s->arena_cap;
	job->used = s->used;
	job->entries = s->entries;
	job->nentries = s->nentries;
	job->entries_cap = s->entries_cap;
	s->arena = arena;
	s->arena_cap = arena_cap;
	s->entries = entries;
	s->entries_cap = entries_cap;
	s->used = 0;
	s->nentries = 0;
}

/*
 * Hands the full arena to the worker, which sorts it and writes it out as
 * a new run, and goes on with the spare one. The runs keep the order of
 * adding, which the merge relies on for equal keys. Without a thread the
 * work is done here.
 */
static int spill(struct extsort *s)
{
	struct spill_job *job = &s->job;

	if (spill_wait(s) || !(job->f = new_run(s)))
		return -1;
	swap_arenas(s);
	if (pthread_create(&job->thread, NULL, spill_work, job) == 0) {
		job->running = 1;
		return 0;
	}
	spill_work(job);
	return spill_done(job);
}

/*
 * The arena is mapped once at its full size; the system commits pages as
 * they are touched, so a small file costs little and the arena never moves
 * (no copy when it grows).
 */
static int map_arena(struct extsort *s, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return -1;
	if (s->arena) {
		memcpy(p, s->arena, s->used);
		munmap(s->arena, s->arena_cap);
	}
	s->arena = p;
	s->arena_cap = size;
	return 0;
}

/* Releases both arenas and the spare index; the worker must be done. */
static void unmap_arena(struct extsort *s)
{
	if (s->arena)
		munmap(s->arena, s->arena_cap);
	s->arena = NULL;
	s->arena_cap = 0;
	if (s->job.arena)
		munmap(s->job.arena, s->job.arena_cap);
	s->job.arena = NULL;
	s->job.arena_cap = 0;
	free(s->job.entries);
	s->job.entries = NULL;
	s->job.entries_cap = 0;
}

static int reserve(struct extsort *s, size_t size)
{
	size_t cap;
	void *p;

	if (s->used + size > s->limit && s->nentries && spill(s))
		return -1;

	/* Only a record larger than the limit makes the arena grow past it. */
	if (s->used + size > s->arena_cap &&
	    map_arena(s, s->used + size > s->limit ? s->used + size : s->limit))
		goto oom;
	if (s->nentries == s->entries_cap) {
		cap = s->entries_cap ? s->entries_cap * 2 : 4096;
		if (!(p = realloc(s->entries, cap * sizeof(struct entry))))
			goto oom;
		s->entries = p;
		s->entries_cap = cap;
	}
	return 0;

oom:
	err_msg("out of memory sorting");
	return -1;
}

int extsort_add(struct extsort *s, const void *key, size_t keylen,
		const void *rec, size_t reclen)
{
	uint32_t lens[2] = { (uint32_t)keylen, (uint32_t)reclen };
	size_t size = HEADER + keylen + reclen;
	struct entry *e;
	unsigned char *at;

	if (keylen > UINT32_MAX || reclen > UINT32_MAX || reserve(s, size))
		return -1;
	at = s->arena + s->used;
	memcpy(at, lens, HEADER);
	memcpy(at + HEADER, key, keylen);
	memcpy(at + HEADER + keylen, rec, reclen);

	e = &s->entries[s->nentries++];
	memset(e->prefix, 0, KEY_PREFIX);
	memcpy(e->prefix, key, keylen < KEY_PREFIX ? keylen : KEY_PREFIX);
	e->off = s->used;
	s->used += size;
	s->total++;
	return 0;
}

size_t extsort_count(const struct extsort *s)
{
	return s->total;
}

/* Reads the next packed item of RUN; returns 1, 0 at its end, -1 on error. */
static int run_read(struct run *run)
{
	unsigned char header[HEADER];
	size_t size;
	void *p;

	if (fread(header, 1, HEADER, run->f) != HEADER)
		return ferror(run->f) ? -1 : 0;
	size = item_size(header);
	if (size > run->cap) {
		if (!(p = realloc(run->item, size)))
			return -1;
		run->item = p;
		run->cap = size;
	}
	memcpy(run->item, header, HEADER);
	if (fread(run->item + HEADER, 1, size - HEADER, run->f) != size - HEADER)
		return -1;
	return 1;
}

/* Heap order: by key, then by run number, which is the order of adding. */
static int run_less(const struct extsort *s, size_t a, size_t b)
{
	int c = compare_items(s->runs[a].item, s->runs[b].item);

	return c < 0 || (c == 0 && a < b);
}

static void sift_down(struct extsort *s, size_t i)
{
	size_t child, tmp;

	for (;;) {
		child = 2 * i + 1;
		if (child >= s->nheap)
			return;
		if (child + 1 < s->nheap && run_less(s, s->heap[child + 1], s->heap[child]))
			child++;
		if (!run_less(s, s->heap[child], s->heap[i]))
			return;
		tmp = s->heap[i];
		s->heap[i] = s->heap[child];
		s->heap[child] = tmp;
		i = child;
	}
}

/* Ends the adding: one batch stays in memory; several are merged from disk. */
static int start_reading(struct extsort *s)
{
	size_t i;
	int r;

	s->merging = 1;
	if (s->nruns == 0) {
		if (!sort_entries(s->arena, &s->entries, s->nentries, &s->entries_cap))
			return 0;
		err_msg("out of memory sorting");
		return -1;
	}
	if ((s->nentries && spill(s)) || spill_wait(s))
		return -1;
	unmap_arena(s);
	if (!(s->heap = malloc(s->nruns * sizeof(size_t)))) {
		err_msg("out of memory sorting");
		return -1;
	}
	for (i = 0; i < s->nruns; i++) {
		rewind(s->runs[i].f);
		r = run_read(&s->runs[i]);
		if (r < 0)
			goto fail;
		if (r > 0)
			s->heap[s->nheap++] = i;
	}
	for (i = s->nheap; i-- > 0;)
		sift_down(s, i);
	return 0;

fail:
	err_msg("cannot read a temporary file: %s", strerror(errno));
	return -1;
}

static void unpack(const unsigned char *item, const void **key, size_t *keylen,
		   const void **rec, size_t *reclen)
{
	*keylen = get_u32(item);
	*reclen = get_u32(item + sizeof(uint32_t));
	*key = item + HEADER;
	*rec = item + HEADER + *keylen;
}

/* The run on top of the heap was consumed: read its next item and re-sift. */
static int advance_top(struct extsort *s)
{
	int r = run_read(&s->runs[s->heap[0]]);

	if (r < 0) {
		err_msg("cannot read a temporary file: %s", strerror(errno));
		return -1;
	}
	if (r == 0)
		s->heap[0] = s->heap[--s->nheap];
	sift_down(s, 0);
	return 0;
}

/* The next packed item in order, read in this thread; 1, 0 at the end, -1. */
static int next_item(struct extsort *s, const unsigned char **item)
{
	if (!s->merging && start_reading(s))
		return -1;
	if (s->nruns == 0) {
		if (s->next == s->nentries)
			return 0;

		/* The records are scattered: ask for one well ahead of its use. */
		if (s->next + PREFETCH_AHEAD < s->nentries)
			__builtin_prefetch(s->arena + s->entries[s->next + PREFETCH_AHEAD].off);
		*item = s->arena + s->entries[s->next++].off;
		return 1;
	}

	/* The item handed out last time stayed valid until now: advance lazily. */
	if (s->handed_out && advance_top(s))
		return -1;
	if (s->nheap == 0) {
		s->handed_out = 0;
		return 0;
	}
	s->handed_out = 1;
	*item = s->runs[s->heap[0]].item;
	return 1;
}

/* ---- reading ahead in a second thread ----------------------------------- */

static int batch_append(struct batch *b, const unsigned char *item)
{
	size_t size = item_size(item), cap = b->cap ? b->cap : BATCH_BYTES;
	unsigned char *grown;

	if (b->used + size > b->cap) {
		while (cap < b->used + size)
			cap *= 2;
		if (!(grown = realloc(b->data, cap)))
			return -1;
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->used, item, size);
	b->used += size;
	return 0;
}

/* Waits until batch B is the producer's again; 0, or -1 when told to stop. */
static int wait_for_empty(struct background *bg, struct batch *b)
{
	int stop;

	pthread_mutex_lock(&bg->lock);
	while (b->full && !bg->stop)
		pthread_cond_wait(&bg->changed, &bg->lock);
	stop = bg->stop;
	pthread_mutex_unlock(&bg->lock);
	return stop ? -1 : 0;
}

static void hand_over(struct background *bg, struct batch *b, int got)
{
	pthread_mutex_lock(&bg->lock);
	b->full = 1;
	b->last = got <= 0;
	b->failed = got < 0;
	pthread_cond_broadcast(&bg->changed);
	pthread_mutex_unlock(&bg->lock);
}

/*
 * The producer: sorts, merges and gathers the records in order into the
 * two batches in turn, while the consumer stores the other batch.
 */
static void *produce(void *arg)
{
	struct extsort *s = arg;
	struct background *bg = &s->bg;
	const unsigned char *item;
	struct batch *b;
	int which = 0, got = 1;

	while (got > 0) {
		b = &bg->batch[which];
		if (wait_for_empty(bg, b))
			return NULL;
		b->used = 0;
		while (b->used < BATCH_BYTES && (got = next_item(s, &item)) > 0) {
			if (batch_append(b, item)) {
				err_msg("out of memory sorting");
				got = -1;
			}
		}
		hand_over(bg, b, got);
		which ^= 1;
	}
	return NULL;
}

/* The consumer: the next item of the batch in hand, or of the next batch. */
static int next_from_batches(struct background *bg, const unsigned char **item)
{
	struct batch *b = &bg->batch[bg->current];

	while (!bg->holding || b->pos == b->used) {
		if (bg->holding && b->last)
			return 0;
		pthread_mutex_lock(&bg->lock);
		if (bg->holding) {
			b->full = 0;
			bg->current ^= 1;
			b = &bg->batch[bg->current];
			pthread_cond_broadcast(&bg->changed);
		}
		while (!b->full)
			pthread_cond_wait(&bg->changed, &bg->lock);
		pthread_mutex_unlock(&bg->lock);
		bg->holding = 1;
		b->pos = 0;
		if (b->failed)
			return -1;
	}
	*item = b->data + b->pos;
	b->pos += item_size(*item);
	return 1;
}

static void start_background(struct extsort *s)
{
	struct background *bg = &s->bg;

	s->threaded = -1;
	if (pthread_mutex_init(&bg->lock, NULL))
		return;
	if (pthread_cond_init(&bg->changed, NULL)) {
		pthread_mutex_destroy(&bg->lock);
		return;
	}
	if (pthread_create(&bg->thread, NULL, produce, s)) {
		pthread_cond_destroy(&bg->changed);
		pthread_mutex_destroy(&bg->lock);
		return;
	}
	s->threaded = 1;
}

static void stop_background(struct extsort *s)
{
	struct background *bg = &s->bg;

	if (s->threaded != 1)
		return;
	pthread_mutex_lock(&bg->lock);
	bg->stop = 1;
	pthread_cond_broadcast(&bg->changed);
	pthread_mutex_unlock(&bg->lock);
	pthread_join(bg->thread, NULL);
	pthread_cond_destroy(&bg->changed);
	pthread_mutex_destroy(&bg->lock);
	free(bg->batch[0].data);
	free(bg->batch[1].data);
	s->threaded = 0;
}

int extsort_next(struct extsort *s, const void **key, size_t *keylen,
		 const void **rec, size_t *reclen)
{
	const unsigned char *item;
	int got;

	/* One thread reads ahead while the caller works; without it, read here. */
	if (s->threaded == 0)
		start_background(s);
	if (s->threaded == 1)
		got = next_from_batches(&s->bg, &item);
	else
		got = next_item(s, &item);
	if (got > 0)
		unpack(item, key, keylen, rec, reclen);
	return got;
}

void extsort_free(struct extsort *s)
{
	size_t i;

	if (!s)
		return;
	stop_background(s);

	/* Given up while a run was being written: its result no longer matters. */
	if (s->job.running)
		pthread_join(s->job.thread, NULL);
	for (i = 0; i < s->nruns; i++) {
		if (s->runs[i].f)
			fclose(s->runs[i].f);
		free(s->runs[i].item);
	}
	free(s->runs);
	free(s->heap);
	free(s->entries);
	unmap_arena(s);
	free(s);
}
