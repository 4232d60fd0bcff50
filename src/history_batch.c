/*
 * history_batch.c - status changes written a batch at a time (see
 * history_batch.h). The batch holds numbers only; the codes come from
 * status_table, so nothing is copied.
 */
#include <stdlib.h>

#include "batchwrite.h"
#include "err.h"
#include "history_batch.h"
#include "status.h"

#define BATCH_TABLE "apoyo_history_batch"

/* Changes per INSERT: enough to make the statement's start-up negligible. */
#define BATCH_ROWS 65536

static const char batch_decl[] = "CREATE TABLE x(support, anterior, nuevo)";

static const char insert_sql[] =
	"INSERT OR FAIL INTO status_history(support, anterior, nuevo, momento,"
	" comando) SELECT support, anterior, nuevo, ?1, ?2 FROM " BATCH_TABLE;

struct change {
	long long n;
	int old, new;
};

struct history_batch {
	struct batchwrite w;
	struct change *changes;	/* BATCH_ROWS */
	size_t count, limit;	/* rows held, and when to write them */
};

/* Column COL of held change ROW, in batch_decl's order. */
static void batch_column(void *ctx, size_t row, int col, sqlite3_context *out)
{
	const struct change *c = &((struct history_batch *)ctx)->changes[row];
	int status = col == 1 ? c->old : c->new;

	if (col == 0)
		sqlite3_result_int64(out, c->n);
	else
		sqlite3_result_text(out, status < 0 ? "" : status_table[status].code,
				    -1, SQLITE_STATIC);
}

int history_batch_open(struct ws *ws, const char *momento,
		       const char *comando, struct history_batch **out)
{
	struct history_batch *b = calloc(1, sizeof(*b));

	if (!b || !(b->changes = malloc(BATCH_ROWS * sizeof(*b->changes)))) {
		free(b);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	b->limit = batchwrite_rows(BATCH_ROWS);
	if (batchwrite_open(&b->w, ws, BATCH_TABLE, batch_decl, b, batch_column,
			    insert_sql)) {
		history_batch_free(b);
		return EXIT_ENV;
	}
	sqlite3_bind_text(b->w.st, 1, momento, -1, SQLITE_STATIC);
	sqlite3_bind_text(b->w.st, 2, comando, -1, SQLITE_STATIC);
	*out = b;
	return 0;
}

int history_batch_add(struct history_batch *b, long long n, int old, int new)
{
	if (b->count == b->limit && history_batch_flush(b))
		return -1;
	b->changes[b->count++] = (struct change){ n, old, new };
	return 0;
}

int history_batch_flush(struct history_batch *b)
{
	if (batchwrite_run(&b->w, b->count, "status history"))
		return -1;
	b->count = 0;
	return 0;
}

void history_batch_free(struct history_batch *b)
{
	if (!b)
		return;
	batchwrite_close(&b->w);
	free(b->changes);
	free(b);
}
