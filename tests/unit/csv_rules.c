/*
 * csv_rules.c - unit tests for the CSV reader and the threshold rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/csv.h"
#include "../../src/rules.h"
#include "tap.h"

static const char *write_file(const char *name, const char *text, size_t len)
{
	FILE *f = fopen(name, "wb");

	fwrite(text, 1, len, f);
	fclose(f);
	return name;
}

static void test_quoted_bom_crlf(void)
{
	static const char text[] = "\xEF\xBB\xBF" "id;nombre;nota\r\n"
				   "1;\"P\xC3\x89REZ; ANA\";\"dijo \"\"s\xC3\xAD\"\"\r\notra\"\r\n"
				   "\r\n2;B;\r\n";
	struct csv *c;

	tap_ok(csv_open(write_file("t1.csv", text, sizeof(text) - 1), NULL, &c) == 0,
	       "opens a file with a BOM");
	tap_is_long(csv_delimiter(c), ';', "detects ';' from the header");
	tap_is_long(csv_column(c, "ID"), 0, "BOM is not part of the first column name");
	tap_is_long(csv_read(c), CSV_RECORD, "reads record 1");
	tap_is_str(csv_field(c, 1), "P\xC3\x89REZ; ANA", "keeps a quoted delimiter");
	tap_is_str(csv_field(c, 2), "dijo \"s\xC3\xAD\"\r\notra", "quoted quote and newline");
	tap_is_long(csv_line(c), 2, "record 1 starts on line 2");
	tap_is_long(csv_read(c), CSV_RECORD, "skips a blank line, reads record 2");
	tap_is_long(csv_line(c), 5, "record 2 starts on line 5");
	tap_is_long(csv_nfields(c), 3, "trailing empty field counts");
	tap_is_str(csv_field(c, 2), "", "trailing field is empty");
	tap_is_long(csv_read(c), CSV_EOF, "then end of file");
	csv_close(c);
}

static void test_latin1_and_errors(void)
{
	static const char text[] = "nombre\tx\nMU\xD1OZ\t\x80\n\"bad\"x\ty\nok\t1\n\"open\t2\n";
	struct csv_opts opts = { 0, CSV_LATIN1 };
	struct csv *c;

	csv_open(write_file("t2.csv", text, sizeof(text) - 1), &opts, &c);
	tap_is_long(csv_delimiter(c), '\t', "detects tab");
	csv_read(c);
	tap_is_str(csv_field(c, 0), "MU\xC3\x91OZ", "Latin-1 \xD1 becomes UTF-8 \xC3\x91");
	tap_is_str(csv_field(c, 1), "\xE2\x82\xAC", "Windows-1252 0x80 is the euro sign");
	tap_is_long(csv_read(c), CSV_BAD, "text after a closing quote is a bad record");
	tap_is_long(csv_read(c), CSV_RECORD, "the next record still reads");
	tap_is_str(csv_field(c, 0), "ok", "and is intact");
	tap_is_long(csv_line(c), 4, "on line 4");
	tap_is_long(csv_read(c), CSV_BAD, "an unclosed quote at the end is bad");
	csv_close(c);
	tap_ok(csv_utf8_valid("\xC3\x91", 2) && !csv_utf8_valid("\xD1", 1), "UTF-8 check");
}

/* Lines the whole-line fast path reads, and those it leaves to the slow one. */
static void test_fast_path(void)
{
	static const char text[] = "a,b,c\n,x,\r\nl1,l2\rm1,\"q\",m3\n"
				   ",,\nlast,line";
	struct csv *c;

	csv_open(write_file("t3.csv", text, sizeof(text) - 1), NULL, &c);
	tap_is_long(csv_read(c), CSV_RECORD, "fast: reads a CRLF line");
	tap_ok(csv_nfields(c) == 3 && !*csv_field(c, 0) &&
	       !strcmp(csv_field(c, 1), "x") && csv_field_len(c, 1) == 1 &&
	       !*csv_field(c, 2), "fast: empty first and last fields");
	tap_is_long(csv_read(c), CSV_RECORD, "a bare CR ends a record");
	tap_ok(csv_nfields(c) == 2 && !strcmp(csv_field(c, 1), "l2"),
	       "the record before the CR");
	tap_is_long(csv_read(c), CSV_RECORD, "a quoted field mid-line");
	tap_is_str(csv_field(c, 1), "q", "is unquoted by the slow path");
	tap_is_long(csv_line(c), 4, "the CR counts as a line end");
	tap_is_long(csv_read(c), CSV_RECORD, "fast: only delimiters");
	tap_is_long(csv_nfields(c), 3, "three empty fields");
	tap_is_long(csv_line(c), 5, "on line 5");
	tap_is_long(csv_read(c), CSV_RECORD, "a last line without a newline");
	tap_is_str(csv_field(c, 1), "line", "is read whole");
	tap_is_long(csv_read(c), CSV_EOF, "then end of file");
	csv_close(c);
}

static void test_rules(void)
{
	struct rule r = { "x", 100, "seccion", 1, 2, 100 };
	long v, num, den;

	tap_ok(rules_parse_percent("1.5", &v) == 0 && v == 150, "1.5% is 150 hundredths");
	tap_ok(rules_parse_percent("0.25", &v) == 0 && v == 25, "0.25% is 25");
	tap_ok(rules_parse_percent("1.234", &v) == -1, "three decimals refused");
	tap_ok(rules_parse_percent("101", &v) == -1, "over 100 refused");
	tap_ok(rules_parse_percent("", &v) == -1, "empty refused");
	tap_ok(rules_parse_units("1/2", &num, &den) == 0 && num == 1 && den == 2, "1/2");
	tap_ok(rules_parse_units("3/2", &num, &den) == -1, "3/2 refused");
	tap_ok(rules_parse_units("17", &num, &den) == 0 && num == 17 && den == 0, "17");
	tap_is_long(rules_required(5896959, 100), 58970, "1% of Jalisco 2018 rounds up");
	tap_is_long(rules_required(200, 200), 4, "2% of 200 is exactly 4");
	tap_is_long(rules_required(201, 200), 5, "2% of 201 rounds up to 5");
	tap_is_long(rules_required(0, 100), 0, "LN 0 needs 0");
	tap_is_long(rules_units_needed(&r, 7), 4, "half of 7 units is 4");
	tap_is_long(rules_units_needed(&r, 8), 4, "half of 8 units is 4");
}

int main(void)
{
	test_quoted_bom_crlf();
	test_latin1_and_errors();
	test_fast_path();
	test_rules();
	return tap_done();
}
