/*
 * auxiliary.h - the registered auxiliaries: who may sign packages, and
 * for which aspirant. An auxiliary works for one aspirant only; its
 * public key (the line of its .pub file) identifies it by key id.
 */
#ifndef APOYO_AUXILIARY_H
#define APOYO_AUXILIARY_H

#include "csv.h"
#include "keys.h"
#include "ws.h"

struct auxiliary {
	char id[KEY_OWNER_MAX + 1];
	char aspirante[256];
	struct key_public key;
};

/*
 * Registers the auxiliaries of the CSV at PATH (columns id, aspirante,
 * nombre, clave_publica; any order; others ignored) in one transaction.
 * A row is rejected, with its reason on stderr and in PATH.rejects.csv,
 * when its id is not valid, its aspirant is not in the workspace, its key
 * is not an auxiliary public key, or the key is registered to another
 * auxiliary. An id already registered with the same values is unchanged;
 * with other values, updated. With STRICT, one rejected row aborts the
 * file with nothing written. Returns 0, EXIT_PROBLEMS when a row was
 * rejected, or EXIT_INPUT / EXIT_ENV after printing why.
 */
int auxiliary_import(struct ws *ws, const char *path, const struct csv_opts *opts,
		     int strict);

/*
 * Finds the auxiliary whose key id is KEY_HEX. *ST is a statement cache
 * owned by the caller (start with NULL, sqlite3_finalize when done).
 * Returns 1 and fills OUT, 0 when there is none, or -1 after printing an
 * error.
 */
int auxiliary_by_key(struct ws *ws, sqlite3_stmt **st, const char *key_hex,
		     struct auxiliary *out);

#endif
