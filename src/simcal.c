/*
 * simcal.c - calendar arithmetic for the generator (simcal.h).
 *
 * Dates are counted in years that begin on 1 March, so that the leap day
 * closes its year and the months before it have fixed lengths; 400-year
 * eras of 146,097 days repeat exactly.
 */
#include <string.h>

#include "simcal.h"

#define DAYS_0000_03_01_TO_EPOCH 719468

int64_t simcal_days(int y, int m, int d)
{
	int64_t year = m <= 2 ? (int64_t)y - 1 : y;
	int64_t era = (year >= 0 ? year : year - 399) / 400;
	int64_t year_of_era = year - era * 400;
	int64_t month = (m + 9) % 12; /* March is 0 */
	int64_t day_of_year = (153 * month + 2) / 5 + d - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
			     year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - DAYS_0000_03_01_TO_EPOCH;
}

void simcal_civil(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + DAYS_0000_03_01_TO_EPOCH;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t day_of_era = z - era * 146097;
	int64_t year_of_era = (day_of_era - day_of_era / 1460 +
			       day_of_era / 36524 - day_of_era / 146096) /
			      365;
	int64_t day_of_year =
		day_of_era -
		(365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t month = (5 * day_of_year + 2) / 153; /* March is 0 */

	*d = (int)(day_of_year - (153 * month + 2) / 5 + 1);
	*m = (int)(month < 10 ? month + 3 : month - 9);
	*y = (int)(year_of_era + era * 400 + (*m <= 2));
}

int simcal_parse_date(const char *text, int64_t *days)
{
	int y, m, d, i;
	char again[11];

	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
			return -1;
	y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 +
	    (text[2] - '0') * 10 + text[3] - '0';
	m = (text[5] - '0') * 10 + text[6] - '0';
	d = (text[8] - '0') * 10 + text[9] - '0';
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;

	/* A day past the month's end comes back as another date. */
	*days = simcal_days(y, m, d);
	simcal_format_date(*days, again);
	return strcmp(again, text) ? -1 : 0;
}

/* Writes V as exactly N digits at OUT. */
static void put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void simcal_format_date(int64_t days, char out[11])
{
	int y, m, d;

	simcal_civil(days, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}
