/*
 * import_roll.c - "apoyo import roll": the electoral roll, one row per
 * citizen keyed by clave_elector, split into the narrow table verify
 * searches (roll) and the citizen's names and card data (roll_datos).
 *
 * This is the bulk path of apoyo (tens of millions of rows). Rows are
 * checked as they are read, then sorted by clave (extsort.c, bounded
 * memory) and stored in that order, because SQLite appends to a B-tree in
 * key order many times faster than it inserts at random places.
 *
 * Into an empty roll (the usual first load) the sorted rows go in chunks,
 * each written by one INSERT ... SELECT per table from a virtual table
 * over the chunk (batchvt.h), which keeps each B-tree's cursor at its
 * right edge; a clave repeated in the file is settled here, the last row
 * winning. A second thread fills the next chunk from the sorter while
 * SQLite stores the current one (handoff.h). Into a roll that has rows, a new clave costs one INSERT per
 * table; only a clave already present pays for the comparison and the
 * UPDATE.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "batchvt.h"
#include "clave.h"
#include "err.h"
#include "extsort.h"
#include "handoff.h"
#include "import_kind.h"

enum roll_column {
	R_CLAVE, R_SITUACION, R_ENTIDAD, R_SECCION, R_EMISION, R_VIGENCIA,
	R_MOTIVO_BAJA, R_NOMBRE, R_APELLIDO_PATERNO, R_APELLIDO_MATERNO, R_CIC,
	R_OCR, R_CURP, R_FECHA_NACIMIENTO, R_SEXO, R_COUNT
};

static const struct import_column roll_columns[R_COUNT] = {
	[R_CLAVE] = { "clave_elector", 1 },
	[R_SITUACION] = { "situacion", 1 },
	[R_ENTIDAD] = { "entidad", 1 },
	[R_SECCION] = { "seccion", 1 },
	[R_EMISION] = { "emision", 1 },
	[R_VIGENCIA] = { "vigencia", 1 },
	[R_MOTIVO_BAJA] = { "motivo_baja", 0 },
	[R_NOMBRE] = { "nombre", 1 },
	[R_APELLIDO_PATERNO] = { "apellido_paterno", 1 },
	[R_APELLIDO_MATERNO] = { "apellido_materno", 1 },
	[R_CIC] = { "cic", 0 },
	[R_OCR] = { "ocr", 0 },
	[R_CURP] = { "curp", 0 },
	[R_FECHA_NACIMIENTO] = { "fecha_nacimiento", 0 },
	[R_SEXO] = { "sexo", 0 },
};

/*
 * roll's statements number their parameters ?1..?7 in column order;
 * roll_datos takes the clave as ?1 and the eight text columns as ?2..?9.
 */
static const char roll_insert_sql[] =
	"INSERT INTO roll(clave_elector, situacion, entidad, seccion, emision,"
	" vigencia, motivo_baja) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" ON CONFLICT(clave_elector) DO NOTHING";

static const char roll_update_sql[] =
	"UPDATE roll SET situacion = ?2, entidad = ?3, seccion = ?4, emision = ?5,"
	" vigencia = ?6, motivo_baja = ?7 WHERE clave_elector = ?1"
	" AND (situacion IS NOT ?2 OR entidad IS NOT ?3 OR seccion IS NOT ?4"
	" OR emision IS NOT ?5 OR vigencia IS NOT ?6 OR motivo_baja IS NOT ?7)";

/* Inserts, or updates only when a value differs: changes() says which. */
static const char datos_upsert_sql[] =
	"INSERT INTO roll_datos(clave_elector, nombre, apellido_paterno,"
	" apellido_materno, cic, ocr, curp, fecha_nacimiento, sexo)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT(clave_elector) DO UPDATE SET nombre = excluded.nombre,"
	" apellido_paterno = excluded.apellido_paterno,"
	" apellido_materno = excluded.apellido_materno, cic = excluded.cic,"
	" ocr = excluded.ocr, curp = excluded.curp,"
	" fecha_nacimiento = excluded.fecha_nacimiento, sexo = excluded.sexo"
	" WHERE nombre IS NOT excluded.nombre"
	" OR apellido_paterno IS NOT excluded.apellido_paterno"
	" OR apellido_materno IS NOT excluded.apellido_materno"
	" OR cic IS NOT excluded.cic OR ocr IS NOT excluded.ocr"
	" OR curp IS NOT excluded.curp"
	" OR fecha_nacimiento IS NOT excluded.fecha_nacimiento"
	" OR sexo IS NOT excluded.sexo";

/*
 * The empty-roll path: the chunk table's columns are roll's, then
 * roll_datos' without its clave, so each INSERT selects its own.
 */
#define CHUNK_TABLE "apoyo_roll_chunk"

static const char chunk_decl[] =
	"CREATE TABLE x(clave_elector, situacion, entidad, seccion, emision,"
	" vigencia, motivo_baja, nombre, apellido_paterno, apellido_materno, cic,"
	" ocr, curp, fecha_nacimiento, sexo)";

static const char chunk_roll_sql[] =
	"INSERT INTO roll(clave_elector, situacion, entidad, seccion, emision,"
	" vigencia, motivo_baja) SELECT clave_elector, situacion, entidad, seccion,"
	" emision, vigencia, motivo_baja FROM " CHUNK_TABLE;

static const char chunk_datos_sql[] =
	"INSERT INTO roll_datos(clave_elector, nombre, apellido_paterno,"
	" apellido_materno, cic, ocr, curp, fecha_nacimiento, sexo)"
	" SELECT clave_elector, nombre, apellido_paterno, apellido_materno, cic,"
	" ocr, curp, fecha_nacimiento, sexo FROM " CHUNK_TABLE;

/* Rows per chunk: enough to make the two statements' start-up negligible. */
#define CHUNK_ROWS 65536

/* Memory for the rows waiting to be sorted; more spills to temporary files. */
#define SORT_BUDGET ((size_t)256 << 20)

/* The text columns stored after the numbers: motivo_baja, then roll_datos. */
#define N_TEXT (1 + R_COUNT - R_NOMBRE)

/*
 * A sorted row copied out of the sorter: the clave and its terminating
 * NUL, then the packed record; used for the chunk and the row held back.
 */
struct held {
	char *bytes;
	size_t keylen, reclen, cap;
};

/* The rows of one chunk, unpacked into rows[] once the arena stops moving. */
struct chunk {
	char *arena;
	size_t used, cap;
	size_t *start;		/* CHUNK_ROWS offsets into arena */
	struct roll_row *rows;	/* CHUNK_ROWS */
	size_t n;
};

/*
 * A valid row, ready to bind. text[0] is motivo_baja, text[1..8] the
 * roll_datos columns nombre..sexo; NULL when empty.
 */
struct roll_row {
	const char *clave;
	int situacion;
	long long entidad, seccion, emision, vigencia;
	const char *text[N_TEXT];
};

struct roll_state {
	struct ws *ws;
	sqlite3_stmt *insert, *update, *datos;
	struct extsort *sorted;
	char clave[CLAVE_MAX_BYTES];
	char *packed;		/* one row packed for the sorter */
	size_t packed_cap;
	struct chunk chunk[2];	/* the empty-roll path: one filling, one stored */
	struct held held;	/* the last row filled, not yet in a chunk */
	struct import_counts filled;	/* the filler's counts */
	struct batchvt_source src;	/* shows the chunk being stored */
	int registered;		/* CHUNK_TABLE exists on the connection */
};

/* How a row travels through the sorter: the numbers, then the texts. */
struct packed_numbers {
	int32_t situacion, entidad, seccion, emision, vigencia;
};

static void roll_end(void *state)
{
	struct roll_state *r = state;
	int i;

	sqlite3_finalize(r->insert);
	sqlite3_finalize(r->update);
	sqlite3_finalize(r->datos);
	extsort_free(r->sorted);
	free(r->packed);
	if (r->registered)
		batchvt_unregister(r->ws->db, CHUNK_TABLE);
	for (i = 0; i < 2; i++) {
		free(r->chunk[i].arena);
		free(r->chunk[i].start);
		free(r->chunk[i].rows);
	}
	free(r->held.bytes);
	free(r);
}

static int roll_begin(const struct import_source *src, void **state)
{
	struct roll_state *r = calloc(1, sizeof(*r));

	if (!r) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	r->ws = src->ws;
	r->insert = ws_prepare(src->ws, roll_insert_sql);
	r->update = ws_prepare(src->ws, roll_update_sql);
	r->datos = ws_prepare(src->ws, datos_upsert_sql);
	r->sorted = extsort_new(SORT_BUDGET);
	if (!r->sorted)
		err_msg("out of memory");
	if (!r->insert || !r->update || !r->datos || !r->sorted) {
		roll_end(r);
		return EXIT_ENV;
	}
	*state = r;
	return 0;
}

/* "lista_nominal" -> 1, "padron" -> 2, "baja" -> 3 (any case); 0 otherwise. */
static int parse_situacion(const char *text)
{
	static const char *const names[] = { "lista_nominal", "padron", "baja" };
	size_t len, skip = strspn(text, " \t");
	int i;

	text += skip;
	len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	for (i = 0; i < 3; i++)
		if (strlen(names[i]) == len && !strncasecmp(names[i], text, len))
			return i + SITUACION_LISTA_NOMINAL;
	return 0;
}

static int check_clave(struct roll_state *r, const char *text,
		       struct import_reject *why)
{
	char quoted[IMPORT_QUOTE_MAX];

	if (clave_normalize(text, r->clave, sizeof(r->clave)) == 0 &&
	    clave_valid(r->clave))
		return 0;
	import_reject(why, roll_columns[R_CLAVE].name, "expected a clave de elector"
		      " (6 letters, 8 digits, H, M or X, 3 digits), found %s",
		      import_quote(text, quoted, sizeof(quoted)));
	return -1;
}

static int roll_check(struct roll_state *r, const struct import_row *row,
		      struct roll_row *out, struct import_reject *why)
{
	const char *const *v = row->value;
	char quoted[IMPORT_QUOTE_MAX];
	int i;

	if (check_clave(r, v[R_CLAVE], why))
		return -1;
	out->clave = r->clave;
	out->situacion = parse_situacion(v[R_SITUACION]);
	if (!out->situacion) {
		import_reject(why, roll_columns[R_SITUACION].name,
			      "expected lista_nominal, padron or baja, found %s",
			      import_quote(v[R_SITUACION], quoted, sizeof(quoted)));
		return -1;
	}
	if (import_number(v[R_ENTIDAD], 1, 32, "entidad", why, &out->entidad) ||
	    import_number(v[R_SECCION], 1, INT32_MAX, "seccion", why,
			  &out->seccion) ||
	    import_year(v[R_EMISION], "emision", why, &out->emision) ||
	    import_year(v[R_VIGENCIA], "vigencia", why, &out->vigencia))
		return -1;
	out->text[0] = import_optional(v[R_MOTIVO_BAJA]);
	for (i = R_NOMBRE; i < R_COUNT; i++)
		out->text[1 + i - R_NOMBRE] = import_optional(v[i]);
	return 0;
}

/* Packs X for the sorter (the clave is the key); returns the size or -1. */
static long pack(struct roll_state *r, const struct roll_row *x)
{
	struct packed_numbers num = { x->situacion, (int32_t)x->entidad,
				      (int32_t)x->seccion, (int32_t)x->emision,
				      (int32_t)x->vigencia };
	size_t size = sizeof(num), len[N_TEXT], at;
	char *grown;
	int i;

	for (i = 0; i < N_TEXT; i++) {
		len[i] = x->text[i] ? strlen(x->text[i]) : 0;
		size += len[i] + 1;
	}
	if (size > r->packed_cap) {
		grown = realloc(r->packed, size * 2);
		if (!grown)
			return -1;
		r->packed = grown;
		r->packed_cap = size * 2;
	}
	memcpy(r->packed, &num, sizeof(num));
	at = sizeof(num);
	for (i = 0; i < N_TEXT; i++) {
		if (len[i])
			memcpy(r->packed + at, x->text[i], len[i]);
		r->packed[at + len[i]] = '\0';
		at += len[i] + 1;
	}
	return (long)size;
}

/* The inverse of pack; empty texts come back as NULL. */
static void unpack(const char *clave, const char *rec, struct roll_row *x)
{
	struct packed_numbers num;
	int i;

	memcpy(&num, rec, sizeof(num));
	x->clave = clave;
	x->situacion = num.situacion;
	x->entidad = num.entidad;
	x->seccion = num.seccion;
	x->emision = num.emision;
	x->vigencia = num.vigencia;
	rec += sizeof(num);
	for (i = 0; i < N_TEXT; i++) {
		x->text[i] = *rec ? rec : NULL;
		rec += strlen(rec) + 1;
	}
}

static enum import_outcome roll_row(void *state, const struct import_row *row,
				    struct import_reject *why)
{
	struct roll_state *r = state;
	struct roll_row x;
	long size;

	if (roll_check(r, row, &x, why))
		return IMPORT_REJECTED;
	size = pack(r, &x);
	if (size < 0) {
		err_msg("out of memory");
		return IMPORT_FAILED;
	}
	if (extsort_add(r->sorted, x.clave, strlen(x.clave), r->packed, (size_t)size))
		return IMPORT_FAILED;
	return IMPORT_DEFERRED;
}

static void bind_roll(sqlite3_stmt *st, const struct roll_row *x)
{
	sqlite3_bind_text(st, 1, x->clave, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, x->situacion);
	sqlite3_bind_int64(st, 3, x->entidad);
	sqlite3_bind_int64(st, 4, x->seccion);
	sqlite3_bind_int64(st, 5, x->emision);
	sqlite3_bind_int64(st, 6, x->vigencia);
	import_bind_text(st, 7, x->text[0]);
}

static void bind_datos(sqlite3_stmt *st, const struct roll_row *x)
{
	int i;

	sqlite3_bind_text(st, 1, x->clave, -1, SQLITE_STATIC);
	for (i = 1; i < N_TEXT; i++)
		import_bind_text(st, i + 1, x->text[i]);
}

/* Stores one row; its clave may be there already, from a file or a row before. */
static enum import_outcome store(struct roll_state *r, const struct roll_row *x)
{
	int inserted, roll_changed, datos_changed;

	bind_roll(r->insert, x);
	inserted = import_step(r->ws, r->insert, "insert roll");
	if (inserted < 0)
		return IMPORT_FAILED;
	bind_datos(r->datos, x);
	datos_changed = import_step(r->ws, r->datos, "insert roll_datos");
	if (datos_changed < 0)
		return IMPORT_FAILED;
	if (inserted)
		return IMPORT_NEW;

	/* A known clave: a new cut-off may have changed the citizen's situation. */
	bind_roll(r->update, x);
	roll_changed = import_step(r->ws, r->update, "update roll");
	if (roll_changed < 0)
		return IMPORT_FAILED;
	return roll_changed || datos_changed ? IMPORT_CHANGED : IMPORT_SAME;
}

/* ---- the empty-roll path ------------------------------------------------ */

/* 1 when neither table has a row, 0 when one has, -1 on failure. */
static int roll_is_empty(struct roll_state *r)
{
	sqlite3_stmt *st = ws_prepare(r->ws, "SELECT EXISTS(SELECT 1 FROM roll)"
				      " OR EXISTS(SELECT 1 FROM roll_datos)");
	int rc = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = !sqlite3_column_int(st, 0);
	else
		ws_fail(r->ws, "read roll");
	sqlite3_finalize(st);
	return rc;
}

/* Column COL of chunk row ROW, in chunk_decl's order. */
static void chunk_column(void *ctx, size_t row, int col, sqlite3_context *out)
{
	const struct roll_row *x = &((struct chunk *)ctx)->rows[row];
	const long long numbers[] = { x->situacion, x->entidad, x->seccion,
				      x->emision, x->vigencia };
	const char *text;

	if (col == R_CLAVE) {
		sqlite3_result_text(out, x->clave, -1, SQLITE_STATIC);
		return;
	}
	if (col < R_MOTIVO_BAJA) {
		sqlite3_result_int64(out, numbers[col - R_SITUACION]);
		return;
	}
	text = x->text[col - R_MOTIVO_BAJA];
	if (text)
		sqlite3_result_text(out, text, -1, SQLITE_STATIC);
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

/*
 * A sorted row with the held row's clave: the later row wins, and counts
 * as unchanged when every value is the same, else as updated.
 */
static int same_clave(struct roll_state *r, const void *key, size_t keylen,
		      const void *rec, size_t reclen, struct import_counts *n)
{
	struct held *h = &r->held;

	if (reclen == h->reclen && !memcmp(h->bytes + keylen + 1, rec, reclen)) {
		n->unchanged++;
		return 0;
	}
	n->updated++;
	return hold(h, key, keylen, rec, reclen);
}

/*
 * Fills chunk SLOT with up to CHUNK_ROWS rows of distinct claves from the
 * sorter, counting them in r->filled. The row read last is held back, as
 * the next rows may repeat its clave; it joins a chunk once they have
 * been read. Returns the rows in the chunk (0 at the end), or -1 after
 * printing why. Runs on the handoff's thread: it touches only the
 * sorter, the held row, the counts and the chunk it is given.
 */
static long chunk_fill(void *state, int slot)
{
	struct roll_state *r = state;
	struct import_counts *n = &r->filled;
	struct chunk *c = &r->chunk[slot];
	struct held *h = &r->held;
	const void *key, *rec;
	size_t keylen, reclen, i;
	int got = 1;

	c->n = c->used = 0;
	while (c->n < CHUNK_ROWS &&
	       (got = extsort_next(r->sorted, &key, &keylen, &rec, &reclen)) > 0) {
		if (h->keylen == keylen && !memcmp(h->bytes, key, keylen)) {
			if (same_clave(r, key, keylen, rec, reclen, n))
				return -1;
			continue;
		}
		if (h->keylen && chunk_push(c, h))
			return -1;
		if (hold(h, key, keylen, rec, reclen))
			return -1;
		n->imported++;
	}
	if (got < 0)
		return -1;
	if (!got && h->keylen && chunk_push(c, h))
		return -1;
	for (i = 0; i < c->n; i++) {
		const char *clave = c->arena + c->start[i];

		unpack(clave, clave + strlen(clave) + 1, &c->rows[i]);
	}
	return (long)c->n;
}

/* Runs one INSERT ... SELECT over the chunk the table shows. */
static int chunk_store(struct roll_state *r, sqlite3_stmt *st, const char *what)
{
	return import_step(r->ws, st, what) < 0 ? -1 : 0;
}

/* Stores the chunks the handoff fills until the sorter runs dry. */
static int store_chunks(struct roll_state *r, sqlite3_stmt *roll_st,
			sqlite3_stmt *datos_st)
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
		if (chunk_store(r, roll_st, "insert roll") ||
		    chunk_store(r, datos_st, "insert roll_datos")) {
			rc = -1;
			break;
		}
		handoff_give_back(&h, slot);
	}
	handoff_finish(&h);
	return rc || rows < 0 ? -1 : 0;
}

/*
 * Stores the sorted rows into an empty roll, chunk by chunk. Every clave
 * is new, so the chunk's rows are inserted without looking for them.
 */
static int finish_empty(struct roll_state *r, struct import_counts *n)
{
	sqlite3_stmt *roll_st = NULL, *datos_st = NULL;
	int rc = EXIT_ENV;

	if (chunk_open(r))
		return EXIT_ENV;
	roll_st = ws_prepare(r->ws, chunk_roll_sql);
	datos_st = ws_prepare(r->ws, chunk_datos_sql);
	if (!roll_st || !datos_st)
		goto done;
	if (store_chunks(r, roll_st, datos_st) == 0)
		rc = 0;
	n->imported += r->filled.imported;
	n->unchanged += r->filled.unchanged;
	n->updated += r->filled.updated;

done:
	sqlite3_finalize(roll_st);
	sqlite3_finalize(datos_st);
	return rc;
}

/* ---- storing ------------------------------------------------------------- */

/*
 * Stores the sorted rows. Rows with the same clave come in file order, so
 * a repeated clave counts as unchanged or updated against the row before.
 */
static int roll_finish(void *state, struct import_counts *n)
{
	struct roll_state *r = state;
	const void *key, *rec;
	size_t keylen, reclen;
	struct roll_row x;
	int got, empty;

	empty = roll_is_empty(r);
	if (empty < 0)
		return EXIT_ENV;
	if (empty)
		return finish_empty(r, n);
	while ((got = extsort_next(r->sorted, &key, &keylen, &rec, &reclen)) > 0) {
		if (keylen >= sizeof(r->clave)) {
			err_msg("internal error: sorted clave of %zu bytes", keylen);
			return EXIT_ENV;
		}
		memcpy(r->clave, key, keylen);
		r->clave[keylen] = '\0';
		unpack(r->clave, rec, &x);
		switch (store(r, &x)) {
		case IMPORT_NEW:
			n->imported++;
			break;
		case IMPORT_SAME:
			n->unchanged++;
			break;
		case IMPORT_CHANGED:
			n->updated++;
			break;
		default:
			return EXIT_ENV;
		}
	}
	return got < 0 ? EXIT_ENV : 0;
}

const struct import_kind import_kind_roll = {
	"roll", roll_columns, R_COUNT, 0, 1, roll_begin, roll_row, roll_finish,
	roll_end
};
