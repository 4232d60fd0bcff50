/*
 * mrz.h - the machine readable zone on the back of a voter card.
 *
 * Implements ICAO Doc 9303 part 5 (TD1: three lines of 30 characters,
 * check digits with weights 7-3-1, '<' = 0, A-Z = 10-35) and the layout
 * INE uses on the Credencial para Votar (document code ID, issuer MEX):
 *   line 1  IDMEX + CIC (9 digits) + check digit + "<<" + 13 digits
 *           (4-digit seccion + 9-digit citizen identifier, the "OCR")
 *   line 2  birth YYMMDD + check digit + sex + expiry YYMMDD + check
 *           digit + MEX + "<" + emission number (2 digits) + "<<" + 5
 *           digits + "<" + composite check digit
 *   line 3  PATERNO<MATERNO<<NOMBRE<NOMBRE2, padded with '<'
 * INE writes the sex in Spanish: H (hombre) and M (mujer), where ICAO
 * documents write M (male) and F (female).
 */
#ifndef APOYO_MRZ_H
#define APOYO_MRZ_H

#include <stddef.h>

#define MRZ_LINE 30

/* The four check digits of a TD1 MRZ. */
enum mrz_digit {
	MRZ_DOCUMENT,		/* document number (the CIC on INE cards) */
	MRZ_BIRTH,		/* date of birth */
	MRZ_EXPIRY,		/* date of expiry */
	MRZ_COMPOSITE,		/* upper and middle lines */
	MRZ_NDIGITS
};

enum mrz_result {
	MRZ_UNCHECKED = 0,
	MRZ_VALID = 1,
	MRZ_WRONG = 2		/* differs, or the printed digit is not a digit */
};

struct mrz {
	char line[3][MRZ_LINE + 1];	/* upper case, 30 characters each */
	int padded;		/* '<' fillers were added to the end of line 3 */
	char problem[112];	/* empty, or why the MRZ is not well formed */

	char document_code[3];	/* "ID", "I" ... fillers removed */
	char issuer[4];
	char number[24];	/* document number, long form joined */
	char birth[7];		/* YYMMDD as printed */
	char expiry[7];
	char sex;		/* as printed: 'M', 'F', 'H', '<' ... */
	char sexo;		/* 'H', 'M', or 0 when unspecified */
	char nationality[4];
	char surnames[MRZ_LINE + 1];	/* primary identifier, '<' as space */
	char given_names[MRZ_LINE + 1];	/* secondary identifier */
	int names_truncated;	/* line 3 is full: names may be cut short */

	enum mrz_result check[MRZ_NDIGITS];
	char printed[MRZ_NDIGITS];	/* the digit on the card */
	char computed[MRZ_NDIGITS];	/* '0'..'9', or '?' when uncomputable */

	int ine;		/* document code ID and issuer MEX */
	char cic[10];		/* INE only, from line 1 */
	char ocr[14];		/* INE only: the 13 digits after "<<" */
	char seccion[5];	/* INE only: first 4 digits of the OCR */
	char emision[3];	/* INE only: emission number from line 2 */
};

/*
 * Reads an MRZ given as 3 words (one line each) or 1 word (the 90
 * characters in a row, or 3 lines separated by newlines). Spaces are
 * dropped and letters upper-cased (OCR noise); lines 1 and 2 must then
 * have 30 characters, line 3 at most 30 (missing trailing fillers are
 * restored and noted in PADDED). Returns 0 and fills OUT, computing the
 * four check digits, even when OUT->problem names a character outside the
 * MRZ set; returns -1 with the reason in WHY when the text cannot be cut
 * into three lines.
 */
int mrz_parse(char *const *words, int nwords, struct mrz *out, char *why, size_t whysz);

/*
 * The ICAO 9303 check digit of S[0..len): '0'..'9', or -1 when S holds a
 * character outside 0-9, A-Z and '<'.
 */
int mrz_check_digit(const char *s, size_t len);

/* "documento", "nacimiento", "vencimiento", "compuesto". */
const char *mrz_digit_name(enum mrz_digit d);

/* The three lines in a row (90 characters and a NUL) into OUT. */
void mrz_join(const struct mrz *m, char out[3 * MRZ_LINE + 1]);

#endif
