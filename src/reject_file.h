/*
 * reject_file.h - FILE.rejects.csv, the list of what an import rejected
 * and why: one CSV row per rejected row or record, under a header the
 * caller chooses (e.g. "linea,columna,motivo").
 */
#ifndef APOYO_REJECT_FILE_H
#define APOYO_REJECT_FILE_H

#include <stdio.h>

struct reject_file {
	char *path;		/* INPUT.rejects.csv, owned */
	const char *header;	/* not owned */
	FILE *f;		/* opened at the first rejection */
	long count;
};

/* Prepares the reject file for INPUT. Returns 0, or -1 when out of memory. */
int reject_file_init(struct reject_file *r, const char *input, const char *header);

/*
 * Adds a row: NUMBER (line or record), WHERE (a column name, a byte
 * offset...), WHY. A reject file that cannot be written is reported once
 * and then ignored: the rejection still counts.
 */
void reject_file_add(struct reject_file *r, long number, const char *where, const char *why);

/*
 * Closes the file; when nothing was rejected, removes a reject file left
 * by an earlier run so that it cannot be mistaken for this one's.
 */
void reject_file_close(struct reject_file *r);

#endif
