/*
 * rowsrc.h - the rows of a supports file, CSV (csv.h) or JSON Lines (one
 * JSON object per line, read with SQLite's JSON functions), as name/value
 * pairs, so that a command can read either the same way.
 */
#ifndef APOYO_ROWSRC_H
#define APOYO_ROWSRC_H

#include <stddef.h>

#include "csv.h"

enum rowsrc_result {
	ROWSRC_EOF = 0,
	ROWSRC_ROW = 1,
	ROWSRC_BAD = 2,		/* a malformed row was skipped; see the WHY */
	ROWSRC_IO = -1		/* read error; message printed */
};

struct rowsrc;

/*
 * Opens PATH: JSON Lines when its name ends in .jsonl or .ndjson, else
 * CSV read with OPTS. Returns 0, or EXIT_INPUT / EXIT_ENV after printing
 * why. Release with rowsrc_close.
 */
int rowsrc_open(const char *path, const struct csv_opts *opts, struct rowsrc **out);
void rowsrc_close(struct rowsrc *r);

/* The next row; on ROWSRC_BAD, WHY says what was wrong. */
enum rowsrc_result rowsrc_next(struct rowsrc *r, char *why, size_t whysz);

/* The value of NAME in the current row, or NULL when it has none. */
const char *rowsrc_get(const struct rowsrc *r, const char *name);

/* 1 when the file can hold NAME: a CSV column, or any name in JSON Lines. */
int rowsrc_has_column(const struct rowsrc *r, const char *name);

/* Line on which the current row starts. */
long rowsrc_line(const struct rowsrc *r);

#endif
