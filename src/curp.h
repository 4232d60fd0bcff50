/*
 * curp.h - the CURP (Clave Única de Registro de Población) as RENAPO
 * builds it, and the birth date inside a clave de elector.
 *
 * A CURP has 18 characters: 4 letters from the names, the birth date
 * YYMMDD, the sex (H, M, or X), the 2-letter state of birth (NE for
 * born abroad), 3 inner consonants, a character that tells the century
 * (a digit before 2000, a letter from 2000), and a check digit: the sum of
 * each of the first 17 characters' position in 0-9 A-N Ñ O-Z times its
 * weight (18 down to 2), taken mod 10 and subtracted from 10. RENAPO
 * never issues a CURP whose first 4 letters form one of its "palabras
 * inconvenientes"; it replaces the second letter with X.
 */
#ifndef APOYO_CURP_H
#define APOYO_CURP_H

#include <stddef.h>

#define CURP_MAX_BYTES 40

/* The first rule a CURP breaks, in the order they are checked. */
enum curp_problem {
	CURP_OK = 0,
	CURP_LENGTH,		/* not 18 characters */
	CURP_FORMAT,		/* a letter where a digit goes, or the reverse */
	CURP_WORD,		/* first 4 letters are a "palabra inconveniente" */
	CURP_DATE,		/* no such birth date */
	CURP_SEX,		/* not H, M or X */
	CURP_STATE,		/* not a state code */
	CURP_DIGIT		/* the check digit is wrong */
};

struct curp_info {
	enum curp_problem problem;
	char computed;		/* the right check digit, or 0 before CURP_DIGIT */
	char birth[11];		/* YYYY-MM-DD once the date was checked */
	char sexo;		/* 'H', 'M' or 'X' once checked */
};

/*
 * Trims spaces and upper-cases ASCII letters and ñ of IN into OUT (size
 * OUTSZ, at least CURP_MAX_BYTES). Returns 0, or -1 when it does not fit.
 */
int curp_normalize(const char *in, char *out, size_t outsz);

/*
 * Checks CURP (already normalized; Ñ as UTF-8). Returns the problem found
 * (CURP_OK when none) and fills INFO.
 */
enum curp_problem curp_check(const char *curp, struct curp_info *info);

/* Short Spanish name of a problem, used in capture flags: "digito"... */
const char *curp_problem_name(enum curp_problem p);

/*
 * 1 when the birth date in a clave de elector (characters 7-12, YYMMDD)
 * is a real date in some century, else 0. CLAVE is normalized.
 */
int curp_clave_date_valid(const char *clave);

#endif
