/*
 * report.c - "apoyo report" formats (see report.h).
 */
#include <string.h>

#include "csvout.h"
#include "jsonout.h"
#include "opt.h"
#include "report.h"

int report_format_from_name(const char *name, enum report_format *out)
{
	static const char *const names[] = { "text", "csv", "json" };
	int i = opt_choice(name, names, (int)(sizeof(names) / sizeof(names[0])));

	if (i < 0)
		return -1;
	*out = (enum report_format)i;
	return 0;
}

void report_print(FILE *out, const struct tally *t, enum report_format format)
{
	if (format == REPORT_JSON)
		report_print_json(out, t);
	else if (format == REPORT_CSV)
		report_print_csv(out, t);
	else
		report_print_text(out, t);
}

/* A status is listed when it has supports, or always for the verdicts. */
static int listed(const struct tally_row *row, int status)
{
	return row->estatus[status] || status != ST_PENDIENTE;
}

static long long shortfall(long long need, long long have)
{
	return need > have ? need - have : 0;
}

/* "1.00" from hundredths. */
static void percent_text(long hundredths, char *buf, size_t size)
{
	snprintf(buf, size, "%ld.%02ld", hundredths / 100, hundredths % 100);
}

void report_unit_code(const struct tally_row *row, const struct tally_unit *u,
		      char *buf, size_t size)
{
	if (row->unit == UNIT_ENTIDAD)
		snprintf(buf, size, "%02d", u->entidad);
	else if (row->unit == UNIT_MUNICIPIO)
		snprintf(buf, size, "%02d-%03d", u->entidad, u->number);
	else if (row->unit == UNIT_SECCION)
		snprintf(buf, size, "%02d-%04d", u->entidad, u->number);
	else
		snprintf(buf, size, "%02d-%02d", u->entidad, u->number);
}

const char *report_unit_name(const struct tally_row *row,
			     const struct tally_unit *u)
{
	if (row->unit == UNIT_ENTIDAD)
		return u->sample->entidad_nombre;
	if (row->unit == UNIT_MUNICIPIO)
		return u->sample->municipio_nombre;
	return "";
}

/* ---- text ---- */

/* 1234567 -> "1,234,567" in BUF (at least 32 bytes). */
static const char *grouped(long long v, char *buf)
{
	char digits[24];
	int n, i, j = 0;

	n = snprintf(digits, sizeof(digits), "%lld", v < 0 ? -v : v);
	if (v < 0)
		buf[j++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = digits[i];
	}
	buf[j] = '\0';
	return buf;
}

/* Characters (not bytes) of UTF-8 text S, up to LEN bytes. */
static int utf8_width(const char *s, size_t len)
{
	int w = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/* Writes S cut or padded to WIDTH characters, so that columns line up. */
static void put_cell(FILE *out, const char *s, int width)
{
	size_t len = 0;
	int w = 0;

	while (s[len] && w < width) {
		len++;
		while (((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		w++;
	}
	fwrite(s, 1, len, out);
	for (w = utf8_width(s, len); w < width; w++)
		putc(' ', out);
}

/* The geo name of an entidad or municipio, "" when the geography has none. */
static const char *place_name(const struct tally *t, const struct aspirant *a)
{
	size_t i;

	for (i = 0; i < t->t.n_geo; i++) {
		const struct geo_row *g = &t->t.geo[i];

		if (g->entidad != a->entidad)
			continue;
		if (a->cargo != CARGO_AYUNTAMIENTO)
			return g->entidad_nombre;
		if (g->municipio == a->municipio)
			return g->municipio_nombre;
	}
	return "";
}

static void text_territory(FILE *out, const struct tally *t,
			   const struct aspirant *a)
{
	const char *name = place_name(t, a);

	fprintf(out, "Cargo:       %s, ", cargo_names[a->cargo]);
	switch (a->cargo) {
	case CARGO_PRESIDENCIA:
		fputs("the whole country\n", out);
		return;
	case CARGO_DIPUTACION_FEDERAL:
		fprintf(out, "entidad %d, distrito federal %d\n", a->entidad,
			a->distrito_federal);
		return;
	case CARGO_DIPUTACION_LOCAL:
		fprintf(out, "entidad %d, distrito local %d\n", a->entidad,
			a->distrito_local);
		return;
	case CARGO_AYUNTAMIENTO:
		fprintf(out, "entidad %d, municipio %d%s%s\n", a->entidad,
			a->municipio, *name ? " " : "", name);
		return;
	default:
		fprintf(out, "entidad %d%s%s\n", a->entidad, *name ? " " : "",
			name);
	}
}

static void text_statuses(FILE *out, const struct tally_row *row)
{
	char num[32];
	int s;

	fputs("\nStatus                     INE category"
	      "                           Supports\n", out);
	for (s = 0; s < ST_COUNT; s++) {
		if (!listed(row, s))
			continue;
		put_cell(out, status_table[s].code, 27);
		put_cell(out, status_table[s].categoria, 35);
		fprintf(out, "%14s\n", grouped(row->estatus[s], num));
	}
}

static void text_threshold(FILE *out, const struct tally_row *row)
{
	const struct rule *r = &row->aspirant->rule;
	char pct[32], a[32], b[32], c[32];

	percent_text(r->porcentaje, pct, sizeof(pct));
	fprintf(out, "\nThreshold:   %s%% of lista nominal %s"
		" = %s valid supports; has %s\n", pct,
		grouped(row->lista_nominal, a), grouped(row->requeridos, b),
		grouped(row->validos, c));
	percent_text(r->porcentaje_unidad, pct, sizeof(pct));
	fprintf(out,
		"Dispersion:  %lld of %zu %s units, each at %s%%; met %lld\n",
		row->units_needed, row->n_units, unit_names[row->unit], pct,
		row->units_met);
}

static void text_units(FILE *out, const struct tally_row *row)
{
	char code[32], label[160], a[32], b[32], c[32];
	const struct tally_unit *u;
	size_t i;

	fputc('\n', out);
	put_cell(out, unit_names[row->unit], 32);
	fputs(" lista nominal   required      valid  met\n", out);
	for (i = 0; i < row->n_units; i++) {
		u = &row->units[i];
		report_unit_code(row, u, code, sizeof(code));
		snprintf(label, sizeof(label), "%s %s", code,
			 report_unit_name(row, u));
		put_cell(out, label, 32);
		fprintf(out, " %13s %10s %10s  %s\n",
			grouped(u->lista_nominal, a), grouped(u->requeridos, b),
			grouped(u->validos, c),
			u->validos >= u->requeridos ? "yes" : "no");
	}
}

static void text_missing(FILE *out, const struct tally_row *row)
{
	long long supports = shortfall(row->requeridos, row->validos);
	long long units = shortfall(row->units_needed, row->units_met);
	char num[32];

	if (row->cumple) {
		fputs("\nResult:      reaches the threshold\n"
		      "Missing:     nothing\n", out);
		return;
	}
	fprintf(out, "\nResult:      does not reach the threshold\n"
		"Missing:     %s valid supports, %lld %s units\n",
		grouped(supports, num), units, unit_names[row->unit]);
}

static void text_row(FILE *out, const struct tally *t,
		     const struct tally_row *row)
{
	const struct aspirant *a = row->aspirant;
	char num[32];

	fprintf(out, "Aspirant %s: %s\n", a->id, a->nombre);
	text_territory(out, t, a);
	fprintf(out, "Period:      %s to %s\n", a->inicio, a->fin);
	fprintf(out, "Received:    %s supports\n", grouped(row->received, num));
	fprintf(out, "Valid:       %s supports\n", grouped(row->validos, num));
	if (row->estatus[ST_PENDIENTE])
		fprintf(out,
			"Not verified yet: %s supports (run 'apoyo verify')\n",
			grouped(row->estatus[ST_PENDIENTE], num));
	text_statuses(out, row);
	text_threshold(out, row);
	text_units(out, row);
	text_missing(out, row);
}

void report_print_text(FILE *out, const struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n_rows; i++) {
		if (i)
			fputs("\n\n", out);
		text_row(out, t, &t->rows[i]);
	}
	if (t->all_aspirants && t->unknown_aspirant)
		fprintf(out, "%sSupports naming no known aspirant: %lld\n",
			t->n_rows ? "\n\n" : "", t->unknown_aspirant);
}

/* ---- CSV ---- */

/* Writes V, or an empty field when V is negative (not applicable). */
static void csv_count(struct csvout *w, long long v)
{
	if (v >= 0)
		csvout_int(w, v);
	else
		csvout_field(w, "");
}

/* One CSV line; negative numbers and CUMPLE leave their field empty. */
static void csv_line(struct csvout *w, const struct tally_row *row,
		     const char *parte, const char *codigo, const char *nombre,
		     long long cantidad, long long ln, long long req,
		     int cumple)
{
	csvout_field(w, row->aspirant->id);
	csvout_field(w, parte);
	csvout_field(w, codigo);
	csvout_field(w, nombre);
	csv_count(w, cantidad);
	csv_count(w, ln);
	csv_count(w, req);
	csvout_field(w, cumple < 0 ? "" : cumple ? "true" : "false");
	csvout_end(w);
}

static void csv_row(struct csvout *w, const struct tally_row *row)
{
	char code[32];
	const struct tally_unit *u;
	size_t i;
	int s;

	csv_line(w, row, "total", "recibidos", "", row->received, -1, -1, -1);
	for (s = 0; s < ST_COUNT; s++)
		if (listed(row, s))
			csv_line(w, row, "estatus", status_table[s].code,
				 status_table[s].categoria, row->estatus[s], -1,
				 -1, -1);
	csv_line(w, row, "umbral", "apoyos", "", row->validos,
		 row->lista_nominal, row->requeridos,
		 row->validos >= row->requeridos);
	csv_line(w, row, "umbral", "unidades", unit_names[row->unit],
		 row->units_met, (long long)row->n_units, row->units_needed,
		 row->units_met >= row->units_needed);
	for (i = 0; i < row->n_units; i++) {
		u = &row->units[i];
		report_unit_code(row, u, code, sizeof(code));
		csv_line(w, row, "unidad", code, report_unit_name(row, u),
			 u->validos, u->lista_nominal, u->requeridos,
			 u->validos >= u->requeridos);
	}
	csv_line(w, row, "faltan", "apoyos", "",
		 shortfall(row->requeridos, row->validos), -1, -1, -1);
	csv_line(w, row, "faltan", "unidades", unit_names[row->unit],
		 shortfall(row->units_needed, row->units_met), -1, -1, -1);
	csv_line(w, row, "resultado", "cumple", "", -1, -1, -1, row->cumple);
}

void report_print_csv(FILE *out, const struct tally *t)
{
	static const char *const head[] = { "aspirante",  "parte",
					    "codigo",     "nombre",
					    "cantidad",   "lista_nominal",
					    "requeridos", "cumple" };
	struct csvout w;
	size_t i;

	csvout_init(&w, out);
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csvout_field(&w, head[i]);
	csvout_end(&w);
	for (i = 0; i < t->n_rows; i++)
		csv_row(&w, &t->rows[i]);
}

/* ---- JSON ---- */

static void json_statuses(FILE *out, const struct tally_row *row)
{
	const char *sep = "";
	int s;

	fputs(",\"estatus\":[", out);
	for (s = 0; s < ST_COUNT; s++) {
		if (!listed(row, s))
			continue;
		fprintf(out, "%s{\"codigo\":\"%s\",\"categoria\":", sep,
			status_table[s].code);
		json_string(out, status_table[s].categoria);
		fprintf(out, ",\"cantidad\":%lld}", row->estatus[s]);
		sep = ",";
	}
	putc(']', out);
}

static void json_units(FILE *out, const struct tally_row *row)
{
	const struct tally_unit *u;
	char code[32], pct[32];
	size_t i;

	percent_text(row->aspirant->rule.porcentaje_unidad, pct, sizeof(pct));
	fprintf(out,
		",\"dispersion\":{\"unidad\":\"%s\","
		"\"porcentaje_unidad\":\"%s\",\"unidades\":%zu,"
		"\"unidades_requeridas\":%lld,\"unidades_cumplidas\":%lld,"
		"\"detalle\":[",
		unit_names[row->unit], pct, row->n_units, row->units_needed,
		row->units_met);
	for (i = 0; i < row->n_units; i++) {
		u = &row->units[i];
		report_unit_code(row, u, code, sizeof(code));
		fprintf(out, "%s{\"unidad\":\"%s\",\"entidad\":%d,"
			"\"numero\":%d,\"nombre\":", i ? "," : "", code,
			u->entidad, u->number);
		json_string(out, report_unit_name(row, u));
		fprintf(out,
			",\"lista_nominal\":%lld,\"requeridos\":%lld,"
			"\"validos\":%lld,\"cumple\":%s}",
			u->lista_nominal, u->requeridos, u->validos,
			u->validos >= u->requeridos ? "true" : "false");
	}
	fputs("]}", out);
}

static void json_row(FILE *out, const struct tally_row *row)
{
	const struct aspirant *a = row->aspirant;
	char pct[32];

	fputs("{\"aspirante\":", out);
	json_string(out, a->id);
	fputs(",\"nombre\":", out);
	json_string(out, a->nombre);
	fprintf(out,
		",\"cargo\":\"%s\",\"inicio\":\"%s\",\"fin\":\"%s\","
		"\"recibidos\":%lld,\"validos\":%lld,\"pendientes\":%lld",
		cargo_names[a->cargo], a->inicio, a->fin, row->received,
		row->validos, row->estatus[ST_PENDIENTE]);
	json_statuses(out, row);
	percent_text(a->rule.porcentaje, pct, sizeof(pct));
	fprintf(out,
		",\"umbral\":{\"porcentaje\":\"%s\",\"lista_nominal\":%lld,"
		"\"requeridos\":%lld}",
		pct, row->lista_nominal, row->requeridos);
	json_units(out, row);
	fprintf(out,
		",\"faltan\":{\"apoyos\":%lld,\"unidades\":%lld},"
		"\"cumple\":%s}",
		shortfall(row->requeridos, row->validos),
		shortfall(row->units_needed, row->units_met),
		row->cumple ? "true" : "false");
}

void report_print_json(FILE *out, const struct tally *t)
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
