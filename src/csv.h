/*
 * csv.h - a streaming reader for RFC 4180 CSV as offices really write it.
 *
 * Handles quoted fields with embedded delimiters, quotes and newlines,
 * CRLF or LF line ends, a UTF-8 byte order mark, and Windows-1252 input
 * (converted to UTF-8 as it is read). The delimiter (',' ';' '|' or tab)
 * is taken from the header line unless given. Records are read one at a
 * time into a buffer the reader owns, so memory stays flat.
 */
#ifndef APOYO_CSV_H
#define APOYO_CSV_H

#include <stddef.h>

enum csv_encoding {
	CSV_UTF8 = 0,
	CSV_LATIN1 = 1		/* Windows-1252, converted to UTF-8 */
};

struct csv_opts {
	char delimiter;		/* 0: detect from the header line */
	enum csv_encoding encoding;
};

enum csv_result {
	CSV_EOF = 0,		/* no more records */
	CSV_RECORD = 1,		/* a record was read */
	CSV_BAD = 2,		/* a malformed record was skipped; see csv_error */
	CSV_IO = -1		/* read error; message already printed */
};

struct csv;

/*
 * Opens PATH ("-" for stdin) and reads its header record. Returns 0, or
 * EXIT_INPUT / EXIT_ENV after printing why (missing file, empty file,
 * unreadable header). *out is released with csv_close.
 */
int csv_open(const char *path, const struct csv_opts *opts, struct csv **out);
void csv_close(struct csv *c);

/* The next record; see enum csv_result. */
enum csv_result csv_read(struct csv *c);

/* Fields of the current record (or of the header right after csv_open). */
size_t csv_nfields(const struct csv *c);
const char *csv_field(const struct csv *c, size_t i);	/* NUL-terminated */
size_t csv_field_len(const struct csv *c, size_t i);

/* Header names, kept for the whole read; trimmed of spaces. */
size_t csv_ncolumns(const struct csv *c);
const char *csv_column_name(const struct csv *c, size_t i);

/* Index of the header column NAME (case-insensitive), or -1. */
int csv_column(const struct csv *c, const char *name);

/* Line on which the current record starts (the header is line 1). */
long csv_line(const struct csv *c);

/* The path as given, for messages. */
const char *csv_path(const struct csv *c);

/* The delimiter in use. */
char csv_delimiter(const struct csv *c);

/* Why the last record was CSV_BAD. */
const char *csv_error(const struct csv *c);

/* 1 when S[0..len) is valid UTF-8. */
int csv_utf8_valid(const char *s, size_t len);

#endif
