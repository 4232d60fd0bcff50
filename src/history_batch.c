/*
 * history_batch.c - status changes written a batch at a time (see
 * history_batch.h). The batch holds numbers only; the codes come from
 * status_table, so nothing is copied.
 */
#include <stdlib.h>

#include "batchvt.h"
#include "err.h"
#include "history_batch.h"
#include "status.h"

#define BATCH_TABLE "apoyo_history_batch"

/* Changes per INSERT: enough to make the statement's start-up negligible. */
#define BATCH_ROWS 65536

static const char batch_decl[] = "CREATE TABLE x(support, anterior, nuevo)";

static const char insert_sql[] =
	"INSERT INTO status_history(support, anterior, nuevo, momento, comando)"
	" SELECT support, anterior, nuevo, ?1, ?2 FROM " BATCH_TABLE;

struct change {
	long long n;
	int old, new;
};

struct history_batch {
	struct ws *ws;
	sqlite3_stmt *insert;
	struct batchvt_source src;
	int registered;
	struct change *changes;	/* BATCH_ROWS */
	size_t count;
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
	b->ws = ws;
	b->src = (struct batchvt_source){ batch_decl, 0, b, batch_column };
	if (batchvt_register(ws->db, BATCH_TABLE, &b->src) != SQLITE_OK) {
		ws_fail(ws, "register " BATCH_TABLE);
		history_batch_free(b);
		return EXIT_ENV;
	}
	b->registered = 1;
	b->insert = ws_prepare(ws, insert_sql);
	if (!b->insert) {
		history_batch_free(b);
		return EXIT_ENV;
	}
	sqlite3_bind_text(b->insert, 1, momento, -1, SQLITE_STATIC);
	sqlite3_bind_text(b->insert, 2, comando, -1, SQLITE_STATIC);
	*out = b;
	return 0;
}

int history_batch_add(struct history_batch *b, long long n, int old, int new)
{
	if (b->count == BATCH_ROWS && history_batch_flush(b))
		return -1;
	b->changes[b->count++] = (struct change){ n, old, new };
	return 0;
}

int history_batch_flush(struct history_batch *b)
{
	int rc;

	if (!b->count)
		return 0;
	b->src.nrows = b->count;
	rc = sqlite3_step(b->insert);
	if (rc != SQLITE_DONE)
		ws_fail(b->ws, "status history");
	sqlite3_reset(b->insert);
	if (rc != SQLITE_DONE)
		return -1;
	b->count = 0;
	return 0;
}

void history_batch_free(struct history_batch *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->insert);
	if (b->registered)
		batchvt_unregister(b->ws->db, BATCH_TABLE);
	free(b->changes);
	free(b);
}
