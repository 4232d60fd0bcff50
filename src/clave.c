/*
 * clave.c - normalizing and checking the clave de elector (see clave.h).
 *
 * The pattern is [A-ZÑ]{6}[0-9]{8}[HMX][0-9]{3}: six letters taken from
 * the names, the date of birth as YYMMDD plus the state of birth, the sex
 * (H, M, or X for non-binary) and three more digits.
 */
#include <string.h>

#include "clave.h"

/* UTF-8 for Ñ and ñ: the first byte is shared, the second differs. */
#define N_TILDE_LEAD 0xC3
#define N_TILDE_UPPER 0x91
#define N_TILDE_LOWER 0xB1

static int is_blank(unsigned char b)
{
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\v' ||
	       b == '\f';
}

int clave_normalize(const char *in, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)in;
	const unsigned char *end = p + strlen(in);
	size_t n = 0;

	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;

	for (; p < end; p++) {
		unsigned char b = *p;

		if (n + 1 >= outsz) {
			out[n] = '\0';
			return -1;
		}
		if (b >= 'a' && b <= 'z')
			b = (unsigned char)(b - 'a' + 'A');

		/* ñ is C3 B1: the lead byte stays, the second becomes 91. */
		else if (b == N_TILDE_LOWER && n > 0 &&
			 (unsigned char)out[n - 1] == N_TILDE_LEAD)
			b = N_TILDE_UPPER;
		out[n++] = (char)b;
	}
	out[n] = '\0';
	return 0;
}

/* Consumes one letter A-Z or Ñ at *P; returns 0 when there is none. */
static int take_letter(const unsigned char **p)
{
	const unsigned char *s = *p;

	if (*s >= 'A' && *s <= 'Z') {
		*p = s + 1;
		return 1;
	}
	if (s[0] == N_TILDE_LEAD && s[1] == N_TILDE_UPPER) {
		*p = s + 2;
		return 1;
	}
	return 0;
}

static int take_digits(const unsigned char **p, int count)
{
	const unsigned char *s = *p;
	int i;

	for (i = 0; i < count; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	*p = s + count;
	return 1;
}

int clave_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int i;

	if (!s)
		return 0;
	for (i = 0; i < 6; i++)
		if (!take_letter(&p))
			return 0;
	if (!take_digits(&p, 8))
		return 0;
	if (*p != 'H' && *p != 'M' && *p != 'X')
		return 0;
	p++;
	if (!take_digits(&p, 3))
		return 0;
	return *p == '\0';
}
