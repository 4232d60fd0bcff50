/*
 * status.h - the support statuses, in the order the classification
 * applies them, with INE's category name for each (apoyo-formats(5)).
 */
#ifndef APOYO_STATUS_H
#define APOYO_STATUS_H

enum status {
	ST_PENDIENTE,			/* received, not yet verified */
	ST_DATOS_INVALIDOS,
	ST_FUERA_DE_PLAZO,
	ST_NO_ENCONTRADO,
	ST_BAJA,
	ST_PADRON_NO_LN,
	ST_CREDENCIAL_NO_VIGENTE,
	ST_FUERA_DE_AMBITO,
	ST_INCONSISTENCIA,
	ST_EN_MESA_DE_CONTROL,
	ST_DUPLICADO_MISMO_ASPIRANTE,
	ST_DUPLICADO_OTRO_ASPIRANTE,
	ST_VALIDO,
	ST_COUNT
};

struct status_info {
	const char *code;	/* stable code used in files and the workspace */
	const char *categoria;	/* INE's name for the category */
};

/* The table, indexed by enum status. */
extern const struct status_info status_table[ST_COUNT];

/* The code's index, or -1 when CODE is not a status. */
int status_from_code(const char *code);

/*
 * Subtypes of inconsistencia (issue 5): what the mesa de control found
 * wrong with a support's images. imagen_faltante needs no reviewer.
 */
enum inconsistency {
	INC_FOTOCOPIA,
	INC_SIMULACION,
	INC_DOCUMENTO_NO_VALIDO,
	INC_SIN_FIRMA,
	INC_FOTO_NO_VIVA,
	INC_IMAGEN_ILEGIBLE,
	INC_IMAGEN_FALTANTE,
	INC_OTRA,		/* INE's figures without a subtype */
	INC_COUNT
};

/* Code and INE name of each subtype, indexed by enum inconsistency. */
extern const struct status_info inconsistency_table[INC_COUNT];

/* The subtype's index, or -1 when CODE is not one. */
int inconsistency_from_code(const char *code);

#endif
