/*
 * rowsrc.c - CSV or JSON Lines rows as name/value pairs; see rowsrc.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sqlite3.h>

#include "err.h"
#include "rowsrc.h"

#define MAX_PAIRS 64

struct rowsrc {
	const char *path;
	struct csv *csv;	/* CSV, or */
	FILE *f;		/* JSON Lines, read with */
	sqlite3 *db;		/* an in-memory SQLite */
	sqlite3_stmt *type, *each;
	char *line;
	size_t line_cap;
	long lineno;
	char *names[MAX_PAIRS], *values[MAX_PAIRS];
	int npairs;
};

static int is_jsonl(const char *path)
{
	size_t n = strlen(path);

	return (n > 6 && !strcasecmp(path + n - 6, ".jsonl")) ||
	       (n > 7 && !strcasecmp(path + n - 7, ".ndjson"));
}

static int open_jsonl(struct rowsrc *r)
{
	r->f = strcmp(r->path, "-") ? fopen(r->path, "r") : stdin;
	if (!r->f) {
		err_msg("cannot open '%s': %s", r->path, strerror(errno));
		return errno == ENOENT || errno == EACCES ? EXIT_INPUT : EXIT_ENV;
	}
	if (sqlite3_open(":memory:", &r->db) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "SELECT json_type(?)", -1, &r->type, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "SELECT key, value, type FROM json_each(?)", -1, &r->each,
			       NULL) != SQLITE_OK) {
		err_msg("sqlite: %s", sqlite3_errmsg(r->db));
		return EXIT_ENV;
	}
	return 0;
}

int rowsrc_open(const char *path, const struct csv_opts *opts, struct rowsrc **out)
{
	struct rowsrc *r = calloc(1, sizeof(*r));
	int rc;

	if (!r) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	r->path = path;
	rc = is_jsonl(path) ? open_jsonl(r) : csv_open(path, opts, &r->csv);
	if (rc) {
		rowsrc_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

static void clear_pairs(struct rowsrc *r)
{
	int i;

	for (i = 0; i < r->npairs; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
	r->npairs = 0;
}

void rowsrc_close(struct rowsrc *r)
{
	if (!r)
		return;
	clear_pairs(r);
	csv_close(r->csv);
	if (r->f && r->f != stdin)
		fclose(r->f);
	sqlite3_finalize(r->type);
	sqlite3_finalize(r->each);
	sqlite3_close(r->db);
	free(r->line);
	free(r);
}

/* The JSON object in r->line as pairs; 0, or -1 with WHY. */
static int json_pairs(struct rowsrc *r, char *why, size_t whysz)
{
	const char *type;
	int step, rc = 0;

	sqlite3_bind_text(r->type, 1, r->line, -1, SQLITE_STATIC);
	step = sqlite3_step(r->type);
	type = step == SQLITE_ROW ? (const char *)sqlite3_column_text(r->type, 0) : NULL;
	rc = type && !strcmp(type, "object") ? 0 : -1;
	sqlite3_reset(r->type);
	if (rc) {
		snprintf(why, whysz, "expected a JSON object on the line");
		return -1;
	}
	sqlite3_bind_text(r->each, 1, r->line, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(r->each)) == SQLITE_ROW) {
		type = (const char *)sqlite3_column_text(r->each, 2);
		if (!strcmp(type, "null"))
			continue;
		if (!strcmp(type, "object") || !strcmp(type, "array") || r->npairs == MAX_PAIRS) {
			snprintf(why, whysz, "field '%.40s': expected a plain value",
				 sqlite3_column_text(r->each, 0));
			rc = -1;
			break;
		}
		r->names[r->npairs] = strdup((const char *)sqlite3_column_text(r->each, 0));
		r->values[r->npairs] = strdup((const char *)sqlite3_column_text(r->each, 1));
		r->npairs++;
	}
	sqlite3_reset(r->each);
	return rc;
}

static enum rowsrc_result next_json(struct rowsrc *r, char *why, size_t whysz)
{
	ssize_t got;
	char *p;

	for (;;) {
		got = getline(&r->line, &r->line_cap, r->f);
		if (got < 0) {
			if (ferror(r->f)) {
				err_msg("cannot read '%s': %s", r->path, strerror(errno));
				return ROWSRC_IO;
			}
			return ROWSRC_EOF;
		}
		r->lineno++;
		r->line[strcspn(r->line, "\r\n")] = '\0';
		for (p = r->line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p)
			break;
	}
	return json_pairs(r, why, whysz) ? ROWSRC_BAD : ROWSRC_ROW;
}

static enum rowsrc_result next_csv(struct rowsrc *r, char *why, size_t whysz)
{
	enum csv_result res = csv_read(r->csv);
	size_t i;

	if (res == CSV_EOF)
		return ROWSRC_EOF;
	if (res == CSV_IO)
		return ROWSRC_IO;
	if (res == CSV_BAD) {
		snprintf(why, whysz, "%s", csv_error(r->csv));
		return ROWSRC_BAD;
	}
	for (i = 0; i < csv_ncolumns(r->csv) && i < csv_nfields(r->csv) && i < MAX_PAIRS; i++) {
		r->names[r->npairs] = strdup(csv_column_name(r->csv, i));
		r->values[r->npairs] = strdup(csv_field(r->csv, i));
		r->npairs++;
	}
	return ROWSRC_ROW;
}

enum rowsrc_result rowsrc_next(struct rowsrc *r, char *why, size_t whysz)
{
	enum rowsrc_result res;
	int i;

	clear_pairs(r);
	why[0] = '\0';
	res = r->csv ? next_csv(r, why, whysz) : next_json(r, why, whysz);
	for (i = 0; i < r->npairs; i++)
		if (!r->names[i] || !r->values[i]) {
			err_msg("out of memory");
			return ROWSRC_IO;
		}
	return res;
}

const char *rowsrc_get(const struct rowsrc *r, const char *name)
{
	int i;

	for (i = 0; i < r->npairs; i++)
		if (!strcasecmp(r->names[i], name))
			return r->values[i];
	return NULL;
}

int rowsrc_has_column(const struct rowsrc *r, const char *name)
{
	return r->csv ? csv_column(r->csv, name) >= 0 : 1;
}

long rowsrc_line(const struct rowsrc *r)
{
	return r->csv ? csv_line(r->csv) : r->lineno;
}
