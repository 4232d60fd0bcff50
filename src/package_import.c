/*
 * package_import.c - "apoyo import packages": open each sealed record
 * with the authority's key, check who signed it and for which aspirant,
 * and store the support, its images and its provenance; see package.h.
 *
 * Each batch file is one transaction in the workspace and one in the
 * image store. The image store commits first: a crash between the two
 * commits leaves images no support names yet (harmless, and found again
 * by content on the next run), never a support without its images.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "auxiliary.h"
#include "clave.h"
#include "err.h"
#include "images.h"
#include "isotime.h"
#include "package_int.h"
#include "reject_file.h"

/* Support columns filled from text fields of the same name; a record
 * must have the first three. */
static const char *const text_columns[] = {
	"id", "aspirante", "auxiliar", "fecha_captura", "nombre", "apellido_paterno",
	"apellido_materno", "cic", "ocr", "emision", "vigencia", "seccion", "mrz",
	"modalidad", "curp", "banderas"
};

#define N_TEXT (sizeof(text_columns) / sizeof(text_columns[0]))

static const char *const image_columns[4] = { "frente", "reverso", "foto", "firma" };

/* Placeholders: text columns, then images, then the computed ones. */
static const char insert_sql[] =
	"INSERT INTO support_data(id, aspirante, auxiliar, fecha_captura, nombre,"
	" apellido_paterno, apellido_materno, cic, ocr, emision, vigencia, seccion, mrz,"
	" modalidad, curp, banderas, frente, reverso, foto, firma, instante, fecha_local,"
	" clave_elector, origen, linea, recibido) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" ?10, ?11, ?12, ?13, ?14, ?15, coalesce(?16, ''), ?17, ?18, ?19, ?20, ?21, ?22, ?23,"
	" ?24, ?25, ?26)";

struct pkg_import {
	struct ws *ws;
	const struct key_secret *authority;
	struct images *images;
	sqlite3_stmt *aux, *existing, *insert, *provenance, *log;
	char now[24];
};

struct batch {
	const char *path;
	struct package_map map;
	char hash[IMAGES_HASH_HEX];
	struct reject_file rejects;
	long read, imported, unchanged;
};

/* A record once opened: plaintexts (sodium_malloc) and what they say. */
struct opened {
	unsigned char *outer, *inner;
	size_t outer_len, inner_len;
	struct record rec;
	struct auxiliary signer;
};

static void opened_free(struct opened *op)
{
	if (op->outer)
		sodium_free(op->outer);
	if (op->inner)
		sodium_free(op->inner);
	memset(op, 0, sizeof(*op));
}

/* A text field as a NUL-terminated copy in BUF (cut to BUFSZ - 1). */
static const char *field_text(const struct record *r, const char *name, char *buf,
			      size_t bufsz)
{
	const struct record_field *f = record_get(r, name);
	size_t n = f ? f->len : 0;

	if (n >= bufsz)
		n = bufsz - 1;
	if (n)
		memcpy(buf, f->value, n);
	buf[n] = '\0';
	return buf;
}

/* Opens the seal; returns 0, 1 with WHY, or EXIT_ENV. */
static int open_seal(struct pkg_import *pi, const struct package_frame *f,
		     struct opened *op, char *why, size_t whysz)
{
	op->outer_len = f->sealed_len - crypto_box_SEALBYTES;
	op->outer = sodium_malloc(op->outer_len);
	if (!op->outer) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	if (crypto_box_seal_open(op->outer, f->sealed, f->sealed_len, pi->authority->pub.box,
				 pi->authority->box) != 0) {
		snprintf(why, whysz, "cannot be opened with authority key %s (sealed to another"
			 " key, or altered)", pi->authority->pub.id_hex);
		return 1;
	}
	if (op->outer[0] != PKG_OUTER_VERSION) {
		snprintf(why, whysz, "malformed record: version %d", op->outer[0]);
		return 1;
	}
	return 0;
}

/* Finds the signer and checks the signature; returns 0, 1 with WHY, EXIT_ENV. */
static int check_signature(struct pkg_import *pi, struct opened *op, char *why,
			   size_t whysz)
{
	char key_hex[KEY_ID_HEX];
	unsigned char *msg;
	size_t msg_len;
	int found, ok;

	sodium_bin2hex(key_hex, sizeof(key_hex), op->outer + 1, KEY_ID_BYTES);
	found = auxiliary_by_key(pi->ws, &pi->aux, key_hex, &op->signer);
	if (found < 0)
		return EXIT_ENV;
	if (!found) {
		snprintf(why, whysz, "unknown signer: key %s is not registered to any auxiliary",
			 key_hex);
		return 1;
	}
	msg = pkg_signed_message(pi->authority->pub.id, op->outer, op->outer_len, &msg_len);
	if (!msg) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	ok = crypto_sign_verify_detached(op->outer + 1 + KEY_ID_BYTES + 4, msg, msg_len,
					 op->signer.key.sign) == 0;
	sodium_memzero(msg, msg_len);
	free(msg);
	if (!ok)
		snprintf(why, whysz, "the signature does not verify with auxiliary '%s' key %s",
			 op->signer.id, key_hex);
	return ok ? 0 : 1;
}

/* Inflates and decodes the inner record; returns 0, 1 with WHY, EXIT_ENV. */
static int decode_inner(struct opened *op, char *why, size_t whysz)
{
	char detail[160];
	uLongf got;
	size_t i;

	op->inner_len = pkg_get_u32(op->outer + 9);
	if (op->inner_len == 0 || op->inner_len > RECORD_MAX_BYTES) {
		snprintf(why, whysz, "malformed record: inner length %zu", op->inner_len);
		return 1;
	}
	op->inner = sodium_malloc(op->inner_len);
	if (!op->inner) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	got = (uLongf)op->inner_len;
	if (uncompress(op->inner, &got, op->outer + PKG_OUTER_HEAD,
		       (uLong)(op->outer_len - PKG_OUTER_HEAD)) != Z_OK || got != op->inner_len) {
		snprintf(why, whysz, "malformed record: it does not decompress");
		return 1;
	}
	if (record_decode(op->inner, op->inner_len, &op->rec, detail, sizeof(detail)) != 0) {
		snprintf(why, whysz, "malformed record: %s", detail);
		return 1;
	}
	for (i = 0; i < 3; i++)
		if (!record_get(&op->rec, text_columns[i])) {
			snprintf(why, whysz, "malformed record: field '%s' missing",
				 text_columns[i]);
			return 1;
		}
	return 0;
}

/* The record must name its signer, and the signer's aspirant. */
static int check_owner(const struct opened *op, char *why, size_t whysz)
{
	char aux[128], asp[256];

	field_text(&op->rec, "auxiliar", aux, sizeof(aux));
	field_text(&op->rec, "aspirante", asp, sizeof(asp));
	if (strcmp(aux, op->signer.id)) {
		snprintf(why, whysz, "signed with the key of auxiliary '%s' but names auxiliary"
			 " '%.60s'",
			 op->signer.id, aux);
		return 1;
	}
	if (strcmp(asp, op->signer.aspirante)) {
		snprintf(why, whysz, "auxiliary '%s' works for aspirant '%.60s', not for '%.60s'",
			 op->signer.id, op->signer.aspirante, asp);
		return 1;
	}
	return 0;
}

static int open_record(struct pkg_import *pi, const struct package_frame *f,
		       struct opened *op, char *why, size_t whysz)
{
	int rc;

	if ((rc = open_seal(pi, f, op, why, whysz)) || (rc = check_signature(pi, op, why, whysz)) ||
	    (rc = decode_inner(op, why, whysz)) || (rc = check_owner(op, why, whysz)))
		return rc;
	return 0;
}

/* Stores the images and binds their references (?17 to ?20). */
static int store_images(struct pkg_import *pi, const struct opened *op)
{
	char hex[IMAGES_HASH_HEX], ref[IMAGES_HASH_HEX + 16];
	const struct record_field *f;
	int i, rc;

	for (i = 0; i < 4; i++) {
		f = record_get(&op->rec, image_columns[i]);
		if (!f || f->len == 0)
			continue;
		if ((rc = images_put(pi->images, f->value, f->len, hex)))
			return rc;
		snprintf(ref, sizeof(ref), IMAGES_REF_PREFIX "%s", hex);
		sqlite3_bind_text(pi->insert, 17 + i, ref, -1, SQLITE_TRANSIENT);
	}
	return 0;
}

/* Binds the text fields and the values computed from them. */
static void bind_fields(struct pkg_import *pi, const struct opened *op, struct batch *b,
			long number)
{
	const struct record_field *f;
	char clave[CLAVE_MAX_BYTES], raw[CLAVE_MAX_BYTES], when[64], local[11];
	long long instant;
	size_t i;

	for (i = 0; i < N_TEXT; i++) {
		f = record_get(&op->rec, text_columns[i]);
		if (f)
			sqlite3_bind_text(pi->insert, (int)i + 1, (const char *)f->value,
					  (int)f->len, SQLITE_STATIC);
	}
	field_text(&op->rec, "fecha_captura", when, sizeof(when));
	if (isotime_parse(when, pi->ws->utc_offset_min, &instant, local) == 0) {
		sqlite3_bind_int64(pi->insert, 21, instant);
		sqlite3_bind_text(pi->insert, 22, local, -1, SQLITE_TRANSIENT);
	}
	field_text(&op->rec, "clave_elector", raw, sizeof(raw));
	clave_normalize(raw, clave, sizeof(clave));
	sqlite3_bind_text(pi->insert, 23, clave, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(pi->insert, 24, b->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pi->insert, 25, number);
	sqlite3_bind_text(pi->insert, 26, pi->now, -1, SQLITE_STATIC);
}

static int store_provenance(struct pkg_import *pi, struct batch *b, long number,
			    const char *huella, const struct opened *op)
{
	sqlite3_stmt *st = pi->provenance;
	int rc = 0;

	sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(pi->ws->db));
	sqlite3_bind_text(st, 2, b->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, number);
	sqlite3_bind_text(st, 4, huella, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, op->signer.key.id_hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, pi->now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ws_fail(pi->ws, "support_package");
	sqlite3_reset(st);
	return rc;
}

static int store_support(struct pkg_import *pi, const struct opened *op, struct batch *b,
			 long number, const char *huella)
{
	int rc;

	sqlite3_clear_bindings(pi->insert);
	if ((rc = store_images(pi, op)))
		return rc;
	bind_fields(pi, op, b, number);
	rc = sqlite3_step(pi->insert) == SQLITE_DONE ? 0 : ws_fail(pi->ws, "support");
	sqlite3_reset(pi->insert);
	return rc ? rc : store_provenance(pi, b, number, huella, op);
}

/*
 * Is the support already there? 0: no; 1: yes, from this same record
 * (unchanged); 2: yes, with other content (WHY says so); or EXIT_ENV.
 */
static int existing(struct pkg_import *pi, const struct opened *op, const char *huella,
		    char *why, size_t whysz)
{
	const struct record_field *id = record_get(&op->rec, "id");
	const char *stored;
	int step, rc = 0;

	sqlite3_bind_text(pi->existing, 1, (const char *)id->value, (int)id->len,
			  SQLITE_STATIC);
	step = sqlite3_step(pi->existing);
	if (step == SQLITE_ROW) {
		stored = (const char *)sqlite3_column_text(pi->existing, 0);
		rc = stored && !strcmp(stored, huella) ? 1 : 2;
		if (rc == 2)
			snprintf(why, whysz, "conflict: support '%.*s' is already in the workspace"
				 " with other content", (int)(id->len < 80 ? id->len : 80),
				 (const char *)id->value);
	} else if (step != SQLITE_DONE) {
		rc = ws_fail(pi->ws, "support");
	}
	sqlite3_reset(pi->existing);
	return rc;
}

static void reject(struct batch *b, long number, size_t offset, const char *why)
{
	char where[32];

	err_msg("%s: record %ld (byte %zu): %s", b->path, number, offset, why);
	snprintf(where, sizeof(where), "%zu", offset);
	reject_file_add(&b->rejects, number, where, why);
}

static const char *frame_problem(const struct package_frame *f, char *why, size_t whysz)
{
	if (f->state == FRAME_TRUNCATED)
		snprintf(why, whysz, "truncated: the file ends inside this record (an append"
			 " was interrupted)");
	else
		snprintf(why, whysz, "damaged: %zu bytes that are not a valid record", f->size);
	return why;
}

/* One frame of the batch. Returns 0 (counted) or EXIT_ENV. */
static int import_frame(struct pkg_import *pi, struct batch *b, size_t index)
{
	const struct package_frame *f = &b->map.frames[index];
	long number = (long)index + 1;
	char why[300], huella[IMAGES_HASH_HEX];
	struct opened op;
	int rc;

	memset(&op, 0, sizeof(op));
	b->read++;
	if (f->state != FRAME_OK) {
		reject(b, number, f->offset, frame_problem(f, why, sizeof(why)));
		return 0;
	}
	rc = open_record(pi, f, &op, why, sizeof(why));
	if (rc == 0) {
		images_hash(op.inner, op.inner_len, huella);
		rc = existing(pi, &op, huella, why, sizeof(why));
		if (rc == 0) {
			rc = store_support(pi, &op, b, number, huella);
			b->imported += rc == 0;
		} else if (rc == 1) {
			b->unchanged++;
			rc = 0;
		} else if (rc == 2) {
			rc = 1;
		}
	}
	if (rc == 1) {
		reject(b, number, f->offset, why);
		rc = 0;
	}
	opened_free(&op);
	return rc;
}

/* Every record of a batch sealed to someone else is rejected unopened. */
static void reject_all(struct batch *b, const struct key_secret *authority)
{
	char why[160];
	size_t i;

	err_msg("%s: sealed to authority key %s; this key is %s", b->path,
		b->map.authority_hex, authority->pub.id_hex);
	snprintf(why, sizeof(why), "sealed to another authority (key %s)", b->map.authority_hex);
	for (i = 0; i < b->map.nframes; i++) {
		b->read++;
		reject_file_add(&b->rejects, (long)i + 1, "", why);
	}
}

static int log_batch(struct pkg_import *pi, struct batch *b)
{
	sqlite3_stmt *st = pi->log;
	int rc = 0;

	sqlite3_bind_text(st, 1, b->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pi->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, b->read);
	sqlite3_bind_int64(st, 4, b->imported);
	sqlite3_bind_int64(st, 5, b->unchanged);
	sqlite3_bind_int64(st, 6, b->rejects.count);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ws_fail(pi->ws, "import_log");
	sqlite3_reset(st);
	return rc;
}

/* All frames in one transaction per database; images commit first. */
static int import_frames(struct pkg_import *pi, struct batch *b)
{
	size_t i;
	int rc;

	if ((rc = ws_begin(pi->ws)))
		return rc;
	if ((rc = images_begin(pi->images))) {
		ws_rollback(pi->ws);
		return rc;
	}
	if (memcmp(b->map.authority_id, pi->authority->pub.id, KEY_ID_BYTES))
		reject_all(b, pi->authority);
	else
		for (i = 0; i < b->map.nframes && !rc; i++)
			rc = import_frame(pi, b, i);
	if (!rc)
		rc = log_batch(pi, b);
	if (!rc)
		rc = images_commit(pi->images);
	if (!rc)
		rc = ws_commit(pi->ws);
	if (rc) {
		images_rollback(pi->images);
		ws_rollback(pi->ws);
	}
	return rc;
}

static int import_batch(struct pkg_import *pi, const char *path)
{
	struct batch b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.path = path;
	if ((rc = package_map_open(path, &b.map)))
		return rc;
	images_hash(b.map.data, b.map.len, b.hash);
	if (reject_file_init(&b.rejects, path, "registro,byte,motivo")) {
		err_msg("out of memory");
		package_map_close(&b.map);
		return EXIT_ENV;
	}
	rc = import_frames(pi, &b);
	if (rc)
		b.rejects.count = 0;
	reject_file_close(&b.rejects);
	package_map_close(&b.map);
	if (rc)
		return rc;
	err_info("%s: read %ld, imported %ld, unchanged %ld, updated 0, rejected %ld", path,
		 b.read, b.imported, b.unchanged, b.read - b.imported - b.unchanged);
	return b.read - b.imported - b.unchanged ? EXIT_PROBLEMS : 0;
}

static int prepare(struct pkg_import *pi)
{
	pi->existing = ws_prepare(pi->ws, "SELECT p.huella FROM support s LEFT JOIN"
				  " support_package p ON p.support = s.n WHERE s.id = ?");
	pi->insert = ws_prepare(pi->ws, insert_sql);
	pi->provenance = ws_prepare(pi->ws, "INSERT INTO support_package(support, lote,"
				    " registro, huella, firmante, importado)"
				    " VALUES (?, ?, ?, ?, ?, ?)");
	pi->log = ws_prepare(pi->ws, "INSERT INTO import_log(tipo, archivo, momento, leidos,"
			     " importados, sin_cambio, actualizados, rechazados)"
			     " VALUES ('packages', ?, ?, ?, ?, ?, 0, ?)");
	return pi->existing && pi->insert && pi->provenance && pi->log ? 0 : EXIT_ENV;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the *.apoyo files of DIR in name order; *OUT and its strings malloc'd. */
static int list_dir(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **grown;
	size_t len, cap = 0;

	*n = 0;
	if (!d) {
		err_msg("cannot read folder '%s': %s", dir, strerror(errno));
		return EXIT_INPUT;
	}
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len <= 6 || strcmp(e->d_name + len - 6, ".apoyo"))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				goto oom;
			names = grown;
		}
		names[*n] = malloc(strlen(dir) + len + 2);
		if (!names[*n])
			goto oom;
		snprintf(names[*n], strlen(dir) + len + 2, "%s/%s", dir, e->d_name);
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), by_name);
	*out = names;
	return 0;

oom:
	closedir(d);
	while (*n > 0)
		free(names[--*n]);
	free(names);
	err_msg("out of memory");
	return EXIT_ENV;
}

/* Imports PATH, a batch or a folder of batches; returns the worst code. */
static int import_path(struct pkg_import *pi, const char *path)
{
	struct stat sb;
	char **names = NULL;
	size_t n = 0, i;
	int rc, worst = 0;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return import_batch(pi, path);
	if ((rc = list_dir(path, &names, &n)))
		return rc;
	if (n == 0)
		err_msg("no *.apoyo files in folder '%s'", path);
	for (i = 0; i < n; i++) {
		if (worst != EXIT_ENV) {
			rc = import_batch(pi, names[i]);
			worst = rc > worst ? rc : worst;
		}
		free(names[i]);
	}
	free(names);
	return n ? worst : EXIT_INPUT;
}

int package_import_keyed(struct ws *ws, const struct key_secret *authority, char **paths,
			 int npaths)
{
	struct pkg_import pi;
	int i, rc, worst = 0;

	memset(&pi, 0, sizeof(pi));
	pi.ws = ws;
	pi.authority = authority;
	ws_now(pi.now);
	if ((rc = prepare(&pi)) || (rc = images_open(ws, 1, &pi.images)))
		worst = rc;
	for (i = 0; i < npaths && worst != EXIT_ENV; i++) {
		rc = import_path(&pi, paths[i]);
		worst = rc > worst ? rc : worst;
	}
	sqlite3_finalize(pi.aux);
	sqlite3_finalize(pi.existing);
	sqlite3_finalize(pi.insert);
	sqlite3_finalize(pi.provenance);
	sqlite3_finalize(pi.log);
	rc = images_close(pi.images);
	return rc > worst ? rc : worst;
}

int package_import(struct ws *ws, const char *key_path, const char *passphrase_file,
		   char **paths, int npaths)
{
	struct key_secret *authority = NULL;
	int rc;

	if ((rc = key_read_secret(key_path, KEY_AUTHORITY, NULL, passphrase_file, &authority)))
		return rc;
	rc = package_import_keyed(ws, authority, paths, npaths);
	key_secret_free(authority);
	return rc;
}
