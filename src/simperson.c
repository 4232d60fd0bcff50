/*
 * simperson.c - synthetic citizens, their claves and CURPs, and roll.csv
 * (simperson.h).
 */
#include <string.h>

#include "err.h"
#include "simcal.h"
#include "simperson.h"
#include "simrand.h"

enum person_tag { TAG_CLAVE = 201, TAG_PERSON, TAG_FAKE };

/* Ñ inside the letter routines (every other letter is its ASCII code). */
#define ENE 0xD1

struct given_name {
	const char *name;
	char sexo;
};

static const struct given_name given_names[] = {
	{ "JOSÉ", 'H' },         { "JOSÉ LUIS", 'H' },
	{ "JUAN", 'H' },         { "JUAN CARLOS", 'H' },
	{ "MIGUEL ÁNGEL", 'H' }, { "JESÚS", 'H' },
	{ "FRANCISCO", 'H' },    { "ANTONIO", 'H' },
	{ "ALEJANDRO", 'H' },    { "LUIS", 'H' },
	{ "CARLOS", 'H' },       { "JORGE", 'H' },
	{ "PEDRO", 'H' },        { "MANUEL", 'H' },
	{ "RICARDO", 'H' },      { "FERNANDO", 'H' },
	{ "ROBERTO", 'H' },      { "EDUARDO", 'H' },
	{ "RAÚL", 'H' },         { "SERGIO", 'H' },
	{ "DANIEL", 'H' },       { "JAVIER", 'H' },
	{ "ARTURO", 'H' },       { "HÉCTOR", 'H' },
	{ "MARTÍN", 'H' },       { "RAFAEL", 'H' },
	{ "ÓSCAR", 'H' },        { "RAMÓN", 'H' },
	{ "JOAQUÍN", 'H' },      { "RUBÉN", 'H' },
	{ "ADRIÁN", 'H' },       { "IVÁN", 'H' },
	{ "ANDRÉS", 'H' },       { "TOMÁS", 'H' },
	{ "JULIÁN", 'H' },       { "GERMÁN", 'H' },
	{ "SEBASTIÁN", 'H' },    { "EFRAÍN", 'H' },
	{ "MOISÉS", 'H' },       { "ISMAEL", 'H' },
	{ "GUILLERMO", 'H' },    { "ENRIQUE", 'H' },
	{ "ALFONSO", 'H' },      { "GERARDO", 'H' },
	{ "SALVADOR", 'H' },     { "IGNACIO", 'H' },
	{ "FELIPE", 'H' },       { "ÁNGEL", 'H' },
	{ "NOÉ", 'H' },          { "CUAUHTÉMOC", 'H' },
	{ "ULISES", 'H' },       { "BENITO", 'H' },
	{ "MARÍA", 'M' },        { "MARÍA GUADALUPE", 'M' },
	{ "GUADALUPE", 'M' },    { "JUANA", 'M' },
	{ "MARGARITA", 'M' },    { "VERÓNICA", 'M' },
	{ "ROSA MARÍA", 'M' },   { "LETICIA", 'M' },
	{ "ANA", 'M' },          { "PATRICIA", 'M' },
	{ "ELIZABETH", 'M' },    { "ALEJANDRA", 'M' },
	{ "LAURA", 'M' },        { "SOFÍA", 'M' },
	{ "MÓNICA", 'M' },       { "ANGÉLICA", 'M' },
	{ "MARTHA", 'M' },       { "SUSANA", 'M' },
	{ "GABRIELA", 'M' },     { "LUCÍA", 'M' },
	{ "CLAUDIA", 'M' },      { "ADRIANA", 'M' },
	{ "YOLANDA", 'M' },      { "SILVIA", 'M' },
	{ "BEATRIZ", 'M' },      { "ARACELI", 'M' },
	{ "TERESA", 'M' },       { "RAQUEL", 'M' },
	{ "INÉS", 'M' },         { "BEGOÑA", 'M' },
	{ "ROCÍO", 'M' },        { "XÓCHITL", 'M' },
	{ "ITZEL", 'M' },        { "JAZMÍN", 'M' },
	{ "BELÉN", 'M' },        { "MIRIAM", 'M' },
	{ "NOEMÍ", 'M' },        { "SOLEDAD", 'M' },
	{ "CONCEPCIÓN", 'M' },   { "DOLORES", 'M' },
	{ "CARMEN", 'M' },       { "ESTHER", 'M' },
	{ "ÁNGELES", 'M' },      { "NAYELI", 'M' },
	{ "FÁTIMA", 'M' },       { "DALIA", 'M' },
	{ "IRENE", 'M' },        { "NORMA", 'M' },
	{ "ERÉNDIRA", 'M' },     { "MARISOL", 'M' },
};

static const char *const surnames[] = {
	"HERNÁNDEZ", "GARCÍA",     "MARTÍNEZ",  "LÓPEZ",     "GONZÁLEZ",
	"PÉREZ",     "RODRÍGUEZ",  "SÁNCHEZ",   "RAMÍREZ",   "CRUZ",
	"FLORES",    "GÓMEZ",      "MORALES",   "VÁZQUEZ",   "REYES",
	"JIMÉNEZ",   "TORRES",     "DÍAZ",      "GUTIÉRREZ", "RUIZ",
	"MENDOZA",   "AGUILAR",    "ORTIZ",     "MORENO",    "CASTILLO",
	"ROMERO",    "ÁLVAREZ",    "MÉNDEZ",    "CHÁVEZ",    "RIVERA",
	"JUÁREZ",    "RAMOS",      "DOMÍNGUEZ", "HERRERA",   "MEDINA",
	"CASTRO",    "VARGAS",     "GUZMÁN",    "VELÁZQUEZ", "ROJAS",
	"CONTRERAS", "SALAZAR",    "LUNA",      "ORTEGA",    "SANTIAGO",
	"GUERRERO",  "ESTRADA",    "BAUTISTA",  "CORTÉS",    "SOTO",
	"ALVARADO",  "ESPINOZA",   "LARA",      "ÁVILA",     "RÍOS",
	"CERVANTES", "SILVA",      "DELGADO",   "VEGA",      "MÁRQUEZ",
	"SANDOVAL",  "FERNÁNDEZ",  "LEÓN",      "CARRILLO",  "MEJÍA",
	"SOLÍS",     "NÚÑEZ",      "ROSAS",     "VALDEZ",    "IBARRA",
	"CAMACHO",   "NAVARRO",    "MUÑOZ",     "PEÑA",      "ZÚÑIGA",
	"IBÁÑEZ",    "ORDÓÑEZ",    "CASTAÑEDA", "MAGAÑA",    "BAÑUELOS",
	"SALDAÑA",   "AVENDAÑO",   "MONTAÑO",   "YÁÑEZ",     "NIÑO",
	"TREVIÑO",   "DE LA CRUZ", "DE LEÓN",   "DEL RÍO",   "VILLASEÑOR",
	"ACUÑA",     "QUIÑONES",   "ZEPEDA",    "OROZCO",    "PADILLA",
	"ACOSTA",    "FUENTES",    "ESCOBAR",   "QUINTERO",  "BECERRA",
	"ZAMORA",    "OCHOA",      "TAPIA",     "URIBE",     "XOCHIPA",
};

#define N_GIVEN (sizeof(given_names) / sizeof(given_names[0]))
#define N_SURNAMES (sizeof(surnames) / sizeof(surnames[0]))
#define MAX_NAMES 128

_Static_assert(N_GIVEN <= MAX_NAMES && N_SURNAMES <= MAX_NAMES,
	       "make_groups works on at most MAX_NAMES names");

/* RENAPO's two-letter codes of the entidades, used in the CURP. */
static const char *const curp_entidad[SIMDATA_ENTIDADES + 1] = {
	"NE", "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG",
	"GT", "GR", "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL",
	"QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS"
};

/*
 * Names that give the same two clave letters form a group; a clave picks
 * a group (a mixed-radix digit) and the name is drawn inside it.
 */
struct name_group {
	char code[8];     /* the two letters, UTF-8 */
	char sexo;        /* given names only */
	int first, count; /* run in the members array */
};

static struct name_group given_groups[N_GIVEN], surname_groups[N_SURNAMES];
static int given_members[N_GIVEN], surname_members[N_SURNAMES];
static int n_given_groups, n_surname_groups, initialized;

/* Birth dates: BIRTH_DAYS days from FIRST_BIRTH (ages 18 to 83 in 2018). */
static int64_t first_birth, birth_days;

/* Reads one letter at S: A-Z, ENE or 0 (anything else); returns its bytes. */
static int next_letter(const unsigned char *s, int *letter)
{
	/* Second bytes of Á É Í Ó Ú Ü (after C3), less 0x80. */
	static const char folded[64] = {
		[0x01] = 'A', [0x09] = 'E', [0x0D] = 'I',
		[0x13] = 'O', [0x1A] = 'U', [0x1C] = 'U',
	};

	if (s[0] == 0xC3 && s[1] >= 0x80 && s[1] < 0xC0) {
		*letter = s[1] == 0x91 ? ENE : folded[s[1] - 0x80];
		return 2;
	}
	*letter = s[0] >= 'A' && s[0] <= 'Z' ? s[0] : 0;
	return 1;
}

static int is_vowel(int letter)
{
	return letter && strchr("AEIOU", letter) != NULL;
}

/*
 * The name's first letter, its first vowel and first consonant after that
 * letter ('X' when there is none), with accents folded.
 */
static void name_letters(const char *name, int *first, int *vowel,
			 int *consonant)
{
	const unsigned char *p = (const unsigned char *)name;
	int letter;

	*first = 0;
	*vowel = *consonant = 'X';
	while (*p && !*first)
		p += next_letter(p, first);
	while (*p) {
		p += next_letter(p, &letter);
		if (!letter)
			continue;
		if (is_vowel(letter) && *vowel == 'X')
			*vowel = letter;
		else if (!is_vowel(letter) && *consonant == 'X')
			*consonant = letter;
	}
}

/* Appends LETTER (ASCII or ENE) as UTF-8 at *P. */
static void put_letter(char **p, int letter)
{
	if (letter == ENE) {
		*(*p)++ = (char)0xC3;
		*(*p)++ = (char)0x91;
	} else {
		*(*p)++ = (char)letter;
	}
}

static void clave_code(const char *name, char code[8])
{
	int first, vowel, consonant;
	char *p = code;

	name_letters(name, &first, &vowel, &consonant);
	put_letter(&p, first);
	put_letter(&p, consonant);
	*p = '\0';
}

/* Groups NAMES by clave code (and sex); members listed group by group. */
static int make_groups(size_t n, const char *(*name_of)(size_t),
		       char (*sexo_of)(size_t), struct name_group *groups,
		       int *members)
{
	int group_of[MAX_NAMES], used[MAX_NAMES] = { 0 }, n_groups = 0, g;
	size_t i;
	char code[8];

	for (i = 0; i < n; i++) {
		clave_code(name_of(i), code);
		for (g = 0; g < n_groups; g++)
			if (!strcmp(groups[g].code, code) &&
			    groups[g].sexo == sexo_of(i))
				break;
		if (g == n_groups) {
			memcpy(groups[g].code, code, sizeof(code));
			groups[g].sexo = sexo_of(i);
			groups[g].count = 0;
			n_groups++;
		}
		groups[g].count++;
		group_of[i] = g;
	}
	for (g = 1; g < n_groups; g++)
		groups[g].first = groups[g - 1].first + groups[g - 1].count;
	for (i = 0; i < n; i++)
		members[groups[group_of[i]].first + used[group_of[i]]++] =
			(int)i;
	return n_groups;
}

static const char *given_name_of(size_t i)
{
	return given_names[i].name;
}

static char given_sexo_of(size_t i)
{
	return given_names[i].sexo;
}

static const char *surname_of(size_t i)
{
	return surnames[i];
}

static char no_sexo(size_t i)
{
	(void)i;
	return 0;
}

/*
 * How many clave numbers share one value of the last three digits; the
 * 2^40 numbers of the roll stay below 900 of them (checked at init).
 */
static uint64_t clave_space(void)
{
	return (uint64_t)birth_days * (uint64_t)n_given_groups *
	       (uint64_t)n_surname_groups * (uint64_t)n_surname_groups;
}

int sim_person_init(void)
{
	if (initialized)
		return 0;
	n_given_groups = make_groups(N_GIVEN, given_name_of, given_sexo_of,
				     given_groups, given_members);
	n_surname_groups = make_groups(N_SURNAMES, surname_of, no_sexo,
				       surname_groups, surname_members);
	first_birth = simcal_days(1935, 1, 1);
	birth_days = simcal_days(2000, 6, 30) - first_birth + 1;
	if (((1ULL << 40) - 1) / clave_space() >= 900) {
		err_msg("internal error: name lists too small for unique "
			"claves");
		return EXIT_ENV;
	}
	initialized = 1;
	return 0;
}

/* The mixed-radix reading of a clave number (see simperson.h). */
struct identity {
	uint64_t birth, given, materno, paterno, homoclave;
};

static void identity_from_number(uint64_t x, struct identity *id)
{
	id->birth = x % (uint64_t)birth_days;
	x /= (uint64_t)birth_days;
	id->given = x % (uint64_t)n_given_groups;
	x /= (uint64_t)n_given_groups;
	id->materno = x % (uint64_t)n_surname_groups;
	x /= (uint64_t)n_surname_groups;
	id->paterno = x % (uint64_t)n_surname_groups;
	id->homoclave = x / (uint64_t)n_surname_groups;
}

/* A name of group G, drawn with H. */
static const char *given_member(const struct name_group *g, uint64_t h)
{
	int pick = (int)simr_below(h, (uint64_t)g->count);

	return given_names[given_members[g->first + pick]].name;
}

static const char *surname_member(const struct name_group *g, uint64_t h)
{
	int pick = (int)simr_below(h, (uint64_t)g->count);

	return surnames[surname_members[g->first + pick]];
}

static char *put_two(char *p, int v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static void make_clave(struct sim_person *p, const struct identity *id)
{
	char *c = p->clave;
	size_t n;

	n = strlen(surname_groups[id->paterno].code);
	memcpy(c, surname_groups[id->paterno].code, n);
	c += n;
	n = strlen(surname_groups[id->materno].code);
	memcpy(c, surname_groups[id->materno].code, n);
	c += n;
	n = strlen(given_groups[id->given].code);
	memcpy(c, given_groups[id->given].code, n);
	c += n;
	c = put_two(c, p->birth_y % 100);
	c = put_two(c, p->birth_m);
	c = put_two(c, p->birth_d);
	c = put_two(c, p->entidad);
	*c++ = p->sexo;
	*c++ = (char)('0' + id->homoclave / 100 % 10);
	c = put_two(c, (int)(id->homoclave % 100));
	*c = '\0';
}

char sim_curp_check(const char *curp)
{
	int i, value, sum = 0;

	for (i = 0; i < 17; i++) {
		char c = curp[i];

		if (c >= '0' && c <= '9')
			value = c - '0';
		else if (c <= 'N')
			value = c - 'A' + 10;
		else
			value = c - 'A' + 11;
		sum += value * (18 - i);
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

/* CURP letters write Ñ as X. */
static char curp_letter(int letter)
{
	return letter == ENE || !letter ? 'X' : (char)letter;
}

static void make_curp(struct sim_person *p, uint64_t h)
{
	int pf, pv, pc, mf, mv, mc, nf, nv, nc;
	char *c = p->curp;

	name_letters(p->paterno, &pf, &pv, &pc);
	name_letters(p->materno, &mf, &mv, &mc);
	name_letters(p->nombre, &nf, &nv, &nc);
	*c++ = curp_letter(pf);
	*c++ = curp_letter(pv);
	*c++ = curp_letter(mf);
	*c++ = curp_letter(nf);
	c = put_two(c, p->birth_y % 100);
	c = put_two(c, p->birth_m);
	c = put_two(c, p->birth_d);
	*c++ = p->sexo;
	memcpy(c, curp_entidad[p->entidad], 2);
	c += 2;
	*c++ = curp_letter(pc);
	*c++ = curp_letter(mc);
	*c++ = curp_letter(nc);
	*c++ = p->birth_y < 2000 ? (char)('0' + h % 10) : (char)('A' + h % 26);
	*c = '\0';
	c[0] = sim_curp_check(p->curp);
	c[1] = '\0';
}

static const char *baja_motivo(uint64_t h)
{
	uint64_t r = h % 100;

	/* As in the 2018 press figures: deaths and expired cards dominate. */
	if (r < 44)
		return "defuncion";
	if (r < 88)
		return "perdida_vigencia";
	if (r < 93)
		return "suspension_derechos";
	if (r < 97)
		return "duplicado";
	return "domicilio_irregular";
}

/* Card years: valid to SIM_VIGENCIA_MIN or later; expired by 2016. */
static void set_card(struct sim_person *p, int vencida, uint64_t h)
{
	int low;

	p->motivo_baja = "";
	if (p->situacion == SIT_BAJA) {
		p->emision = 2003 + (int)(h % 13);
		p->motivo_baja = baja_motivo(h >> 8);
	} else if (p->situacion == SIT_PADRON) {
		p->emision = 2016 + (int)(h % 3);
	} else if (vencida) {
		p->emision = 2004 + (int)(h % 3);
	} else {
		low = p->birth_y + 18 > 2008 ? p->birth_y + 18 : 2008;
		if (low > 2017)
			low = 2017;
		p->emision = low + (int)(h % (uint64_t)(2017 - low + 1));
	}
	p->vigencia = p->emision + 10;
}

/* Everything but the situación, from an identity and a hash. */
static void build(struct sim_person *p, const struct identity *id, uint64_t h)
{
	const struct name_group *given = &given_groups[id->given];
	uint64_t h2 = simr_mix(h);

	p->nombre = given_member(given, h);
	p->paterno = surname_member(&surname_groups[id->paterno], h >> 10);
	p->materno = surname_member(&surname_groups[id->materno], h >> 20);
	p->sexo = given->sexo;
	if (p->sexo == 'H' && (h >> 30) % 20000 == 0)
		p->sexo = 'X';
	simcal_civil(first_birth + (int64_t)id->birth, &p->birth_y, &p->birth_m,
		     &p->birth_d);
	make_clave(p, id);
	make_curp(p, h >> 45);
	p->cic = (uint32_t)(h2 % 1000000000);
	p->ocr_tail = (uint32_t)((h2 >> 32) % 1000000000);
}

void sim_person_make(const struct sim_geo *g, size_t sec, int64_t k,
		     struct sim_person *p)
{
	const struct sim_seccion *s = &g->sec[sec];
	uint64_t row = (uint64_t)(s->first_row + k);
	struct simr_perm perm;
	struct identity id;
	uint64_t h = simr_hash(g->seed, TAG_PERSON, (uint64_t)s->entidad, row);

	simr_perm_init(&perm, 1ULL << 40,
		       simr_hash(g->seed, TAG_CLAVE, (uint64_t)s->entidad, 0));
	identity_from_number(simr_perm_apply(&perm, row), &id);
	p->entidad = s->entidad;
	p->seccion = s->seccion;
	build(p, &id, h);
	if (k < s->ln)
		p->situacion = SIT_LISTA_NOMINAL;
	else if (k < (int64_t)s->ln + s->padron)
		p->situacion = SIT_PADRON;
	else
		p->situacion = SIT_BAJA;
	set_card(p, p->situacion == SIT_LISTA_NOMINAL && k >= sim_vigentes(s),
		 simr_mix(h ^ 0x5a));
}

void sim_person_fake(const struct sim_geo *g, size_t sec, uint64_t h,
		     struct sim_person *p)
{
	struct identity id;
	uint64_t x = simr_hash(g->seed, TAG_FAKE, h, 0);

	identity_from_number(x % clave_space(), &id);
	id.homoclave = 900 + (x >> 50) % 100;
	p->entidad = g->sec[sec].entidad;
	p->seccion = g->sec[sec].seccion;
	build(p, &id, simr_mix(x));
	p->situacion = SIT_LISTA_NOMINAL;
	set_card(p, 0, simr_mix(x ^ 0x5a));
}

static const char *const situacion_names[] = { "lista_nominal", "padron",
					       "baja" };

static void write_row(struct sim_out *o, const struct sim_person *p)
{
	char date[11];

	sim_out_str(o, p->clave);
	sim_out_char(o, ',');
	sim_out_str(o, p->nombre);
	sim_out_char(o, ',');
	sim_out_str(o, p->paterno);
	sim_out_char(o, ',');
	sim_out_str(o, p->materno);
	sim_out_char(o, ',');
	simcal_format_date(simcal_days(p->birth_y, p->birth_m, p->birth_d),
			   date);
	sim_out_mem(o, date, 10);
	sim_out_char(o, ',');
	sim_out_char(o, p->sexo);
	sim_out_char(o, ',');
	sim_out_str(o, p->curp);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)p->entidad);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)p->seccion);
	sim_out_char(o, ',');
	sim_out_str(o, situacion_names[p->situacion]);
	sim_out_char(o, ',');
	sim_out_str(o, p->motivo_baja);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)p->emision);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)p->vigencia);
	sim_out_char(o, ',');
	sim_out_pad(o, p->cic, 9);
	sim_out_char(o, ',');
	sim_out_pad(o, (uint64_t)p->seccion, 4);
	sim_out_pad(o, p->ocr_tail, 9);
	sim_out_char(o, '\n');
}

void sim_roll_write(const struct sim_geo *g, struct sim_out *o)
{
	struct sim_person p;
	size_t i;
	int64_t k, rows;

	sim_out_str(o, "clave_elector,nombre,apellido_paterno,apellido_materno,"
		       "fecha_nacimiento,sexo,curp,entidad,seccion,situacion,"
		       "motivo_baja,"
		       "emision,vigencia,cic,ocr\n");
	for (i = 0; i < g->n; i++) {
		rows = (int64_t)g->sec[i].ln + g->sec[i].padron +
		       g->sec[i].bajas;
		for (k = 0; k < rows; k++) {
			sim_person_make(g, i, k, &p);
			write_row(o, &p);
		}
	}
}
