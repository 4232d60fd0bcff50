/*
 * isotime_clave.c - unit tests for ISO 8601 timestamps and the clave de
 * elector pattern.
 */
#include <stdio.h>

#include "../../src/clave.h"
#include "../../src/isotime.h"
#include "tap.h"

static void times(void)
{
	long long t;
	char day[11];

	tap_ok(isotime_parse("2018-01-15T10:00:00-06:00", -360, &t, day) == 0 &&
	       t == 1516032000, "with an offset");
	tap_is_str(day, "2018-01-15", "local date");
	tap_ok(isotime_parse("2018-01-20 09:15", -360, &t, day) == 0 && t == 1516461300,
	       "no offset: read in the workspace's");
	tap_ok(isotime_parse("2018-01-01T03:00:00Z", -360, &t, day) == 0 &&
	       t == 1514775600, "Z");
	tap_is_str(day, "2017-12-31", "UTC 03:00 is the previous day at -06:00");
	tap_ok(isotime_parse("2018-01-01T00:00:00.123456+0530", 0, &t, day) == 0 &&
	       t == 1514745000, "fraction and +HHMM");
	tap_ok(isotime_parse("2018-01-01", -360, &t, day) == 0 && t == 1514786400,
	       "a date is local midnight");
	tap_ok(isotime_parse("2018-02-29T00:00", 0, &t, day) == -1, "no 29 February 2018");
	tap_ok(isotime_parse("2016-02-29T00:00", 0, &t, day) == 0, "29 February 2016");
	tap_ok(isotime_parse("2018-01-01T24:00", 0, &t, day) == -1, "no hour 24");
	tap_ok(isotime_parse("2018-01-01T10:00:00-06:00x", 0, &t, day) == -1,
	       "trailing text");
	tap_ok(isotime_parse("15/01/2018", 0, &t, day) == -1, "not ISO");
	tap_ok(isotime_valid_date("2000-02-29") && !isotime_valid_date("1900-02-29"),
	       "century leap years");
	tap_is_long((long)isotime_days(1970, 1, 1), 0, "day 0");
}

static void claves(void)
{
	char out[CLAVE_MAX_BYTES];

	clave_normalize("  gmvlmr80070501m100 ", out, sizeof(out));
	tap_is_str(out, "GMVLMR80070501M100", "trimmed and upper-cased");
	clave_normalize("m\xC3\xB1zgrc90020314m200", out, sizeof(out));
	tap_is_str(out, "M\xC3\x91ZGRC90020314M200", "\xC3\xB1 upper-cased");
	tap_ok(clave_valid(out), "a clave with \xC3\x91 is valid");
	tap_ok(clave_valid("GMVLMR80070501X100"), "sex X");
	tap_ok(!clave_valid("GMVLMR80070501M10"), "17 characters");
	tap_ok(!clave_valid("GMVLMR8007050AM100"), "a letter among the digits");
	tap_ok(!clave_valid("GMVLMR80070501N100"), "sex N");
}

int main(void)
{
	times();
	claves();
	return tap_done();
}
