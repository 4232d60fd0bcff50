/*
 * ws.h - the workspace: one SQLite file holding the roll, the geography,
 * the aspirants, the supports and everything verify decided about them.
 *
 * The schema is versioned with PRAGMA user_version; ws_open migrates an
 * older workspace in place, inside one transaction. The tables are
 * documented in apoyo-workspace(5).
 */
#ifndef APOYO_WS_H
#define APOYO_WS_H

#include <sqlite3.h>

#define WS_SCHEMA_VERSION 5

/* Values of roll.situacion. */
enum roll_situacion {
	SITUACION_LISTA_NOMINAL = 1,
	SITUACION_PADRON = 2,
	SITUACION_BAJA = 3
};

enum ws_mode {
	WS_READ = 0,		/* open an existing workspace read-only */
	WS_WRITE = 1,		/* open an existing workspace for writing */
	WS_CREATE = 2		/* create a new workspace; fails if it exists */
};

struct ws {
	sqlite3 *db;
	char *path;		/* owned */
	int utc_offset_min;	/* how local timestamps are read, e.g. -360 */
};

/* The workspace path from -w, else $APOYO_WORKSPACE, else "./apoyo.db". */
const char *ws_default_path(const char *from_option);

/*
 * Opens (or with WS_CREATE creates, mode 0600, WAL) the workspace at PATH.
 * Returns 0, or an exit code after printing why: EXIT_INPUT when the file
 * is missing or not a workspace, EXIT_ENV for SQLite or system failures.
 * On success *out is owned by the caller, released by ws_close.
 */
/*
 * Configures the SQLite library for this process before any connection
 * opens: apoyo uses SQLite from one thread only (extsort's helper thread
 * never touches it), so SQLite's own mutexes and memory statistics are
 * pure cost (about a tenth of a bulk roll import). Call once, first.
 * Returns 0, or EXIT_ENV when SQLite was already initialized.
 */
int ws_library_init(void);

int ws_open(const char *path, enum ws_mode mode, struct ws **out);

/* Closes and frees WS (NULL is fine). Returns 0 or EXIT_ENV. */
int ws_close(struct ws *ws);

/*
 * Runs SQL (one or more statements, no parameters). Returns 0, or EXIT_ENV
 * after printing the SQLite error.
 */
int ws_exec(struct ws *ws, const char *sql);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Each returns 0 or EXIT_ENV. */
int ws_begin(struct ws *ws);
int ws_commit(struct ws *ws);
void ws_rollback(struct ws *ws);

/* Prepares SQL; returns NULL after printing the error. */
sqlite3_stmt *ws_prepare(struct ws *ws, const char *sql);

/* Prints "sqlite: WHAT: errmsg" and returns EXIT_ENV. */
int ws_fail(struct ws *ws, const char *what);

/* meta table accessors. ws_meta_get returns a malloc'd copy or NULL. */
char *ws_meta_get(struct ws *ws, const char *key);
int ws_meta_set(struct ws *ws, const char *key, const char *value);

/* Current time as "YYYY-MM-DDTHH:MM:SSZ" in BUF (at least 21 bytes). */
void ws_now(char *buf);

#endif
