/*
 * auxiliary.c - registering auxiliaries and finding them by key; see
 * auxiliary.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auxiliary.h"
#include "err.h"
#include "reject_file.h"

static const char *const columns[4] = { "id", "aspirante", "nombre", "clave_publica" };

enum { COL_ID, COL_ASPIRANTE, COL_NOMBRE, COL_CLAVE };

struct aux_import {
	struct ws *ws;
	struct csv *csv;
	const char *path;
	int col[4];
	sqlite3_stmt *by_id, *by_key, *aspirant, *insert, *update, *log;
	struct reject_file rejects;
	long read, imported, unchanged, updated;
	char now[24];
};

/* One row's values, trimmed, and its parsed key. */
struct aux_row {
	char id[KEY_OWNER_MAX + 2];
	const char *aspirante, *nombre, *clave;
	char buf[3][KEY_LINE_MAX];
	struct key_public key;
};

static const char *trimmed(const char *text, char *buf, size_t bufsz)
{
	size_t start = 0, end = strlen(text);

	while (start < end && (text[start] == ' ' || text[start] == '\t'))
		start++;
	while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
		end--;
	if (end - start >= bufsz)
		end = start + bufsz - 1;
	memcpy(buf, text + start, end - start);
	buf[end - start] = '\0';
	return buf;
}

static int find_columns(struct aux_import *ai)
{
	size_t i, j;
	int known;

	for (i = 0; i < 4; i++) {
		ai->col[i] = csv_column(ai->csv, columns[i]);
		if (ai->col[i] < 0) {
			err_msg("%s:1: field '%s': required column missing", ai->path, columns[i]);
			return EXIT_INPUT;
		}
	}
	for (i = 0; i < csv_ncolumns(ai->csv); i++) {
		for (known = 0, j = 0; j < 4; j++)
			known |= (int)i == ai->col[j];
		if (!known)
			err_info("%s:1: unknown column '%s' ignored", ai->path,
				 csv_column_name(ai->csv, i));
	}
	return 0;
}

static int prepare(struct aux_import *ai)
{
	struct ws *ws = ai->ws;

	ai->by_id = ws_prepare(ws, "SELECT aspirante, nombre, clave_publica FROM auxiliary"
			       " WHERE id = ?");
	ai->by_key = ws_prepare(ws, "SELECT id FROM auxiliary WHERE llave = ?");
	ai->aspirant = ws_prepare(ws, "SELECT 1 FROM aspirant WHERE id = ?");
	ai->insert = ws_prepare(ws, "INSERT INTO auxiliary(id, aspirante, nombre,"
				" clave_publica, llave, registrado)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	ai->update = ws_prepare(ws, "UPDATE auxiliary SET aspirante = ?2, nombre = ?3,"
				" clave_publica = ?4, llave = ?5, registrado = ?6 WHERE id = ?1");
	ai->log = ws_prepare(ws, "INSERT INTO import_log(tipo, archivo, momento, leidos,"
			     " importados, sin_cambio, actualizados, rechazados)"
			     " VALUES ('auxiliaries', ?, ?, ?, ?, ?, 0, ?)");
	return ai->by_id && ai->by_key && ai->aspirant && ai->insert && ai->update && ai->log
	       ? 0 : EXIT_ENV;
}

static void finalize(struct aux_import *ai)
{
	sqlite3_finalize(ai->by_id);
	sqlite3_finalize(ai->by_key);
	sqlite3_finalize(ai->aspirant);
	sqlite3_finalize(ai->insert);
	sqlite3_finalize(ai->update);
	sqlite3_finalize(ai->log);
}

/* Reports a rejected row; FIELD "" when the row as a whole is bad. */
static void reject(struct aux_import *ai, const char *field, const char *why)
{
	if (*field)
		err_data(ai->path, csv_line(ai->csv), field, "%s", why);
	else
		err_msg("%s:%ld: %s", ai->path, csv_line(ai->csv), why);
	reject_file_add(&ai->rejects, csv_line(ai->csv), field, why);
}

/* 1 when STEP of ST on one text TEXT returns a row. */
static int exists(sqlite3_stmt *st, const char *text)
{
	int found;

	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Reads and checks the current row; returns 0, or 1 after rejecting it. */
static int read_row(struct aux_import *ai, struct aux_row *row)
{
	char why[200];
	const char *raw_id = csv_field(ai->csv, ai->col[COL_ID]);

	trimmed(raw_id, row->id, sizeof(row->id));
	row->aspirante = trimmed(csv_field(ai->csv, ai->col[COL_ASPIRANTE]), row->buf[0],
				 sizeof(row->buf[0]));
	row->nombre = trimmed(csv_field(ai->csv, ai->col[COL_NOMBRE]), row->buf[1],
			      sizeof(row->buf[1]));
	row->clave = trimmed(csv_field(ai->csv, ai->col[COL_CLAVE]), row->buf[2],
			     sizeof(row->buf[2]));
	if (!key_owner_valid(row->id)) {
		snprintf(why, sizeof(why), "expected 1 to 64 of A-Z a-z 0-9 . _ -, found '%.80s'",
			 raw_id);
		reject(ai, "id", why);
		return 1;
	}
	if (!exists(ai->aspirant, row->aspirante)) {
		snprintf(why, sizeof(why), "expected a known aspirant, found '%.80s'",
			 row->aspirante);
		reject(ai, "aspirante", why);
		return 1;
	}
	if (!row->nombre[0]) {
		reject(ai, "nombre", "expected the auxiliary's name, found nothing");
		return 1;
	}
	if (key_parse_public(row->clave, &row->key, why, sizeof(why)) != 0) {
		reject(ai, "clave_publica", why);
		return 1;
	}
	if (row->key.kind != KEY_AUXILIARY) {
		snprintf(why, sizeof(why), "expected an auxiliary public key, found an %s one",
			 key_kind_name(row->key.kind));
		reject(ai, "clave_publica", why);
		return 1;
	}
	return 0;
}

/* 1 when the key of ROW is registered to another auxiliary (rejects it). */
static int key_taken(struct aux_import *ai, const struct aux_row *row)
{
	char why[200];
	int taken = 0;

	sqlite3_bind_text(ai->by_key, 1, row->key.id_hex, -1, SQLITE_STATIC);
	if (sqlite3_step(ai->by_key) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(ai->by_key, 0), row->id)) {
		snprintf(why, sizeof(why), "key %s is already registered to auxiliary '%s'",
			 row->key.id_hex, (const char *)sqlite3_column_text(ai->by_key, 0));
		taken = 1;
	}
	sqlite3_reset(ai->by_key);
	if (taken)
		reject(ai, "clave_publica", why);
	return taken;
}

/* -1 when ROW's id is new, 1 when registered with the same values, else 0. */
static int same_as_stored(struct aux_import *ai, const struct aux_row *row)
{
	int same = -1;

	sqlite3_bind_text(ai->by_id, 1, row->id, -1, SQLITE_STATIC);
	if (sqlite3_step(ai->by_id) == SQLITE_ROW)
		same = !strcmp((const char *)sqlite3_column_text(ai->by_id, 0), row->aspirante) &&
		       !strcmp((const char *)sqlite3_column_text(ai->by_id, 1), row->nombre) &&
		       !strcmp((const char *)sqlite3_column_text(ai->by_id, 2), row->clave);
	sqlite3_reset(ai->by_id);
	return same;
}

static int store(struct aux_import *ai, sqlite3_stmt *st, const struct aux_row *row)
{
	int rc = 0;

	sqlite3_bind_text(st, 1, row->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, row->aspirante, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, row->nombre, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, row->clave, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, row->key.id_hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ai->now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ws_fail(ai->ws, "auxiliary");
	sqlite3_reset(st);
	return rc;
}

/* One record of the CSV. Returns 0 (counted) or EXIT_ENV. */
static int import_row(struct aux_import *ai, enum csv_result res)
{
	struct aux_row *row;
	int same, rc = 0;

	ai->read++;
	if (res == CSV_BAD) {
		reject(ai, "", csv_error(ai->csv));
		return 0;
	}
	row = calloc(1, sizeof(*row));
	if (!row) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	if (read_row(ai, row) || key_taken(ai, row))
		goto done;
	same = same_as_stored(ai, row);
	if (same == 1) {
		ai->unchanged++;
	} else if (same == 0) {
		rc = store(ai, ai->update, row);
		ai->updated++;
	} else {
		rc = store(ai, ai->insert, row);
		ai->imported++;
	}

done:
	free(row);
	return rc;
}

static int log_import(struct aux_import *ai)
{
	int rc = 0;

	sqlite3_bind_text(ai->log, 1, ai->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(ai->log, 2, ai->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ai->log, 3, ai->read);
	sqlite3_bind_int64(ai->log, 4, ai->imported);
	sqlite3_bind_int64(ai->log, 5, ai->unchanged);
	sqlite3_bind_int64(ai->log, 6, ai->rejects.count);
	if (sqlite3_step(ai->log) != SQLITE_DONE)
		rc = ws_fail(ai->ws, "import_log");
	sqlite3_reset(ai->log);
	return rc;
}

static int run(struct aux_import *ai, int strict)
{
	enum csv_result res;
	int rc;

	if ((rc = find_columns(ai)) || (rc = prepare(ai)) || (rc = ws_begin(ai->ws)))
		return rc;
	while ((res = csv_read(ai->csv)) != CSV_EOF && !rc) {
		if (res == CSV_IO)
			rc = EXIT_ENV;
		else
			rc = import_row(ai, res);
	}
	if (!rc && strict && ai->rejects.count) {
		err_msg("%s: %ld rows rejected; nothing imported (--strict)", ai->path,
			ai->rejects.count);
		rc = EXIT_PROBLEMS;
	}
	if (!rc)
		rc = log_import(ai);
	if (!rc)
		rc = ws_commit(ai->ws);
	if (rc)
		ws_rollback(ai->ws);
	return rc;
}

int auxiliary_import(struct ws *ws, const char *path, const struct csv_opts *opts,
		     int strict)
{
	struct aux_import ai;
	long rejected;
	int rc;

	memset(&ai, 0, sizeof(ai));
	ai.ws = ws;
	ai.path = path;
	ws_now(ai.now);
	if ((rc = keys_init()) || (rc = csv_open(path, opts, &ai.csv)))
		return rc;
	if (reject_file_init(&ai.rejects, path, "linea,columna,motivo")) {
		err_msg("out of memory");
		csv_close(ai.csv);
		return EXIT_ENV;
	}
	rc = run(&ai, strict);
	rejected = ai.rejects.count;
	if (rc)
		ai.rejects.count = 0;
	finalize(&ai);
	csv_close(ai.csv);
	reject_file_close(&ai.rejects);
	if (rc)
		return rc;
	err_info("%s: read %ld, imported %ld, unchanged %ld, updated %ld, rejected %ld", path,
		 ai.read, ai.imported, ai.unchanged, ai.updated, rejected);
	return rejected ? EXIT_PROBLEMS : 0;
}

int auxiliary_by_key(struct ws *ws, sqlite3_stmt **st, const char *key_hex,
		     struct auxiliary *out)
{
	char why[160];
	int step;

	if (!*st && !(*st = ws_prepare(ws, "SELECT id, aspirante, clave_publica FROM auxiliary"
					   " WHERE llave = ?")))
		return -1;
	sqlite3_bind_text(*st, 1, key_hex, -1, SQLITE_STATIC);
	step = sqlite3_step(*st);
	if (step == SQLITE_ROW) {
		snprintf(out->id, sizeof(out->id), "%s", sqlite3_column_text(*st, 0));
		snprintf(out->aspirante, sizeof(out->aspirante), "%s",
			 sqlite3_column_text(*st, 1));
		if (key_parse_public((const char *)sqlite3_column_text(*st, 2), &out->key, why,
				     sizeof(why))) {
			err_msg("workspace: auxiliary '%s' has a damaged key: %s", out->id, why);
			step = SQLITE_ERROR;
		}
	} else if (step != SQLITE_DONE) {
		ws_fail(ws, "auxiliary");
	}
	sqlite3_reset(*st);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}
