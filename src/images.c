/*
 * images.c - the content-addressed image store; see images.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <zlib.h>

#include "err.h"
#include "images.h"

struct images {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *put, *get;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS image(hash TEXT PRIMARY KEY, bytes INTEGER NOT NULL,"
	" zlib INTEGER NOT NULL, datos BLOB NOT NULL);";

char *images_path(const char *ws_path)
{
	size_t len = strlen(ws_path);
	char *out = malloc(len + sizeof("-images.db"));

	if (!out)
		return NULL;
	if (len > 3 && !strcmp(ws_path + len - 3, ".db"))
		len -= 3;
	memcpy(out, ws_path, len);
	memcpy(out + len, "-images.db", sizeof("-images.db"));
	return out;
}

static int fail(struct images *im, const char *what)
{
	err_msg("image store '%s': %s: %s", im->path, what, sqlite3_errmsg(im->db));
	return EXIT_ENV;
}

static int exec(struct images *im, const char *sql)
{
	return sqlite3_exec(im->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(im, sql);
}

/* Creates the file with mode 0600 first, so that SQLite keeps the mode. */
static int create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		err_msg("cannot create image store '%s': %s", path, strerror(errno));
		return EXIT_ENV;
	}
	close(fd);
	return 0;
}

static int prepare(struct images *im)
{
	if (sqlite3_prepare_v2(im->db, "INSERT OR IGNORE INTO image VALUES (?, ?, ?, ?)", -1,
			       &im->put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(im->db, "SELECT bytes, zlib, datos FROM image WHERE hash = ?",
			       -1, &im->get, NULL) != SQLITE_OK)
		return fail(im, "prepare");
	return 0;
}

int images_open(const struct ws *ws, int writable, struct images **out)
{
	struct images *im = calloc(1, sizeof(*im));
	int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	struct stat sb;
	int rc = EXIT_ENV;

	if (!im || !(im->path = images_path(ws->path))) {
		err_msg("out of memory");
		free(im);
		return EXIT_ENV;
	}
	if (stat(im->path, &sb) != 0) {
		if (!writable) {
			err_msg("no image store '%s' (no package was imported)", im->path);
			rc = EXIT_INPUT;
			goto fail;
		}
		if ((rc = create_file(im->path)))
			goto fail;
	}
	rc = EXIT_ENV;
	if (sqlite3_open_v2(im->path, &im->db, flags, NULL) != SQLITE_OK) {
		fail(im, "open");
		goto fail;
	}
	sqlite3_busy_timeout(im->db, 10000);
	if (writable && (exec(im, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") ||
			 exec(im, schema)))
		goto fail;
	if (prepare(im))
		goto fail;
	*out = im;
	return 0;

fail:
	images_close(im);
	return rc;
}

int images_close(struct images *im)
{
	int rc = 0;

	if (!im)
		return 0;
	sqlite3_finalize(im->put);
	sqlite3_finalize(im->get);
	if (im->db && sqlite3_close(im->db) != SQLITE_OK)
		rc = fail(im, "close");
	free(im->path);
	free(im);
	return rc;
}

int images_begin(struct images *im)
{
	return exec(im, "BEGIN IMMEDIATE");
}

int images_commit(struct images *im)
{
	return exec(im, "COMMIT");
}

void images_rollback(struct images *im)
{
	if (im && !sqlite3_get_autocommit(im->db))
		sqlite3_exec(im->db, "ROLLBACK", NULL, NULL, NULL);
}

void images_hash(const unsigned char *data, size_t len, char hex[IMAGES_HASH_HEX])
{
	unsigned char hash[32];

	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	sodium_bin2hex(hex, IMAGES_HASH_HEX, hash, sizeof(hash));
}

/* 1 when HEX is already stored. */
static int have(struct images *im, const char *hex)
{
	int found;

	sqlite3_bind_text(im->get, 1, hex, -1, SQLITE_STATIC);
	found = sqlite3_step(im->get) == SQLITE_ROW;
	sqlite3_reset(im->get);
	return found;
}

int images_put(struct images *im, const unsigned char *data, size_t len,
	       char hex[IMAGES_HASH_HEX])
{
	uLongf zlen = compressBound((uLong)len);
	unsigned char *z;
	int use_zlib, rc = 0;

	images_hash(data, len, hex);
	if (have(im, hex))
		return 0;
	z = malloc(zlen);
	if (!z) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	use_zlib = compress2(z, &zlen, data, (uLong)len, Z_BEST_COMPRESSION) == Z_OK &&
		   zlen < len;
	sqlite3_bind_text(im->put, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(im->put, 2, (sqlite3_int64)len);
	sqlite3_bind_int(im->put, 3, use_zlib);
	sqlite3_bind_blob64(im->put, 4, use_zlib ? z : data, use_zlib ? zlen : len,
			    SQLITE_STATIC);
	if (sqlite3_step(im->put) != SQLITE_DONE)
		rc = fail(im, "store image");
	sqlite3_reset(im->put);
	sqlite3_clear_bindings(im->put);
	free(z);
	return rc;
}

/* Copies or inflates the stored bytes of the current row into *DATA. */
static int unpack(struct images *im, const char *hash, unsigned char **data, size_t *len)
{
	sqlite3_int64 bytes = sqlite3_column_int64(im->get, 0);
	int zlib = sqlite3_column_int(im->get, 1);
	const void *blob = sqlite3_column_blob(im->get, 2);
	size_t blob_len = (size_t)sqlite3_column_bytes(im->get, 2);
	uLongf out_len = (uLongf)bytes;
	unsigned char *buf = bytes > 0 ? malloc((size_t)bytes) : NULL;
	char check[IMAGES_HASH_HEX];

	if (!buf) {
		err_msg("image %s: cannot allocate %lld bytes", hash, (long long)bytes);
		return EXIT_ENV;
	}
	if (zlib ? uncompress(buf, &out_len, blob, (uLong)blob_len) != Z_OK ||
			   out_len != (uLongf)bytes
		 : blob_len != (size_t)bytes) {
		err_msg("image %s is damaged in '%s'", hash, im->path);
		free(buf);
		return EXIT_INPUT;
	}
	if (!zlib)
		memcpy(buf, blob, blob_len);
	images_hash(buf, (size_t)bytes, check);
	if (strcmp(check, hash)) {
		err_msg("image %s does not match its hash in '%s'", hash, im->path);
		free(buf);
		return EXIT_INPUT;
	}
	*data = buf;
	*len = (size_t)bytes;
	return 0;
}

int images_get(struct images *im, const char *hash, unsigned char **data, size_t *len)
{
	int rc;

	sqlite3_bind_text(im->get, 1, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(im->get) != SQLITE_ROW) {
		err_msg("image %s is not in '%s'", hash, im->path);
		rc = EXIT_INPUT;
	} else {
		rc = unpack(im, hash, data, len);
	}
	sqlite3_reset(im->get);
	return rc;
}
