/*
 * simperson.h - the synthetic citizens of a scenario and its roll file.
 *
 * A citizen is a pure function of (seed, entidad, roll row number): the
 * roll is streamed to disk and any citizen can be rebuilt later, when a
 * support needs it, without keeping the roll in memory.
 *
 * Claves follow [A-ZÑ]{6}[0-9]{8}[HMX][0-9]{3}: two letters from each
 * surname and the given name (first letter, first consonant after it),
 * the birth date YYMMDD, the entidad, the sex and a three-digit number.
 * They are unique by construction: the entidad-wide row number goes
 * through a keyed permutation of 40-bit numbers, and the result is read
 * as mixed-radix digits (birth date, given name, surnames, last three
 * digits), so two rows never share a clave; names are then drawn among
 * those that give the chosen letters. Claves of rows outside the roll
 * (sim_person_fake) end in 9xx, which no roll row reaches.
 */
#ifndef APOYO_SIMPERSON_H
#define APOYO_SIMPERSON_H

#include <stddef.h>
#include <stdint.h>

#include "simgeo.h"
#include "simout.h"

#define SIM_CLAVE_BYTES 32

enum sim_situacion { SIT_LISTA_NOMINAL, SIT_PADRON, SIT_BAJA };

struct sim_person {
	char clave[SIM_CLAVE_BYTES];            /* UTF-8: Ñ takes two bytes */
	const char *nombre, *paterno, *materno; /* static strings */
	char sexo;                              /* H, M or X */
	int birth_y, birth_m, birth_d;
	char curp[20];
	int emision, vigencia;
	enum sim_situacion situacion;
	const char *motivo_baja; /* "" unless a baja */
	uint32_t cic;            /* 9 digits */
	uint32_t ocr_tail;       /* 9 digits after the 4-digit sección */
	int entidad, seccion;
};

/*
 * Checks the name lists against the clave space once. Returns 0, or
 * EXIT_ENV when the lists cannot give unique claves (a programming error).
 */
int sim_person_init(void);

/* The citizen on row K (0-based) of geo sección SEC. */
void sim_person_make(const struct sim_geo *g, size_t sec, int64_t k,
		     struct sim_person *p);

/* A plausible person who is not in the roll, "living" in sección SEC. */
void sim_person_fake(const struct sim_geo *g, size_t sec, uint64_t h,
		     struct sim_person *p);

/* RENAPO's check digit of a CURP's first 17 characters (Ñ ranks after N). */
char sim_curp_check(const char *curp);

/* Writes roll.csv, one row per roll row of every sección, in geo order. */
void sim_roll_write(const struct sim_geo *g, struct sim_out *o);

/* Valid cards have a vigencia of at least this year (captures: 2017-18). */
#define SIM_VIGENCIA_MIN 2018

#endif
