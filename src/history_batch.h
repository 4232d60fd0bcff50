/*
 * history_batch.h - status changes gathered in memory and written to
 * status_history a batch at a time.
 *
 * A first verification changes every support's status, and one INSERT
 * per change cost verify about a fifth of its time; one INSERT ... SELECT
 * over a batch (batchvt.h) writes the same rows for a fraction of that.
 * All changes of one batch share the moment and the command.
 */
#ifndef APOYO_HISTORY_BATCH_H
#define APOYO_HISTORY_BATCH_H

#include "ws.h"

struct history_batch;

/*
 * A batch writing into WS's status_history, inside the caller's
 * transaction, with MOMENTO and COMANDO (kept by pointer: they must
 * outlive the batch). Returns 0 with *OUT set, or EXIT_ENV after
 * printing why.
 */
int history_batch_open(struct ws *ws, const char *momento,
		       const char *comando, struct history_batch **out);

/*
 * Notes that support N went from status OLD (an index of status_table,
 * or -1 for none) to status NEW. Returns 0, or -1 after printing why.
 */
int history_batch_add(struct history_batch *b, long long n, int old, int new);

/* Writes the changes held. Returns 0, or -1 after printing why. */
int history_batch_flush(struct history_batch *b);

/* Releases B; changes not flushed are dropped. */
void history_batch_free(struct history_batch *b);

#endif
