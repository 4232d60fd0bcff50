/*
 * import_read.c - the rows of an import file (see import_read.h).
 *
 * CSV is read by csv.c; a row with another number of fields than the
 * header, or with invalid UTF-8 in a column the kind uses, is bad. JSON
 * Lines are parsed by SQLite's JSON functions (json_valid, json_type,
 * json_each) through two prepared statements, not by code of our own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "import_read.h"

/* ---- columns ---------------------------------------------------------- */

static int kind_column(const struct import_kind *kind, const char *name)
{
	size_t j;

	for (j = 0; j < kind->ncolumns; j++)
		if (!strcasecmp(kind->columns[j].name, name))
			return (int)j;
	return -1;
}

/*
 * A supports file with some image columns but not all four is almost
 * always a mistake: every support in it would lack an image and become
 * inconsistencia (imagen_faltante). Say so before any row is read.
 */
static void warn_partial_images(struct reader *rd, long line)
{
	static const char *const roles[] = { "frente", "reverso", "foto", "firma" };
	char missing[48] = "";
	int i, k, present = 0;

	for (i = 0; i < 4; i++) {
		k = kind_column(rd->kind, roles[i]);
		if (k < 0)
			return;
		if (rd->map[k] >= 0)
			present++;
		else
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", strlen(missing) ? ", " : "", roles[i]);
	}
	if (present && present < 4)
		err_msg("%s:%ld: image columns missing: %s; every support of this file"
			" lacks those images and will be inconsistencia (imagen_faltante)",
			rd->name, line, missing);
}

/*
 * Maps the CSV header to the kind's columns. Unknown columns are noted
 * once; a repeated or missing required column makes the file unusable.
 */
static int map_header(struct reader *rd)
{
	const struct import_kind *kind = rd->kind;
	long line = csv_line(rd->csv);
	size_t i, j;
	int k, rc = 0;

	for (j = 0; j < kind->ncolumns; j++)
		rd->map[j] = -1;
	for (i = 0; i < csv_ncolumns(rd->csv); i++) {
		const char *name = csv_column_name(rd->csv, i);

		k = kind_column(kind, name);
		if (k < 0) {
			err_info("%s:%ld: ignoring unknown column '%s'", rd->name,
				 line, name);
		} else if (rd->map[k] >= 0) {
			err_data(rd->name, line, name,
				 "column appears twice in the header");
			rc = EXIT_INPUT;
		} else {
			rd->map[k] = (int)i;
		}
	}
	for (j = 0; j < kind->ncolumns; j++) {
		if (kind->columns[j].required && rd->map[j] < 0) {
			err_data(rd->name, line, kind->columns[j].name,
				 "required column missing");
			rc = EXIT_INPUT;
		}
	}
	if (!rc)
		warn_partial_images(rd, line);
	return rc;
}

/* ---- CSV rows ----------------------------------------------------------- */

static enum read_result bad_utf8(struct import_reject *why, const char *field)
{
	import_reject(why, field, "expected UTF-8 text, found invalid bytes"
		      " (for a Latin-1 or Windows-1252 file use --encoding latin1)");
	return READ_BAD;
}

static enum read_result csv_next(struct reader *rd, struct import_reject *why)
{
	const struct import_kind *kind = rd->kind;
	enum csv_result r = csv_read(rd->csv);
	size_t j, nfields;
	int col;

	if (r == CSV_EOF)
		return READ_EOF;
	if (r == CSV_IO)
		return READ_FAILED;
	rd->row.line = csv_line(rd->csv);
	if (r == CSV_BAD) {
		import_reject(why, "", "%s", csv_error(rd->csv));
		return READ_BAD;
	}

	/* A short or long row is not padded or cut: it is rejected whole. */
	nfields = csv_nfields(rd->csv);
	if (nfields != csv_ncolumns(rd->csv)) {
		import_reject(why, "", "expected %zu fields as in the header, found %zu",
			      csv_ncolumns(rd->csv), nfields);
		return READ_BAD;
	}

	for (j = 0; j < kind->ncolumns; j++) {
		col = rd->map[j];
		if (col < 0) {
			rd->row.value[j] = NULL;
			rd->row.len[j] = 0;
			continue;
		}
		rd->row.value[j] = csv_field(rd->csv, (size_t)col);
		rd->row.len[j] = csv_field_len(rd->csv, (size_t)col);
		if (rd->check_utf8 && !csv_utf8_valid(rd->row.value[j], rd->row.len[j]))
			return bad_utf8(why, kind->columns[j].name);
	}
	return READ_ROW;
}

/*
 * The same as csv_next, from the record the read-ahead thread parsed,
 * whose UTF-8 it also checked.
 */
static enum read_result ahead_csv_next(struct reader *rd,
				       struct import_reject *why)
{
	const struct import_kind *kind = rd->kind;
	const struct ahead_record *rec = ahead_next(rd->ahead);
	size_t j;
	int col;

	if (!rec) {
		err_msg("out of memory reading '%s'", rd->name);
		return READ_FAILED;
	}
	rd->rec = rec;
	if (rec->result == CSV_EOF)
		return READ_EOF;
	if (rec->result == CSV_IO)
		return READ_FAILED;
	rd->row.line = rec->line;
	if (rec->result == CSV_BAD) {
		import_reject(why, "", "%s", rec->error);
		return READ_BAD;
	}
	if (rec->nfields != csv_ncolumns(rd->csv)) {
		import_reject(why, "", "expected %zu fields as in the header,"
			      " found %zu", csv_ncolumns(rd->csv), rec->nfields);
		return READ_BAD;
	}
	for (j = 0; j < kind->ncolumns; j++) {
		col = rd->map[j];
		rd->row.value[j] = col < 0 ? NULL : rec->field[col];
		rd->row.len[j] = col < 0 ? 0 : rec->len[col];
	}
	if (rec->bad_utf8 >= 0) {
		j = (size_t)rd->check_kind[rec->bad_utf8];
		return bad_utf8(why, kind->columns[j].name);
	}
	return READ_ROW;
}

/*
 * Starts reading a bulk CSV file ahead, the UTF-8 of the columns the
 * kind uses checked by the thread; without a thread it is read here.
 */
static void start_ahead(struct reader *rd)
{
	size_t j;

	for (j = 0; j < rd->kind->ncolumns; j++) {
		if (rd->map[j] < 0 || !rd->check_utf8)
			continue;
		rd->check[rd->ncheck] = rd->map[j];
		rd->check_kind[rd->ncheck++] = (int)j;
	}
	rd->ahead = ahead_start(rd->csv, rd->check, rd->ncheck);
}

/* ---- JSON Lines rows ----------------------------------------------------- */

/* Reads the next line that is not blank; 1, 0 at the end, -1 on error. */
static int jsonl_line(struct reader *rd)
{
	ssize_t n;
	char *p;

	for (;;) {
		errno = 0;
		n = getline(&rd->line, &rd->line_cap, rd->f);
		if (n < 0) {
			if (ferror(rd->f)) {
				err_msg("cannot read '%s': %s", rd->name, strerror(errno));
				return -1;
			}
			return 0;
		}
		rd->lineno++;
		while (n > 0 && (rd->line[n - 1] == '\n' || rd->line[n - 1] == '\r'))
			rd->line[--n] = '\0';
		p = rd->line;
		if (rd->lineno == 1 && n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			memmove(p, p + 3, (size_t)n - 2);
			n -= 3;
		}
		rd->line_len = (size_t)n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			return 1;
	}
}

/* Notes an unknown key the first time it is seen in the file. */
static void note_unknown_key(struct reader *rd, const char *key)
{
	size_t i;

	for (i = 0; i < rd->nunknown; i++)
		if (!strcmp(rd->unknown[i], key))
			return;
	if (rd->nunknown == MAX_UNKNOWN_KEYS)
		return;
	rd->unknown[rd->nunknown] = strdup(key);
	if (!rd->unknown[rd->nunknown])
		return;
	rd->nunknown++;
	err_info("%s:%ld: ignoring unknown key '%s'", rd->name, rd->lineno, key);
}

/* Copies a value into the line's arena; returns its offset or -1. */
static long arena_put(struct reader *rd, size_t *used, const char *text,
		      size_t len)
{
	size_t need = *used + len + 1, cap = rd->arena_cap ? rd->arena_cap : 4096;
	char *grown;
	long at = (long)*used;

	if (need > rd->arena_cap) {
		while (cap < need)
			cap *= 2;
		grown = realloc(rd->arena, cap);
		if (!grown)
			return -1;
		rd->arena = grown;
		rd->arena_cap = cap;
	}
	memcpy(rd->arena + *used, text, len);
	rd->arena[*used + len] = '\0';
	*used = need;
	return at;
}

static const char *json_type_name(const char *type)
{
	if (!strcmp(type, "object"))
		return "an object";
	if (!strcmp(type, "array"))
		return "an array";
	if (!strcmp(type, "true") || !strcmp(type, "false"))
		return "a boolean";
	if (!strcmp(type, "real"))
		return "a number with a fraction or exponent";
	return type;
}

/* Checks that the line is one JSON object; fills WHY when it is not. */
static enum read_result jsonl_check_object(struct reader *rd,
					   struct import_reject *why)
{
	const char *type;
	enum read_result r = READ_ROW;

	sqlite3_bind_text(rd->type_st, 1, rd->line, (int)rd->line_len, SQLITE_STATIC);
	if (sqlite3_step(rd->type_st) != SQLITE_ROW) {
		err_msg("%s:%ld: JSON check failed: %s", rd->name, rd->lineno,
			sqlite3_errmsg(sqlite3_db_handle(rd->type_st)));
		r = READ_FAILED;
	} else {
		type = (const char *)sqlite3_column_text(rd->type_st, 0);
		if (!type) {
			import_reject(why, "", "expected a JSON object,"
				      " found text that is not JSON");
			r = READ_BAD;
		} else if (strcmp(type, "object")) {
			import_reject(why, "", "expected a JSON object, found %s",
				      json_type_name(type));
			r = READ_BAD;
		}
	}
	sqlite3_reset(rd->type_st);
	return r;
}

/* Takes one key of the object into the row (by offset into the arena). */
static enum read_result jsonl_take(struct reader *rd, size_t *used, long *at,
				   struct import_reject *why)
{
	sqlite3_stmt *st = rd->each_st;
	const char *key = (const char *)sqlite3_column_text(st, 0);
	const char *type = (const char *)sqlite3_column_text(st, 1);
	const char *text;
	int k = key ? kind_column(rd->kind, key) : -1;

	if (k < 0) {
		note_unknown_key(rd, key ? key : "");
		return READ_ROW;
	}
	if (at[k] >= 0) {
		import_reject(why, rd->kind->columns[k].name,
			      "key appears twice in the object");
		return READ_BAD;
	}
	if (!strcmp(type, "null"))
		return READ_ROW;
	/*
	 * A real would come back through a double (1e3 -> 1000.0, long digit
	 * strings rounded): no support field is a fraction, so refuse it.
	 */
	if (strcmp(type, "text") && strcmp(type, "integer")) {
		import_reject(why, rd->kind->columns[k].name,
			      "expected a string or a whole number, found %s",
			      json_type_name(type));
		return READ_BAD;
	}
	text = (const char *)sqlite3_column_text(st, 2);
	at[k] = arena_put(rd, used, text ? text : "",
			  (size_t)sqlite3_column_bytes(st, 2));
	if (at[k] < 0) {
		err_msg("out of memory reading '%s'", rd->name);
		return READ_FAILED;
	}
	return READ_ROW;
}

/*
 * 1 when the JSON text holds the escape \u0000. SQLite's JSON functions
 * would cut the string there, silently shortening an id or a clave.
 */
static int has_escaped_nul(const char *json, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (json[i] != '\\')
			continue;
		if (json[i + 1] == 'u' && i + 5 < len && !memcmp(json + i + 2, "0000", 4))
			return 1;
		i++;
	}
	return 0;
}

/* Walks the object's keys with json_each and fills the row. */
static enum read_result jsonl_fields(struct reader *rd,
				     struct import_reject *why)
{
	long at[IMPORT_MAX_COLUMNS];
	size_t j, used = 0;
	enum read_result r = READ_ROW;
	int step;

	if (has_escaped_nul(rd->line, rd->line_len)) {
		import_reject(why, "", "expected text, found a NUL character (\\u0000)");
		return READ_BAD;
	}
	for (j = 0; j < rd->kind->ncolumns; j++)
		at[j] = -1;
	sqlite3_bind_text(rd->each_st, 1, rd->line, (int)rd->line_len, SQLITE_STATIC);
	while (r == READ_ROW && (step = sqlite3_step(rd->each_st)) == SQLITE_ROW)
		r = jsonl_take(rd, &used, at, why);
	if (r == READ_ROW && step != SQLITE_DONE) {
		err_msg("%s:%ld: JSON read failed: %s", rd->name, rd->lineno,
			sqlite3_errmsg(sqlite3_db_handle(rd->each_st)));
		r = READ_FAILED;
	}
	sqlite3_reset(rd->each_st);
	if (r != READ_ROW)
		return r;

	/* The arena may have moved while growing: pointers are set last. */
	for (j = 0; j < rd->kind->ncolumns; j++) {
		if (at[j] >= 0) {
			rd->row.value[j] = rd->arena + at[j];
			rd->row.len[j] = strlen(rd->row.value[j]);
		} else {
			rd->row.value[j] = rd->kind->columns[j].required ? "" : NULL;
			rd->row.len[j] = 0;
		}
	}
	return READ_ROW;
}

static enum read_result jsonl_next(struct reader *rd, struct import_reject *why)
{
	enum read_result r;
	int got = jsonl_line(rd);

	if (got <= 0)
		return got < 0 ? READ_FAILED : READ_EOF;
	rd->row.line = rd->lineno;
	if (memchr(rd->line, '\0', rd->line_len) ||
	    !csv_utf8_valid(rd->line, rd->line_len)) {
		import_reject(why, "", "expected UTF-8 text, found invalid bytes"
			      " (JSON Lines files must be UTF-8)");
		return READ_BAD;
	}
	r = jsonl_check_object(rd, why);
	if (r != READ_ROW)
		return r;
	return jsonl_fields(rd, why);
}

/* ---- opening and closing a reader ---------------------------------------- */

static int jsonl_open(struct reader *rd, struct ws *ws, const char *path)
{
	rd->f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!rd->f) {
		err_msg("cannot open '%s': %s", path, strerror(errno));
		return EXIT_INPUT;
	}
	rd->type_st = ws_prepare(ws, "SELECT CASE WHEN json_valid(?1)"
				 " THEN json_type(?1) END");
	rd->each_st = ws_prepare(ws, "SELECT key, type, value FROM json_each(?1)");
	return rd->type_st && rd->each_st ? 0 : EXIT_ENV;
}

int reader_open(struct reader *rd, const struct import_kind *kind, const char *name,
		const char *path, const struct import_opts *opts, struct ws *ws)
{
	struct csv_opts copts = { opts->delimiter, opts->encoding };
	int rc;

	rd->kind = kind;
	rd->name = name;
	rd->format = import_format_of(path, opts->format);
	rd->check_utf8 = opts->encoding == CSV_UTF8;
	if (rd->format == IMPORT_FORMAT_JSONL)
		return jsonl_open(rd, ws, path);
	if ((rc = csv_open(path, &copts, &rd->csv)))
		return rc;
	if ((rc = map_header(rd)))
		return rc;
	if (kind->bulk)
		start_ahead(rd);
	return 0;
}

enum read_result reader_next(struct reader *rd, struct import_reject *why)
{
	why->field = "";
	why->reason[0] = '\0';
	if (rd->format == IMPORT_FORMAT_JSONL)
		return jsonl_next(rd, why);
	if (rd->ahead)
		return ahead_csv_next(rd, why);
	return csv_next(rd, why);
}

void reader_close(struct reader *rd)
{
	size_t i;

	ahead_stop(rd->ahead);
	csv_close(rd->csv);
	if (rd->f && rd->f != stdin)
		fclose(rd->f);
	sqlite3_finalize(rd->type_st);
	sqlite3_finalize(rd->each_st);
	for (i = 0; i < rd->nunknown; i++)
		free(rd->unknown[i]);
	free(rd->line);
	free(rd->arena);
}

/* ---- the original record, for the rejects file ----------------------------- */

size_t reader_ncolumns(const struct reader *rd)
{
	return rd->format == IMPORT_FORMAT_JSONL ? 1 : csv_ncolumns(rd->csv);
}

const char *reader_column(const struct reader *rd, size_t i)
{
	if (rd->format == IMPORT_FORMAT_JSONL)
		return "registro";
	return csv_column_name(rd->csv, i);
}

size_t reader_nfields(const struct reader *rd)
{
	if (rd->ahead)
		return rd->rec->nfields;
	return rd->format == IMPORT_FORMAT_JSONL ? 1 : csv_nfields(rd->csv);
}

const char *reader_field(const struct reader *rd, size_t i, size_t *len)
{
	if (rd->format == IMPORT_FORMAT_JSONL) {
		*len = rd->line_len;
		return rd->line;
	}
	if (rd->ahead) {
		*len = rd->rec->len[i];
		return rd->rec->field[i];
	}
	*len = csv_field_len(rd->csv, i);
	return csv_field(rd->csv, i);
}

