/*
 * import_roll.c - "apoyo import roll": the electoral roll, one row per
 * citizen keyed by clave_elector, split into the narrow table verify
 * searches (roll) and the citizen's names and card data (roll_datos),
 * which the roll row points at (apoyo-workspace(5)).
 *
 * This is the bulk path of apoyo (tens of millions of rows). Rows are
 * checked as they are read, then sorted by clave (extsort.c, bounded
 * memory) and stored in that order, because SQLite appends to a B-tree in
 * key order many times faster than it inserts at random places.
 *
 * The first valid row decides the way. Into an empty roll (the usual
 * first load) each row's roll_datos texts are written at once, in read
 * order, and only the narrow rest is sorted and stored afterwards
 * (import_roll_fresh.c). Into a roll that has rows, the whole rows are
 * sorted and stored one by one here: a new clave costs two INSERTs, and
 * only a clave already present pays for the comparison and the UPDATEs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "import_roll.h"

enum roll_column {
	R_CLAVE, R_SITUACION, R_ENTIDAD, R_SECCION, R_EMISION, R_VIGENCIA,
	R_MOTIVO_BAJA, R_NOMBRE, R_APELLIDO_PATERNO, R_APELLIDO_MATERNO, R_CIC,
	R_OCR, R_CURP, R_FECHA_NACIMIENTO, R_SEXO, R_COUNT
};

_Static_assert(R_COUNT - R_NOMBRE == ROLL_DATOS_TEXTS,
	       "the roll_datos columns follow nombre, in the table's order");

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

/* Memory for the rows waiting to be sorted; more spills to temporary files. */
#define SORT_BUDGET ((size_t)256 << 20)

/*
 * A roll that has rows. roll's statements number their parameters
 * ?1..?7 in column order, ?8 the roll_datos row; roll_datos' take the
 * eight texts as ?1..?8 and, to update, the row as ?9.
 */
static const char roll_find_sql[] =
	"SELECT ifnull(datos, 0) FROM roll WHERE clave_elector = ?1";

static const char roll_insert_sql[] =
	"INSERT INTO roll(clave_elector, situacion, entidad, seccion, emision,"
	" vigencia, motivo_baja, datos) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

static const char roll_update_sql[] =
	"UPDATE roll SET situacion = ?2, entidad = ?3, seccion = ?4, emision = ?5,"
	" vigencia = ?6, motivo_baja = ?7 WHERE clave_elector = ?1"
	" AND (situacion IS NOT ?2 OR entidad IS NOT ?3 OR seccion IS NOT ?4"
	" OR emision IS NOT ?5 OR vigencia IS NOT ?6 OR motivo_baja IS NOT ?7)";

static const char roll_link_sql[] =
	"UPDATE roll SET datos = ?8 WHERE clave_elector = ?1";

static const char datos_insert_sql[] =
	"INSERT INTO roll_datos(nombre, apellido_paterno, apellido_materno, cic,"
	" ocr, curp, fecha_nacimiento, sexo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8)";

/* Changes only when a value differs: changes() says whether it did. */
static const char datos_update_sql[] =
	"UPDATE roll_datos SET nombre = ?1, apellido_paterno = ?2,"
	" apellido_materno = ?3, cic = ?4, ocr = ?5, curp = ?6,"
	" fecha_nacimiento = ?7, sexo = ?8 WHERE n = ?9"
	" AND (nombre IS NOT ?1 OR apellido_paterno IS NOT ?2"
	" OR apellido_materno IS NOT ?3 OR cic IS NOT ?4 OR ocr IS NOT ?5"
	" OR curp IS NOT ?6 OR fecha_nacimiento IS NOT ?7 OR sexo IS NOT ?8)";

static void roll_end(void *state)
{
	struct roll_state *r = state;

	sqlite3_finalize(r->find);
	sqlite3_finalize(r->insert);
	sqlite3_finalize(r->update);
	sqlite3_finalize(r->link);
	sqlite3_finalize(r->datos_insert);
	sqlite3_finalize(r->datos_update);
	roll_fresh_free(r);
	extsort_free(r->sorted);
	free(r->packed);
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
	r->sorted = extsort_new(SORT_BUDGET);
	if (!r->sorted) {
		err_msg("out of memory");
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

/*
 * Chooses the way at the first valid row, inside the import's
 * transaction: a fresh load or one row at a time. Returns 0 or -1.
 */
static int choose_mode(struct roll_state *r)
{
	int empty = roll_is_empty(r);

	if (empty < 0)
		return -1;
	if (empty) {
		r->mode = ROLL_FRESH;
		return datos_batch_open(r->ws, &r->batch) ? -1 : 0;
	}
	r->mode = ROLL_EXISTING;
	r->find = ws_prepare(r->ws, roll_find_sql);
	r->insert = ws_prepare(r->ws, roll_insert_sql);
	r->update = ws_prepare(r->ws, roll_update_sql);
	r->link = ws_prepare(r->ws, roll_link_sql);
	r->datos_insert = ws_prepare(r->ws, datos_insert_sql);
	r->datos_update = ws_prepare(r->ws, datos_update_sql);
	return r->find && r->insert && r->update && r->link &&
			       r->datos_insert && r->datos_update ?
		       0 : -1;
}

/* The texts a packed row carries: motivo_baja, and the rest unless written. */
static int packed_texts(const struct roll_state *r)
{
	return r->mode == ROLL_FRESH ? 1 : ROLL_TEXTS;
}

/* Writes X's numbers at OUT, PACKED_NUMBERS bytes (see import_roll.h). */
static void pack_numbers(const struct roll_row *x, char *out)
{
	int32_t seccion = (int32_t)x->seccion;
	int16_t emision = (int16_t)x->emision, vigencia = (int16_t)x->vigencia;
	int64_t datos = x->datos;

	memcpy(out, &seccion, 4);
	memcpy(out + 4, &emision, 2);
	memcpy(out + 6, &vigencia, 2);
	out[8] = (char)x->situacion;
	out[9] = (char)x->entidad;
	memcpy(out + PACKED_DATOS_AT, &datos, 8);
}

static void unpack_numbers(const char *in, struct roll_row *x)
{
	int32_t seccion;
	int16_t emision, vigencia;

	memcpy(&seccion, in, 4);
	memcpy(&emision, in + 4, 2);
	memcpy(&vigencia, in + 6, 2);
	x->seccion = seccion;
	x->emision = emision;
	x->vigencia = vigencia;
	x->situacion = (unsigned char)in[8];
	x->entidad = (unsigned char)in[9];
	x->datos = packed_datos(in);
}

/* Packs X for the sorter (the clave is the key); returns the size or -1. */
static long pack(struct roll_state *r, const struct roll_row *x)
{
	size_t size = PACKED_NUMBERS, len[ROLL_TEXTS], at;
	int i, texts = packed_texts(r);
	char *grown;

	for (i = 0; i < texts; i++) {
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
	pack_numbers(x, r->packed);
	at = PACKED_NUMBERS;
	for (i = 0; i < texts; i++) {
		if (len[i])
			memcpy(r->packed + at, x->text[i], len[i]);
		r->packed[at + len[i]] = '\0';
		at += len[i] + 1;
	}
	return (long)size;
}

void roll_unpack(const struct roll_state *r, const char *clave,
		 const char *rec, struct roll_row *x)
{
	int i, texts = packed_texts(r);

	x->clave = clave;
	unpack_numbers(rec, x);
	rec += PACKED_NUMBERS;
	for (i = 0; i < ROLL_TEXTS; i++) {
		x->text[i] = i < texts && *rec ? rec : NULL;
		if (i < texts)
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
	if (r->mode == ROLL_UNDECIDED && choose_mode(r))
		return IMPORT_FAILED;
	x.datos = 0;
	if (r->mode == ROLL_FRESH &&
	    (x.datos = datos_batch_add(r->batch, x.text + 1)) < 0)
		return IMPORT_FAILED;
	size = pack(r, &x);
	if (size < 0) {
		err_msg("out of memory");
		return IMPORT_FAILED;
	}
	if (extsort_add(r->sorted, x.clave, strlen(x.clave), r->packed, (size_t)size))
		return IMPORT_FAILED;
	return IMPORT_DEFERRED;
}

/* ---- a roll that has rows ----------------------------------------------- */

static void bind_roll(sqlite3_stmt *st, const struct roll_row *x)
{
	sqlite3_bind_text(st, 1, x->clave, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, x->situacion);
	sqlite3_bind_int64(st, 3, x->entidad);
	sqlite3_bind_int64(st, 4, x->seccion);
	sqlite3_bind_int64(st, 5, x->emision);
	sqlite3_bind_int64(st, 6, x->vigencia);
	import_bind_text(st, 7, x->text[0]);
	sqlite3_bind_int64(st, 8, x->datos);
}

static void bind_datos(sqlite3_stmt *st, const struct roll_row *x)
{
	int i;

	for (i = 1; i < ROLL_TEXTS; i++)
		import_bind_text(st, i, x->text[i]);
}

/* 1 with *datos set (0: none) when X's clave is in roll, 0 if not, -1 on failure. */
static int find(struct roll_state *r, const struct roll_row *x, long long *datos)
{
	int rc;

	sqlite3_bind_text(r->find, 1, x->clave, -1, SQLITE_STATIC);
	rc = sqlite3_step(r->find);
	if (rc == SQLITE_ROW)
		*datos = sqlite3_column_int64(r->find, 0);
	else if (rc != SQLITE_DONE)
		ws_fail(r->ws, "read roll");
	sqlite3_reset(r->find);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Writes X's texts as a new roll_datos row and sets X->datos to it. */
static int insert_datos(struct roll_state *r, struct roll_row *x)
{
	bind_datos(r->datos_insert, x);
	if (import_step(r->ws, r->datos_insert, "insert roll_datos") < 0)
		return -1;
	x->datos = sqlite3_last_insert_rowid(r->ws->db);
	return 0;
}

/* The roll_datos row of a clave already there; 1 when it changed. */
static int update_datos(struct roll_state *r, struct roll_row *x)
{
	if (!x->datos) {
		if (insert_datos(r, x))
			return -1;
		bind_roll(r->link, x);
		return import_step(r->ws, r->link, "update roll") < 0 ? -1 : 1;
	}
	bind_datos(r->datos_update, x);
	sqlite3_bind_int64(r->datos_update, 9, x->datos);
	return import_step(r->ws, r->datos_update, "update roll_datos");
}

/* Stores one row; its clave may be there already, from a file or a row before. */
static enum import_outcome store(struct roll_state *r, struct roll_row *x)
{
	int found, roll_changed, datos_changed;

	found = find(r, x, &x->datos);
	if (found < 0)
		return IMPORT_FAILED;
	if (!found) {
		if (insert_datos(r, x))
			return IMPORT_FAILED;
		bind_roll(r->insert, x);
		return import_step(r->ws, r->insert, "insert roll") < 0 ?
			       IMPORT_FAILED : IMPORT_NEW;
	}

	/* A known clave: a new cut-off may have changed the citizen's situation. */
	bind_roll(r->update, x);
	roll_changed = import_step(r->ws, r->update, "update roll");
	datos_changed = roll_changed < 0 ? -1 : update_datos(r, x);
	if (datos_changed < 0)
		return IMPORT_FAILED;
	return roll_changed || datos_changed ? IMPORT_CHANGED : IMPORT_SAME;
}

/* Stores the sorted rows one by one, counting each in N. */
static int store_each(struct roll_state *r, struct import_counts *n)
{
	const void *key, *rec;
	size_t keylen, reclen;
	struct roll_row x;
	int got;

	while ((got = extsort_next(r->sorted, &key, &keylen, &rec, &reclen)) > 0) {
		if (keylen >= sizeof(r->clave)) {
			err_msg("internal error: sorted clave of %zu bytes", keylen);
			return EXIT_ENV;
		}
		memcpy(r->clave, key, keylen);
		r->clave[keylen] = '\0';
		roll_unpack(r, r->clave, rec, &x);
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

/*
 * Stores the sorted rows. Rows with the same clave come in file order, so
 * a repeated clave counts as unchanged or updated against the row before.
 */
static int roll_finish(void *state, struct import_counts *n)
{
	struct roll_state *r = state;

	if (r->mode == ROLL_FRESH)
		return roll_fresh_finish(r, n);
	return store_each(r, n);
}

const struct import_kind import_kind_roll = {
	"roll", roll_columns, R_COUNT, 0, 1, roll_begin, roll_row, roll_finish,
	roll_end
};
