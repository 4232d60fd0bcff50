/*
 * batchvt.h - a batch of rows held by C code, seen by SQL as a table.
 *
 * A bulk load that runs one INSERT per row pays, for every row, the
 * statement's binding, reset and a fresh descent of the B-tree from its
 * root. One "INSERT INTO t SELECT ... FROM batch" instead keeps the
 * table's cursor open across the rows, so rows that arrive in key order
 * are appended at the right edge of the B-tree without a new search.
 *
 * The table is an eponymous virtual table: registering the module under
 * NAME makes "NAME" usable in SQL on that connection, with no CREATE
 * VIRTUAL TABLE. It is read-only and scans the rows in order.
 */
#ifndef APOYO_BATCHVT_H
#define APOYO_BATCHVT_H

#include <stddef.h>
#include <sqlite3.h>

/*
 * What the table shows. DECL declares its columns ("CREATE TABLE x(a, b)").
 * NROWS may change between statements, never while one runs. COLUMN sets
 * the value of column COL (0-based, in DECL's order) of row ROW with a
 * sqlite3_result_* call on OUT; text it hands over with SQLITE_STATIC
 * must stay put until the statement has been stepped to its end.
 */
struct batchvt_source {
	const char *decl;
	size_t nrows;
	void *ctx;
	void (*column)(void *ctx, size_t row, int col, sqlite3_context *out);
};

/*
 * Makes the table NAME show SRC on DB. SRC must outlive the registration.
 * Returns an SQLite result code.
 */
int batchvt_register(sqlite3 *db, const char *name, struct batchvt_source *src);

/* Removes the table NAME from DB; statements using it must be finalized. */
void batchvt_unregister(sqlite3 *db, const char *name);

#endif
