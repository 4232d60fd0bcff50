/*
 * csv.c - the streaming CSV reader described in csv.h (RFC 4180).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "err.h"

#define CHUNK (1 << 20)

struct csv {
	FILE *f;
	char *path;
	enum csv_encoding encoding;
	char delim;

	unsigned char *in;	/* raw bytes read from the file */
	size_t in_len, in_pos;
	int eof;
	unsigned char pending[3];	/* rest of a converted Latin-1 character */
	int npending;

	char *rec;		/* fields of the current record, NUL-separated */
	size_t rec_len, rec_cap;
	size_t *off, *len;
	size_t nfields, fields_cap;

	char **names;		/* header, owned */
	size_t ncols;

	int has_nul;		/* the current record holds a NUL byte */
	long line;		/* line the reader is on */
	long rec_line;		/* line the current record started on */
	char error[160];
};

/* Windows-1252 0x80-0x9F; the five undefined bytes keep their C1 code. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

static int fill(struct csv *c)
{
	if (c->eof)
		return 0;
	c->in_len = fread(c->in, 1, CHUNK, c->f);
	c->in_pos = 0;
	if (c->in_len == 0) {
		c->eof = 1;
		if (ferror(c->f)) {
			err_msg("cannot read '%s': %s", c->path, strerror(errno));
			return -1;
		}
		return 0;
	}
	return 1;
}

/* Encodes code point CP (< 0x10000) as UTF-8; returns the first byte. */
static int queue_utf8(struct csv *c, unsigned cp)
{
	if (cp < 0x800) {
		c->pending[0] = 0x80 | (cp & 0x3F);
		c->npending = 1;
		return 0xC0 | (cp >> 6);
	}
	c->pending[0] = 0x80 | ((cp >> 6) & 0x3F);
	c->pending[1] = 0x80 | (cp & 0x3F);
	c->npending = 2;
	return 0xE0 | (cp >> 12);
}

/* Next byte of UTF-8 text, or EOF; -2 on a read error. */
static inline int next_byte(struct csv *c)
{
	int b, r;

	if (c->npending) {
		b = c->pending[0];
		c->pending[0] = c->pending[1];
		c->npending--;
		return b;
	}
	if (c->in_pos == c->in_len) {
		r = fill(c);
		if (r <= 0)
			return r < 0 ? -2 : EOF;
	}
	b = c->in[c->in_pos++];
	if (b < 0x80 || c->encoding != CSV_LATIN1)
		return b;
	return queue_utf8(c, b < 0xA0 ? cp1252_high[b - 0x80] : (unsigned)b);
}

static int peek_byte(struct csv *c)
{
	if (c->npending)
		return c->pending[0];
	if (c->in_pos == c->in_len && fill(c) <= 0)
		return EOF;
	return c->in[c->in_pos];
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int push_raw(struct csv *c, int b);

/* Appends B to the record; a NUL from the input is noted, see csv_read. */
static int push_byte(struct csv *c, int b)
{
	if (b == 0)
		c->has_nul = 1;
	return push_raw(c, b);
}

static int push_raw(struct csv *c, int b)
{
	if (c->rec_len == c->rec_cap &&
	    grow((void **)&c->rec, &c->rec_cap, c->rec_len + 1, 1))
		return -1;
	c->rec[c->rec_len++] = (char)b;
	return 0;
}

static int start_field(struct csv *c)
{
	size_t n = c->fields_cap ? c->fields_cap * 2 : 32;
	size_t *off, *len;

	if (c->nfields == c->fields_cap) {
		off = realloc(c->off, n * sizeof(size_t));
		if (off)
			c->off = off;
		len = realloc(c->len, n * sizeof(size_t));
		if (len)
			c->len = len;
		if (!off || !len)
			return -1;
		c->fields_cap = n;
	}
	c->off[c->nfields] = c->rec_len;
	return 0;
}

static int end_field(struct csv *c)
{
	c->len[c->nfields] = c->rec_len - c->off[c->nfields];
	c->nfields++;
	return push_raw(c, '\0');
}

/* Skips to the end of the physical line, for a malformed record. */
static void skip_line(struct csv *c)
{
	int b;

	while ((b = next_byte(c)) >= 0 && b != '\n')
		;
	if (b == '\n')
		c->line++;
}

static enum csv_result bad(struct csv *c, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%s", why);
	return CSV_BAD;
}

/*
 * Reads a quoted field after its opening quote. Returns the byte after
 * the closing quote, or -3 when the file ends inside the quotes.
 */
static int read_quoted(struct csv *c)
{
	int b;

	for (;;) {
		b = next_byte(c);
		if (b < 0)
			return b == -2 ? -2 : -3;
		if (b == '"') {
			b = next_byte(c);
			if (b != '"')
				return b;
		}
		if (b == '\n')
			c->line++;
		if (push_byte(c, b))
			return -4;
	}
}

/* Reads an unquoted field starting with byte B; returns the byte that ended it. */
static int read_plain(struct csv *c, int b)
{
	while (b >= 0 && b != c->delim && b != '\n' && b != '\r') {
		if (push_byte(c, b))
			return -4;
		b = next_byte(c);
	}
	return b;
}

/* True when B ends a record; consumes the '\n' of a CRLF. */
static int ends_record(struct csv *c, int b)
{
	if (b == '\r') {
		if (peek_byte(c) == '\n')
			next_byte(c);
		c->line++;
		return 1;
	}
	if (b == '\n') {
		c->line++;
		return 1;
	}
	return b == EOF;
}

enum csv_result csv_read(struct csv *c)
{
	int b;

	c->rec_len = 0;
	c->nfields = 0;
	c->has_nul = 0;
	do {
		c->rec_line = c->line;
		b = next_byte(c);
		if (b == '\r' && peek_byte(c) == '\n')
			b = next_byte(c);
		if (b == '\n')
			c->line++;
	} while (b == '\n');
	if (b == EOF)
		return CSV_EOF;

	for (;;) {
		if (b == -2)
			return CSV_IO;
		if (start_field(c))
			goto oom;
		if (b == '"') {
			b = read_quoted(c);
			if (b == -3)
				return bad(c, "quoted field not closed before the end of the file");
			if (b != c->delim && b != '\n' && b != '\r' && b != EOF && b >= 0) {
				skip_line(c);
				return bad(c, "unexpected character after a closing quote");
			}
		} else {
			b = read_plain(c, b);
		}
		if (b == -4 || end_field(c))
			goto oom;
		if (b == -2)
			return CSV_IO;
		/* A NUL would silently cut the field short for every C string user. */
		if (ends_record(c, b))
			return c->has_nul ? bad(c, "NUL byte in a field") : CSV_RECORD;
		b = next_byte(c);
	}

oom:
	err_msg("out of memory reading '%s'", c->path);
	return CSV_IO;
}

size_t csv_nfields(const struct csv *c)
{
	return c->nfields;
}

const char *csv_field(const struct csv *c, size_t i)
{
	return i < c->nfields ? c->rec + c->off[i] : "";
}

size_t csv_field_len(const struct csv *c, size_t i)
{
	return i < c->nfields ? c->len[i] : 0;
}

size_t csv_ncolumns(const struct csv *c)
{
	return c->ncols;
}

const char *csv_column_name(const struct csv *c, size_t i)
{
	return i < c->ncols ? c->names[i] : "";
}

int csv_column(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (!strcasecmp(c->names[i], name))
			return (int)i;
	return -1;
}

long csv_line(const struct csv *c)
{
	return c->rec_line;
}

const char *csv_path(const struct csv *c)
{
	return c->path;
}

char csv_delimiter(const struct csv *c)
{
	return c->delim;
}

const char *csv_error(const struct csv *c)
{
	return c->error;
}

int csv_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	int follow;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xC2 && *p <= 0xDF)
			follow = 1;
		else if (*p >= 0xE0 && *p <= 0xEF)
			follow = 2;
		else if (*p >= 0xF0 && *p <= 0xF4)
			follow = 3;
		else
			return 0;
		if (end - p <= follow)
			return 0;
		for (p++; follow; follow--, p++)
			if ((*p & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* Picks the candidate that occurs most often, outside quotes, in the first line. */
static char detect_delimiter(const struct csv *c)
{
	static const char candidates[] = ",;|\t";
	size_t counts[4] = { 0 }, i, best = 0;
	int quoted = 0;
	const char *hit;

	for (i = c->in_pos; i < c->in_len; i++) {
		unsigned char b = c->in[i];

		if (b == '"')
			quoted = !quoted;
		else if (!quoted && (b == '\n' || b == '\r'))
			break;
		else if (!quoted && b && (hit = strchr(candidates, b)))
			counts[hit - candidates]++;
	}
	for (i = 1; i < 4; i++)
		if (counts[i] > counts[best])
			best = i;
	return candidates[best];
}

static char *trimmed_copy(const char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	return strndup(s, n);
}

static int read_header(struct csv *c)
{
	enum csv_result r = csv_read(c);
	size_t i;

	if (r == CSV_IO)
		return EXIT_ENV;
	if (r == CSV_EOF) {
		err_msg("%s: empty file: expected a header row", c->path);
		return EXIT_INPUT;
	}
	if (r == CSV_BAD) {
		err_msg("%s:%ld: header: %s", c->path, c->rec_line, c->error);
		return EXIT_INPUT;
	}
	c->names = calloc(c->nfields, sizeof(char *));
	if (!c->names)
		return EXIT_ENV;
	for (i = 0; i < c->nfields; i++)
		if (!(c->names[i] = trimmed_copy(csv_field(c, i))))
			return EXIT_ENV;
	c->ncols = c->nfields;
	return 0;
}

static void skip_bom(struct csv *c)
{
	if (c->in_len >= 3 && !memcmp(c->in, "\xEF\xBB\xBF", 3))
		c->in_pos = 3;
}

int csv_open(const char *path, const struct csv_opts *opts, struct csv **out)
{
	struct csv *c = calloc(1, sizeof(*c));
	int rc;

	if (!c || !(c->in = malloc(CHUNK)) || !(c->path = strdup(path))) {
		err_msg("out of memory");
		rc = EXIT_ENV;
		goto fail;
	}
	c->f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!c->f) {
		err_msg("cannot open '%s': %s", path, strerror(errno));
		rc = EXIT_INPUT;
		goto fail;
	}
	c->encoding = opts ? opts->encoding : CSV_UTF8;
	c->line = 1;
	if (fill(c) < 0) {
		rc = EXIT_INPUT;
		goto fail;
	}
	skip_bom(c);
	c->delim = opts && opts->delimiter ? opts->delimiter : detect_delimiter(c);
	if ((rc = read_header(c)))
		goto fail;
	*out = c;
	return 0;

fail:
	csv_close(c);
	return rc;
}

void csv_close(struct csv *c)
{
	size_t i;

	if (!c)
		return;
	if (c->f && c->f != stdin)
		fclose(c->f);
	for (i = 0; i < c->ncols; i++)
		free(c->names[i]);
	free(c->names);
	free(c->rec);
	free(c->off);
	free(c->len);
	free(c->in);
	free(c->path);
	free(c);
}
