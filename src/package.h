/*
 * package.h - signed, sealed batches of supports (apoyo-package(5)).
 *
 * A batch file is a header and a run of frames, one per record:
 *   header  "APOYOPKG", version (u16), 0 (u16), authority key id (8),
 *           BLAKE2b-128 of those 20 bytes                     36 bytes
 *   frame   0x89 'R' 'E' 'C', length N (u32), sealed record (N bytes),
 *           BLAKE2b-128 of the magic, length and sealed record
 * All integers are big-endian. A sealed record is crypto_box_seal, to the
 * authority's X25519 key, of:
 *   version 1 (1), signer key id (8), inner length (u32), Ed25519
 *   signature (64), the inner record compressed with zlib
 * and the signature covers "apoyo record 1", the authority key id, the
 * first 13 bytes above and the compressed record. The inner record is
 * "apoyo-record 1\n" and then fields: name length (u8), name, value
 * length (u32), value; text fields are UTF-8, images are the bytes of the
 * file as captured.
 *
 * A frame is appended with one write and fsync, so a crash loses at most
 * the record being written; readers find frames by their magic and
 * checksum, so a damaged or truncated frame never hides the good ones
 * around it. The checksums only find accidents: what makes a record
 * trustworthy is the seal and the signature.
 */
#ifndef APOYO_PACKAGE_H
#define APOYO_PACKAGE_H

#include <stddef.h>
#include <stdio.h>

#include "keys.h"
#include "ws.h"

#define PACKAGE_VERSION 1
#define PACKAGE_HEADER_LEN 36
#define RECORD_MAX_FIELDS 32
#define RECORD_MAX_BYTES (256u << 20)

/* ---- inner records ---- */

struct record_field {
	const char *name;		/* NUL-terminated */
	const unsigned char *value;	/* LEN bytes; text has no NUL */
	size_t len;
};

/* A record's fields; values are not owned (they point at the caller's
 * buffers, or into the decoded bytes). */
struct record {
	struct record_field fields[RECORD_MAX_FIELDS];
	char names[RECORD_MAX_FIELDS][33];
	int n;
};

/* Adds a field; empty text is skipped. Returns 0, or -1 when full. */
int record_add(struct record *r, const char *name, const void *value, size_t len);
int record_add_text(struct record *r, const char *name, const char *text);

/* The field NAME, or NULL. */
const struct record_field *record_get(const struct record *r, const char *name);

/*
 * Encodes R into a new buffer in sodium_malloc memory (*OUT, *LEN; free
 * with sodium_free). Returns 0, or EXIT_ENV after printing why.
 */
int record_encode(const struct record *r, unsigned char **out, size_t *len);

/*
 * Decodes BUF into R (fields point into BUF). Checks the marker, that
 * fields are known, not repeated, and that text fields are UTF-8 without
 * NUL. Returns 0, or -1 with the reason in WHY.
 */
int record_decode(const unsigned char *buf, size_t len, struct record *r, char *why,
		  size_t whysz);

/* ---- writing ---- */

struct package_writer;

/*
 * Opens the batch PATH for appending records sealed to AUTHORITY,
 * creating it when missing. An existing batch must be sealed to the same
 * authority; a partial record left at its end by an interrupted append is
 * cut off (with a message). Takes an exclusive lock on the file. Returns
 * 0 with *OUT owned by the caller, or an exit code after printing why.
 */
int package_writer_open(const char *path, const struct key_public *authority,
			struct package_writer **out);

/*
 * Compresses INNER (LEN bytes), signs it with SIGNER, seals it to the
 * authority and appends it as one frame, then fsyncs. Returns 0, or an
 * exit code after printing why.
 */
int package_writer_append(struct package_writer *w, const struct key_secret *signer,
			  const unsigned char *inner, size_t len);

/* Records in the batch, counting those appended. */
long package_writer_count(const struct package_writer *w);

/* Closes and frees W (NULL is fine). Returns 0 or EXIT_ENV. */
int package_writer_close(struct package_writer *w);

/* ---- reading ---- */

enum frame_state {
	FRAME_OK = 0,
	FRAME_DAMAGED,		/* bytes that are not a valid frame */
	FRAME_TRUNCATED		/* the file ends inside this frame */
};

struct package_frame {
	size_t offset;			/* where the frame (or damage) starts */
	size_t size;			/* bytes it covers */
	const unsigned char *sealed;	/* FRAME_OK only */
	size_t sealed_len;
	enum frame_state state;
};

struct package_map {
	const unsigned char *data;	/* the whole file, mapped read-only */
	size_t len;
	int version;
	unsigned char authority_id[KEY_ID_BYTES];
	char authority_hex[KEY_ID_HEX];
	struct package_frame *frames;	/* in file order; owned */
	size_t nframes;
	size_t good_end;		/* end of the last good frame */
};

/*
 * Maps PATH and finds its frames. Returns 0, EXIT_INPUT when the file is
 * missing or is not a batch (header missing or damaged), EXIT_ENV; the
 * message is printed. Release with package_map_close.
 */
int package_map_open(const char *path, struct package_map *out);
void package_map_close(struct package_map *m);

/*
 * Prints to OUT what can be known without the authority's key: format
 * version, authority key id, records and their sizes, damage. Returns 0,
 * EXIT_PROBLEMS when some bytes are damaged or truncated, or the exit
 * code of package_map_open.
 */
int package_inspect(const char *path, FILE *out);

/* ---- importing ---- */

/*
 * Imports the batches in PATHS (files, or folders whose *.apoyo files are
 * taken in name order) into WS with the authority's secret key at
 * KEY_PATH (passphrase as in key_read_secret). Each record is opened,
 * its signature verified against the registered auxiliary that signed
 * it, and checked to belong to that auxiliary's aspirant; a support
 * already imported with the same content is unchanged. Each file is one
 * transaction; its rejected records are listed, with the reason, on
 * stderr and in FILE.rejects.csv. Returns 0, EXIT_PROBLEMS when a record
 * was rejected, or the worst other exit code met.
 */
int package_import(struct ws *ws, const char *key_path, const char *passphrase_file,
		   char **paths, int npaths);

/* The same with the authority's key already open (for tests). */
int package_import_keyed(struct ws *ws, const struct key_secret *authority, char **paths,
			 int npaths);

#endif
