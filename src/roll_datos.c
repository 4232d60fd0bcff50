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

#include "batchvt.h"
#include "err.h"
#include "roll_datos.h"

#define BATCH_TABLE "apoyo_datos_batch"

/* Rows per INSERT: enough to make the statement's start-up negligible. */
#define BATCH_ROWS 65536

static const char batch_decl[] =
	"CREATE TABLE x(n, nombre, apellido_paterno, apellido_materno, cic, ocr,"
	" curp, fecha_nacimiento, sexo)";

static const char insert_sql[] =
	"INSERT INTO roll_datos(n, nombre, apellido_paterno, apellido_materno,"
	" cic, ocr, curp, fecha_nacimiento, sexo) SELECT n, nombre,"
	" apellido_paterno, apellido_materno, cic, ocr, curp, fecha_nacimiento,"
	" sexo FROM " BATCH_TABLE;

/* Where a held row's texts are in the arena. */
struct held_row {
	size_t at;				/* the first text */
	uint32_t len[ROLL_DATOS_TEXTS];		/* each follows the one before */
};

struct datos_batch {
	struct ws *ws;
	sqlite3_stmt *insert;
	struct batchvt_source src;
	int registered;
	long long first_n;	/* n of rows[0] */
	size_t count;		/* rows held */
	struct held_row *rows;	/* BATCH_ROWS */
	char *arena;
	size_t used, cap;
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
		sqlite3_result_text(out, b->arena + at, (int)h->len[col - 1],
				    SQLITE_STATIC);
	else
		sqlite3_result_null(out);
}

/* The n after the table's largest, so that new rows append. */
static int next_n(struct datos_batch *b)
{
	sqlite3_stmt *st = ws_prepare(b->ws, "SELECT ifnull(max(n), 0) + 1"
					     " FROM roll_datos");
	int rc = 0;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		b->first_n = sqlite3_column_int64(st, 0);
	else
		rc = ws_fail(b->ws, "read roll_datos");
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
	b->ws = ws;
	b->src = (struct batchvt_source){ batch_decl, 0, b, batch_column };
	if (batchvt_register(ws->db, BATCH_TABLE, &b->src) != SQLITE_OK) {
		ws_fail(ws, "register " BATCH_TABLE);
		datos_batch_free(b);
		return EXIT_ENV;
	}
	b->registered = 1;
	b->insert = ws_prepare(ws, insert_sql);
	if (!b->insert || next_n(b)) {
		datos_batch_free(b);
		return EXIT_ENV;
	}
	*out = b;
	return 0;
}

/* Room for SIZE more bytes in the arena; -1 when out of memory. */
static int reserve(struct datos_batch *b, size_t size)
{
	size_t want = b->cap ? b->cap : (size_t)1 << 20;
	char *grown;

	while (want < b->used + size)
		want *= 2;
	if (want == b->cap)
		return 0;
	grown = realloc(b->arena, want);
	if (!grown) {
		err_msg("out of memory");
		return -1;
	}
	b->arena = grown;
	b->cap = want;
	return 0;
}

long long datos_batch_add(struct datos_batch *b,
			  const char *const text[ROLL_DATOS_TEXTS])
{
	struct held_row *h;
	size_t len[ROLL_DATOS_TEXTS], size = 0;
	int i;

	if (b->count == BATCH_ROWS && datos_batch_flush(b))
		return -1;
	for (i = 0; i < ROLL_DATOS_TEXTS; i++) {
		len[i] = text[i] ? strlen(text[i]) : 0;
		if (len[i] > INT32_MAX) {
			err_msg("a roll text of %zu bytes", len[i]);
			return -1;
		}
		size += len[i];
	}
	if (reserve(b, size))
		return -1;
	h = &b->rows[b->count];
	h->at = b->used;
	for (i = 0; i < ROLL_DATOS_TEXTS; i++) {
		memcpy(b->arena + b->used, text[i] ? text[i] : "", len[i]);
		h->len[i] = (uint32_t)len[i];
		b->used += len[i];
	}
	return b->first_n + (long long)b->count++;
}

int datos_batch_flush(struct datos_batch *b)
{
	int rc;

	if (!b->count)
		return 0;
	b->src.nrows = b->count;
	rc = sqlite3_step(b->insert);
	if (rc != SQLITE_DONE)
		ws_fail(b->ws, "insert roll_datos");
	sqlite3_reset(b->insert);
	if (rc != SQLITE_DONE)
		return -1;
	b->first_n += (long long)b->count;
	b->count = b->used = 0;
	return 0;
}

void datos_batch_free(struct datos_batch *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->insert);
	if (b->registered)
		batchvt_unregister(b->ws->db, BATCH_TABLE);
	free(b->rows);
	free(b->arena);
	free(b);
}
