/*
 * verdict_writes.c - verdicts written a batch at a time (see
 * verdict_writes.h). Each held verdict keeps its numbers; its motivos
 * are copied into an arena, NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "batchwrite.h"
#include "err.h"
#include "status.h"
#include "verdict_writes.h"

#define BATCH_TABLE "apoyo_verdict_batch"

/* Verdicts per statement: enough to make its start-up negligible. */
#define BATCH_ROWS 65536

static const char batch_decl[] =
	"CREATE TABLE x(n, estatus, motivos, entidad, seccion)";

/* The WHERE true tells SQLite's parser the ON CONFLICT is an upsert's. */
static const char upsert_location_sql[] =
	"INSERT OR FAIL INTO verdict(n, estatus, motivos, verificado, entidad,"
	" seccion)"
	" SELECT n, estatus, motivos, ?1, entidad, seccion FROM " BATCH_TABLE
	" WHERE true ON CONFLICT(n) DO UPDATE SET estatus = excluded.estatus,"
	" motivos = excluded.motivos, verificado = excluded.verificado,"
	" entidad = excluded.entidad, seccion = excluded.seccion";

static const char upsert_status_sql[] =
	"INSERT OR FAIL INTO verdict(n, estatus, motivos, verificado)"
	" SELECT n, estatus, motivos, ?1 FROM " BATCH_TABLE
	" WHERE true ON CONFLICT(n) DO UPDATE SET estatus = excluded.estatus,"
	" motivos = excluded.motivos, verificado = excluded.verificado";

struct held_verdict {
	long long n;
	size_t motivos;		/* offset in the arena */
	int status, entidad, seccion;
};

struct verdict_writes {
	struct batchwrite w;
	struct held_verdict *rows;	/* BATCH_ROWS */
	size_t count, limit;	/* rows held, and when to write them */
};

/* Column COL of held verdict ROW, in batch_decl's order. */
static void batch_column(void *ctx, size_t row, int col, sqlite3_context *out)
{
	const struct verdict_writes *w = ctx;
	const struct held_verdict *v = &w->rows[row];

	switch (col) {
	case 0:
		sqlite3_result_int64(out, v->n);
		break;
	case 1:
		sqlite3_result_text(out, status_table[v->status].code, -1,
				    SQLITE_STATIC);
		break;
	case 2:
		sqlite3_result_text(out, w->w.arena + v->motivos, -1,
				    SQLITE_STATIC);
		break;
	default:
		if (v->entidad)
			sqlite3_result_int(out, col == 3 ? v->entidad : v->seccion);
		else
			sqlite3_result_null(out);
	}
}

int verdict_writes_open(struct ws *ws, const char *verificado,
			int with_location, struct verdict_writes **out)
{
	struct verdict_writes *w = calloc(1, sizeof(*w));

	if (!w || !(w->rows = malloc(BATCH_ROWS * sizeof(*w->rows)))) {
		free(w);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	w->limit = batchwrite_rows(BATCH_ROWS);
	if (batchwrite_open(&w->w, ws, BATCH_TABLE, batch_decl, w, batch_column,
			    with_location ? upsert_location_sql :
					    upsert_status_sql)) {
		verdict_writes_free(w);
		return EXIT_ENV;
	}
	sqlite3_bind_text(w->w.st, 1, verificado, -1, SQLITE_STATIC);
	*out = w;
	return 0;
}

int verdict_writes_add(struct verdict_writes *w, long long n, int status,
		       const char *motivos, int entidad, int seccion)
{
	size_t at;

	if (w->count == w->limit && verdict_writes_flush(w))
		return -1;
	if (batchwrite_append(&w->w, motivos, strlen(motivos) + 1, &at))
		return -1;
	w->rows[w->count++] = (struct held_verdict){ n, at, status, entidad,
						     seccion };
	return 0;
}

int verdict_writes_flush(struct verdict_writes *w)
{
	if (batchwrite_run(&w->w, w->count, "write verdict"))
		return -1;
	w->count = 0;
	return 0;
}

void verdict_writes_free(struct verdict_writes *w)
{
	if (!w)
		return;
	batchwrite_close(&w->w);
	free(w->rows);
	free(w);
}
