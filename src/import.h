/*
 * import.h - loading geo, roll, aspirants and supports files into the
 * workspace (apoyo-import(1)).
 *
 * Each file is read row by row and loaded in one transaction. A row is
 * imported (new key), unchanged (same key, same values), updated (same
 * key, new values; supports never update, a different record under a
 * known id is a rejected conflict) or rejected with a reason, which goes
 * to FILE.rejects.csv. The file's counts go to import_log and stderr.
 */
#ifndef APOYO_IMPORT_H
#define APOYO_IMPORT_H

#include "csv.h"

struct ws;
struct import_kind;

enum import_format {
	IMPORT_FORMAT_AUTO = 0,	/* by extension: .jsonl/.ndjson, else CSV */
	IMPORT_FORMAT_CSV,
	IMPORT_FORMAT_JSONL	/* one JSON object per line (supports only) */
};

struct import_opts {
	char delimiter;			/* 0: detect from the header */
	enum csv_encoding encoding;
	int strict;			/* any rejected row aborts the file */
	enum import_format format;
};

/* The kinds this module loads, by name ("geo", "roll", ...); NULL if none. */
const struct import_kind *import_kind_find(const char *name);

/* 1 when KIND accepts JSON Lines files. */
int import_kind_jsonl(const struct import_kind *kind);

/* The format PATH will be read in, given the one asked for. */
enum import_format import_format_of(const char *path, enum import_format asked);

/*
 * Imports one file (PATH, or "-" for stdin) of KIND in one transaction
 * and prints its summary. Returns EXIT_OK, EXIT_PROBLEMS (rows rejected,
 * or --strict stopped the file: nothing committed), EXIT_INPUT (file
 * unusable: missing, no header, missing required column; nothing
 * committed) or EXIT_ENV (SQLite or I/O failure; rolled back).
 */
int import_file(struct ws *ws, const struct import_kind *kind,
		const struct import_opts *opts, const char *path);

#endif
