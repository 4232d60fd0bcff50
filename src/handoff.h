/*
 * handoff.h - two buffers passed between a filling thread and the caller.
 *
 * A bulk load has two kinds of work per batch of rows: preparing the
 * batch (reading sorted records back, unpacking them) and storing it
 * (SQLite, which runs on the caller's connection). Done in turn, one core
 * idles; with a handoff a second thread fills one buffer while the caller
 * stores the other, and they swap.
 *
 * The buffers themselves belong to the user, who knows them by slot
 * number, 0 or 1. The filler is called as FILL(CTX, SLOT) with a slot
 * the caller has given back and returns the rows it put there: more than
 * 0, 0 at the end of the input, or -1 after printing why it failed. It
 * runs on the second thread and must not touch what the caller uses.
 */
#ifndef APOYO_HANDOFF_H
#define APOYO_HANDOFF_H

#include <pthread.h>

typedef long handoff_fill_fn(void *ctx, int slot);

struct handoff {
	handoff_fill_fn *fill;
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* a slot changed hands, or stop */
	int threaded;			/* 0: fill runs in handoff_take */
	int full[2];			/* 1: filled, the caller's to take */
	long rows[2];			/* what FILL returned for the slot */
	int next;			/* the slot handoff_take returns next */
	int stop;			/* the caller gave up */
	int ended;			/* FILL returned 0 or -1 */
};

/*
 * Starts filling both slots with FILL. When no thread can be started,
 * FILL runs in handoff_take instead, and the load is only slower.
 * Returns 0, or -1 when the lock cannot be made.
 */
int handoff_start(struct handoff *h, handoff_fill_fn *fill, void *ctx);

/*
 * Waits for the next filled slot and sets *SLOT to it. Returns what FILL
 * returned for it: rows (> 0), 0 at the end, -1 on failure. After a
 * slot with rows, the caller gives it back with handoff_give_back.
 */
long handoff_take(struct handoff *h, int *slot);

/* Hands SLOT back to be filled again. */
void handoff_give_back(struct handoff *h, int slot);

/*
 * Stops the filler, whether or not it reached the end, and waits for it;
 * after this no FILL runs. Call once for every successful handoff_start.
 */
void handoff_finish(struct handoff *h);

#endif
