/*
 * csvout.h - writing CSV as RFC 4180 describes it: comma-separated fields,
 * a field quoted when it holds a comma, a double quote, CR or LF, and a
 * double quote inside a quoted field written twice. Records end with LF
 * (not CRLF) so that the output also reads well in Unix pipelines; every
 * CSV reader, apoyo's own included, accepts both.
 */
#ifndef APOYO_CSVOUT_H
#define APOYO_CSVOUT_H

#include <stdio.h>

struct csvout {
	FILE *out;
	int fields;		/* fields written in the current record */
};

/* Starts writing to OUT; the stream stays the caller's. */
void csvout_init(struct csvout *w, FILE *out);

/* Appends one field; NULL is written as an empty field. */
void csvout_field(struct csvout *w, const char *s);
void csvout_int(struct csvout *w, long long v);

/* Ends the current record. */
void csvout_end(struct csvout *w);

#endif
