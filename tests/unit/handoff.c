/*
 * handoff.c - unit tests for src/handoff.c: every batch arrives once, in
 * order, in alternating slots; the end and a failure are reported; the
 * caller may stop early; a slow caller and a slow filler both work.
 */
#include <stdlib.h>
#include <time.h>

#include "../../src/handoff.h"
#include "tap.h"

/* The filler writes batch numbers 1..total into the slots it is given. */
struct counter {
	long batch[2];		/* what each slot holds */
	long made, total, fail_at;
	long filler_naps;	/* 1: sleep in the filler, to test waiting */
};

static void nap(void)
{
	struct timespec t = { 0, 200000 };

	nanosleep(&t, NULL);
}

static long fill_next(void *ctx, int slot)
{
	struct counter *c = ctx;

	if (c->filler_naps)
		nap();
	if (c->made == c->fail_at)
		return -1;
	if (c->made == c->total)
		return 0;
	c->batch[slot] = ++c->made;
	return c->made;
}

/* Takes every batch; returns the last take's result, counts in *seen. */
static long drain(struct counter *c, int caller_naps, long *seen, int *in_order)
{
	struct handoff h;
	long rows;
	int slot, expect_slot = 0;

	*seen = 0;
	*in_order = 1;
	if (handoff_start(&h, fill_next, c))
		return -2;
	while ((rows = handoff_take(&h, &slot)) > 0) {
		(*seen)++;
		if (slot != expect_slot || c->batch[slot] != *seen || rows != *seen)
			*in_order = 0;
		if (caller_naps)
			nap();
		handoff_give_back(&h, slot);
		expect_slot ^= 1;
	}
	handoff_finish(&h);
	return rows;
}

static void test_all_batches(int caller_naps, int filler_naps, const char *name)
{
	struct counter c = { .total = 200, .fail_at = -1, .filler_naps = filler_naps };
	long seen, last;
	int in_order;

	last = drain(&c, caller_naps, &seen, &in_order);
	tap_is_long(last, 0, name);
	tap_is_long(seen, 200, "every batch taken once");
	tap_ok(in_order, "batches arrive in order, slots alternate");
}

static void test_failure(void)
{
	struct counter c = { .total = 100, .fail_at = 37 };
	long seen, last;
	int in_order;

	last = drain(&c, 0, &seen, &in_order);
	tap_is_long(last, -1, "a failing filler is reported to the caller");
	tap_is_long(seen, 37, "the batches before the failure arrive");
}

static void test_empty(void)
{
	struct counter c = { .total = 0, .fail_at = -1 };
	long seen, last;
	int in_order;

	last = drain(&c, 0, &seen, &in_order);
	tap_is_long(last, 0, "no input: the first take says end");
	tap_is_long(seen, 0, "no input: nothing taken");
}

/* The caller stops after a few batches; finish must not hang. */
static void test_early_stop(void)
{
	struct counter c = { .total = 1000000, .fail_at = -1 };
	struct handoff h;
	int slot, i, taken = 0;

	if (handoff_start(&h, fill_next, &c)) {
		tap_ok(0, "start");
		return;
	}
	for (i = 0; i < 3; i++)
		if (handoff_take(&h, &slot) > 0) {
			taken++;
			handoff_give_back(&h, slot);
		}
	handoff_finish(&h);
	tap_is_long(taken, 3, "the caller may stop early");
	tap_ok(c.made < 10, "the filler stops when the caller does");
}

int main(void)
{
	(void)tap_is_str;	/* tap.h's string check: not needed here */
	test_all_batches(0, 0, "all batches: end reported");
	test_all_batches(1, 0, "slow caller: end reported");
	test_all_batches(0, 1, "slow filler: end reported");
	test_failure();
	test_empty();
	test_early_stop();
	return tap_done();
}
