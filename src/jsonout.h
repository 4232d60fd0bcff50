/*
 * jsonout.h - writing JSON text (RFC 8259); reading JSON is left to
 * SQLite's own functions.
 */
#ifndef APOYO_JSONOUT_H
#define APOYO_JSONOUT_H

#include <stdio.h>

/*
 * Writes S as a JSON string, quotes included: '"' and '\' escaped,
 * control characters as \n, \r, \t or \u00XX; UTF-8 passes unchanged.
 * NULL is written as an empty string.
 */
void json_string(FILE *out, const char *s);

#endif
