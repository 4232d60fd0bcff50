/*
 * report.h - the human summary of "apoyo report": per aspirant, the
 * supports received and valid, every status with INE's category name,
 * the threshold, the dispersion table and what is still missing. Built
 * on the tally (tally.h); formats are described in apoyo-report(1).
 */
#ifndef APOYO_REPORT_H
#define APOYO_REPORT_H

#include <stdio.h>

#include "tally.h"

enum report_format {
	REPORT_TEXT,
	REPORT_CSV,
	REPORT_JSON
};

/* "text", "csv" or "json"; returns 0, or -1 for anything else. */
int report_format_from_name(const char *name, enum report_format *out);

/* Text for an 80-column terminal. */
void report_print_text(FILE *out, const struct tally *t);

/* One line per item: aspirante,parte,codigo,nombre,cantidad,lista_nominal,
 * requeridos,cumple. */
void report_print_csv(FILE *out, const struct tally *t);

/* An array with one object per aspirant. */
void report_print_json(FILE *out, const struct tally *t);

void report_print(FILE *out, const struct tally *t, enum report_format format);

/* "14-039" style name of a unit into BUF (SIZE bytes). */
void report_unit_code(const struct tally_row *row, const struct tally_unit *u,
		      char *buf, size_t size);

/* The name the geography gives a unit ("" when it has none). */
const char *report_unit_name(const struct tally_row *row,
			     const struct tally_unit *u);

#endif
