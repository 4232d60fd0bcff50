/*
 * classify.c - rules 1 to 7 of the classification (see classify.h).
 */
#include <stdio.h>
#include <string.h>

#include "clave.h"
#include "classify.h"
#include "ws.h"

const struct check_info check_table[CHECK_COUNT] = {
	[CHECK_CLAVE_INVALIDA] = { "clave_invalida", ST_DATOS_INVALIDOS },
	[CHECK_FECHA_INVALIDA] = { "fecha_invalida", ST_DATOS_INVALIDOS },
	[CHECK_ASPIRANTE_DESCONOCIDO] = { "aspirante_desconocido",
					  ST_DATOS_INVALIDOS },
	[CHECK_ANTES_DE_INICIO] = { "fuera_de_plazo:antes_de_inicio",
				    ST_FUERA_DE_PLAZO },
	[CHECK_DESPUES_DE_FIN] = { "fuera_de_plazo:despues_de_fin",
				   ST_FUERA_DE_PLAZO },
	[CHECK_NO_ENCONTRADO] = { "no_encontrado", ST_NO_ENCONTRADO },
	[CHECK_BAJA] = { "baja", ST_BAJA },
	[CHECK_PADRON_NO_LN] = { "padron_no_ln", ST_PADRON_NO_LN },
	[CHECK_EMISION_DISTINTA] = { "emision_distinta",
				     ST_CREDENCIAL_NO_VIGENTE },
	[CHECK_CREDENCIAL_VENCIDA] = { "credencial_vencida",
				       ST_CREDENCIAL_NO_VIGENTE },
	[CHECK_FUERA_DE_AMBITO] = { "fuera_de_ambito", ST_FUERA_DE_AMBITO },
	[CHECK_SECCION_SIN_GEOGRAFIA] = { "seccion_sin_geografia",
					  ST_FUERA_DE_AMBITO },
	[CHECK_INCONSISTENCIA] = { "inconsistencia", ST_INCONSISTENCIA },
	[CHECK_MESA_DE_CONTROL] = { "imagen", ST_EN_MESA_DE_CONTROL },
};

#define BIT(c) (1u << (c))

/* A YYYY-MM-DD whose year can be read; the import wrote it. */
static int date_usable(const char *s)
{
	int i;

	if (!s || strlen(s) != 10)
		return 0;
	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[4] == '-' && s[7] == '-';
}

static long year_of(const char *date)
{
	return (date[0] - '0') * 1000L + (date[1] - '0') * 100 +
	       (date[2] - '0') * 10 + (date[3] - '0');
}

/* Skips spaces; returns NULL for an empty or all-space text. */
static const char *trimmed_start(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s ? s : NULL;
}

/* 1 when TEXT (not empty) names the year YEAR, spaces around allowed. */
static int same_year(const char *text, long year)
{
	long value = 0;
	int digits = 0;

	for (; *text >= '0' && *text <= '9' && digits < 6; text++, digits++)
		value = value * 10 + (*text - '0');
	while (*text == ' ' || *text == '\t')
		text++;
	return digits > 0 && *text == '\0' && value == year;
}

/* Rules 1 and 2: the support's own data, then the aspirant's period. */
static unsigned check_support(const struct support_facts *f, int date_ok)
{
	unsigned mask = 0;

	if (!f->clave || !clave_valid(f->clave))
		mask |= BIT(CHECK_CLAVE_INVALIDA);
	if (!date_ok)
		mask |= BIT(CHECK_FECHA_INVALIDA);
	if (!f->aspirant)
		mask |= BIT(CHECK_ASPIRANTE_DESCONOCIDO);
	if (date_ok && f->aspirant) {
		if (strcmp(f->fecha_local, f->aspirant->inicio) < 0)
			mask |= BIT(CHECK_ANTES_DE_INICIO);
		else if (strcmp(f->fecha_local, f->aspirant->fin) > 0)
			mask |= BIT(CHECK_DESPUES_DE_FIN);
	}
	return mask;
}

/* Rules 4 to 7, for a citizen found in the roll. */
static unsigned check_citizen(const struct support_facts *f, int date_ok)
{
	const char *emision = trimmed_start(f->emision);
	unsigned mask = 0;

	if (f->situacion == SITUACION_BAJA)
		mask |= BIT(CHECK_BAJA);
	else if (f->situacion != SITUACION_LISTA_NOMINAL)
		mask |= BIT(CHECK_PADRON_NO_LN);
	if (emision && f->has_roll_emision &&
	    !same_year(emision, f->roll_emision))
		mask |= BIT(CHECK_EMISION_DISTINTA);
	if (date_ok && f->has_roll_vigencia &&
	    f->roll_vigencia < year_of(f->fecha_local))
		mask |= BIT(CHECK_CREDENCIAL_VENCIDA);
	if (!f->geo)
		mask |= BIT(CHECK_SECCION_SIN_GEOGRAFIA);
	else if (f->aspirant && !territory_contains(f->aspirant, f->geo))
		mask |= BIT(CHECK_FUERA_DE_AMBITO);
	return mask;
}

unsigned classify_checks(const struct support_facts *f)
{
	int date_ok = f->has_instant && date_usable(f->fecha_local);
	unsigned mask = check_support(f, date_ok);

	if (mask & BIT(CHECK_CLAVE_INVALIDA))
		return mask;
	if (!f->in_roll)
		return mask | BIT(CHECK_NO_ENCONTRADO);
	return mask | check_citizen(f, date_ok);
}

enum status classify_status(unsigned mask)
{
	enum status best = ST_VALIDO;
	int c;

	for (c = 0; c < CHECK_COUNT; c++)
		if ((mask & BIT(c)) && check_table[c].status < best)
			best = check_table[c].status;
	return best;
}

/*
 * Appends " A" (or "A" at the start) and B to BUF as far as SIZE allows;
 * returns the length the whole text needs. Plain copies: this runs for
 * every support that fails a check.
 */
static size_t append_token(char *buf, size_t size, size_t len, const char *a,
			   const char *b)
{
	const char *parts[3] = { len ? " " : "", a, b };
	size_t i, n, room;

	for (i = 0; i < 3; i++) {
		n = strlen(parts[i]);
		room = len + 1 < size ? size - len - 1 : 0;
		if (room)
			memcpy(buf + len, parts[i], n < room ? n : room);
		len += n;
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

size_t classify_motivos(unsigned mask, const char *baja_detail, char *buf,
			size_t size)
{
	size_t len = 0;
	int c;

	if (size)
		buf[0] = '\0';
	for (c = 0; c < CHECK_COUNT; c++) {
		if (!(mask & BIT(c)) || (BIT(c) & CHECK_IMAGE_MASK))
			continue;
		if (c == CHECK_BAJA && baja_detail && *baja_detail)
			len = append_token(buf, size, len,
					   "baja:", baja_detail);
		else
			len = append_token(buf, size, len, check_table[c].token,
					   "");
	}
	return len;
}

void classify_baja_detail(const char *motivo, char *out, size_t size)
{
	const char *p = trimmed_start(motivo);
	size_t i = 0;

	for (; p && *p && i + 1 < size; p++, i++)
		out[i] = (unsigned char)*p <= ' ' ? '_' : *p;
	while (i > 0 && out[i - 1] == '_')
		i--;
	if (size)
		out[i] = '\0';
}
