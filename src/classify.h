/*
 * classify.h - the checks of issue 2's classification, rules 1 to 7, as
 * pure functions over the facts verify gathered for one support.
 *
 * Every check whose inputs exist is evaluated, and each failure is one bit
 * of a mask and one token of support.motivos (apoyo-formats(5)). The
 * status is that of the first rule that failed: check_table maps each
 * check to its status, and enum status is declared in rule order, so the
 * status is the smallest one among the failed checks. A later issue adds
 * the image review (inconsistencia, en_mesa_de_control) as new checks
 * mapped to those statuses; nothing else here has to change. Rules 8 and
 * 9 (duplicates) look at other supports and live in dedup.h.
 *
 * A check is skipped, not failed, when another failure made its input
 * unusable: a malformed clave is not looked up in the roll (the roll only
 * holds valid claves), an unknown aspirant has no period or territory, an
 * unparsable date has no year. A roll value that is missing (emision or
 * vigencia NULL) skips the check that needs it.
 */
#ifndef APOYO_CLASSIFY_H
#define APOYO_CLASSIFY_H

#include <stddef.h>

#include "status.h"
#include "territory.h"

/* Bit positions, in rule order; also the order of the motivos tokens. */
enum check {
	CHECK_CLAVE_INVALIDA,
	CHECK_FECHA_INVALIDA,
	CHECK_ASPIRANTE_DESCONOCIDO,
	CHECK_ANTES_DE_INICIO,
	CHECK_DESPUES_DE_FIN,
	CHECK_NO_ENCONTRADO,
	CHECK_BAJA,
	CHECK_PADRON_NO_LN,
	CHECK_EMISION_DISTINTA,
	CHECK_CREDENCIAL_VENCIDA,
	CHECK_FUERA_DE_AMBITO,
	CHECK_SECCION_SIN_GEOGRAFIA,
	CHECK_INCONSISTENCIA,		/* image review: rejected, or an image
					   missing (imgpass.h) */
	CHECK_MESA_DE_CONTROL,		/* image flag or review pending */
	CHECK_COUNT
};

struct check_info {
	const char *token;	/* the motivos token */
	enum status status;	/* the status it leads to */
};

extern const struct check_info check_table[CHECK_COUNT];

/* What verify knows about one support and its citizen. */
struct support_facts {
	const char *clave;		/* clave_elector, may be NULL */
	int has_instant;		/* support.instante is not NULL */
	const char *fecha_local;	/* support.fecha_local, may be NULL */
	const struct aspirant *aspirant;	/* NULL: unknown */
	const char *emision;		/* support.emision, may be NULL */

	int in_roll;			/* the clave is in the roll */
	int situacion;			/* enum roll_situacion */
	int has_roll_emision, has_roll_vigencia;
	long roll_emision, roll_vigencia;
	const struct geo_row *geo;	/* the roll sección's row, or NULL */
};

/*
 * The image checks, decided by imgpass.c: classify_motivos leaves their
 * tokens out, since their detail ("inconsistencia:fotocopia",
 * "imagen:firma:sin_tinta:0.0004") is kept by the image pass.
 */
#define CHECK_IMAGE_MASK \
	((1u << CHECK_INCONSISTENCIA) | (1u << CHECK_MESA_DE_CONTROL))

/* The mask of failed checks (bit 1 << enum check). */
unsigned classify_checks(const struct support_facts *f);

/* The status of the first failed rule; ST_VALIDO for an empty mask. */
enum status classify_status(unsigned mask);

/*
 * Writes the motivos tokens of MASK into BUF (SIZE bytes, always
 * terminated), separated by one space; the baja token becomes
 * "baja:DETAIL" when DETAIL is not empty. Returns the length the full
 * text needs, like snprintf.
 */
size_t classify_motivos(unsigned mask, const char *baja_detail, char *buf,
			size_t size);

/*
 * Copies a roll motivo_baja into OUT (SIZE bytes) as a token detail:
 * spaces and control characters become '_' so the token stays one word.
 */
void classify_baja_detail(const char *motivo, char *out, size_t size);

#endif
