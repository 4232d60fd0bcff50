/*
 * tallyout.c - the output formats of "apoyo tally" (see tally.h and
 * apoyo-tally(1)): JSON with the keys issue 2 fixes, CSV with one column
 * per status code, and an aligned table for people.
 */
#include <string.h>

#include "opt.h"
#include "csvout.h"
#include "jsonout.h"
#include "tally.h"

static void json_estatus(FILE *out, const struct tally_row *row)
{
	const char *sep = "";
	int s;

	putc('{', out);
	for (s = 0; s < ST_COUNT; s++) {
		if (!row->estatus[s])
			continue;
		fprintf(out, "%s\"%s\":%lld", sep, status_table[s].code,
			row->estatus[s]);
		sep = ",";
	}
	putc('}', out);
}

static void json_row(FILE *out, const struct tally_row *row)
{
	fputs("{\"aspirante\":", out);
	json_string(out, row->aspirant->id);
	fprintf(out,
		",\"cargo\":\"%s\",\"lista_nominal\":%lld,\"requeridos\":%lld,"
		"\"validos\":%lld,\"unidad\":\"%s\",\"unidades\":%zu,"
		"\"unidades_requeridas\":%lld,\"unidades_cumplidas\":%lld,"
		"\"cumple\":%s,\"estatus\":",
		cargo_names[row->aspirant->cargo], row->lista_nominal,
		row->requeridos, row->validos, unit_names[row->unit],
		row->n_units, row->units_needed, row->units_met,
		row->cumple ? "true" : "false");
	json_estatus(out, row);
	putc('}', out);
}

/* An array with one object a line, so that grep and diff work on it. */
void tally_print_json(FILE *out, const struct tally *t)
{
	size_t i;

	if (!t->n_rows) {
		fputs("[]\n", out);
		return;
	}
	fputs("[\n", out);
	for (i = 0; i < t->n_rows; i++) {
		json_row(out, &t->rows[i]);
		fputs(i + 1 < t->n_rows ? ",\n" : "\n", out);
	}
	fputs("]\n", out);
}

void tally_print_csv(FILE *out, const struct tally *t)
{
	static const char *const head[] = { "aspirante",
					    "cargo",
					    "lista_nominal",
					    "requeridos",
					    "validos",
					    "unidad",
					    "unidades",
					    "unidades_requeridas",
					    "unidades_cumplidas",
					    "cumple" };
	const struct tally_row *row;
	struct csvout w;
	size_t i;
	int s;

	csvout_init(&w, out);
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csvout_field(&w, head[i]);
	for (s = 0; s < ST_COUNT; s++)
		csvout_field(&w, status_table[s].code);
	csvout_end(&w);
	for (i = 0; i < t->n_rows; i++) {
		row = &t->rows[i];
		csvout_field(&w, row->aspirant->id);
		csvout_field(&w, cargo_names[row->aspirant->cargo]);
		csvout_int(&w, row->lista_nominal);
		csvout_int(&w, row->requeridos);
		csvout_int(&w, row->validos);
		csvout_field(&w, unit_names[row->unit]);
		csvout_int(&w, (long long)row->n_units);
		csvout_int(&w, row->units_needed);
		csvout_int(&w, row->units_met);
		csvout_field(&w, row->cumple ? "true" : "false");
		for (s = 0; s < ST_COUNT; s++)
			csvout_int(&w, row->estatus[s]);
		csvout_end(&w);
	}
}

#define TABLE_COLUMNS 10

/* The cells of one table line; numbers are formatted into BUF. */
static void table_cells(const struct tally_row *row, char buf[][24],
			const char **cells)
{
	long long numbers[] = { row->lista_nominal, row->requeridos,
				row->validos };
	long long units[] = { (long long)row->n_units, row->units_needed,
			      row->units_met };
	int i;

	cells[0] = row->aspirant->id;
	cells[1] = cargo_names[row->aspirant->cargo];
	for (i = 0; i < 3; i++) {
		snprintf(buf[i], 24, "%lld", numbers[i]);
		cells[2 + i] = buf[i];
	}
	cells[5] = unit_names[row->unit];
	for (i = 0; i < 3; i++) {
		snprintf(buf[3 + i], 24, "%lld", units[i]);
		cells[6 + i] = buf[3 + i];
	}
	cells[9] = row->cumple ? "yes" : "no";
}

static void table_line(FILE *out, const char **cells, const int *width)
{
	/* Text columns are left-aligned, counts right-aligned. */
	static const int left[TABLE_COLUMNS] = { 1, 1, 0, 0, 0, 1, 0, 0, 0, 1 };
	int i;

	for (i = 0; i < TABLE_COLUMNS; i++) {
		if (i == TABLE_COLUMNS - 1)
			fprintf(out, "%s\n", cells[i]);
		else if (left[i])
			fprintf(out, "%-*s  ", width[i], cells[i]);
		else
			fprintf(out, "%*s  ", width[i], cells[i]);
	}
}

void tally_print_table(FILE *out, const struct tally *t)
{
	static const char *head[TABLE_COLUMNS] = {
		"aspirante", "cargo",  "lista_nominal", "requeridos",
		"validos",   "unidad", "unidades",      "requeridas",
		"cumplidas", "cumple"
	};
	const char *cells[TABLE_COLUMNS];
	char buf[6][24];
	int width[TABLE_COLUMNS], len;
	size_t i;
	int c;

	for (c = 0; c < TABLE_COLUMNS; c++)
		width[c] = (int)strlen(head[c]);
	for (i = 0; i < t->n_rows; i++) {
		table_cells(&t->rows[i], buf, cells);
		for (c = 0; c < TABLE_COLUMNS; c++) {
			len = (int)strlen(cells[c]);
			if (len > width[c])
				width[c] = len;
		}
	}
	table_line(out, head, width);
	for (i = 0; i < t->n_rows; i++) {
		table_cells(&t->rows[i], buf, cells);
		table_line(out, cells, width);
	}
}

int tally_format_from_name(const char *name, enum tally_format *out)
{
	static const char *const names[] = { "table", "csv", "json" };
	int i = opt_choice(name, names, (int)(sizeof(names) / sizeof(names[0])));

	if (i < 0)
		return -1;
	*out = (enum tally_format)i;
	return 0;
}

void tally_print(FILE *out, const struct tally *t, enum tally_format format)
{
	if (format == TALLY_JSON)
		tally_print_json(out, t);
	else if (format == TALLY_CSV)
		tally_print_csv(out, t);
	else
		tally_print_table(out, t);
}
