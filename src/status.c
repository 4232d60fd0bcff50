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
