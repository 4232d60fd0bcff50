/*
 * isotime.c - the ISO 8601 subset described in isotime.h.
 */
#include <stdio.h>
#include <string.h>

#include "isotime.h"

long long isotime_days(int y, int m, int d)
{
	/* Days from civil date, with March as the first month of the year. */
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Reads N digits at *P into *OUT and advances; -1 when they are not digits. */
static int number(const char **p, int n, int *out)
{
	int v = 0;

	for (; n > 0; n--, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* YYYY-MM-DD at *P; advances past it. */
static int date(const char **p, int *y, int *m, int *d)
{
	if (number(p, 4, y) || *(*p)++ != '-' || number(p, 2, m) || *(*p)++ != '-' ||
	    number(p, 2, d))
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

int isotime_valid_date(const char *text)
{
	int y, m, d;

	return date(&text, &y, &m, &d) == 0 && *text == '\0';
}

/* HH:MM[:SS[.fraction]] at *P. */
static int clock_time(const char **p, int *seconds)
{
	int h, mi, s = 0, n;

	if (number(p, 2, &h) || *(*p)++ != ':' || number(p, 2, &mi))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (number(p, 2, &s))
			return -1;
		if (**p == '.' || **p == ',') {
			(*p)++;
			for (n = 0; **p >= '0' && **p <= '9'; n++)
				(*p)++;
			if (n < 1 || n > 9)
				return -1;
		}
	}
	if (h > 23 || mi > 59 || s > 59)
		return -1;
	*seconds = h * 3600 + mi * 60 + s;
	return 0;
}

/* Z, +HH:MM, -HH:MM, +HHMM or +HH at *P, in minutes east of UTC. */
static int offset(const char **p, int *minutes)
{
	int sign, h, m = 0;

	if (**p == 'Z') {
		(*p)++;
		*minutes = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = *(*p)++ == '-' ? -1 : 1;
	if (number(p, 2, &h))
		return -1;
	if (**p == ':')
		(*p)++;
	if (**p && number(p, 2, &m))
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

static void local_date_of(long long instant, int offset_min, char *out)
{
	long long days = instant + offset_min * 60LL;
	long long z, era, doe, yoe, doy, mp;
	char buf[40];
	int y, m, d;

	days = days >= 0 ? days / 86400 : -((-days + 86399) / 86400);

	/* Civil date from days (inverse of isotime_days). */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y = (int)(yoe + era * 400 + (m <= 2));
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

int isotime_parse(const char *text, int default_offset_min, long long *instant,
		  char *local_date)
{
	const char *p = text;
	int y, m, d, seconds = 0, off = default_offset_min;

	if (date(&p, &y, &m, &d))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (clock_time(&p, &seconds))
			return -1;
		if (*p && offset(&p, &off))
			return -1;
	}
	if (*p)
		return -1;
	*instant = isotime_days(y, m, d) * 86400 + seconds - off * 60LL;
	local_date_of(*instant, default_offset_min, local_date);
	return 0;
}
