/*
 * batchwrite.c - rows written by one statement over a batch table (see
 * batchwrite.h).
 */
#include <stdlib.h>
#include <string.h>

#include "batchwrite.h"
#include "err.h"

int batchwrite_open(struct batchwrite *b, struct ws *ws, const char *name,
		    const char *decl, void *ctx,
		    void (*column)(void *ctx, size_t row, int col,
				   sqlite3_context *out),
		    const char *sql)
{
	*b = (struct batchwrite){ .ws = ws, .name = name };
	b->src = (struct batchvt_source){ decl, 0, ctx, column };
	if (batchvt_register(ws->db, name, &b->src) != SQLITE_OK) {
		err_msg("workspace '%s': register %s: %s", ws->path, name,
			sqlite3_errmsg(ws->db));
		return EXIT_ENV;
	}
	b->registered = 1;
	b->st = ws_prepare(ws, sql);
	return b->st ? 0 : EXIT_ENV;
}

int batchwrite_append(struct batchwrite *b, const void *bytes, size_t len,
		      size_t *at)
{
	size_t want = b->cap ? b->cap : (size_t)1 << 20;
	char *grown;

	while (want < b->used + len)
		want *= 2;
	if (want != b->cap) {
		grown = realloc(b->arena, want);
		if (!grown) {
			err_msg("out of memory");
			return -1;
		}
		b->arena = grown;
		b->cap = want;
	}
	if (len)
		memcpy(b->arena + b->used, bytes, len);
	*at = b->used;
	b->used += len;
	return 0;
}

int batchwrite_run(struct batchwrite *b, size_t nrows, const char *what)
{
	int rc;

	if (!nrows)
		return 0;
	b->src.nrows = nrows;
	rc = sqlite3_step(b->st);
	if (rc != SQLITE_DONE)
		ws_fail(b->ws, what);
	sqlite3_reset(b->st);
	b->used = 0;
	return rc == SQLITE_DONE ? 0 : -1;
}

void batchwrite_close(struct batchwrite *b)
{
	sqlite3_finalize(b->st);
	b->st = NULL;
	if (b->registered)
		batchvt_unregister(b->ws->db, b->name);
	b->registered = 0;
	free(b->arena);
	b->arena = NULL;
}

size_t batchwrite_rows(size_t default_rows)
{
	const char *text = getenv("APOYO_TEST_BATCH_ROWS");
	char *end;
	unsigned long rows;

	if (!text || !*text)
		return default_rows;
	rows = strtoul(text, &end, 10);
	if (*end || rows == 0 || rows > default_rows)
		return default_rows;
	return rows;
}
