/*
 * images.h - the image store: the images that arrive inside packages,
 * kept by content next to the workspace so that its tables stay small.
 *
 * The store is a second SQLite file, WORKSPACE-images.db for a workspace
 * WORKSPACE.db (WORKSPACE-images.db for a name without ".db"), mode 0600,
 * WAL, with one table:
 *   image(hash TEXT PRIMARY KEY, bytes INTEGER, zlib INTEGER, datos BLOB)
 * hash is the BLAKE2b-256 of the image as captured, in hex; bytes its
 * size; datos the image compressed with zlib (zlib = 1), or as is when
 * compression would not make it smaller (zlib = 0). A support names an
 * image as "blake2b:HASH" in its frente, reverso, foto and firma columns,
 * so an image used by several supports is stored once and can be found.
 */
#ifndef APOYO_IMAGES_H
#define APOYO_IMAGES_H

#include <stddef.h>

#include "ws.h"

#define IMAGES_HASH_HEX 65
#define IMAGES_REF_PREFIX "blake2b:"

struct images;

/*
 * Opens the store of WS, creating it when WRITABLE and missing. Returns
 * 0, or an exit code after printing why. Release with images_close.
 */
int images_open(const struct ws *ws, int writable, struct images **out);
int images_close(struct images *im);

/* The store's path for the workspace at WS_PATH; malloc'd, or NULL. */
char *images_path(const char *ws_path);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK on the store. */
int images_begin(struct images *im);
int images_commit(struct images *im);
void images_rollback(struct images *im);

/* Hex BLAKE2b-256 of DATA into HEX. */
void images_hash(const unsigned char *data, size_t len, char hex[IMAGES_HASH_HEX]);

/*
 * Stores DATA unless an image with its hash is there; HEX receives the
 * hash. Returns 0, or EXIT_ENV after printing why.
 */
int images_put(struct images *im, const unsigned char *data, size_t len,
	       char hex[IMAGES_HASH_HEX]);

/*
 * Reads the image HASH into a new malloc'd buffer (*DATA, *LEN) and
 * checks it against its hash. Returns 0, EXIT_INPUT when it is not
 * there or does not match, EXIT_ENV; the message is printed.
 */
int images_get(struct images *im, const char *hash, unsigned char **data, size_t *len);

#endif
