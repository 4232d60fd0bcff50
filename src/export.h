/*
 * export.h - "apoyo export supports": every support with its status, INE
 * category and reasons, the list an aspirant receives to contest
 * rejections. CSV through csvout.h; JSON Lines built by SQLite's
 * json_object, so that every value is escaped by SQLite itself.
 */
#ifndef APOYO_EXPORT_H
#define APOYO_EXPORT_H

#include <stdio.h>

struct ws;

enum export_format {
	EXPORT_CSV,
	EXPORT_JSONL
};

struct export_filter {
	const char *aspirant;   /* only this aspirant's supports, or NULL */
	const char *status;	/* only this status code, or NULL */
};

/* "csv" or "jsonl"; returns 0, or -1 for anything else. */
int export_format_from_name(const char *name, enum export_format *out);

/*
 * Writes the supports that pass F to OUT in support.n order (the order
 * they were received). Returns 0 or EXIT_ENV after printing why. The
 * caller checks F (known aspirant, known status) beforehand.
 */
int export_supports(struct ws *ws, FILE *out, const struct export_filter *f,
		    enum export_format format);

/* 1 when the workspace has an aspirant with this id; -1 on SQLite errors. */
int export_aspirant_exists(struct ws *ws, const char *id);

#endif
