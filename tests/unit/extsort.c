/*
 * extsort.c - unit tests for the external merge sort: order, stability
 * for equal keys, keys longer than the in-index prefix, and the same
 * answers whether everything fits in memory or spills to many runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/extsort.h"
#include "tap.h"

#define N 5000

/* Keys with many repeats and a long shared prefix, in a scrambled order. */
static void make_key(int i, char *key, size_t size)
{
	int k = (i * 7919) % 97;

	if (k % 3 == 0)
		snprintf(key, size, "SAME-LONG-PREFIX-OVER-24-BYTES-%03d", k);
	else
		snprintf(key, size, "K%02d", k);
}

/* Reads everything back; checks order and that ties keep the adding order. */
static int drained_in_order(struct extsort *s, size_t *count)
{
	char prev_key[64] = "", key[64];
	const void *k, *r;
	size_t klen, rlen;
	int prev_seq = -1, seq, c, got, good = 1;

	*count = 0;
	while ((got = extsort_next(s, &k, &klen, &r, &rlen)) > 0) {
		memcpy(key, k, klen);
		key[klen] = '\0';
		memcpy(&seq, r, sizeof(seq));
		c = strcmp(prev_key, key);
		if (*count > 0 && (c > 0 || (c == 0 && seq <= prev_seq)))
			good = 0;
		snprintf(prev_key, sizeof(prev_key), "%s", key);
		prev_seq = seq;
		(*count)++;
	}
	return got == 0 && good;
}

static void sort_with_budget(size_t budget, int n, const char *name)
{
	struct extsort *s = extsort_new(budget);
	char key[64], label[128];
	size_t count;
	int i, added = 1;

	for (i = 0; i < n; i++) {
		make_key(i, key, sizeof(key));
		added &= extsort_add(s, key, strlen(key), &i, sizeof(i)) == 0;
	}
	snprintf(label, sizeof(label), "%s: all added", name);
	tap_ok(added, label);
	snprintf(label, sizeof(label), "%s: counted", name);
	tap_is_long((long)extsort_count(s), n, label);
	snprintf(label, sizeof(label), "%s: key order, ties in adding order", name);
	tap_ok(drained_in_order(s, &count), label);
	snprintf(label, sizeof(label), "%s: every record comes back once", name);
	tap_is_long((long)count, n, label);
	snprintf(label, sizeof(label), "%s: stays at the end", name);
	tap_ok(extsort_next(s, NULL, NULL, NULL, NULL) == 0, label);
	extsort_free(s);
}

static void test_prefix_rule(void)
{
	struct extsort *s = extsort_new(1 << 20);
	char got[16] = "";
	const void *k, *r;
	size_t klen, rlen, used = 0;

	extsort_add(s, "ABD", 3, "3", 1);
	extsort_add(s, "AB", 2, "1", 1);
	extsort_add(s, "ABC", 3, "2", 1);
	while (extsort_next(s, &k, &klen, &r, &rlen) == 1 && used + 2 < sizeof(got)) {
		got[used++] = *(const char *)r;
		got[used++] = (char)('0' + klen);
		got[used] = '\0';
	}
	tap_is_str(got, "122333", "a key that is a prefix of another sorts first");
	tap_ok(extsort_next(s, &k, &klen, &r, &rlen) == 0, "then nothing");
	extsort_free(s);

	s = extsort_new(1 << 20);
	tap_ok(extsort_next(s, &k, &klen, &r, &rlen) == 0, "an empty sorter gives nothing");
	extsort_free(s);
}

int main(void)
{
	sort_with_budget((size_t)1 << 20, N, "in memory");
	sort_with_budget(4000, N, "spilled to many runs");
	sort_with_budget(1, 50, "budget smaller than a record");
	test_prefix_rule();
	return tap_done();
}
