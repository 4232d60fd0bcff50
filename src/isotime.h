/*
 * isotime.h - ISO 8601 timestamps and calendar dates as apoyo reads them.
 *
 * Accepted: YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS, optional
 * fraction of a second (.s up to 9 digits, dropped), ' ' instead of 'T',
 * and an optional offset Z, +HH:MM, -HH:MM, +HHMM or +HH. A timestamp
 * without an offset is read in the workspace's offset. Also accepted:
 * blanks around the text, 't' and 'z' in lower case, ',' before the
 * fraction. Hours 00-23, seconds 00-59 (no leap second), offsets up to
 * 14 hours; years 0000-9999.
 */
#ifndef APOYO_ISOTIME_H
#define APOYO_ISOTIME_H

/*
 * Parses TEXT. On success returns 0 and sets *instant (seconds since
 * 1970-01-01T00:00:00Z) and LOCAL_DATE ("YYYY-MM-DD", 11 bytes) to the
 * calendar date of that instant at DEFAULT_OFFSET_MIN minutes from UTC.
 * Returns -1 when TEXT is not such a timestamp or names an impossible
 * date or time.
 */
int isotime_parse(const char *text, int default_offset_min, long long *instant,
		  char *local_date);

/* 1 when TEXT is a real calendar date written YYYY-MM-DD. */
int isotime_valid_date(const char *text);

/* Days since 1970-01-01 of the proleptic Gregorian date Y-M-D. */
long long isotime_days(int y, int m, int d);

#endif
