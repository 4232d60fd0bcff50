/*
 * capture.h - one support as an auxiliary captures it: the typed fields,
 * the MRZ read from the back of the card, four images, and the flags the
 * cross-checks raise. A failed check never blocks a capture (the field
 * worker cannot fix a card); it becomes a flag in the support's banderas
 * column, one token per failed check:
 *   mrz_ilegible               the MRZ cannot be cut into 3 lines of 30
 *   mrz_formato                a character outside the MRZ set, or line 1
 *                              not in INE's layout
 *   mrz_no_ine                 not an INE card (document ID, issuer MEX)
 *   mrz_digito:D               check digit D wrong (documento, nacimiento,
 *                              vencimiento, compuesto)
 *   mrz_distinto:F             the MRZ disagrees with the typed field F:
 *                              nacimiento and sexo (the clave's date and sex
 *                              letter), vigencia (the expiry year), cic, ocr,
 *                              seccion, apellidos, nombre (accents and Ñ
 *                              folded)
 *   curp_invalida:P            the CURP breaks rule P (longitud, formato,
 *                              palabra, fecha, sexo, entidad, digito)
 */
#ifndef APOYO_CAPTURE_H
#define APOYO_CAPTURE_H

#include <stddef.h>

#include "mrz.h"

enum capture_image {
	IMG_FRENTE,		/* card front */
	IMG_REVERSO,		/* card back */
	IMG_FOTO,		/* live photo of the citizen */
	IMG_FIRMA,		/* handwritten signature */
	IMG_COUNT
};

#define CAPTURE_IMAGE_MAX (32u << 20)
#define CAPTURE_FLAGS_MAX 512

struct capture {
	/* Text fields, not owned; NULL or "" when not given. */
	const char *id, *aspirante, *auxiliar, *fecha_captura, *modalidad;
	const char *clave, *curp, *cic, *ocr, *emision, *vigencia, *seccion;
	const char *nombre, *apellido_paterno, *apellido_materno;

	/* The MRZ as given, and what capture_set_mrz made of it. */
	int has_mrz, mrz_ok;
	struct mrz mrz;
	char mrz_why[128];
	char mrz_text[256];	/* the 90 characters, or the text as given */

	/* Image bytes, owned (sodium_malloc); freed by capture_release. */
	unsigned char *image[IMG_COUNT];
	size_t image_len[IMG_COUNT];

	char flags[CAPTURE_FLAGS_MAX];	/* filled by capture_check */
};

/* "frente", "reverso", "foto", "firma". */
const char *capture_image_name(enum capture_image which);

/* Reads the MRZ from 1 or 3 words (see mrz_parse); never fails. */
void capture_set_mrz(struct capture *c, char *const *words, int nwords);

/*
 * Reads the image file PATH as image WHICH, byte for byte, after checking
 * that it is a JPEG or PNG that stb_image decodes. Returns 0, -1 with the
 * reason in WHY (missing, too large, not an image), or EXIT_ENV.
 */
int capture_load_image(struct capture *c, enum capture_image which, const char *path,
		       char *why, size_t whysz);

/* Runs every cross-check and fills C->flags (space-separated tokens). */
void capture_check(struct capture *c);

/*
 * Encodes C as an inner record (package.h); *OUT is sodium_malloc'd.
 * Returns 0, or an exit code after printing why.
 */
int capture_encode(const struct capture *c, unsigned char **out, size_t *len);

/* Wipes and frees the images. */
void capture_release(struct capture *c);

#endif
