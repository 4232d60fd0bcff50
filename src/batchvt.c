/*
 * batchvt.c - a batch of rows held by C code as an eponymous virtual
 * table (see batchvt.h). Only the calls a full scan needs are provided.
 */
#include <stdlib.h>

#include "batchvt.h"

struct batch_table {
	sqlite3_vtab base;	/* first: SQLite casts to and from it */
	struct batchvt_source *src;
};

struct batch_cursor {
	sqlite3_vtab_cursor base;	/* first, as above */
	size_t row;
};

static int batch_connect(sqlite3 *db, void *aux, int argc,
			 const char *const *argv, sqlite3_vtab **out, char **err)
{
	struct batchvt_source *src = aux;
	struct batch_table *t;
	int rc;

	(void)argc;
	(void)argv;
	(void)err;
	rc = sqlite3_declare_vtab(db, src->decl);
	if (rc != SQLITE_OK)
		return rc;
	t = sqlite3_malloc(sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	t->base = (sqlite3_vtab){ 0 };
	t->src = src;
	*out = &t->base;
	return SQLITE_OK;
}

static int batch_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

/* There is one plan: every row, in order. */
static int batch_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	struct batch_table *t = (struct batch_table *)vt;

	info->estimatedRows = (sqlite3_int64)t->src->nrows;
	info->estimatedCost = (double)t->src->nrows + 1;
	return SQLITE_OK;
}

static int batch_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct batch_cursor *c = sqlite3_malloc(sizeof(*c));

	(void)vt;
	if (!c)
		return SQLITE_NOMEM;
	*c = (struct batch_cursor){ 0 };
	*out = &c->base;
	return SQLITE_OK;
}

static int batch_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int batch_filter(sqlite3_vtab_cursor *cur, int plan, const char *plan_text,
			int argc, sqlite3_value **argv)
{
	(void)plan;
	(void)plan_text;
	(void)argc;
	(void)argv;
	((struct batch_cursor *)cur)->row = 0;
	return SQLITE_OK;
}

static int batch_next(sqlite3_vtab_cursor *cur)
{
	((struct batch_cursor *)cur)->row++;
	return SQLITE_OK;
}

static int batch_eof(sqlite3_vtab_cursor *cur)
{
	struct batch_cursor *c = (struct batch_cursor *)cur;
	struct batch_table *t = (struct batch_table *)cur->pVtab;

	return c->row >= t->src->nrows;
}

static int batch_column(sqlite3_vtab_cursor *cur, sqlite3_context *out, int col)
{
	struct batch_cursor *c = (struct batch_cursor *)cur;
	struct batch_table *t = (struct batch_table *)cur->pVtab;

	t->src->column(t->src->ctx, c->row, col, out);
	return SQLITE_OK;
}

static int batch_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct batch_cursor *)cur)->row;
	return SQLITE_OK;
}

/* xCreate NULL with xConnect set: eponymous only. */
static const sqlite3_module batch_module = {
	.iVersion = 1,
	.xCreate = NULL,
	.xConnect = batch_connect,
	.xBestIndex = batch_best_index,
	.xDisconnect = batch_disconnect,
	.xDestroy = batch_disconnect,
	.xOpen = batch_open,
	.xClose = batch_close,
	.xFilter = batch_filter,
	.xNext = batch_next,
	.xEof = batch_eof,
	.xColumn = batch_column,
	.xRowid = batch_rowid,
};

int batchvt_register(sqlite3 *db, const char *name, struct batchvt_source *src)
{
	return sqlite3_create_module(db, name, &batch_module, src);
}

void batchvt_unregister(sqlite3 *db, const char *name)
{
	sqlite3_create_module(db, name, NULL, NULL);
}
