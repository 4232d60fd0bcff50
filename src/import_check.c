/*
 * import_check.c - the value checks and SQLite helpers that every kind of
 * import shares (see import_kind.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "import_kind.h"

#define QUOTE_CHARS 40

enum import_outcome import_reject(struct import_reject *why, const char *field,
				  const char *fmt, ...)
{
	va_list ap;

	why->field = field;
	va_start(ap, fmt);
	vsnprintf(why->reason, sizeof(why->reason), fmt, ap);
	va_end(ap);
	return IMPORT_REJECTED;
}

const char *import_quote(const char *value, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t n = 0, chars = 0;

	if (!value || !*value)
		return "nothing";

	/* Count whole characters: a UTF-8 continuation byte is 10xxxxxx. */
	while (p[n] && chars <= QUOTE_CHARS) {
		n++;
		while ((p[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	if (!p[n] && chars <= QUOTE_CHARS)
		snprintf(buf, size, "'%s'", value);
	else
		snprintf(buf, size, "'%.*s...'", (int)n, value);
	return buf;
}

const char *import_optional(const char *value)
{
	return value && *value ? value : NULL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int import_whole(const char *text, long long min, long long max, long long *out)
{
	long long value = 0;
	int digits = 0;

	while (is_blank(*text))
		text++;
	for (; *text >= '0' && *text <= '9'; text++, digits++) {
		if (value > (max - (*text - '0')) / 10)
			return -1;
		value = value * 10 + (*text - '0');
	}
	while (is_blank(*text))
		text++;
	if (!digits || *text || value < min)
		return -1;
	*out = value;
	return 0;
}

int import_need(const char *text, const char *field, struct import_reject *why)
{
	const char *p = text;

	while (p && is_blank(*p))
		p++;
	if (p && *p)
		return 0;
	import_reject(why, field, "expected a value, found nothing");
	return -1;
}

int import_number(const char *text, long long min, long long max,
		  const char *field, struct import_reject *why, long long *out)
{
	char quoted[IMPORT_QUOTE_MAX];

	if (text && import_whole(text, min, max, out) == 0)
		return 0;
	import_quote(text, quoted, sizeof(quoted));
	if (min == 0)
		import_reject(why, field, "expected a whole number of 0 or more, found %s",
			      quoted);
	else if (max >= 1000000000LL)
		import_reject(why, field, "expected a whole number of %lld or more, found %s",
			      min, quoted);
	else
		import_reject(why, field,
			      "expected a whole number from %lld to %lld, found %s",
			      min, max, quoted);
	return -1;
}

int import_year(const char *text, const char *field, struct import_reject *why,
		long long *out)
{
	char quoted[IMPORT_QUOTE_MAX];
	const char *p = text;
	int i;

	while (p && is_blank(*p))
		p++;
	for (i = 0; p && i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			break;
	if (p && i == 4 && import_whole(p, 1000, 9999, out) == 0)
		return 0;
	import_reject(why, field, "expected a year of four digits, found %s",
		      import_quote(text, quoted, sizeof(quoted)));
	return -1;
}

void import_bind_text(sqlite3_stmt *st, int index, const char *value)
{
	if (value)
		sqlite3_bind_text(st, index, value, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, index);
}

int import_step(struct ws *ws, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		ws_fail(ws, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return sqlite3_changes(ws->db);
}
