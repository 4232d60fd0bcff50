/*
 * import_read.h - reading the rows of an import file (import_read.c):
 * CSV through csv.c, or JSON Lines through SQLite's JSON functions, with
 * the file's columns mapped by name to the kind's columns. Used by the
 * import engine (import.c) only.
 */
#ifndef APOYO_IMPORT_READ_H
#define APOYO_IMPORT_READ_H

#include <stdio.h>

#include "import.h"
#include "import_ahead.h"
#include "import_kind.h"

#define MAX_UNKNOWN_KEYS 32

enum read_result {
	READ_ROW,		/* row filled */
	READ_BAD,		/* the row cannot be used; why filled */
	READ_EOF,
	READ_FAILED		/* I/O or SQLite failure, message printed */
};

/* A file being read, as CSV (csv.c) or as JSON Lines (SQLite's JSON). */
struct reader {
	const struct import_kind *kind;
	const char *name;
	enum import_format format;
	int check_utf8;
	struct import_row row;

	struct csv *csv;
	int map[IMPORT_MAX_COLUMNS];	/* kind column -> CSV column or -1 */

	/* A bulk CSV file is read ahead in a thread (import_ahead.h). */
	struct ahead *ahead;
	const struct ahead_record *rec;	/* the current record */
	int check[IMPORT_MAX_COLUMNS];	/* CSV columns whose UTF-8 is checked */
	int check_kind[IMPORT_MAX_COLUMNS];	/* ... and their kind columns */
	size_t ncheck;

	FILE *f;
	char *line;
	size_t line_cap, line_len;
	long lineno;
	sqlite3_stmt *type_st, *each_st;
	char *arena;
	size_t arena_cap;
	char *unknown[MAX_UNKNOWN_KEYS];
	size_t nunknown;
};

/*
 * Opens PATH as a file of KIND, named NAME in messages, and maps its
 * header. Returns 0, EXIT_INPUT (missing file, empty file, missing or
 * repeated required column; the reason printed) or EXIT_ENV. The reader
 * is released by reader_close either way.
 */
int reader_open(struct reader *rd, const struct import_kind *kind, const char *name,
		const char *path, const struct import_opts *opts, struct ws *ws);

/* The next row into rd->row; WHY says what is wrong with a READ_BAD row. */
enum read_result reader_next(struct reader *rd, struct import_reject *why);

void reader_close(struct reader *rd);

/*
 * The original record as read, for the rejects file: the names of its
 * columns (the CSV header, or "registro" for JSON Lines) and the fields of
 * the current row (every CSV field, or the JSON line).
 */
size_t reader_ncolumns(const struct reader *rd);
const char *reader_column(const struct reader *rd, size_t i);
size_t reader_nfields(const struct reader *rd);
const char *reader_field(const struct reader *rd, size_t i, size_t *len);

#endif
