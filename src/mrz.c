/*
 * mrz.c - TD1 machine readable zones (ICAO Doc 9303 part 5) and the INE
 * layout; see mrz.h.
 */
#include <stdio.h>
#include <string.h>

#include "mrz.h"

/* Value of an MRZ character for the check digit; -1 outside the set. */
static int char_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

int mrz_check_digit(const char *s, size_t len)
{
	static const int weights[3] = { 7, 3, 1 };
	int sum = 0, v;
	size_t i;

	for (i = 0; i < len; i++) {
		v = char_value(s[i]);
		if (v < 0)
			return -1;
		sum += v * weights[i % 3];
	}
	return '0' + sum % 10;
}

const char *mrz_digit_name(enum mrz_digit d)
{
	static const char *const names[MRZ_NDIGITS] = {
		"documento", "nacimiento", "vencimiento", "compuesto"
	};

	return d < MRZ_NDIGITS ? names[d] : "?";
}

void mrz_join(const struct mrz *m, char out[3 * MRZ_LINE + 1])
{
	memcpy(out, m->line[0], MRZ_LINE);
	memcpy(out + MRZ_LINE, m->line[1], MRZ_LINE);
	memcpy(out + 2 * MRZ_LINE, m->line[2], MRZ_LINE);
	out[3 * MRZ_LINE] = '\0';
}

/* Upper-cases ASCII letters and drops blanks of IN[0..len) into OUT. */
static size_t clean(const char *in, size_t len, char *out, size_t outsz)
{
	size_t i, n = 0;
	char c;

	for (i = 0; i < len; i++) {
		c = in[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n + 1 < outsz)
			out[n] = c;
		n++;
	}
	out[n < outsz ? n : outsz - 1] = '\0';
	return n;
}

/* Stores line I (LEN characters in TEXT); only line 3 may be short. */
static int set_line(struct mrz *m, int i, const char *text, size_t len,
		    char *why, size_t whysz)
{
	if (len == MRZ_LINE || (i == 2 && len > 0 && len < MRZ_LINE)) {
		memcpy(m->line[i], text, len);
		memset(m->line[i] + len, '<', MRZ_LINE - len);
		m->line[i][MRZ_LINE] = '\0';
		m->padded |= len < MRZ_LINE;
		return 0;
	}
	snprintf(why, whysz, "line %d has %zu characters, expected %d", i + 1, len,
		 MRZ_LINE);
	return -1;
}

/* One word holding 3 lines separated by newlines. */
static int split_lines(struct mrz *m, const char *word, char *why, size_t whysz)
{
	char buf[256];
	const char *start = word, *nl;
	size_t len;
	int n = 0;

	while (*start) {
		nl = strchr(start, '\n');
		len = nl ? (size_t)(nl - start) : strlen(start);
		len = clean(start, len, buf, sizeof(buf));
		if (len > 0) {
			if (n == 3 || len >= sizeof(buf)) {
				snprintf(why, whysz, "expected 3 lines of %d characters", MRZ_LINE);
				return -1;
			}
			if (set_line(m, n++, buf, len, why, whysz))
				return -1;
		}
		start = nl ? nl + 1 : start + strlen(start);
	}
	if (n == 3)
		return 0;
	snprintf(why, whysz, "expected 3 lines, found %d", n);
	return -1;
}

/* One word holding the whole MRZ in a row: 90 characters, or fewer when
 * OCR lost the trailing fillers of line 3. */
static int split_row(struct mrz *m, const char *word, char *why, size_t whysz)
{
	char buf[3 * MRZ_LINE + 1];
	size_t len = clean(word, strlen(word), buf, sizeof(buf));

	if (len <= 2 * MRZ_LINE || len > 3 * MRZ_LINE) {
		snprintf(why, whysz, "expected %d characters (3 lines of %d), found %zu",
			 3 * MRZ_LINE, MRZ_LINE, len);
		return -1;
	}
	set_line(m, 0, buf, MRZ_LINE, why, whysz);
	set_line(m, 1, buf + MRZ_LINE, MRZ_LINE, why, whysz);
	return set_line(m, 2, buf + 2 * MRZ_LINE, len - 2 * MRZ_LINE, why, whysz);
}

static int split_words(struct mrz *m, char *const *words, int nwords, char *why,
		       size_t whysz)
{
	char buf[64];
	size_t len;
	int i;

	if (nwords == 1)
		return strchr(words[0], '\n') ? split_lines(m, words[0], why, whysz)
					      : split_row(m, words[0], why, whysz);
	if (nwords != 3) {
		snprintf(why, whysz, "expected 3 lines or one string of %d characters",
			 3 * MRZ_LINE);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		len = clean(words[i], strlen(words[i]), buf, sizeof(buf));
		if (set_line(m, i, buf, len, why, whysz))
			return -1;
	}
	return 0;
}

/* Notes the first character outside the MRZ set. */
static void find_bad_char(struct mrz *m)
{
	int i, j;
	unsigned char c;

	for (i = 0; i < 3; i++)
		for (j = 0; j < MRZ_LINE; j++) {
			c = (unsigned char)m->line[i][j];
			if (char_value((char)c) >= 0)
				continue;
			if (c >= 0x20 && c < 0x7F)
				snprintf(m->problem, sizeof(m->problem),
					 "line %d, column %d: '%c' is not an MRZ character",
					 i + 1, j + 1, c);
			else
				snprintf(m->problem, sizeof(m->problem),
					 "line %d, column %d: byte 0x%02X is not an MRZ character",
					 i + 1, j + 1, c);
			return;
		}
}

/* Copies LEN characters of FROM into TO, without trailing fillers. */
static void copy_field(char *to, const char *from, size_t len)
{
	while (len > 0 && from[len - 1] == '<')
		len--;
	memcpy(to, from, len);
	to[len] = '\0';
}

static void check(struct mrz *m, enum mrz_digit d, const char *field, size_t len,
		  char printed)
{
	int computed = mrz_check_digit(field, len);

	m->printed[d] = printed;
	m->computed[d] = computed < 0 ? '?' : (char)computed;
	m->check[d] = computed >= 0 && printed == computed ? MRZ_VALID : MRZ_WRONG;
}

/*
 * The document number: positions 6-14 of line 1 and its check digit at
 * 15, or, when position 15 is '<', the long form of ICAO 9303-5 (note j):
 * the number continues in the optional data up to the next '<', whose
 * last character is the check digit, computed over the whole number
 * without the filler.
 */
static void document_number(struct mrz *m)
{
	const char *l1 = m->line[0];
	char number[MRZ_LINE];
	size_t run = 0;

	if (l1[14] != '<' || l1[15] == '<') {
		copy_field(m->number, l1 + 5, 9);
		check(m, MRZ_DOCUMENT, l1 + 5, 9, l1[14]);
		return;
	}
	while (15 + run < MRZ_LINE && l1[15 + run] != '<')
		run++;
	memcpy(number, l1 + 5, 9);
	memcpy(number + 9, l1 + 15, run - 1);
	number[9 + run - 1] = '\0';
	memcpy(m->number, number, 9 + run);
	check(m, MRZ_DOCUMENT, number, 9 + run - 1, l1[15 + run - 1]);
}

static void composite(struct mrz *m)
{
	char all[25 + 7 + 7 + 11];

	memcpy(all, m->line[0] + 5, 25);
	memcpy(all + 25, m->line[1], 7);
	memcpy(all + 32, m->line[1] + 8, 7);
	memcpy(all + 39, m->line[1] + 18, 11);
	check(m, MRZ_COMPOSITE, all, sizeof(all), m->line[1][29]);
}

/* '<' as a space, runs of spaces as one, none at the ends. */
static void name_text(char *to, const char *from, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (from[i] != '<')
			to[n++] = from[i];
		else if (n > 0 && to[n - 1] != ' ')
			to[n++] = ' ';
	}
	while (n > 0 && to[n - 1] == ' ')
		n--;
	to[n] = '\0';
}

static void names(struct mrz *m)
{
	const char *l3 = m->line[2];
	const char *sep = strstr(l3, "<<");

	if (sep) {
		name_text(m->surnames, l3, (size_t)(sep - l3));
		name_text(m->given_names, sep + 2, strlen(sep + 2));
	} else {
		name_text(m->surnames, l3, MRZ_LINE);
		m->given_names[0] = '\0';
	}
	m->names_truncated = l3[MRZ_LINE - 1] != '<';
}

static int all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The INE fields, and whether line 1 follows INE's layout. */
static void ine_fields(struct mrz *m)
{
	const char *l1 = m->line[0], *l2 = m->line[1];

	m->ine = 1;
	copy_field(m->cic, l1 + 5, 9);
	copy_field(m->ocr, l1 + 17, 13);
	copy_field(m->seccion, l1 + 17, 4);
	copy_field(m->emision, l2 + 19, 2);
	if (m->problem[0])
		return;
	if (!all_digits(l1 + 5, 10) || l1[15] != '<' || l1[16] != '<' ||
	    !all_digits(l1 + 17, 13))
		snprintf(m->problem, sizeof(m->problem),
			 "line 1 does not follow INE's layout (IDMEX, 9-digit CIC, "
			 "check digit, <<, 13 digits)");
}

/* INE writes H/M (Spanish); ICAO documents write M/F. */
static char sexo(const struct mrz *m)
{
	switch (m->sex) {
	case 'H':
		return 'H';
	case 'F':
		return 'M';
	case 'M':
		return m->ine ? 'M' : 'H';
	default:
		return 0;
	}
}

int mrz_parse(char *const *words, int nwords, struct mrz *out, char *why, size_t whysz)
{
	struct mrz *m = out;
	const char *l1, *l2;

	memset(m, 0, sizeof(*m));
	if (split_words(m, words, nwords, why, whysz))
		return -1;
	find_bad_char(m);
	l1 = m->line[0];
	l2 = m->line[1];

	copy_field(m->document_code, l1, 2);
	copy_field(m->issuer, l1 + 2, 3);
	document_number(m);
	copy_field(m->birth, l2, 6);
	check(m, MRZ_BIRTH, l2, 6, l2[6]);
	m->sex = l2[7];
	copy_field(m->expiry, l2 + 8, 6);
	check(m, MRZ_EXPIRY, l2 + 8, 6, l2[14]);
	copy_field(m->nationality, l2 + 15, 3);
	composite(m);
	names(m);

	if (!strcmp(m->document_code, "ID") && !strcmp(m->issuer, "MEX"))
		ine_fields(m);
	m->sexo = sexo(m);
	return 0;
}
