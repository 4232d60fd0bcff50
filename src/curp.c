/*
 * curp.c - CURP structure and check digit (RENAPO); see curp.h.
 */
#include <stdio.h>
#include <string.h>

#include "curp.h"

#define CURP_LEN 18

/* Ñ inside the 18-character working copy; it sorts between N and O. */
#define ENYE '&'

static const char alphabet[] = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";

/* The 81 four-letter words RENAPO never lets a CURP start with. */
static const char *const inconvenient[] = {
	"BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA",
	"CAKO", "COGE", "COGI", "COJA", "COJE", "COJI", "COJO", "COLA", "CULO",
	"FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA", "JOTO", "KACA", "KACO",
	"KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI",
	"KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO", "MAME",
	"MAMO", "MEAR", "MEAS", "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA",
	"MULO", "NACA", "NACO", "PEDA", "PEDO", "PENE", "PIPI", "PITO", "POPO",
	"PUTA", "PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO",
	"TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI", "WUEY"
};

/* The 32 entidades and NE (nacido en el extranjero). */
static const char states[] =
	"AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP "
	"SL SR TC TS TL VZ YN ZS NE";

int curp_normalize(const char *in, char *out, size_t outsz)
{
	size_t start = 0, end = strlen(in), n = 0, i;

	while (start < end && (in[start] == ' ' || in[start] == '\t'))
		start++;
	while (end > start && (in[end - 1] == ' ' || in[end - 1] == '\t'))
		end--;
	for (i = start; i < end; i++) {
		char c = in[i];

		if (n + 2 >= outsz) {
			out[n] = '\0';
			return -1;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if ((unsigned char)c == 0xC3 && (unsigned char)in[i + 1] == 0xB1) {
			out[n++] = c;
			out[n++] = (char)0x91;
			i++;
			continue;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

/*
 * Copies up to MAX characters of TEXT into OUT, one byte each, with Ñ as
 * ENYE. Returns the number of characters (MAX + 1 when there are more).
 */
static size_t to_chars(const char *text, char *out, size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		if (n == max)
			return max + 1;
		if (p[0] == 0xC3 && p[1] == 0x91) {
			out[n++] = ENYE;
			p += 2;
		} else {
			out[n++] = (char)*p++;
		}
	}
	out[n] = '\0';
	return n;
}

static int is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || c == ENYE;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Letters at 0-3 and 10-15, digits at 4-9 and 17, either at 16. */
static int shape_ok(const char *c)
{
	int i;

	for (i = 0; i < CURP_LEN; i++) {
		int letter = (i < 4) || (i >= 10 && i <= 15);

		if (i == 16 && !is_letter(c[i]) && !is_digit(c[i]))
			return 0;
		if (i != 16 && letter && !is_letter(c[i]))
			return 0;
		if (i != 16 && !letter && !is_digit(c[i]))
			return 0;
	}
	return 1;
}

static int inconvenient_word(const char *c)
{
	size_t i;

	for (i = 0; i < sizeof(inconvenient) / sizeof(inconvenient[0]); i++)
		if (!strncmp(c, inconvenient[i], 4))
			return 1;
	return 0;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

static int date_ok(int year, int month, int day)
{
	return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

static int state_ok(const char *c)
{
	const char *s;

	for (s = states; *s; s += s[2] ? 3 : 2)
		if (s[0] == c[0] && s[1] == c[1])
			return 1;
	return 0;
}

static char check_digit(const char *c)
{
	int sum = 0, i;

	for (i = 0; i < CURP_LEN - 1; i++)
		sum += (int)(strchr(alphabet, c[i]) - alphabet) * (CURP_LEN - i);
	return (char)('0' + (10 - sum % 10) % 10);
}

enum curp_problem curp_check(const char *curp, struct curp_info *info)
{
	char c[CURP_LEN + 2];
	int year;

	memset(info, 0, sizeof(*info));
	if (to_chars(curp, c, CURP_LEN) != CURP_LEN)
		return info->problem = CURP_LENGTH;
	if (!shape_ok(c))
		return info->problem = CURP_FORMAT;
	if (inconvenient_word(c))
		return info->problem = CURP_WORD;

	/* A digit in position 17 means born before 2000. */
	year = (is_digit(c[16]) ? 1900 : 2000) + two_digits(c + 4);
	if (!date_ok(year, two_digits(c + 6), two_digits(c + 8)))
		return info->problem = CURP_DATE;
	snprintf(info->birth, sizeof(info->birth), "%04d-%.2s-%.2s", year, c + 6, c + 8);
	if (c[10] != 'H' && c[10] != 'M' && c[10] != 'X')
		return info->problem = CURP_SEX;
	info->sexo = c[10];
	if (!state_ok(c + 11))
		return info->problem = CURP_STATE;

	info->computed = check_digit(c);
	if (c[17] != info->computed)
		return info->problem = CURP_DIGIT;
	return info->problem = CURP_OK;
}

const char *curp_problem_name(enum curp_problem p)
{
	static const char *const names[] = {
		"ok", "longitud", "formato", "palabra", "fecha", "sexo", "entidad", "digito"
	};

	return p <= CURP_DIGIT ? names[p] : "?";
}

int curp_clave_date_valid(const char *clave)
{
	char c[CURP_LEN + 2];
	int i, yy, month, day;

	if (to_chars(clave, c, CURP_LEN) != CURP_LEN)
		return 0;
	for (i = 6; i < 12; i++)
		if (!is_digit(c[i]))
			return 0;
	yy = two_digits(c + 6);
	month = two_digits(c + 8);
	day = two_digits(c + 10);
	return date_ok(1900 + yy, month, day) || date_ok(2000 + yy, month, day);
}
