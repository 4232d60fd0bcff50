/*
 * verdict_writes.c - verdicts written a batch at a time (see
 * verdict_writes.h). Each held verdict keeps its numbers; its motivos
 * are copied into an arena, NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "batchvt.h"
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
	"INSERT INTO verdict(n, estatus, motivos, verificado, entidad, seccion)"
	" SELECT n, estatus, motivos, ?1, entidad, seccion FROM " BATCH_TABLE
	" WHERE true ON CONFLICT(n) DO UPDATE SET estatus = excluded.estatus,"
	" motivos = excluded.motivos, verificado = excluded.verificado,"
	" entidad = excluded.entidad, seccion = excluded.seccion";

static const char upsert_status_sql[] =
	"INSERT INTO verdict(n, estatus, motivos, verificado)"
	" SELECT n, estatus, motivos, ?1 FROM " BATCH_TABLE
	" WHERE true ON CONFLICT(n) DO UPDATE SET estatus = excluded.estatus,"
	" motivos = excluded.motivos, verificado = excluded.verificado";

struct held_verdict {
	long long n;
	size_t motivos;		/* offset in the arena */
	int status, entidad, seccion;
};

struct verdict_writes {
	struct ws *ws;
	sqlite3_stmt *upsert;
	struct batchvt_source src;
	int registered;
	struct held_verdict *rows;	/* BATCH_ROWS */
	size_t count;
	char *arena;
	size_t used, cap;
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
		sqlite3_result_text(out, w->arena + v->motivos, -1, SQLITE_STATIC);
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
	w->ws = ws;
	w->src = (struct batchvt_source){ batch_decl, 0, w, batch_column };
	if (batchvt_register(ws->db, BATCH_TABLE, &w->src) != SQLITE_OK) {
		ws_fail(ws, "register " BATCH_TABLE);
		verdict_writes_free(w);
		return EXIT_ENV;
	}
	w->registered = 1;
	w->upsert = ws_prepare(ws, with_location ? upsert_location_sql :
						    upsert_status_sql);
	if (!w->upsert) {
		verdict_writes_free(w);
		return EXIT_ENV;
	}
	sqlite3_bind_text(w->upsert, 1, verificado, -1, SQLITE_STATIC);
	*out = w;
	return 0;
}

/* Room for SIZE more bytes in the arena; -1 when out of memory. */
static int reserve(struct verdict_writes *w, size_t size)
{
	size_t want = w->cap ? w->cap : (size_t)1 << 20;
	char *grown;

	while (want < w->used + size)
		want *= 2;
	if (want == w->cap)
		return 0;
	grown = realloc(w->arena, want);
	if (!grown) {
		err_msg("out of memory");
		return -1;
	}
	w->arena = grown;
	w->cap = want;
	return 0;
}

int verdict_writes_add(struct verdict_writes *w, long long n, int status,
		       const char *motivos, int entidad, int seccion)
{
	size_t len = strlen(motivos) + 1;

	if (w->count == BATCH_ROWS && verdict_writes_flush(w))
		return -1;
	if (reserve(w, len))
		return -1;
	memcpy(w->arena + w->used, motivos, len);
	w->rows[w->count++] = (struct held_verdict){ n, w->used, status,
						     entidad, seccion };
	w->used += len;
	return 0;
}

int verdict_writes_flush(struct verdict_writes *w)
{
	int rc;

	if (!w->count)
		return 0;
	w->src.nrows = w->count;
	rc = sqlite3_step(w->upsert);
	if (rc != SQLITE_DONE)
		ws_fail(w->ws, "write verdict");
	sqlite3_reset(w->upsert);
	if (rc != SQLITE_DONE)
		return -1;
	w->count = w->used = 0;
	return 0;
}

void verdict_writes_free(struct verdict_writes *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->upsert);
	if (w->registered)
		batchvt_unregister(w->ws->db, BATCH_TABLE);
	free(w->rows);
	free(w->arena);
	free(w);
}
