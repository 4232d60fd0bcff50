/*
 * isotime.c - reading ISO 8601 timestamps and dates (see isotime.h).
 *
 * Everything is integer arithmetic on the proleptic Gregorian calendar;
 * the C library's time zone machinery is not involved, so the result
 * depends only on the text and the workspace offset.
 */
#include <stddef.h>
#include <string.h>

#include "isotime.h"

#define SECONDS_PER_DAY 86400LL
#define MAX_OFFSET_HOURS 14

struct stamp {
	int year, month, day;
	int hour, minute, second;
	int has_offset;
	int offset_min;
};

static int is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

/*
 * Counts from a year that starts in March, so that the leap day is the
 * last day of its year and every month before it has a fixed length.
 */
long long isotime_days(int y, int m, int d)
{
	long long year = m <= 2 ? (long long)y - 1 : y;
	long long era = (year >= 0 ? year : year - 399) / 400;
	long long year_of_era = year - era * 400;
	long long month_from_march = (m + 9) % 12;
	long long day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
	long long day_of_era = year_of_era * 365 + year_of_era / 4 -
			       year_of_era / 100 + day_of_year;

	/* 719468 days separate 0000-03-01 from 1970-01-01. */
	return era * 146097 + day_of_era - 719468;
}

/* Reads exactly COUNT digits at *P into *OUT; returns 0 or -1. */
static int digits(const char **p, int count, int *out)
{
	int i, value = 0;

	for (i = 0; i < count; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		value = value * 10 + ((*p)[i] - '0');
	}
	*p += count;
	*out = value;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* YYYY-MM-DD, checked against the calendar. */
static int read_date(const char **p, struct stamp *t)
{
	if (digits(p, 4, &t->year) || expect(p, '-') ||
	    digits(p, 2, &t->month) || expect(p, '-') || digits(p, 2, &t->day))
		return -1;
	if (t->month < 1 || t->month > 12)
		return -1;
	if (t->day < 1 || t->day > days_in_month(t->year, t->month))
		return -1;
	return 0;
}

/* HH:MM[:SS[.fraction]]; the fraction is read and dropped. */
static int read_time(const char **p, struct stamp *t)
{
	int fraction_digits = 0;

	if (digits(p, 2, &t->hour) || expect(p, ':') || digits(p, 2, &t->minute))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (digits(p, 2, &t->second))
			return -1;
		if (**p == '.' || **p == ',') {
			(*p)++;
			while (**p >= '0' && **p <= '9' && fraction_digits < 10) {
				(*p)++;
				fraction_digits++;
			}
			if (fraction_digits < 1 || fraction_digits > 9)
				return -1;
		}
	}
	if (t->hour > 23 || t->minute > 59 || t->second > 59)
		return -1;
	return 0;
}

/* Z, +HH:MM, -HH:MM, +HHMM or +HH; nothing at all leaves has_offset 0. */
static int read_offset(const char **p, struct stamp *t)
{
	int sign, hours, minutes = 0;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		t->has_offset = 1;
		t->offset_min = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &hours))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (digits(p, 2, &minutes))
			return -1;
	} else if (**p >= '0' && **p <= '9' && digits(p, 2, &minutes)) {
		return -1;
	}
	if (hours > MAX_OFFSET_HOURS || minutes > 59)
		return -1;
	t->has_offset = 1;
	t->offset_min = sign * (hours * 60 + minutes);
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parses the whole of TEXT (surrounding blanks allowed) into T. */
static int read_stamp(const char *text, struct stamp *t)
{
	const char *p = text;

	memset(t, 0, sizeof(*t));
	while (is_space(*p))
		p++;
	if (read_date(&p, t))
		return -1;
	if (*p == 'T' || *p == 't' || (*p == ' ' && p[1] >= '0' && p[1] <= '9')) {
		p++;
		if (read_time(&p, t) || read_offset(&p, t))
			return -1;
	}
	while (is_space(*p))
		p++;
	return *p == '\0' ? 0 : -1;
}

/* Floor division, so that instants before 1970 land on the right day. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * Writes the calendar date of day number DAYS (since 1970-01-01) as
 * YYYY-MM-DD. Returns -1 when the year does not have four digits.
 */
static int format_day(long long days, char *out)
{
	int y, m = 1, d;

	y = (int)(1970 + floor_div(days * 400, 146097));
	while (isotime_days(y, 1, 1) > days)
		y--;
	while (isotime_days(y + 1, 1, 1) <= days)
		y++;
	while (m < 12 && isotime_days(y, m + 1, 1) <= days)
		m++;
	d = (int)(days - isotime_days(y, m, 1)) + 1;
	if (y < 0 || y > 9999)
		return -1;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}

int isotime_parse(const char *text, int default_offset_min, long long *instant,
		  char *local_date)
{
	struct stamp t;
	long long seconds;
	int offset;

	if (!text || read_stamp(text, &t))
		return -1;

	offset = t.has_offset ? t.offset_min : default_offset_min;
	seconds = isotime_days(t.year, t.month, t.day) * SECONDS_PER_DAY +
		  t.hour * 3600LL + t.minute * 60LL + t.second;
	seconds -= offset * 60LL;

	if (format_day(floor_div(seconds + default_offset_min * 60LL, SECONDS_PER_DAY),
		       local_date))
		return -1;
	*instant = seconds;
	return 0;
}

int isotime_valid_date(const char *text)
{
	struct stamp t;
	const char *p = text;

	if (!text || strlen(text) != 10)
		return 0;
	memset(&t, 0, sizeof(t));
	return read_date(&p, &t) == 0 && *p == '\0';
}
