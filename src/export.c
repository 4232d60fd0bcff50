/*
 * export.c - supports with their statuses, as CSV or JSON Lines (see
 * export.h).
 */
#include <string.h>

#include "opt.h"
#include "csvout.h"
#include "err.h"
#include "export.h"
#include "ws.h"

#define EXPORT_COLUMNS 12

static const char *const columns[EXPORT_COLUMNS] = { "id",
						     "aspirante",
						     "auxiliar",
						     "fecha_captura",
						     "clave_elector",
						     "nombre",
						     "apellido_paterno",
						     "apellido_materno",
						     "seccion",
						     "estatus",
						     "categoria",
						     "motivos" };

static const char csv_sql[] =
	"SELECT s.id, s.aspirante, s.auxiliar, s.fecha_captura,"
	" s.clave_elector, s.nombre, s.apellido_paterno, s.apellido_materno,"
	" s.seccion, s.estatus, st.categoria, s.motivos"
	" FROM support s LEFT JOIN status st ON st.code = s.estatus"
	" WHERE (?1 IS NULL OR s.aspirante = ?1)"
	" AND (?2 IS NULL OR s.estatus = ?2)"
	" ORDER BY s.n";

static const char jsonl_sql[] =
	"SELECT json_object('id', s.id, 'aspirante', s.aspirante,"
	" 'auxiliar', s.auxiliar, 'fecha_captura', s.fecha_captura,"
	" 'clave_elector', s.clave_elector,"
	" 'nombre', s.nombre, 'apellido_paterno', s.apellido_paterno,"
	" 'apellido_materno', s.apellido_materno, 'seccion', s.seccion,"
	" 'estatus', s.estatus, 'categoria', st.categoria,"
	" 'motivos', s.motivos)"
	" FROM support s LEFT JOIN status st ON st.code = s.estatus"
	" WHERE (?1 IS NULL OR s.aspirante = ?1)"
	" AND (?2 IS NULL OR s.estatus = ?2)"
	" ORDER BY s.n";

int export_format_from_name(const char *name, enum export_format *out)
{
	static const char *const names[] = { "csv", "jsonl" };
	int i = opt_choice(name, names, (int)(sizeof(names) / sizeof(names[0])));

	if (i < 0)
		return -1;
	*out = (enum export_format)i;
	return 0;
}

static void write_csv_row(struct csvout *w, sqlite3_stmt *st)
{
	int i;

	for (i = 0; i < EXPORT_COLUMNS; i++)
		csvout_field(w, (const char *)sqlite3_column_text(st, i));
	csvout_end(w);
}

int export_supports(struct ws *ws, FILE *out, const struct export_filter *f,
		    enum export_format format)
{
	sqlite3_stmt *st =
		ws_prepare(ws, format == EXPORT_CSV ? csv_sql : jsonl_sql);
	struct csvout w;
	int i, step, rc;

	if (!st)
		return EXIT_ENV;
	if (f->aspirant)
		sqlite3_bind_text(st, 1, f->aspirant, -1, SQLITE_STATIC);
	if (f->status)
		sqlite3_bind_text(st, 2, f->status, -1, SQLITE_STATIC);
	csvout_init(&w, out);
	if (format == EXPORT_CSV) {
		for (i = 0; i < EXPORT_COLUMNS; i++)
			csvout_field(&w, columns[i]);
		csvout_end(&w);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (format == EXPORT_CSV)
			write_csv_row(&w, st);
		else
			fprintf(out, "%s\n",
				(const char *)sqlite3_column_text(st, 0));
	}
	rc = step == SQLITE_DONE ? 0 : ws_fail(ws, "export supports");
	sqlite3_finalize(st);
	return rc;
}

int export_aspirant_exists(struct ws *ws, const char *id)
{
	sqlite3_stmt *st =
		ws_prepare(ws, "SELECT 1 FROM aspirant WHERE id = ?");
	int step;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : -1;
}
