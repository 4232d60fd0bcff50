/*
 * simdata.h - the real figures "apoyo simulate" builds its geography on:
 * INE's 2018 lista nominal per federal district and per Jalisco municipio
 * (testdata/realdata/SOURCE.md). The tables live in simdata.c, generated
 * by scripts/gen-simdata.
 */
#ifndef APOYO_SIMDATA_H
#define APOYO_SIMDATA_H

#include <stdint.h>

#define SIMDATA_DISTRICTS 300
#define SIMDATA_ENTIDADES 32
#define SIMDATA_JALISCO 14
#define SIMDATA_JALISCO_MUNICIPIOS 125

struct simdata_district {
	int entidad;
	int distrito;
	int32_t lista_nominal;
};

struct simdata_municipio {
	int ine;   /* INE's municipio number inside Jalisco */
	int inegi; /* INEGI's, for reference only */
	int32_t lista_nominal;
};

/* Sorted by entidad, then district number. */
extern const struct simdata_district simdata_districts[SIMDATA_DISTRICTS];

/* Upper-case names as INE writes them, without accents; index 0 unused. */
extern const char *const simdata_entidad_names[SIMDATA_ENTIDADES + 1];

/* Sorted by INE number (1..125). */
extern const struct simdata_municipio
	simdata_jalisco_municipios[SIMDATA_JALISCO_MUNICIPIOS];

#endif
