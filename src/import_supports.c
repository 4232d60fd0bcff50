/*
 * import_supports.c - "apoyo import supports": the citizen supports as
 * captured, stored as received so that verify can give every one of them
 * a status.
 *
 * A support is rejected here only when it has no id, or when its id
 * already holds a different record (a conflict: the first one stays).
 * Everything else is kept as written, with three derived values: the
 * clave trimmed and upper-cased, the capture instant and its calendar date
 * in the workspace's offset (NULL when fecha_captura does not parse), and
 * image paths made absolute against the folder of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "clave.h"
#include "err.h"
#include "import_kind.h"
#include "isotime.h"

enum support_column {
	S_ID, S_ASPIRANTE, S_AUXILIAR, S_FECHA_CAPTURA, S_CLAVE, S_NOMBRE,
	S_APELLIDO_PATERNO, S_APELLIDO_MATERNO, S_CIC, S_OCR, S_EMISION,
	S_VIGENCIA, S_SECCION, S_MRZ, S_FRENTE, S_REVERSO, S_FOTO, S_FIRMA,
	S_MODALIDAD, S_COUNT
};

static const struct import_column support_columns[S_COUNT] = {
	[S_ID] = { "id", 1 },
	[S_ASPIRANTE] = { "aspirante", 1 },
	[S_AUXILIAR] = { "auxiliar", 1 },
	[S_FECHA_CAPTURA] = { "fecha_captura", 1 },
	[S_CLAVE] = { "clave_elector", 1 },
	[S_NOMBRE] = { "nombre", 0 },
	[S_APELLIDO_PATERNO] = { "apellido_paterno", 0 },
	[S_APELLIDO_MATERNO] = { "apellido_materno", 0 },
	[S_CIC] = { "cic", 0 },
	[S_OCR] = { "ocr", 0 },
	[S_EMISION] = { "emision", 0 },
	[S_VIGENCIA] = { "vigencia", 0 },
	[S_SECCION] = { "seccion", 0 },
	[S_MRZ] = { "mrz", 0 },
	[S_FRENTE] = { "frente", 0 },
	[S_REVERSO] = { "reverso", 0 },
	[S_FOTO] = { "foto", 0 },
	[S_FIRMA] = { "firma", 0 },
	[S_MODALIDAD] = { "modalidad", 0 },
};

#define N_IMAGES 4	/* S_FRENTE .. S_FIRMA */

/*
 * ?1..?19 follow enum support_column; the derived values come after.
 * OR FAIL: a statement that fires a trigger and may abort makes SQLite
 * keep a statement journal of every page it touches (64 KiB a row with
 * 16 KiB pages), only to undo that one statement. An import that fails
 * rolls back its whole transaction anyway, so nothing needs it.
 */
static const char insert_sql[] =
	"INSERT OR FAIL INTO support_data(id, aspirante, auxiliar, fecha_captura,"
	" clave_elector, nombre, apellido_paterno, apellido_materno, cic, ocr,"
	" emision, vigencia, seccion, mrz, frente, reverso, foto, firma,"
	" modalidad, instante, fecha_local, origen, linea, recibido, imagenes)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	" ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
	" ON CONFLICT(id) DO NOTHING";

/* Column i of the result is enum support_column i + 1. */
static const char stored_sql[] =
	"SELECT aspirante, auxiliar, fecha_captura, clave_elector, nombre,"
	" apellido_paterno, apellido_materno, cic, ocr, emision, vigencia, seccion,"
	" mrz, frente, reverso, foto, firma, modalidad FROM support_data"
	" WHERE id = ?1";

/* A growable text buffer. */
struct text {
	char *s;
	size_t cap;
};

struct support_state {
	struct ws *ws;
	const struct import_source *src;
	sqlite3_stmt *insert, *stored;
	struct text clave, image[N_IMAGES];
};

static int text_reserve(struct text *t, size_t need)
{
	size_t cap = t->cap ? t->cap : 64;
	char *grown;

	if (need <= t->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	grown = realloc(t->s, cap);
	if (!grown)
		return -1;
	t->s = grown;
	t->cap = cap;
	return 0;
}

static void support_end(void *state)
{
	struct support_state *s = state;
	int i;

	sqlite3_finalize(s->insert);
	sqlite3_finalize(s->stored);
	free(s->clave.s);
	for (i = 0; i < N_IMAGES; i++)
		free(s->image[i].s);
	free(s);
}

static int support_begin(const struct import_source *src, void **state)
{
	struct support_state *s = calloc(1, sizeof(*s));

	if (!s) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	s->ws = src->ws;
	s->src = src;
	s->insert = ws_prepare(src->ws, insert_sql);
	s->stored = ws_prepare(src->ws, stored_sql);
	if (!s->insert || !s->stored) {
		support_end(s);
		return EXIT_ENV;
	}
	*state = s;
	return 0;
}

/* The image path as stored: absolute, a relative one joined to the folder. */
static const char *resolve_image(struct support_state *s, int i,
				 const char *path)
{
	const char *folder = s->src->folder;
	size_t flen = strlen(folder), plen;

	if (!import_optional(path))
		return NULL;
	if (path[0] == '/')
		return path;
	plen = strlen(path);
	if (text_reserve(&s->image[i], flen + plen + 2))
		return NULL;
	memcpy(s->image[i].s, folder, flen);
	s->image[i].s[flen] = '/';
	memcpy(s->image[i].s + flen + 1, path, plen + 1);
	return s->image[i].s;
}

/*
 * Fills STORED with the values as the support table keeps them. Returns
 * 0, or -1 when out of memory.
 */
static int stored_values(struct support_state *s, const struct import_row *row,
			 const char **stored)
{
	const char *clave = row->value[S_CLAVE];
	int i;

	for (i = 0; i < S_COUNT; i++)
		stored[i] = support_columns[i].required ? row->value[i]
							: import_optional(row->value[i]);

	/* Trimming and upper-casing never make the clave longer. */
	if (text_reserve(&s->clave, strlen(clave) + 1))
		return -1;
	clave_normalize(clave, s->clave.s, s->clave.cap);
	stored[S_CLAVE] = s->clave.s;

	for (i = 0; i < N_IMAGES; i++) {
		stored[S_FRENTE + i] = resolve_image(s, i, row->value[S_FRENTE + i]);
		if (import_optional(row->value[S_FRENTE + i]) && !stored[S_FRENTE + i])
			return -1;
	}
	return 0;
}

static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* Compares with the record under the same id; a difference is a conflict. */
static enum import_outcome compare_stored(struct support_state *s,
					  const char **stored,
					  struct import_reject *why)
{
	char was[IMPORT_QUOTE_MAX], now[IMPORT_QUOTE_MAX], id[IMPORT_QUOTE_MAX];
	enum import_outcome outcome = IMPORT_SAME;
	const char *old;
	int i, rc;

	sqlite3_bind_text(s->stored, 1, stored[S_ID], -1, SQLITE_STATIC);
	rc = sqlite3_step(s->stored);
	if (rc != SQLITE_ROW) {
		ws_fail(s->ws, "read support");
		sqlite3_reset(s->stored);
		return IMPORT_FAILED;
	}
	for (i = S_ASPIRANTE; i < S_COUNT; i++) {
		old = (const char *)sqlite3_column_text(s->stored, i - 1);
		if (same_text(old, stored[i]))
			continue;
		import_reject(why, support_columns[i].name,
			      "conflict with the support imported before under id %s:"
			      " expected %s, found %s",
			      import_quote(stored[S_ID], id, sizeof(id)),
			      import_quote(old, was, sizeof(was)),
			      import_quote(stored[i], now, sizeof(now)));
		outcome = IMPORT_REJECTED;
		break;
	}
	sqlite3_reset(s->stored);
	return outcome;
}

static void bind_derived(struct support_state *s, const char *fecha,
			 const struct import_row *row)
{
	sqlite3_stmt *st = s->insert;
	long long instant;
	char date[11];

	if (isotime_parse(fecha, s->ws->utc_offset_min, &instant, date) == 0) {
		sqlite3_bind_int64(st, 20, instant);
		sqlite3_bind_text(st, 21, date, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(st, 20);
		sqlite3_bind_null(st, 21);
	}
	sqlite3_bind_text(st, 22, s->src->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 23, row->line);
	sqlite3_bind_text(st, 24, s->src->now, -1, SQLITE_STATIC);

	/* A row with image columns, even empty, must carry all four. */
	sqlite3_bind_int(st, 25, row->value[S_FRENTE] || row->value[S_REVERSO] ||
				 row->value[S_FOTO] || row->value[S_FIRMA]);
}

static enum import_outcome support_row(void *state,
				       const struct import_row *row,
				       struct import_reject *why)
{
	struct support_state *s = state;
	const char *stored[S_COUNT];
	int i, inserted;

	if (import_need(row->value[S_ID], "id", why))
		return IMPORT_REJECTED;
	if (stored_values(s, row, stored)) {
		err_msg("out of memory");
		return IMPORT_FAILED;
	}

	for (i = 0; i < S_COUNT; i++)
		import_bind_text(s->insert, i + 1, stored[i]);
	bind_derived(s, stored[S_FECHA_CAPTURA], row);
	inserted = import_step(s->ws, s->insert, "insert support");
	if (inserted != 0)
		return inserted > 0 ? IMPORT_NEW : IMPORT_FAILED;
	return compare_stored(s, stored, why);
}

const struct import_kind import_kind_supports = {
	"supports", support_columns, S_COUNT, 1, 0, support_begin, support_row, NULL,
	support_end
};
