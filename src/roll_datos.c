/*
 * roll_datos.c - writing roll_datos in read order, a batch at a time (see
 * roll_datos.h).
 *
 * The texts of the rows added are copied one after another into an arena;
 * for each row, rows[] holds where each of its texts starts and how long
 * it is (0: empty, shown to SQL as NULL), so that SQLite's column calls
 * need no scanning. A flush shows the rows through a virtual table and
 * runs one INSERT ... SELECT with explicit, increasing n, so SQLite
 * appends at the right edge of the table without searching.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batchwrite.h"
#include "err.h"
#include "roll_datos.h"

#define BATCH_TABLE "apoyo_datos_batch"

/* Rows per INSERT: enough to make the statement's start-up negligible. */
#define BATCH_ROWS 65536

static const char batch_decl[] =
	"CREATE TABLE x(n, nombre, apellido_paterno, apellido_materno, cic, ocr,"
	" curp, fecha_nacimiento, sexo)";

static const char insert_sql[] =
	"INSERT OR FAIL INTO roll_datos(n, nombre, apellido_paterno,"
	" apellido_materno, cic, ocr, curp, fecha_nacimiento, sexo) SELECT n, nombre,"
	" apellido_paterno, apellido_materno, cic, ocr, curp, fecha_nacimiento,"
	" sexo FROM " BATCH_TABLE;

/* Where a held row's texts are in the arena. */
struct held_row {
	size_t at;				/* the first text */
	uint32_t len[ROLL_DATOS_TEXTS];		/* each follows the one before */
};

struct datos_batch {
	struct batchwrite w;
	long long first_n;	/* n of rows[0] */
	size_t count, limit;	/* rows held, and when to write them */
	struct held_row *rows;	/* BATCH_ROWS */
};

/* Column COL of held row ROW, in batch_decl's order. */
static void batch_column(void *ctx, size_t row, int col, sqlite3_context *out)
{
	const struct datos_batch *b = ctx;
	const struct held_row *h = &b->rows[row];
	size_t at = h->at;
	int i;

	if (col == 0) {
		sqlite3_result_int64(out, b->first_n + (long long)row);
		return;
	}
	for (i = 0; i < col - 1; i++)
		at += h->len[i];
	if (h->len[col - 1])
		sqlite3_result_text(out, b->w.arena + at, (int)h->len[col - 1],
				    SQLITE_STATIC);
	else
		sqlite3_result_null(out);
}

/* The n after the table's largest, so that new rows append. */
static int next_n(struct datos_batch *b)
{
	sqlite3_stmt *st = ws_prepare(b->w.ws, "SELECT ifnull(max(n), 0) + 1"
					       " FROM roll_datos");
	int rc = 0;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		b->first_n = sqlite3_column_int64(st, 0);
	else
		rc = ws_fail(b->w.ws, "read roll_datos");
	sqlite3_finalize(st);
	return rc ? -1 : 0;
}

int datos_batch_open(struct ws *ws, struct datos_batch **out)
{
	struct datos_batch *b = calloc(1, sizeof(*b));

	if (!b || !(b->rows = malloc(BATCH_ROWS * sizeof(*b->rows)))) {
		free(b);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	b->limit = batchwrite_rows(BATCH_ROWS);
	if (batchwrite_open(&b->w, ws, BATCH_TABLE, batch_decl, b, batch_column,
			    insert_sql) ||
	    next_n(b)) {
		datos_batch_free(b);
		return EXIT_ENV;
	}
	*out = b;
	return 0;
}

long long datos_batch_add(struct datos_batch *b,
			  const char *const text[ROLL_DATOS_TEXTS])
{
	struct held_row *h;
	size_t len, at;
	int i;

	if (b->count == b->limit && datos_batch_flush(b))
		return -1;
	h = &b->rows[b->count];
	h->at = b->w.used;
	for (i = 0; i < ROLL_DATOS_TEXTS; i++) {
		len = text[i] ? strlen(text[i]) : 0;
		if (len > INT32_MAX) {
			err_msg("a roll text of %zu bytes", len);
			return -1;
		}
		if (batchwrite_append(&b->w, text[i], len, &at))
			return -1;
		h->len[i] = (uint32_t)len;
	}
	return b->first_n + (long long)b->count++;
}

int datos_batch_flush(struct datos_batch *b)
{
	if (batchwrite_run(&b->w, b->count, "insert roll_datos"))
		return -1;
	b->first_n += (long long)b->count;
	b->count = 0;
	return 0;
}

void datos_batch_free(struct datos_batch *b)
{
	if (!b)
		return;
	batchwrite_close(&b->w);
	free(b->rows);
	free(b);
}
