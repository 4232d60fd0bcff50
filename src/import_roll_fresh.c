/*
 * import_roll_fresh.c - "apoyo import roll" into an empty roll, the usual
 * first load of tens of millions of rows (see import_roll.h).
 *
 * While the file is read, each row's names and card data went straight
 * into roll_datos (roll_datos.h) and only the narrow roll row, with the
 * n of its roll_datos row, went to the sorter. Here the sorted rows go
 * into roll in chunks, each written by one INSERT ... SELECT from a
 * virtual table over the chunk (batchvt.h), which keeps the B-tree's
 * cursor at its right edge. A second thread fills the next chunk from
 * the sorter while SQLite stores the current one (handoff.h).
 *
 * A clave repeated in the file is settled here, the last row winning:
 * the rows before it lose their roll_datos rows once the chunks are in.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "handoff.h"
#include "import_roll.h"

#define CHUNK_TABLE "apoyo_roll_chunk"

/* Rows per chunk: enough to make the statement's start-up negligible. */
#define CHUNK_ROWS 65536

static const char chunk_decl[] =
	"CREATE TABLE x(clave_elector, situacion, entidad, seccion, emision,"
	" vigencia, motivo_baja, datos)";

static const char chunk_roll_sql[] =
	"INSERT OR FAIL INTO roll(clave_elector, situacion, entidad, seccion,"
	" emision, vigencia, motivo_baja, datos) SELECT clave_elector, situacion,"
	" entidad, seccion, emision, vigencia, motivo_baja, datos"
	" FROM " CHUNK_TABLE;

static const char datos_same_sql[] =
	"SELECT a.nombre IS b.nombre AND a.apellido_paterno IS b.apellido_paterno"
	" AND a.apellido_materno IS b.apellido_materno AND a.cic IS b.cic"
	" AND a.ocr IS b.ocr AND a.curp IS b.curp"
	" AND a.fecha_nacimiento IS b.fecha_nacimiento AND a.sexo IS b.sexo"
	" FROM roll_datos a, roll_datos b WHERE a.n = ?1 AND b.n = ?2";

static const char datos_delete_sql[] = "DELETE FROM roll_datos WHERE n = ?1";

/* Column COL of chunk row ROW, in chunk_decl's order. */
static void chunk_column(void *ctx, size_t row, int col, sqlite3_context *out)
{
	const struct roll_row *x = &((struct chunk *)ctx)->rows[row];
	const long long numbers[] = { x->situacion, x->entidad, x->seccion,
				      x->emision, x->vigencia };

	if (col == 0)
		sqlite3_result_text(out, x->clave, -1, SQLITE_STATIC);
	else if (col <= 5)
		sqlite3_result_int64(out, numbers[col - 1]);
	else if (col == 7)
		sqlite3_result_int64(out, x->datos);
	else if (x->text[0])
		sqlite3_result_text(out, x->text[0], -1, SQLITE_STATIC);
	else
		sqlite3_result_null(out);
}

static int chunk_open(struct roll_state *r)
{
	struct chunk *c;
	int i;

	for (i = 0; i < 2; i++) {
		c = &r->chunk[i];
		c->start = malloc(CHUNK_ROWS * sizeof(*c->start));
		c->rows = malloc(CHUNK_ROWS * sizeof(*c->rows));
		if (!c->start || !c->rows) {
			err_msg("out of memory");
			return -1;
		}
	}
	r->src = (struct batchvt_source){ chunk_decl, 0, NULL, chunk_column };
	if (batchvt_register(r->ws->db, CHUNK_TABLE, &r->src) != SQLITE_OK) {
		ws_fail(r->ws, "register " CHUNK_TABLE);
		return -1;
	}
	r->registered = 1;
	return 0;
}

/* Makes room for SIZE more bytes at the end of *BYTES; -1 when out of memory. */
static int grow(char **bytes, size_t used, size_t size, size_t *cap)
{
	size_t want = *cap ? *cap : 1 << 16;
	char *grown;

	while (want < used + size)
		want *= 2;
	if (want == *cap)
		return 0;
	grown = realloc(*bytes, want);
	if (!grown) {
		err_msg("out of memory");
		return -1;
	}
	*bytes = grown;
	*cap = want;
	return 0;
}

/* Holds back the sorted row KEY, REC: a copy of it, the clave terminated. */
static int hold(struct held *h, const void *key, size_t keylen,
		const void *rec, size_t reclen)
{
	if (grow(&h->bytes, 0, keylen + 1 + reclen, &h->cap))
		return -1;
	memcpy(h->bytes, key, keylen);
	h->bytes[keylen] = '\0';
	memcpy(h->bytes + keylen + 1, rec, reclen);
	h->keylen = keylen;
	h->reclen = reclen;
	return 0;
}

/* Appends the held row to the chunk and empties the hold. */
static int chunk_push(struct chunk *c, struct held *h)
{
	size_t size = h->keylen + 1 + h->reclen;

	if (grow(&c->arena, c->used, size, &c->cap))
		return -1;
	memcpy(c->arena + c->used, h->bytes, size);
	c->start[c->n++] = c->used;
	c->used += size;
	h->keylen = h->reclen = 0;
	return 0;
}

/* Notes that the row of roll_datos row LATER replaces that of EARLIER. */
static int note_replaced(struct roll_state *r, long long earlier,
			 long long later, int same)
{
	size_t want = r->replaced_cap ? 2 * r->replaced_cap : 64;
	struct replaced *grown;

	if (r->nreplaced == r->replaced_cap) {
		grown = realloc(r->replaced, want * sizeof(*grown));
		if (!grown) {
			err_msg("out of memory");
			return -1;
		}
		r->replaced = grown;
		r->replaced_cap = want;
	}
	r->replaced[r->nreplaced++] = (struct replaced){ earlier, later, same };
	return 0;
}

/*
 * A sorted row with the held row's clave: the later row wins. Whether it
 * counts as unchanged or updated waits for its roll_datos row to be
 * compared with the earlier one (settle_replaced).
 */
static int same_clave(struct roll_state *r, const void *key, size_t keylen,
		      const char *rec, size_t reclen)
{
	const char *before = r->held.bytes + keylen + 1;
	int same;

	same = reclen == r->held.reclen &&
	       !memcmp(before, rec, PACKED_COMPARED) &&
	       !memcmp(before + PACKED_NUMBERS, rec + PACKED_NUMBERS,
		       reclen - PACKED_NUMBERS);
	if (note_replaced(r, packed_datos(before), packed_datos(rec), same))
		return -1;
	return hold(&r->held, key, keylen, rec, reclen);
}

/*
 * Fills chunk SLOT with up to CHUNK_ROWS rows of distinct claves from the
 * sorter, counting new claves in r->new_claves. The row read last is held
 * back, as the next rows may repeat its clave; it joins a chunk once
 * they have been read. Returns the rows in the chunk (0 at the end), or
 * -1 after printing why. Runs on the handoff's thread: it touches only
 * the sorter, the held row, the counts, the replaced list and its chunk.
 */
static long chunk_fill(void *state, int slot)
{
	struct roll_state *r = state;
	struct chunk *c = &r->chunk[slot];
	struct held *h = &r->held;
	const void *key, *rec;
	size_t keylen, reclen, i;
	int got = 1;

	c->n = c->used = 0;
	while (c->n < CHUNK_ROWS &&
	       (got = extsort_next(r->sorted, &key, &keylen, &rec, &reclen)) > 0) {
		if (h->keylen == keylen && !memcmp(h->bytes, key, keylen)) {
			if (same_clave(r, key, keylen, rec, reclen))
				return -1;
			continue;
		}
		if (h->keylen && chunk_push(c, h))
			return -1;
		if (hold(h, key, keylen, rec, reclen))
			return -1;
		r->new_claves++;
	}
	if (got < 0)
		return -1;
	if (!got && h->keylen && chunk_push(c, h))
		return -1;
	for (i = 0; i < c->n; i++) {
		const char *clave = c->arena + c->start[i];

		roll_unpack(r, clave, clave + strlen(clave) + 1, &c->rows[i]);
	}
	return (long)c->n;
}

/* Stores the chunks the handoff fills until the sorter runs dry. */
static int store_chunks(struct roll_state *r, sqlite3_stmt *insert)
{
	struct handoff h;
	long rows;
	int slot, rc = 0;

	if (handoff_start(&h, chunk_fill, r)) {
		err_msg("cannot start the chunk filler");
		return -1;
	}
	while ((rows = handoff_take(&h, &slot)) > 0) {
		r->src.ctx = &r->chunk[slot];
		r->src.nrows = r->chunk[slot].n;
		if (import_step(r->ws, insert, "insert roll") < 0) {
			rc = -1;
			break;
		}
		handoff_give_back(&h, slot);
	}
	handoff_finish(&h);
	return rc || rows < 0 ? -1 : 0;
}

/* 1 when roll_datos rows A and B hold the same texts, 0 if not, -1 on failure. */
static int datos_same(struct roll_state *r, sqlite3_stmt *st, long long a,
		      long long b)
{
	int rc = -1;

	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	else
		ws_fail(r->ws, "compare roll_datos");
	sqlite3_reset(st);
	return rc;
}

/*
 * Counts each repeated clave as unchanged or updated against the row
 * before it, then deletes the roll_datos rows of the rows replaced. All
 * comparisons come first: a clave three times compares 1 with 2, 2 with 3.
 */
static int settle_replaced(struct roll_state *r, struct import_counts *n)
{
	sqlite3_stmt *same = ws_prepare(r->ws, datos_same_sql);
	sqlite3_stmt *drop = ws_prepare(r->ws, datos_delete_sql);
	const struct replaced *x;
	size_t i;
	int rc = same && drop ? 0 : -1, equal;

	for (i = 0; !rc && i < r->nreplaced; i++) {
		x = &r->replaced[i];
		equal = x->same ? datos_same(r, same, x->earlier_n, x->later_n) : 0;
		if (equal < 0)
			rc = -1;
		else if (equal)
			n->unchanged++;
		else
			n->updated++;
	}
	for (i = 0; !rc && i < r->nreplaced; i++) {
		sqlite3_bind_int64(drop, 1, r->replaced[i].earlier_n);
		if (import_step(r->ws, drop, "delete roll_datos") < 0)
			rc = -1;
	}
	sqlite3_finalize(same);
	sqlite3_finalize(drop);
	return rc;
}

int roll_fresh_finish(struct roll_state *r, struct import_counts *n)
{
	sqlite3_stmt *insert;
	int rc = EXIT_ENV;

	if (datos_batch_flush(r->batch) || chunk_open(r))
		return EXIT_ENV;
	insert = ws_prepare(r->ws, chunk_roll_sql);
	if (insert && store_chunks(r, insert) == 0 && settle_replaced(r, n) == 0)
		rc = 0;
	n->imported += r->new_claves;
	sqlite3_finalize(insert);
	return rc;
}

void roll_fresh_free(struct roll_state *r)
{
	int i;

	datos_batch_free(r->batch);
	if (r->registered)
		batchvt_unregister(r->ws->db, CHUNK_TABLE);
	for (i = 0; i < 2; i++) {
		free(r->chunk[i].arena);
		free(r->chunk[i].start);
		free(r->chunk[i].rows);
	}
	free(r->held.bytes);
	free(r->replaced);
}
