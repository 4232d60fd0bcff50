/*
 * import.c - the import engine (see import.h): reads a CSV or JSON Lines
 * file, maps its columns by name to the kind's columns, hands each row to
 * the kind (import_geo.c, import_roll.c, ...), writes the rejected rows to
 * FILE.rejects.csv, counts every row, logs the file in import_log, and
 * commits the whole file as one transaction.
 *
 * JSON Lines are parsed by SQLite's JSON functions (json_valid, json_type,
 * json_each) through two prepared statements, not by code of our own.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "import.h"
#include "opt.h"
#include "import_kind.h"

#define MAX_UNKNOWN_KEYS 32

/* The kinds, by name; cmd/import.c decides which of them it offers. */
static const struct import_kind *const kinds[] = {
	&import_kind_aspirants, &import_kind_geo, &import_kind_roll,
	&import_kind_supports, NULL
};

enum read_result {
	READ_ROW,		/* row filled */
	READ_BAD,		/* the row cannot be used; why filled */
	READ_EOF,
	READ_FAILED		/* I/O or SQLite failure, message printed */
};

/* A file being read, as CSV (csv.c) or as JSON Lines (SQLite's JSON). */
struct reader {
	const struct import_kind *kind;
	const char *name;
	enum import_format format;
	int check_utf8;
	struct import_row row;

	struct csv *csv;
	int map[IMPORT_MAX_COLUMNS];	/* kind column -> CSV column or -1 */

	FILE *f;
	char *line;
	size_t line_cap, line_len;
	long lineno;
	sqlite3_stmt *type_st, *each_st;
	char *arena;
	size_t arena_cap;
	char *unknown[MAX_UNKNOWN_KEYS];
	size_t nunknown;
};

/* One file's import, from opening to the summary. */
struct job {
	struct ws *ws;
	const struct import_kind *kind;
	const struct import_opts *opts;
	char *name;		/* "stdin" for "-" */
	char *folder;
	char *rejects_path;
	FILE *rejects;
	char now[24];
	struct reader rd;
	void *state;
	struct import_counts n;
};

const struct import_kind *import_kind_find(const char *name)
{
	size_t i;

	for (i = 0; kinds[i]; i++)
		if (!strcmp(kinds[i]->name, name))
			return kinds[i];
	return NULL;
}

int import_kind_jsonl(const struct import_kind *kind)
{
	return kind->jsonl;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

enum import_format import_format_of(const char *path, enum import_format asked)
{
	if (asked != IMPORT_FORMAT_AUTO)
		return asked;
	if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
		return IMPORT_FORMAT_JSONL;
	return IMPORT_FORMAT_CSV;
}

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
			err_info("%s:%ld: ignoring unknown column '%s'", rd->name, line, name);
		} else if (rd->map[k] >= 0) {
			err_data(rd->name, line, name, "column appears twice in the header");
			rc = EXIT_INPUT;
		} else {
			rd->map[k] = (int)i;
		}
	}
	for (j = 0; j < kind->ncolumns; j++) {
		if (kind->columns[j].required && rd->map[j] < 0) {
			err_data(rd->name, line, kind->columns[j].name, "required column missing");
			rc = EXIT_INPUT;
		}
	}
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
	if (strcmp(type, "text") && strcmp(type, "integer") && strcmp(type, "real")) {
		import_reject(why, rd->kind->columns[k].name,
			      "expected a string or a number, found %s", json_type_name(type));
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

/* Walks the object's keys with json_each and fills the row. */
static enum read_result jsonl_fields(struct reader *rd,
				     struct import_reject *why)
{
	long at[IMPORT_MAX_COLUMNS];
	size_t j, used = 0;
	enum read_result r = READ_ROW;
	int step;

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

static int reader_open(struct reader *rd, struct job *job, const char *path)
{
	struct csv_opts copts = { job->opts->delimiter, job->opts->encoding };
	int rc;

	rd->kind = job->kind;
	rd->name = job->name;
	rd->format = import_format_of(path, job->opts->format);
	rd->check_utf8 = job->opts->encoding == CSV_UTF8;
	if (rd->format == IMPORT_FORMAT_JSONL)
		return jsonl_open(rd, job->ws, path);
	if ((rc = csv_open(path, &copts, &rd->csv)))
		return rc;
	return map_header(rd);
}

static enum read_result reader_next(struct reader *rd,
				    struct import_reject *why)
{
	why->field = "";
	why->reason[0] = '\0';
	if (rd->format == IMPORT_FORMAT_JSONL)
		return jsonl_next(rd, why);
	return csv_next(rd, why);
}

static void reader_close(struct reader *rd)
{
	size_t i;

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

/* ---- the rejects file ---------------------------------------------------- */

/* Writes one CSV field, quoted when it holds a comma, a quote or a line end. */
static void put_field(FILE *f, const char *s, size_t len)
{
	size_t i;

	if (!memchr(s, ',', len) && !memchr(s, '"', len) && !memchr(s, '\n', len) &&
	    !memchr(s, '\r', len)) {
		fwrite(s, 1, len, f);
		return;
	}
	fputc('"', f);
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

static void put_text(FILE *f, const char *s)
{
	put_field(f, s, strlen(s));
}

static void write_rejects_header(struct job *job)
{
	struct reader *rd = &job->rd;
	size_t i;

	fputs("linea,campo,motivo", job->rejects);
	if (rd->format == IMPORT_FORMAT_JSONL) {
		fputs(",registro", job->rejects);
	} else {
		for (i = 0; i < csv_ncolumns(rd->csv); i++) {
			fputc(',', job->rejects);
			put_text(job->rejects, csv_column_name(rd->csv, i));
		}
	}
	fputc('\n', job->rejects);
}

/* The original record: every CSV field as read, or the JSON line. */
static void write_original(struct job *job)
{
	struct reader *rd = &job->rd;
	size_t i;

	if (rd->format == IMPORT_FORMAT_JSONL) {
		fputc(',', job->rejects);
		put_field(job->rejects, rd->line, rd->line_len);
		return;
	}
	for (i = 0; i < csv_nfields(rd->csv); i++) {
		fputc(',', job->rejects);
		put_field(job->rejects, csv_field(rd->csv, i), csv_field_len(rd->csv, i));
	}
}

static int write_reject(struct job *job, const struct import_reject *why)
{
	if (!job->rejects) {
		job->rejects = fopen(job->rejects_path, "w");
		if (!job->rejects) {
			err_msg("cannot write '%s': %s", job->rejects_path, strerror(errno));
			return EXIT_ENV;
		}
		write_rejects_header(job);
	}
	fprintf(job->rejects, "%ld,", job->rd.row.line);
	put_text(job->rejects, why->field);
	fputc(',', job->rejects);
	put_text(job->rejects, why->reason);
	write_original(job);
	fputc('\n', job->rejects);
	return 0;
}

static int close_rejects(struct job *job)
{
	int failed;

	if (!job->rejects)
		return 0;
	failed = ferror(job->rejects) | fclose(job->rejects);
	job->rejects = NULL;
	if (failed) {
		err_msg("write to '%s' failed: %s", job->rejects_path, strerror(errno));
		return EXIT_ENV;
	}
	return 0;
}

/* ---- the rows ------------------------------------------------------------ */

static void say_reject(const struct job *job, const struct import_reject *why,
		       int always)
{
	if (!always && err_verbosity < 2)
		return;
	if (why->field[0])
		err_data(job->name, job->rd.row.line, why->field, "%s", why->reason);
	else
		err_msg("%s:%ld: %s", job->name, job->rd.row.line, why->reason);
}

/* Counts a rejected row; with --strict it ends the file instead. */
static int reject(struct job *job, const struct import_reject *why)
{
	if (job->opts->strict) {
		say_reject(job, why, 1);
		err_msg("%s: stopped at the first rejected row (--strict), nothing imported",
			job->name);
		return EXIT_PROBLEMS;
	}
	say_reject(job, why, 0);
	job->n.rejected++;
	return write_reject(job, why);
}

static int count(struct job *job, enum import_outcome outcome,
		 const struct import_reject *why)
{
	switch (outcome) {
	case IMPORT_NEW:
		job->n.imported++;
		return 0;
	case IMPORT_SAME:
		job->n.unchanged++;
		return 0;
	case IMPORT_CHANGED:
		job->n.updated++;
		return 0;
	case IMPORT_REJECTED:
		return reject(job, why);
	case IMPORT_DEFERRED:
		return 0;
	case IMPORT_FAILED:
		break;
	}
	return EXIT_ENV;
}

static int run_rows(struct job *job)
{
	struct import_reject why;
	enum import_outcome outcome;
	enum read_result r;
	int rc = 0;

	while (!rc) {
		r = reader_next(&job->rd, &why);
		if (r == READ_EOF)
			break;
		if (r == READ_FAILED)
			return EXIT_ENV;
		job->n.read++;
		if (r == READ_BAD)
			outcome = IMPORT_REJECTED;
		else
			outcome = job->kind->row(job->state, &job->rd.row, &why);
		rc = count(job, outcome, &why);
	}
	return rc;
}

/* ---- one file ------------------------------------------------------------ */

static int log_import(struct job *job)
{
	sqlite3_stmt *st = ws_prepare(job->ws, "INSERT INTO import_log(tipo, archivo,"
				      " momento, leidos, importados, sin_cambio,"
				      " actualizados, rechazados) VALUES (?,?,?,?,?,?,?,?)");
	int rc;

	if (!st)
		return EXIT_ENV;
	sqlite3_bind_text(st, 1, job->kind->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, job->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, job->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, job->n.read);
	sqlite3_bind_int64(st, 5, job->n.imported);
	sqlite3_bind_int64(st, 6, job->n.unchanged);
	sqlite3_bind_int64(st, 7, job->n.updated);
	sqlite3_bind_int64(st, 8, job->n.rejected);
	rc = import_step(job->ws, st, "import_log") < 0 ? EXIT_ENV : 0;
	sqlite3_finalize(st);
	return rc;
}

/* The absolute folder of PATH (the current folder for stdin); malloc'd. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *copy, *abs;

	if (!strcmp(path, "-"))
		return getcwd(NULL, 0);
	if (!slash)
		copy = strdup(".");
	else if (slash == path)
		copy = strdup("/");
	else
		copy = strndup(path, (size_t)(slash - path));
	if (!copy)
		return NULL;
	abs = realpath(copy, NULL);
	if (abs) {
		free(copy);
		return abs;
	}
	return copy;
}

static int job_init(struct job *job, const char *path)
{
	size_t n;

	job->name = strdup(strcmp(path, "-") ? path : "stdin");
	job->folder = folder_of(path);
	n = strlen(job->name) + sizeof(".rejects.csv");
	job->rejects_path = malloc(n);
	if (!job->name || !job->folder || !job->rejects_path) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	snprintf(job->rejects_path, n, "%s.rejects.csv", job->name);
	ws_now(job->now);

	/* A rejects file from an earlier run would describe the wrong rows. */
	if (unlink(job->rejects_path) && errno != ENOENT) {
		err_msg("cannot remove '%s': %s", job->rejects_path, strerror(errno));
		return EXIT_ENV;
	}
	return 0;
}

static void job_release(struct job *job)
{
	if (job->state)
		job->kind->end(job->state);
	reader_close(&job->rd);
	if (job->rejects) {
		fclose(job->rejects);
		unlink(job->rejects_path);
	}
	free(job->name);
	free(job->folder);
	free(job->rejects_path);
}

static void summarize(const struct job *job)
{
	const struct import_counts *n = &job->n;

	err_info("%s: read %ld, imported %ld, unchanged %ld, updated %ld,"
		 " rejected %ld", job->name, n->read, n->imported, n->unchanged,
		 n->updated, n->rejected);
	if (n->rejected)
		err_info("%s: rejected rows written to '%s'", job->name, job->rejects_path);
}

/*
 * A bulk load (the roll) writes nearly all its pages as new space at the
 * end of the file. In WAL mode each of them is written twice, to the WAL
 * and again at the checkpoint; with a rollback journal, pages beyond the
 * old end of the file need no journal at all, so they are written once.
 * The workspace goes back to WAL after the load (ws_open also sets WAL on
 * every writing open, so an interrupted load heals at the next command).
 * When another connection holds the workspace SQLite refuses the switch
 * and the load simply runs in WAL mode.
 *
 * During the load the page cache is kept small: the rows come in key
 * order, so only the right edge of each B-tree is touched, and a large
 * cache would only hold dirty pages that must be written anyway.
 */
struct bulk {
	int entered;
	long cache_size;
};

static int pragma_text(struct ws *ws, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = ws_prepare(ws, sql);
	const char *text;
	int rc = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(st, 0);
		if (text) {
			snprintf(out, size, "%s", text);
			rc = 0;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static void bulk_enter(struct ws *ws, struct bulk *b)
{
	char text[32];

	b->entered = 0;
	if (pragma_text(ws, "PRAGMA cache_size", text, sizeof(text)) ||
	    opt_to_long(text, LONG_MIN, LONG_MAX, &b->cache_size))
		return;
	if (pragma_text(ws, "PRAGMA journal_mode = DELETE", text, sizeof(text)) ||
	    strcmp(text, "delete"))
		return;
	b->entered = 1;
	ws_exec(ws, "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384");
	err_debug("bulk load with a rollback journal");
}

static void bulk_leave(struct ws *ws, const struct bulk *b)
{
	char sql[96], text[32];

	if (!b->entered)
		return;
	snprintf(sql, sizeof(sql),
		 "PRAGMA cache_size = %ld; PRAGMA synchronous = NORMAL", b->cache_size);
	ws_exec(ws, sql);
	if (pragma_text(ws, "PRAGMA journal_mode = WAL", text, sizeof(text)) ||
	    strcmp(text, "wal"))
		err_msg("workspace '%s': could not return to WAL mode after the load;"
			" the next command will", ws->path);
}

/* A monotonic clock in seconds, for the timings shown with -v. */
static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads every row and commits; on any failure nothing stays. */
static int load(struct job *job)
{
	int rc;

	double t0 = seconds(), t1, t2;

	if ((rc = ws_begin(job->ws)))
		return rc;
	rc = run_rows(job);
	t1 = seconds();
	if (!rc && job->kind->finish)
		rc = job->kind->finish(job->state, &job->n);
	t2 = seconds();
	if (!rc)
		rc = log_import(job);
	if (!rc)
		rc = close_rejects(job);
	if (!rc)
		rc = ws_commit(job->ws);
	err_debug("%s: read in %.2f s, stored in %.2f s, committed in %.2f s",
		  job->name, t1 - t0, t2 - t1, seconds() - t2);
	if (rc) {
		ws_rollback(job->ws);
		if (job->rejects)
			fclose(job->rejects);
		job->rejects = NULL;
		unlink(job->rejects_path);
	}
	return rc;
}

int import_file(struct ws *ws, const struct import_kind *kind,
		const struct import_opts *opts, const char *path)
{
	struct job job;
	struct import_source src;
	struct bulk bulk;
	int rc;

	memset(&job, 0, sizeof(job));
	job.ws = ws;
	job.kind = kind;
	job.opts = opts;
	if ((rc = job_init(&job, path)))
		goto done;
	if ((rc = reader_open(&job.rd, &job, path)))
		goto done;

	src = (struct import_source){ ws, job.name, job.folder, job.now };
	if ((rc = kind->begin(&src, &job.state)))
		goto done;
	if (kind->bulk)
		bulk_enter(ws, &bulk);
	rc = load(&job);
	if (kind->bulk)
		bulk_leave(ws, &bulk);
	if (rc)
		goto done;
	summarize(&job);
	rc = job.n.rejected ? EXIT_PROBLEMS : EXIT_OK;

done:
	job_release(&job);
	return rc;
}
