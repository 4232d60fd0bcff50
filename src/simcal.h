/*
 * simcal.h - the proleptic Gregorian calendar in integers, for the
 * generator's birth dates, periods and timestamps (no C library time
 * functions, so the output cannot depend on the machine's zone).
 */
#ifndef APOYO_SIMCAL_H
#define APOYO_SIMCAL_H

#include <stdint.h>

/* Days from 1970-01-01 to Y-M-D. */
int64_t simcal_days(int y, int m, int d);

/* The date DAYS after 1970-01-01. */
void simcal_civil(int64_t days, int *y, int *m, int *d);

/* "YYYY-MM-DD" -> days; returns 0, or -1 when not such a date. */
int simcal_parse_date(const char *text, int64_t *days);

/* Writes "YYYY-MM-DD" (11 bytes with the NUL) for DAYS. */
void simcal_format_date(int64_t days, char out[11]);

#endif
