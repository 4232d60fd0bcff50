/*
 * clave.c - normalizing and checking the clave de elector; see clave.h.
 */
#include <string.h>

#include "clave.h"

int clave_normalize(const char *in, char *out, size_t outsz)
{
	size_t start = 0, end = strlen(in), n = 0, i;
	unsigned char c;

	while (start < end && (in[start] == ' ' || in[start] == '\t'))
		start++;
	while (end > start && (in[end - 1] == ' ' || in[end - 1] == '\t'))
		end--;
	for (i = start; i < end; i++) {
		if (n + 1 >= outsz) {
			out[n] = '\0';
			return -1;
		}
		c = (unsigned char)in[i];
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (c == 0xB1 && n > 0 && (unsigned char)out[n - 1] == 0xC3)
			c = 0x91;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

/* Advances *P past one letter A-Z or Ñ; returns 0 when there is none. */
static int letter(const unsigned char **p)
{
	if (**p >= 'A' && **p <= 'Z') {
		(*p)++;
		return 1;
	}
	if ((*p)[0] == 0xC3 && (*p)[1] == 0x91) {
		*p += 2;
		return 1;
	}
	return 0;
}

static int digits(const unsigned char **p, int n)
{
	for (; n > 0; n--, (*p)++)
		if (**p < '0' || **p > '9')
			return 0;
	return 1;
}

int clave_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int i;

	for (i = 0; i < 6; i++)
		if (!letter(&p))
			return 0;
	if (!digits(&p, 8))
		return 0;
	if (*p != 'H' && *p != 'M' && *p != 'X')
		return 0;
	p++;
	return digits(&p, 3) && *p == '\0';
}
