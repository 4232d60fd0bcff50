/*
 * classify_dedup.c - unit tests for the classification checks (rules 1 to
 * 7), the duplicate rules (8 and 9), the verdict texts, the clave pattern
 * and the CSV and JSON writers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/classify.h"
#include "../../src/clave.h"
#include "../../src/csvout.h"
#include "../../src/dedup.h"
#include "../../src/jsonout.h"
#include "../../src/verdict.h"
#include "../../src/ws.h"
#include "tap.h"

#define BIT(c) (1u << (c))

static struct aspirant gob = { .id = "GOB",
			       .cargo = CARGO_GUBERNATURA,
			       .entidad = 14,
			       .distrito_federal = -1,
			       .distrito_local = -1,
			       .municipio = -1,
			       .inicio = "2017-11-01",
			       .fin = "2018-02-06" };

static struct aspirant ayu = { .id = "AYU",
			       .cargo = CARGO_AYUNTAMIENTO,
			       .entidad = 14,
			       .distrito_federal = -1,
			       .distrito_local = -1,
			       .municipio = 3,
			       .inicio = "2017-11-01",
			       .fin = "2018-02-06" };

static struct geo_row geo_mun1 = { .entidad = 14,
				   .seccion = 1,
				   .distrito_federal = 1,
				   .distrito_local = 1,
				   .municipio = 1,
				   .lista_nominal = 100 };

/* A support that passes every check; tests change one fact at a time. */
static struct support_facts good(void)
{
	struct support_facts f = { .clave = "GOMZJN80010114H001",
				   .has_instant = 1,
				   .fecha_local = "2017-12-01",
				   .aspirant = &gob,
				   .emision = "",
				   .in_roll = 1,
				   .situacion = SITUACION_LISTA_NOMINAL,
				   .has_roll_emision = 1,
				   .has_roll_vigencia = 1,
				   .roll_emision = 2014,
				   .roll_vigencia = 2024,
				   .geo = &geo_mun1 };
	return f;
}

static const char *motivos_of(unsigned mask, const char *detail)
{
	static char buf[256];

	classify_motivos(mask, detail, buf, sizeof(buf));
	return buf;
}

static void test_period(void)
{
	struct support_facts f = good();

	tap_is_long(classify_checks(&f), 0, "a good support fails nothing");
	tap_is_long(classify_status(0), ST_VALIDO, "no failure is valido");
	f.fecha_local = "2017-11-01";
	tap_is_long(classify_checks(&f), 0, "first day is inside (inclusive)");
	f.fecha_local = "2018-02-06";
	tap_is_long(classify_checks(&f), 0, "last day is inside (inclusive)");
	f.fecha_local = "2018-02-07";
	tap_is_long(classify_checks(&f), BIT(CHECK_DESPUES_DE_FIN),
		    "a day after fin");
	f.fecha_local = "2017-10-31";
	tap_is_long(classify_checks(&f), BIT(CHECK_ANTES_DE_INICIO),
		    "a day before inicio");
	tap_is_long(classify_status(BIT(CHECK_ANTES_DE_INICIO)),
		    ST_FUERA_DE_PLAZO, "which is fuera_de_plazo");
}

static void test_invalid_data(void)
{
	struct support_facts f = good();

	f.clave = "GOMZJN80010114Z001";
	f.in_roll = 0;
	tap_is_long(classify_checks(&f), BIT(CHECK_CLAVE_INVALIDA),
		    "a malformed clave is not also reported as not found");
	f = good();
	f.has_instant = 0;
	f.fecha_local = NULL;
	f.roll_vigencia = 2000;
	tap_is_long(classify_checks(&f), BIT(CHECK_FECHA_INVALIDA),
		    "without a date, period and vigencia are not checked");
	f = good();
	f.aspirant = NULL;
	f.fecha_local = "2018-03-01";
	tap_is_long(
		classify_checks(&f), BIT(CHECK_ASPIRANTE_DESCONOCIDO),
		"without an aspirant, period and territory are not checked");
	f = good();
	f.in_roll = 0;
	tap_is_long(classify_checks(&f), BIT(CHECK_NO_ENCONTRADO),
		    "not in the roll");
}

static void test_roll_checks(void)
{
	struct support_facts f = good();

	f.situacion = SITUACION_BAJA;
	tap_is_long(classify_checks(&f), BIT(CHECK_BAJA), "baja");
	f.situacion = SITUACION_PADRON;
	tap_is_long(classify_checks(&f), BIT(CHECK_PADRON_NO_LN), "padron");
	f = good();
	f.emision = " 2014 ";
	tap_is_long(classify_checks(&f), 0, "same emision, spaces around");
	f.emision = "2015";
	tap_is_long(classify_checks(&f), BIT(CHECK_EMISION_DISTINTA),
		    "replaced card");
	f.emision = "20l4";
	tap_is_long(classify_checks(&f), BIT(CHECK_EMISION_DISTINTA),
		    "emision not a year");
	f.has_roll_emision = 0;
	tap_is_long(classify_checks(&f), 0, "no roll emision: not checked");
	f = good();
	f.roll_vigencia = 2017;
	tap_is_long(classify_checks(&f), 0,
		    "vigencia 2017 still serves in 2017");
	f.fecha_local = "2018-01-10";
	tap_is_long(classify_checks(&f), BIT(CHECK_CREDENCIAL_VENCIDA),
		    "vigencia 2017 does not serve in 2018");
	f.has_roll_vigencia = 0;
	tap_is_long(classify_checks(&f), 0, "no roll vigencia: not checked");
}

static void test_territory(void)
{
	struct support_facts f = good();

	f.aspirant = &ayu;
	tap_is_long(classify_checks(&f), BIT(CHECK_FUERA_DE_AMBITO),
		    "municipio 1 is not 3");
	f.geo = NULL;
	tap_is_long(classify_checks(&f), BIT(CHECK_SECCION_SIN_GEOGRAFIA),
		    "a sección missing from geo");
	tap_is_long(classify_status(BIT(CHECK_SECCION_SIN_GEOGRAFIA)),
		    ST_FUERA_DE_AMBITO, "is fuera_de_ambito");
}

static void test_all_checks(void)
{
	struct support_facts f = good();
	unsigned mask;

	f.fecha_local = "2018-03-01";
	f.situacion = SITUACION_BAJA;
	f.emision = "1999";
	f.aspirant = &ayu;
	mask = classify_checks(&f);
	tap_is_long(mask, BIT(CHECK_DESPUES_DE_FIN) | BIT(CHECK_BAJA) |
		    BIT(CHECK_EMISION_DISTINTA) | BIT(CHECK_FUERA_DE_AMBITO),
		    "every failed check is recorded");
	tap_is_long(classify_status(mask), ST_FUERA_DE_PLAZO,
		    "the first rule gives the status");
	tap_is_str(motivos_of(mask, "defuncion"),
		   "fuera_de_plazo:despues_de_fin baja:defuncion"
		   " emision_distinta fuera_de_ambito",
		   "motivos in rule order");
	tap_is_str(motivos_of(BIT(CHECK_BAJA), ""), "baja",
		   "baja without detail");
	tap_is_str(motivos_of(0, "x"), "", "no motivos for a valid support");
	tap_is_long((long)classify_motivos(mask, "defuncion", NULL, 0),
		    (long)strlen(motivos_of(mask, "defuncion")),
		    "the length is reported even without room");
}

static void test_baja_detail(void)
{
	char out[32];

	classify_baja_detail(" suspension de\tderechos ", out, sizeof(out));
	tap_is_str(out, "suspension_de_derechos",
		   "spaces become underscores, ends trimmed");
	classify_baja_detail(NULL, out, sizeof(out));
	tap_is_str(out, "", "no motivo");
}

static void test_clave(void)
{
	tap_ok(clave_valid("GOMZJN80010114H001"), "a clave");
	tap_ok(clave_valid("MU\xC3\x91ZRS70050514X005"), "with Ñ and sex X");
	tap_ok(!clave_valid("MU\xC3\xB1ZRS70050514H005"),
	       "lower-case ñ is not normalized");
	tap_ok(!clave_valid("gomzjn80010114H001"), "lower case");
	tap_ok(!clave_valid("GOMZJN80010114H00"), "17 characters");
	tap_ok(!clave_valid("GOMZJN80010114H0011"), "19 characters");
	tap_ok(!clave_valid("GOMZJ180010114H001"), "a digit among the letters");
	tap_ok(!clave_valid("GOMZJN80010114A001"), "sex letter A");
	tap_ok(!clave_valid(""), "empty");
	tap_ok(!clave_valid(NULL), "NULL");
}

static int decide(struct dedup *d, size_t aspirant, int cargo, const char *id,
		  const char **ref_id)
{
	struct dedup_first *ref;
	int status = dedup_next(d, aspirant, cargo, id, 0, &ref);

	*ref_id = ref ? ref->id : "";
	return status;
}

static void test_dedup(void)
{
	struct dedup d;
	const char *ref;

	dedup_init(&d, DEDUP_ACROSS_CARGO);
	dedup_group_start(&d);
	tap_is_long(decide(&d, 0, 3, "S20", &ref), ST_VALIDO,
		    "first support counts");
	tap_is_long(decide(&d, 0, 3, "S21", &ref), ST_DUPLICADO_MISMO_ASPIRANTE,
		    "same aspirant again");
	tap_is_str(ref, "S20", "points at the first");
	tap_is_long(decide(&d, 1, 3, "S30", &ref), ST_DUPLICADO_OTRO_ASPIRANTE,
		    "another aspirant of the same cargo");
	tap_is_str(ref, "S20", "points at the one that counts");
	tap_is_long(decide(&d, 1, 3, "S33", &ref), ST_DUPLICADO_MISMO_ASPIRANTE,
		    "that aspirant again is a same-aspirant duplicate");
	tap_is_str(ref, "S30", "of its own first support");
	tap_is_long(decide(&d, 2, 1, "S40", &ref), ST_VALIDO,
		    "another cargo counts");

	dedup_group_start(&d);
	tap_is_long(decide(&d, 0, 3, "S50", &ref), ST_VALIDO,
		    "a new clave starts afresh");
	dedup_free(&d);

	dedup_init(&d, DEDUP_ACROSS_ALL);
	tap_is_long(decide(&d, 0, 3, "S20", &ref), ST_VALIDO,
		    "across all: first");
	tap_is_long(decide(&d, 2, 1, "S40", &ref), ST_DUPLICADO_OTRO_ASPIRANTE,
		    "across all: another cargo repeats it");
	dedup_free(&d);
}

static void test_verdict_texts(void)
{
	struct verdicts vs;
	struct verdict v = { ST_DUPLICADO_OTRO_ASPIRANTE, 0, 0, 0, 0, 0, 0 };
	uint32_t a, b;
	char buf[128];

	tap_ok(verdicts_init(&vs, 10, 12, 3) == 0,
	       "a table for supports 10 to 12");
	tap_ok(verdicts_at(&vs, 9) == NULL && verdicts_at(&vs, 13) == NULL,
	       "bounds");
	tap_is_long(verdicts_at(&vs, 11)->status, VERDICT_KEEP,
		    "starts as keep");
	a = verdicts_intern(&vs, "defuncion");
	b = verdicts_intern(&vs, "defuncion");
	tap_ok(a && a == b, "interned once");
	v.text = verdicts_add_text(&vs, "GOB", "/", "S31");
	verdicts_motivos(&vs, &v, buf, sizeof(buf));
	tap_is_str(buf, "duplicado_otro_aspirante:GOB/S31", "duplicate motivo");
	v.status = ST_BAJA;
	v.checks = BIT(CHECK_BAJA);
	v.text = a;
	verdicts_motivos(&vs, &v, buf, sizeof(buf));
	tap_is_str(buf, "baja:defuncion", "baja motivo with detail");
	verdicts_free(&vs);
	tap_ok(verdicts_init(&vs, 1, 100000, 10) != 0,
	       "too sparse a numbering is refused");
}

static char *capture(void (*fn)(FILE *, const char *), const char *arg)
{
	static char buf[256];
	FILE *f = tmpfile();
	size_t n;

	fn(f, arg);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void csv_one(FILE *f, const char *s)
{
	struct csvout w;

	csvout_init(&w, f);
	csvout_field(&w, s);
	csvout_field(&w, NULL);
	csvout_int(&w, -5);
	csvout_end(&w);
}

static void test_writers(void)
{
	tap_is_str(capture(csv_one, "plain"), "plain,,-5\n",
		   "a plain field is not quoted");
	tap_is_str(capture(csv_one, "a,b"), "\"a,b\",,-5\n",
		   "a comma is quoted");
	tap_is_str(capture(csv_one, "say \"hi\""), "\"say \"\"hi\"\"\",,-5\n",
		   "quotes are doubled");
	tap_is_str(capture(csv_one, "two\r\nlines"), "\"two\r\nlines\",,-5\n",
		   "CR LF is quoted");
	tap_is_str(capture(json_string, "a\"b\\c\n\x01\xC3\x91"),
		   "\"a\\\"b\\\\c\\n\\u0001\xC3\x91\"", "JSON escapes");
}

int main(void)
{
	test_period();
	test_invalid_data();
	test_roll_checks();
	test_territory();
	test_all_checks();
	test_baja_detail();
	test_clave();
	test_dedup();
	test_verdict_texts();
	test_writers();
	return tap_done();
}
