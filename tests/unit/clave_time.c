/*
 * clave_time.c - unit tests for the clave de elector pattern and the
 * ISO 8601 reader. Expected instants were worked out independently
 * (calendar.timegm in Python) and are written here as numbers.
 */
#include <stdio.h>

#include "../../src/clave.h"
#include "../../src/isotime.h"
#include "tap.h"

#define CST (-360)	/* -06:00, central Mexico */

static void normalized(const char *in, const char *want, const char *name)
{
	char out[CLAVE_MAX_BYTES];

	tap_ok(clave_normalize(in, out, sizeof(out)) == 0, name);
	tap_is_str(out, want, name);
}

static void test_normalize(void)
{
	char small[8];

	normalized("  gomzjn80010114h100 \t", "GOMZJN80010114H100", "trims, upper-cases");
	normalized("pe\xC3\xB1""alo80010114m000", "PE\xC3\x91""ALO80010114M000",
		   "lower-case \xC3\xB1 becomes \xC3\x91");
	normalized("PE\xC3\x91""ALO80010114M000", "PE\xC3\x91""ALO80010114M000",
		   "upper-case \xC3\x91 stays");
	normalized("p\xC3\xA9rez", "P\xC3\xA9REZ", "other accents are left alone");
	normalized("\xB1x", "\xB1X", "a stray continuation byte is not an \xC3\xB1");
	normalized("   ", "", "blank becomes empty");
	tap_ok(clave_normalize("GOMZJN80010114H100", small, sizeof(small)) == -1,
	       "too long for the buffer is -1");
	tap_is_str(small, "GOMZJN8", "and leaves a terminated prefix");
}

static void test_valid(void)
{
	tap_ok(clave_valid("GOMZJN80010114H100"), "plain clave, H");
	tap_ok(clave_valid("GOMZJN80010114M100"), "M");
	tap_ok(clave_valid("GOMZJN80010114X100"), "X");
	tap_ok(!clave_valid("GOMZJN80010114Z100"), "Z is not a sex");
	tap_ok(clave_valid("\xC3\x91\xC3\x91\xC3\x91\xC3\x91\xC3\x91\xC3\x91"
			   "80010114H100"), "six \xC3\x91 (24 bytes)");
	tap_ok(clave_valid("MU\xC3\x91OZA80010114H100"), "\xC3\x91 inside");
	tap_ok(!clave_valid("MU\xC3\xB1OZA80010114H100"), "lower-case \xC3\xB1 is not valid");
	tap_ok(!clave_valid("gomzjn80010114h100"), "lower case is not valid");
	tap_ok(!clave_valid("MU\xC3OZA80010114H100"), "lone lead byte");
	tap_ok(!clave_valid("MU\xC3\x89ZA80010114H100"), "\xC3\x89 is not a clave letter");
	tap_ok(!clave_valid("GOMZJN80010114H10"), "17 characters");
	tap_ok(!clave_valid("GOMZJN80010114H1000"), "19 characters");
	tap_ok(!clave_valid("GOMZJ180010114H100"), "digit among the letters");
	tap_ok(!clave_valid("GOMZJNA0010114H100"), "letter among the digits");
	tap_ok(!clave_valid("GOMZJN80010114H10A"), "letter at the end");
	tap_ok(!clave_valid("GOMZJN80010114H100 "), "trailing space");
	tap_ok(!clave_valid(""), "empty");
}

static void parsed(const char *text, int offset, long long want, const char *date,
		   const char *name)
{
	long long instant = 0;
	char local[11] = "";
	int rc = isotime_parse(text, offset, &instant, local);

	tap_ok(rc == 0, name);
	if (rc == 0 && instant != want)
		printf("# instant %lld, want %lld\n", instant, want);
	tap_ok(instant == want, name);
	tap_is_str(local, date, name);
}

static void rejected(const char *text, const char *name)
{
	long long instant;
	char local[11];

	tap_ok(isotime_parse(text, CST, &instant, local) == -1, name);
}

static void test_parse(void)
{
	parsed("2018-02-19T10:00:00Z", CST, 1519034400, "2018-02-19", "Z");
	parsed("2018-02-19T03:00:00Z", CST, 1519009200, "2018-02-18",
	       "Z at 03:00 is the previous day at -06:00");
	parsed("2018-02-19T23:30:00", CST, 1519104600, "2018-02-19",
	       "no offset is read at -06:00");
	parsed("2018-02-19T23:30:00", 0, 1519083000, "2018-02-19",
	       "no offset is read at +00:00");
	parsed("2018-02-19T23:30:00-06:00", 0, 1519104600, "2018-02-20",
	       "-06:00 late evening is the next day at +00:00");
	parsed("2018-02-19T10:00+05:30", CST, 1519014600, "2018-02-18", "+05:30");
	parsed("2018-02-19T10:00+0530", CST, 1519014600, "2018-02-18", "+0530");
	parsed("2018-02-19T15:30+11", CST, 1519014600, "2018-02-18", "+11");
	parsed("2018-02-19 04:00:00z", CST, 1519014600 - 1800, "2018-02-18",
	       "space separator, lower-case z");
	parsed("2018-02-19T10:00:00.123456789Z", CST, 1519034400, "2018-02-19",
	       "nine fraction digits are dropped");
	parsed("2018-02-19T10:00:00,5Z", CST, 1519034400, "2018-02-19", "comma fraction");
	parsed("2018-02-19", CST, 1519020000, "2018-02-19", "date only is local midnight");
	parsed(" 2018-02-19T10:00:00Z\r\n", CST, 1519034400, "2018-02-19",
	       "surrounding blanks");
	parsed("2020-02-29T12:00:00Z", CST, 1582977600, "2020-02-29", "Feb 29 of 2020");
	parsed("2019-01-01T05:59:59Z", CST, 1546322399, "2018-12-31",
	       "crosses back into the previous year");
	parsed("1969-12-31T23:59:59Z", 0, -1, "1969-12-31", "before 1970");
	parsed("2000-02-29T00:00:00-14:00", 0, 951832800, "2000-02-29",
	       "leap day of a 400-year");

	rejected("2019-02-29T12:00:00Z", "no Feb 29 in 2019");
	rejected("1900-02-29", "no Feb 29 in 1900");
	rejected("2018-13-01", "month 13");
	rejected("2018-00-10", "month 0");
	rejected("2018-04-31", "April 31");
	rejected("2018-04-00", "day 0");
	rejected("2018-02-19T24:00", "hour 24");
	rejected("2018-02-19T10:60", "minute 60");
	rejected("2018-02-19T10:00:60", "second 60");
	rejected("2018-02-19T10", "hour alone");
	rejected("2018-02-19T", "T alone");
	rejected("2018-02-19T10:00:00.Z", "empty fraction");
	rejected("2018-02-19T10:00:00.1234567890Z", "ten fraction digits");
	rejected("2018-02-19T10:00+15:00", "offset beyond 14 hours");
	rejected("2018-02-19T10:00+05:", "offset with a colon and no minutes");
	rejected("2018-02-19T10:00+5", "one-digit offset");
	rejected("2018-02-19T10:00Zx", "garbage after the offset");
	rejected("2018/02/19", "slashes");
	rejected("18-02-19", "two-digit year");
	rejected("19/02/2018 10:00", "day first");
	rejected("", "empty");
	rejected("0000-01-01T00:00:00+01:00", "local date before year 0000");
}

static void test_dates(void)
{
	tap_is_long(isotime_days(1970, 1, 1), 0, "day 0");
	tap_is_long(isotime_days(1969, 12, 31), -1, "day -1");
	tap_is_long(isotime_days(2000, 3, 1), 11017, "2000-03-01");
	tap_is_long(isotime_days(1600, 1, 1), -135140, "1600-01-01");
	tap_is_long(isotime_days(9999, 12, 31), 2932896, "9999-12-31");
	tap_ok(isotime_valid_date("2018-02-19"), "valid date");
	tap_ok(isotime_valid_date("2024-02-29"), "leap day");
	tap_ok(isotime_valid_date("2000-02-29"), "leap day of 2000");
	tap_ok(!isotime_valid_date("2023-02-29"), "no leap day in 2023");
	tap_ok(!isotime_valid_date("2100-02-29"), "no leap day in 2100");
	tap_ok(!isotime_valid_date("2018-2-19"), "one-digit month");
	tap_ok(!isotime_valid_date("2018-02-19T00:00"), "a timestamp is not a date");
	tap_ok(!isotime_valid_date("2018-02-19 "), "trailing space");
	tap_ok(!isotime_valid_date("2018-06-31"), "June 31");
	tap_ok(!isotime_valid_date(""), "empty");
}

int main(void)
{
	test_normalize();
	test_valid();
	test_parse();
	test_dates();
	return tap_done();
}
