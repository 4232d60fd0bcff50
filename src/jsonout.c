/*
 * jsonout.c - JSON string escaping (see jsonout.h).
 */
#include "jsonout.h"

void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	putc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			putc('\\', out);
			putc(*p, out);
		} else if (*p == '\n') {
			fputs("\\n", out);
		} else if (*p == '\r') {
			fputs("\\r", out);
		} else if (*p == '\t') {
			fputs("\\t", out);
		} else if (*p < 0x20) {
			fprintf(out, "\\u%04x", *p);
		} else {
			putc(*p, out);
		}
	}
	putc('"', out);
}
