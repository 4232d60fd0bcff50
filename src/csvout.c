/*
 * csvout.c - RFC 4180 CSV writer (see csvout.h).
 */
#include <string.h>

#include "csvout.h"

void csvout_init(struct csvout *w, FILE *out)
{
	w->out = out;
	w->fields = 0;
}

static int needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL;
}

void csvout_field(struct csvout *w, const char *s)
{
	if (w->fields++)
		putc(',', w->out);
	if (!s)
		return;
	if (!needs_quotes(s)) {
		fputs(s, w->out);
		return;
	}
	putc('"', w->out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', w->out);
		putc(*s, w->out);
	}
	putc('"', w->out);
}

void csvout_int(struct csvout *w, long long v)
{
	if (w->fields++)
		putc(',', w->out);
	fprintf(w->out, "%lld", v);
}

void csvout_end(struct csvout *w)
{
	putc('\n', w->out);
	w->fields = 0;
}
