/*
 * clave.c - the clave de elector pattern (see clave.h).
 *
 * Minimal version written on the verify branch so that verify can check
 * claves before the import branch lands; the import branch owns the full
 * module (clave_normalize) and the lead keeps one of the two.
 */
#include <string.h>

#include "clave.h"

/* Advances *p over one letter A-Z or Ñ (C3 91); returns 0 if there is none. */
static int skip_letter(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;

	if (s[0] >= 'A' && s[0] <= 'Z') {
		*p += 1;
		return 1;
	}
	if (s[0] == 0xC3 && s[1] == 0x91) {
		*p += 2;
		return 1;
	}
	return 0;
}

static int skip_digits(const char **p, int count)
{
	for (; count > 0; count--, (*p)++)
		if (**p < '0' || **p > '9')
			return 0;
	return 1;
}

int clave_valid(const char *s)
{
	int i;

	if (!s)
		return 0;
	for (i = 0; i < 6; i++)
		if (!skip_letter(&s))
			return 0;
	if (!skip_digits(&s, 8))
		return 0;
	if (*s != 'H' && *s != 'M' && *s != 'X')
		return 0;
	s++;
	return skip_digits(&s, 3) && *s == '\0';
}
