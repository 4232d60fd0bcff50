/*
 * extsort.h - an external merge sort of byte records by a byte key, with
 * bounded memory: records are gathered in memory up to a budget, each full
 * batch is sorted and written to an unlinked temporary file (a run), and
 * the runs are merged when the records are read back.
 *
 * It exists so that a bulk load can insert in key order: SQLite appends
 * to a B-tree in key order several times faster than it inserts at random
 * places, and the difference grows with the size of the table.
 *
 * Reading back runs in a second thread, which sorts, merges and gathers
 * the records into batches while the caller stores the previous batch;
 * the caller's side stays single-threaded. One sorter is used by one
 * thread of the caller at a time.
 */
#ifndef APOYO_EXTSORT_H
#define APOYO_EXTSORT_H

#include <stddef.h>

struct extsort;

/*
 * A sorter that holds about BUDGET bytes of records in memory; temporary
 * files go to $TMPDIR (else /tmp). Returns NULL when out of memory.
 * Released with extsort_free.
 */
struct extsort *extsort_new(size_t budget);
void extsort_free(struct extsort *s);

/*
 * Adds a copy of record REC (RECLEN bytes) under KEY (KEYLEN bytes).
 * Returns 0, or -1 after printing why (memory, temporary file).
 */
int extsort_add(struct extsort *s, const void *key, size_t keylen,
		const void *rec, size_t reclen);

/* Records added so far. */
size_t extsort_count(const struct extsort *s);

/*
 * The next record in key order (bytewise, a shorter key first when it is
 * a prefix); records with equal keys come back in the order they were
 * added. The first call ends the adding. Returns 1 with *key and *rec
 * pointing at memory valid until the next call, 0 when there are no more,
 * -1 after printing why.
 */
int extsort_next(struct extsort *s, const void **key, size_t *keylen,
		 const void **rec, size_t *reclen);

#endif
