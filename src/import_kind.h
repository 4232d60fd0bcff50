/*
 * import_kind.h - what the import engine (import.c) needs from each kind
 * of file (import_geo.c, import_roll.c, import_aspirants.c,
 * import_supports.c), and the checks they share.
 *
 * The engine reads the file, maps columns by name, checks UTF-8, writes
 * rejects and counts; a kind validates one row and stores it.
 */
#ifndef APOYO_IMPORT_KIND_H
#define APOYO_IMPORT_KIND_H

#include <stddef.h>

#include "ws.h"

#define IMPORT_MAX_COLUMNS 32
#define IMPORT_REASON_MAX 400

struct import_column {
	const char *name;
	int required;		/* the file must have this column */
};

/*
 * One row, values in the order of the kind's columns. A value is NULL
 * when an optional column is absent from the file (or a JSON key is
 * absent or null); a required column is never NULL, but may be "".
 * Values live until the next row is read.
 */
struct import_row {
	const char *value[IMPORT_MAX_COLUMNS];
	size_t len[IMPORT_MAX_COLUMNS];
	long line;
};

/* Where the rows come from, for kinds that need it. */
struct import_source {
	struct ws *ws;
	const char *name;	/* path as given; "stdin" for "-" */
	const char *folder;	/* absolute folder of the file (cwd for stdin) */
	const char *now;	/* "YYYY-MM-DDTHH:MM:SSZ" of this import */
};

enum import_outcome {
	IMPORT_NEW,		/* stored under a new key */
	IMPORT_SAME,		/* key present with the same values */
	IMPORT_CHANGED,		/* key present, values replaced */
	IMPORT_REJECTED,	/* see struct import_reject */
	IMPORT_DEFERRED,	/* valid; stored and counted by finish */
	IMPORT_FAILED		/* SQLite failure, message printed */
};

/* Every row read ends in exactly one of the other four counts. */
struct import_counts {
	long read, imported, unchanged, updated, rejected;
};

struct import_reject {
	const char *field;		/* column name, or "" for the whole row */
	char reason[IMPORT_REASON_MAX];	/* "expected X, found Y" */
};

struct import_kind {
	const char *name;
	const struct import_column *columns;
	size_t ncolumns;
	int jsonl;		/* accepts JSON Lines */
	int bulk;		/* large files: load with a rollback journal */

	/*
	 * Prepares the kind's statements for one file. Returns 0 with
	 * *state set (released by end), or EXIT_ENV after printing why.
	 */
	int (*begin)(const struct import_source *src, void **state);
	enum import_outcome (*row)(void *state, const struct import_row *row,
				   struct import_reject *why);

	/*
	 * NULL, or stores the rows that row deferred, once all have been
	 * read, adding each to imported, unchanged or updated in N. Returns
	 * 0, or EXIT_ENV after printing why.
	 */
	int (*finish)(void *state, struct import_counts *n);
	void (*end)(void *state);
};

extern const struct import_kind import_kind_geo;
extern const struct import_kind import_kind_roll;
extern const struct import_kind import_kind_aspirants;
extern const struct import_kind import_kind_supports;

/* Fills WHY and returns IMPORT_REJECTED. */
enum import_outcome import_reject(struct import_reject *why, const char *field,
				  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Quotes VALUE for a reason into BUF: 'text', cut at 40 characters with
 * "..." and never inside a UTF-8 sequence; "nothing" when empty or NULL.
 */
const char *import_quote(const char *value, char *buf, size_t size);
#define IMPORT_QUOTE_MAX 64

/* VALUE, or NULL when it is NULL or empty: how optional text is stored. */
const char *import_optional(const char *value);

/*
 * Reads a whole decimal number in [MIN, MAX] from TEXT (blanks around it
 * allowed, no sign). Returns 0, or -1 when TEXT is anything else.
 */
int import_whole(const char *text, long long min, long long max,
		 long long *out);

/*
 * The checks that fill WHY on failure and return -1: a required value,
 * a whole number in range (NULL or empty TEXT is rejected), a year of
 * four digits.
 */
int import_need(const char *text, const char *field, struct import_reject *why);
int import_number(const char *text, long long min, long long max,
		  const char *field, struct import_reject *why, long long *out);
int import_year(const char *text, const char *field, struct import_reject *why,
		long long *out);

/*
 * Binds VALUE as text (NULL binds NULL) without copying: the value must
 * stay put until the statement has been stepped.
 */
void import_bind_text(sqlite3_stmt *st, int index, const char *value);

/*
 * Steps a statement that writes, resets it and returns the number of
 * rows changed, or -1 after printing the SQLite error.
 */
int import_step(struct ws *ws, sqlite3_stmt *st, const char *what);

#endif
