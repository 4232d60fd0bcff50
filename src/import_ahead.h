/*
 * import_ahead.h - reading a CSV file ahead in a second thread, for bulk
 * imports (import_ahead.c): the thread parses records with csv.c and
 * checks the UTF-8 of the columns the kind uses, and copies them into
 * blocks, while the import's own thread checks and stores the rows of
 * the block before. Used by import_read.c only.
 *
 * The thread touches nothing but the struct csv it was given (and stderr
 * when csv.c reports a read error); SQLite stays on the caller's thread.
 */
#ifndef APOYO_IMPORT_AHEAD_H
#define APOYO_IMPORT_AHEAD_H

#include <stddef.h>

#include "csv.h"

struct ahead;

/* One record as read ahead; valid until the next ahead_next. */
struct ahead_record {
	enum csv_result result;
	long line;
	size_t nfields;
	const char *const *field;	/* nfields NUL-terminated fields */
	const size_t *len;
	const char *error;		/* CSV_BAD: csv_error's text */
	int bad_utf8;		/* first checked column failing, or -1 */
};

/*
 * Starts reading C ahead. CHECK lists NCHECK field numbers (in the kind's
 * column order) whose UTF-8 is checked in the thread; ahead_record.bad_utf8
 * is the index into CHECK of the first that fails, for records with the
 * header's number of fields. Returns NULL when no thread can be started
 * (nothing printed; read C directly then). C must not be used by the
 * caller until ahead_stop.
 */
struct ahead *ahead_start(struct csv *c, const int *check, size_t ncheck);

/*
 * The next record; its result CSV_EOF or CSV_IO ends the reading (and
 * comes back again). NULL when out of memory (nothing printed).
 */
const struct ahead_record *ahead_next(struct ahead *a);

/* Stops the thread and releases everything; NULL is allowed. */
void ahead_stop(struct ahead *a);

#endif
