/*
 * batchwrite.h - rows gathered in C and written by one SQL statement
 * that reads them through a batch table (batchvt.h).
 *
 * Bulk writers (roll_datos.c, history_batch.c, verdict_writes.c) hold
 * their rows in arrays of their own and show them to SQLite through
 * COLUMN; this holds what they share: the batch table, the statement,
 * running it, and an arena for the texts the rows point into.
 *
 * Their statements say OR FAIL. A statement that writes many rows and may
 * abort makes SQLite keep a statement journal, a copy of every page it
 * touches, only to undo that one statement; the writers run inside a
 * transaction that is rolled back whole on any failure, so none is needed.
 */
#ifndef APOYO_BATCHWRITE_H
#define APOYO_BATCHWRITE_H

#include <stddef.h>

#include "batchvt.h"
#include "ws.h"

struct batchwrite {
	struct ws *ws;
	const char *name;		/* the batch table */
	struct batchvt_source src;
	sqlite3_stmt *st;		/* reads the batch table */
	int registered;
	char *arena;			/* texts of the rows held */
	size_t used, cap;
};

/*
 * Registers the batch table NAME with columns DECL, shown by COLUMN(CTX,
 * ...), and prepares SQL, which reads it. NAME, DECL and CTX must outlive
 * B. Returns 0, or EXIT_ENV after printing why; either way B is released
 * with batchwrite_close.
 */
int batchwrite_open(struct batchwrite *b, struct ws *ws, const char *name,
		    const char *decl, void *ctx,
		    void (*column)(void *ctx, size_t row, int col,
				   sqlite3_context *out),
		    const char *sql);

/*
 * Copies LEN bytes at BYTES to the end of the arena and sets *AT to
 * where they start. Returns 0, or -1 after printing why.
 */
int batchwrite_append(struct batchwrite *b, const void *bytes, size_t len,
		      size_t *at);

/*
 * Runs the statement over the first NROWS rows, then empties the arena.
 * WHAT names the work in a failure message. Returns 0, or -1 after
 * printing why.
 */
int batchwrite_run(struct batchwrite *b, size_t nrows, const char *what);

void batchwrite_close(struct batchwrite *b);

/*
 * How many rows a writer should hold before running: DEFAULT_ROWS, or
 * fewer when the environment variable APOYO_TEST_BATCH_ROWS says so
 * (1 or more), which lets the tests cross batch boundaries with small
 * data. Never more than DEFAULT_ROWS: writers size their arrays by it.
 */
size_t batchwrite_rows(size_t default_rows);

#endif
