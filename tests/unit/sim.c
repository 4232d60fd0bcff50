/*
 * sim.c - unit tests for the generator's building blocks: keyed
 * permutations, largest-remainder apportionment, scaling, the calendar,
 * fraction parsing and citizens (claves, CURPs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/sim.h"
#include "../../src/simcal.h"
#include "../../src/simgeo.h"
#include "../../src/simperson.h"
#include "../../src/simrand.h"
#include "tap.h"

/* Every value of [0, n) is hit exactly once. */
static int is_permutation(uint64_t n, uint64_t key)
{
	struct simr_perm p;
	char *seen = calloc(n ? n : 1, 1);
	uint64_t i, x;
	int ok = seen != NULL;

	simr_perm_init(&p, n, key);
	for (i = 0; ok && i < n; i++) {
		x = simr_perm_apply(&p, i);
		ok = x < n && !seen[x];
		if (ok)
			seen[x] = 1;
	}
	free(seen);
	return ok;
}

static void test_perm(void)
{
	struct simr_perm p, q;

	tap_ok(is_permutation(1, 7), "perm of 1");
	tap_ok(is_permutation(2, 7), "perm of 2");
	tap_ok(is_permutation(1000, 7), "perm of 1000");
	tap_ok(is_permutation(65536, 3), "perm of a power of four");
	tap_ok(is_permutation(100003, 11), "perm of a prime");
	simr_perm_init(&p, 1000, 1);
	simr_perm_init(&q, 1000, 2);
	tap_ok(simr_perm_apply(&p, 5) != simr_perm_apply(&q, 5) ||
		       simr_perm_apply(&p, 6) != simr_perm_apply(&q, 6),
	       "another key, another permutation");
	tap_is_long((long)simr_hash(1, 2, 3, 4) == (long)simr_hash(1, 2, 3, 4),
		    1, "hash is a function");
}

static void test_apportion(void)
{
	int64_t w[3] = { 1, 1, 1 }, out[4], w2[4] = { 5, 0, 3, 2 };

	tap_ok(sim_apportion(10, w, 3, out) == 0, "apportion runs");
	tap_ok(out[0] == 4 && out[1] == 3 && out[2] == 3,
	       "10 over three equal weights: 4 3 3 (ties to the lower index)");
	sim_apportion(7, w2, 4, out);
	tap_ok(out[0] == 4 && out[1] == 0 && out[2] == 2 && out[3] == 1,
	       "7 over 5:0:3:2 is 4 0 2 1 (quotas 3.5 0 2.1 1.4)");
	sim_apportion(10, w2, 4, out);
	tap_ok(out[0] == 5 && out[2] == 3 && out[3] == 2,
	       "exact shares stay exact");
	tap_is_long((long)sim_scaled(5896959, SIM_ONE), 5896959,
		    "scale 1 keeps the total");
	tap_is_long((long)sim_scaled(5896959, 2000000), 11794,
		    "round(0.002 x 5896959)");
	tap_is_long((long)sim_scaled(5, SIM_ONE / 10), 1, "0.5 rounds up");
}

static void test_calendar(void)
{
	char date[11];
	int64_t days;
	int y, m, d;

	tap_is_long((long)simcal_days(1970, 1, 1), 0, "epoch is day 0");
	tap_is_long((long)simcal_days(2000, 3, 1), 11017, "2000-03-01");
	simcal_civil(simcal_days(2016, 2, 29), &y, &m, &d);
	tap_ok(y == 2016 && m == 2 && d == 29, "leap day round trip");
	simcal_format_date(simcal_days(1935, 1, 1) - 1, date);
	tap_is_str(date, "1934-12-31", "format the day before 1935");
	tap_ok(simcal_parse_date("2018-02-19", &days) == 0 &&
		       days == simcal_days(2018, 2, 19),
	       "parse a date");
	tap_ok(simcal_parse_date("2018-02-30", &days) != 0,
	       "30 February is refused");
	tap_ok(simcal_parse_date("2018-2-19", &days) != 0,
	       "short month is refused");
}

static void test_fraction(void)
{
	int64_t v = -1;

	tap_ok(sim_parse_fraction("1", &v) == 0 && v == SIM_ONE, "1");
	tap_ok(sim_parse_fraction("0.002", &v) == 0 && v == 2000000, "0.002");
	tap_ok(sim_parse_fraction(".5", &v) == 0 && v == SIM_ONE / 2, ".5");
	tap_ok(sim_parse_fraction("0.000000001", &v) == 0 && v == 1,
	       "nine decimals");
	tap_ok(sim_parse_fraction("0.0000000001", &v) != 0,
	       "ten decimals refused");
	tap_ok(sim_parse_fraction("1.5", &v) != 0, "above 1 refused");
	tap_ok(sim_parse_fraction("1.0", &v) == 0 && v == SIM_ONE, "1.0");
	tap_ok(sim_parse_fraction("-0.1", &v) != 0, "negative refused");
	tap_ok(sim_parse_fraction("", &v) != 0, "empty refused");
	tap_ok(sim_parse_fraction("0.1x", &v) != 0, "trailing garbage refused");
	tap_ok(sim_default_rate(ST_BAJA) == 7834239,
	       "default baja rate 15938/2034403");
	tap_ok(sim_rate_settable(ST_BAJA) && !sim_rate_settable(ST_VALIDO) &&
		       !sim_rate_settable(ST_INCONSISTENCIA),
	       "settable rates");
}

/* [A-ZÑ]{6}[0-9]{8}[HMX][0-9]{3}, Ñ being C3 91. */
static int clave_shape(const char *c)
{
	int i;

	for (i = 0; i < 6; i++) {
		if (c[0] == '\xC3' && c[1] == '\x91')
			c += 2;
		else if (*c >= 'A' && *c <= 'Z')
			c++;
		else
			return 0;
	}
	for (i = 0; i < 12; i++, c++)
		if (!(i == 8 ? strchr("HMX", *c) && *c
			     : *c >= '0' && *c <= '9'))
			return 0;
	return *c == '\0';
}

static void test_person(void)
{
	struct sim_geo g;
	struct sim_person p, q;
	int shapes = 1, curps = 1;
	int64_t k;

	tap_ok(sim_person_init() == 0, "name lists give unique claves");
	tap_ok(sim_geo_build(SIM_JALISCO_2018, 1000000, 9, &g) == 0,
	       "a tiny geography");
	for (k = 0; k < g.sec[0].ln; k++) {
		sim_person_make(&g, 0, k, &p);
		shapes &= clave_shape(p.clave);
		curps &= strlen(p.curp) == 18 && p.curp[11] == 'J' &&
			 p.curp[12] == 'C';
	}
	tap_ok(shapes, "claves match the pattern");
	tap_ok(curps, "CURPs have 18 characters and Jalisco's code");
	sim_person_make(&g, 0, 0, &p);
	sim_person_make(&g, 0, 0, &q);
	tap_is_str(p.clave, q.clave, "a citizen is a pure function of its row");
	tap_ok(p.situacion == SIT_LISTA_NOMINAL &&
		       p.vigencia >= SIM_VIGENCIA_MIN,
	       "row 0 is on the lista nominal with a valid card");
	sim_person_fake(&g, 0, 42, &q);
	tap_ok(clave_shape(q.clave) && q.clave[strlen(q.clave) - 3] == '9',
	       "a clave outside the roll ends in 9xx");
	sim_geo_free(&g);
}

/* Check digits of published (hypothetical) CURPs, python-stdnum's test data. */
static void test_curp(void)
{
	tap_is_long(sim_curp_check("BOXW310820HNERXN0"), '9',
		    "CURP check BOXW310820HNERXN09");
	tap_is_long(sim_curp_check("HEGG560427MVZRRL0"), '4',
		    "CURP check HEGG560427MVZRRL04");
	tap_is_long(sim_curp_check("BEML920313HMCLNS0"), '9',
		    "CURP check BEML920313HMCLNS09");
}

int main(void)
{
	test_perm();
	test_apportion();
	test_calendar();
	test_fraction();
	test_person();
	test_curp();
	return tap_done();
}
