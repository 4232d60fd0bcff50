/*
 * status.c - codes and INE category names of the support statuses.
 */
#include <string.h>

#include "status.h"

const struct status_info status_table[ST_COUNT] = {
	[ST_PENDIENTE] = { "pendiente", "En proceso" },
	[ST_DATOS_INVALIDOS] = { "datos_invalidos", "Datos inválidos" },
	[ST_FUERA_DE_PLAZO] = { "fuera_de_plazo", "Fuera de plazo" },
	[ST_NO_ENCONTRADO] = { "no_encontrado", "Datos no encontrados" },
	[ST_BAJA] = { "baja", "Bajas" },
	[ST_PADRON_NO_LN] = { "padron_no_ln", "En padrón, no en lista nominal" },
	[ST_CREDENCIAL_NO_VIGENTE] = { "credencial_no_vigente", "Credencial no vigente" },
	[ST_FUERA_DE_AMBITO] = { "fuera_de_ambito", "Fuera del ámbito geoelectoral" },
	[ST_INCONSISTENCIA] = { "inconsistencia", "Inconsistencias" },
	[ST_EN_MESA_DE_CONTROL] = { "en_mesa_de_control", "En mesa de control" },
	[ST_DUPLICADO_MISMO_ASPIRANTE] = { "duplicado_mismo_aspirante",
					   "Duplicados mismo aspirante" },
	[ST_DUPLICADO_OTRO_ASPIRANTE] = { "duplicado_otro_aspirante",
					  "Duplicados con otros aspirantes" },
	[ST_VALIDO] = { "valido", "En lista nominal" },
};

int status_from_code(const char *code)
{
	int i;

	for (i = 0; i < ST_COUNT; i++)
		if (!strcmp(status_table[i].code, code))
			return i;
	return -1;
}

const struct status_info inconsistency_table[INC_COUNT] = {
	[INC_FOTOCOPIA] = { "fotocopia", "Fotocopia" },
	[INC_SIMULACION] = { "simulacion", "Simulación de credencial" },
	[INC_DOCUMENTO_NO_VALIDO] = { "documento_no_valido",
				      "Documento no válido" },
	[INC_SIN_FIRMA] = { "sin_firma", "Sin firma" },
	[INC_FOTO_NO_VIVA] = { "foto_no_viva", "Foto no viva" },
	[INC_IMAGEN_ILEGIBLE] = { "imagen_ilegible", "Imagen ilegible" },
	[INC_IMAGEN_FALTANTE] = { "imagen_faltante", "Imagen faltante" },
	[INC_OTRA] = { "otra", "Otras inconsistencias" },
};

int inconsistency_from_code(const char *code)
{
	int i;

	for (i = 0; i < INC_COUNT; i++)
		if (!strcmp(inconsistency_table[i].code, code))
			return i;
	return -1;
}
