/*
 * handoff.c - two buffers passed between a filling thread and the caller
 * (see handoff.h).
 *
 * The filler fills slot 0, then 1, then 0 again, each as soon as the
 * caller has given it back; the caller takes them in the same order. One
 * mutex and one condition variable guard full[], rows[], stop and ended.
 */
#include "handoff.h"

/* The filler's side: fill each slot the caller gave back until the end. */
static void *fill_slots(void *arg)
{
	struct handoff *h = arg;
	int slot = 0;
	long rows;

	for (;;) {
		pthread_mutex_lock(&h->lock);
		while (h->full[slot] && !h->stop)
			pthread_cond_wait(&h->changed, &h->lock);
		if (h->stop) {
			pthread_mutex_unlock(&h->lock);
			return NULL;
		}
		pthread_mutex_unlock(&h->lock);

		rows = h->fill(h->ctx, slot);

		pthread_mutex_lock(&h->lock);
		h->rows[slot] = rows;
		h->full[slot] = 1;
		pthread_cond_broadcast(&h->changed);
		pthread_mutex_unlock(&h->lock);
		if (rows <= 0)
			return NULL;
		slot ^= 1;
	}
}

int handoff_start(struct handoff *h, handoff_fill_fn *fill, void *ctx)
{
	*h = (struct handoff){ .fill = fill, .ctx = ctx };
	if (pthread_mutex_init(&h->lock, NULL))
		return -1;
	if (pthread_cond_init(&h->changed, NULL)) {
		pthread_mutex_destroy(&h->lock);
		return -1;
	}
	h->threaded = pthread_create(&h->thread, NULL, fill_slots, h) == 0;
	return 0;
}

/* Without a thread, the caller fills the slot it is about to take. */
static long take_unthreaded(struct handoff *h, int *slot)
{
	*slot = h->next;
	if (h->ended)
		return 0;
	h->rows[*slot] = h->fill(h->ctx, *slot);
	if (h->rows[*slot] <= 0)
		h->ended = 1;
	h->next ^= 1;
	return h->rows[*slot];
}

long handoff_take(struct handoff *h, int *slot)
{
	long rows;

	if (!h->threaded)
		return take_unthreaded(h, slot);
	*slot = h->next;
	pthread_mutex_lock(&h->lock);
	while (!h->full[*slot])
		pthread_cond_wait(&h->changed, &h->lock);
	rows = h->rows[*slot];
	pthread_mutex_unlock(&h->lock);

	/* After the end the slot stays full, so the same answer comes again. */
	if (rows > 0)
		h->next ^= 1;
	return rows;
}

void handoff_give_back(struct handoff *h, int slot)
{
	if (!h->threaded)
		return;
	pthread_mutex_lock(&h->lock);
	h->full[slot] = 0;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

void handoff_finish(struct handoff *h)
{
	if (h->threaded) {
		pthread_mutex_lock(&h->lock);
		h->stop = 1;
		pthread_cond_broadcast(&h->changed);
		pthread_mutex_unlock(&h->lock);
		pthread_join(h->thread, NULL);
	}
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
}
