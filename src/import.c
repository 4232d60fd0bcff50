/*
 * import.c - the import engine (see import.h): reads a CSV or JSON Lines
 * file, maps its columns by name to the kind's columns, hands each row to
 * the kind (import_geo.c, import_roll.c, ...), writes the rejected rows to
 * FILE.rejects.csv, counts every row, logs the file in import_log, and
 * commits the whole file as one transaction.
 *
 * The rows themselves are read by import_read.c.
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
#include "import_read.h"
#include "opt.h"

/* The kinds, by name; cmd/import.c decides which of them it offers. */
static const struct import_kind *const kinds[] = {
	&import_kind_aspirants, &import_kind_geo, &import_kind_roll,
	&import_kind_supports, NULL
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
	size_t i;

	fputs("linea,campo,motivo", job->rejects);
	for (i = 0; i < reader_ncolumns(&job->rd); i++) {
		fputc(',', job->rejects);
		put_text(job->rejects, reader_column(&job->rd, i));
	}
	fputc('\n', job->rejects);
}

/* The original record: every CSV field as read, or the JSON line. */
static void write_original(struct job *job)
{
	const char *field;
	size_t i, len;

	for (i = 0; i < reader_nfields(&job->rd); i++) {
		field = reader_field(&job->rd, i, &len);
		fputc(',', job->rejects);
		put_field(job->rejects, field, len);
	}
}

static int write_reject(struct job *job, const struct import_reject *why)
{
	if (!job->rejects) {
		job->rejects = fopen(job->rejects_path, "w");
		if (!job->rejects) {
			err_msg("cannot write '%s': %s", job->rejects_path,
				strerror(errno));
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
		err_msg("%s: stopped at the first rejected row (--strict),"
			" nothing imported", job->name);
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
		err_info("%s: rejected rows written to '%s'", job->name,
			 job->rejects_path);
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
	if ((rc = reader_open(&job.rd, kind, job.name, path, opts, ws)))
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
