/*
 * simwrite.c - supports.csv and truth.csv of a scenario (simplan.h).
 *
 * Each support is made from its aspirant and slot number alone: regular
 * slots go through a keyed shuffle so that the file is not sorted by kind
 * or time; the hard cases come first, in a fixed order. The status written
 * to truth.csv is the one the construction guarantees:
 *
 * - a base support has a citizen no other base has, in the territory, on
 *   the lista nominal with a valid card, captured inside the period (never
 *   in its last minute, so that later duplicates fit): it is valido;
 * - a duplicate repeats a base's citizen at a strictly later instant,
 *   inside the period: duplicado_mismo_aspirante when the base is its own
 *   aspirant's, duplicado_otro_aspirante when it is another aspirant's of
 *   the same cargo and territory; the base comes first, so counts;
 * - every other support fails exactly one of the checks 1-7 on purpose,
 *   so it takes no part in the duplicate rules, whoever its citizen is.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "simcal.h"
#include "simimg.h"
#include "simperson.h"
#include "simplan.h"

enum write_tag { TAG_INSTANT = 401, TAG_STYLE, TAG_SLOT, TAG_AUXILIAR };

#define DAY 86400

/* How fecha_captura is written; the instant does not depend on it. */
enum style {
	TS_PLAIN,    /* 2018-01-10T12:34:56 (read at -06:00) */
	TS_OFFSET,   /* ...-06:00 */
	TS_UTC,      /* ...Z */
	TS_SPACE,    /* 2018-01-10 12:34:56 */
	TS_LOCAL,    /* the citizen's entidad's own offset */
	TS_FRACTION, /* 2018-01-10T12:34:56.250 */
	TS_COMPACT   /* ...-0600 */
};

struct support {
	char id[48];
	char aspirante[40];
	char fecha[64];
	char clave[64];
	struct sim_person who;
	int emision; /* as the support gives it */
	int seccion; /* as the support gives it */
	int status;
	char motivo[128];
	const char *caso;
	size_t roll_sec; /* the citizen's sección in the roll */
	int counts_for;  /* aspirant whose tally counts it, or -1 */
	int fraud;       /* enum sim_fraud, or -1 */
	int64_t fraud_i; /* its number among the aspirant's of that fraud */
};

/* A bounded string builder for the short texts of a support. */
struct text {
	char *buf;
	size_t cap, len;
};

static void text_start(struct text *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	buf[0] = '\0';
}

static void text_add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n >= t->cap)
		n = t->cap - 1 - t->len;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void text_num(struct text *t, int64_t v, int width)
{
	char digits[24];
	int n = 0;

	if (v < 0) {
		text_add(t, "-");
		v = -v;
	}
	do {
		digits[sizeof(digits) - 2 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < 20);
	while (n < width && n < 20)
		digits[sizeof(digits) - 2 - n++] = '0';
	digits[sizeof(digits) - 1] = '\0';
	text_add(t, digits + sizeof(digits) - 1 - n);
}

/* Standard offsets in the 2017-2018 winter (Mexico then had summer time). */
static int entidad_offset(int entidad)
{
	switch (entidad) {
	case 2:
		return -480;
	case 3:
	case 8:
	case 18:
	case 25:
	case 26:
		return -420;
	case 23:
		return -300;
	default:
		return -360;
	}
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

struct civil {
	int y, mo, d, h, mi, s;
};

/* The calendar date and time of instant T at OFFSET minutes from UTC. */
static void local_time(int64_t t, int offset, struct civil *c)
{
	int64_t local = t + (int64_t)offset * 60;
	int64_t days = floor_div(local, DAY), rest = local - days * DAY;

	simcal_civil(days, &c->y, &c->mo, &c->d);
	c->h = (int)(rest / 3600);
	c->mi = (int)(rest / 60 % 60);
	c->s = (int)(rest % 60);
}

static void add_offset(struct text *x, int offset, int colon)
{
	int a = offset < 0 ? -offset : offset;

	text_add(x, offset < 0 ? "-" : "+");
	text_num(x, a / 60, 2);
	if (colon)
		text_add(x, ":");
	text_num(x, a % 60, 2);
}

static void format_instant(char *out, size_t cap, int64_t t, enum style style,
			   int offset)
{
	struct text x;
	struct civil c;

	if (style == TS_UTC)
		offset = 0;
	else if (style != TS_LOCAL)
		offset = -360;
	local_time(t, offset, &c);
	text_start(&x, out, cap);
	text_num(&x, c.y, 4);
	text_add(&x, "-");
	text_num(&x, c.mo, 2);
	text_add(&x, "-");
	text_num(&x, c.d, 2);
	text_add(&x, style == TS_SPACE ? " " : "T");
	text_num(&x, c.h, 2);
	text_add(&x, ":");
	text_num(&x, c.mi, 2);
	text_add(&x, ":");
	text_num(&x, c.s, 2);
	if (style == TS_FRACTION)
		text_add(&x, ".250");
	else if (style == TS_OFFSET || style == TS_LOCAL)
		add_offset(&x, offset, 1);
	else if (style == TS_UTC)
		text_add(&x, "Z");
	else if (style == TS_COMPACT)
		add_offset(&x, offset, 0);
}

static enum style random_style(uint64_t h)
{
	static const struct {
		int below;
		enum style style;
	} shares[] = {
		{ 40, TS_PLAIN },    { 60, TS_OFFSET }, { 70, TS_UTC },
		{ 80, TS_SPACE },    { 90, TS_LOCAL },  { 95, TS_FRACTION },
		{ 100, TS_COMPACT },
	};
	int r = (int)(h % 100);
	size_t i;

	for (i = 0; r >= shares[i].below; i++)
		;
	return shares[i].style;
}

/* Unreadable fecha_captura texts, built around a real capture time. */
static void bad_fecha(char *out, size_t cap, int64_t t, int64_t variant)
{
	struct text x;
	struct civil c;

	local_time(t, -360, &c);
	text_start(&x, out, cap);
	switch (variant % 5) {
	case 0: /* 30 February */
		text_num(&x, c.y, 4);
		text_add(&x, "-02-30T10:15:00");
		break;
	case 1: /* day first, as forms often write it */
		text_num(&x, c.d, 2);
		text_add(&x, "/");
		text_num(&x, c.mo, 2);
		text_add(&x, "/");
		text_num(&x, c.y, 4);
		text_add(&x, " 10:15");
		break;
	case 2: /* empty */
		break;
	case 3: /* hour 25 */
		format_instant(out, cap, t, TS_PLAIN, -360);
		memcpy(out + 11, "25", 2);
		break;
	default: /* month 13 */
		format_instant(out, cap, t, TS_PLAIN, -360);
		memcpy(out + 5, "13", 2);
		break;
	}
}

static void hard_id(const struct sim_aspirant *a, int n, char *out, size_t cap)
{
	struct text x;

	text_start(&x, out, cap);
	text_add(&x, a->def->id);
	text_add(&x, "-H");
	text_num(&x, n, 1);
}

/* Regular supports are numbered 1..N in a shuffled order. */
static void regular_id(const struct sim_aspirant *a, int64_t slot, char *out,
		       size_t cap)
{
	struct text x;

	text_start(&x, out, cap);
	text_add(&x, a->def->id);
	text_add(&x, "-");
	text_num(&x, 1 + (int64_t)simr_perm_apply(&a->ids, (uint64_t)slot), 1);
}

/* Base J: hard bases are H1..H9; regular base R is slot R (K_BASE first). */
static void base_id(const struct sim_aspirant *a, int64_t j, char *out,
		    size_t cap)
{
	if (j < a->n_hard_base)
		hard_id(a, (int)j + 1, out, cap);
	else
		regular_id(a, j - a->n_hard_base, out, cap);
}

static void extra_id(const struct sim_aspirant *a, int e, char *out, size_t cap)
{
	hard_id(a, a->n_hard_base + e + 1, out, cap);
}

/*
 * When base J was captured. Regular bases avoid the period's last minute
 * so that a later duplicate always fits inside the period.
 */
static int64_t base_instant(const struct sim_plan *p, int ai, int64_t j)
{
	const struct sim_aspirant *a = &p->asp[ai];
	int64_t span = a->end - a->start + 1;

	if (j < a->n_hard_base) {
		switch (j) {
		case HB_FIRST_SECOND:
			return a->start;
		case HB_LAST_SECOND:
			return a->end;
		case HB_MIDNIGHT_IN:
			return a->end - 1799;
		case HB_THREE:
			return a->start + 10 * DAY + 9 * 3600;
		case HB_TIE:
			return a->start + 20 * DAY + 12 * 3600;
		default:
			break;
		}
	}
	return a->start +
	       (int64_t)simr_below(simr_hash(p->geo->seed, TAG_INSTANT,
					     (uint64_t)ai, (uint64_t)j),
				   (uint64_t)(span - 60));
}

/* A strictly later instant, no later than END (T1 < END). */
static int64_t later_instant(int64_t t1, int64_t end, uint64_t h)
{
	return t1 + 1 + (int64_t)simr_below(h, (uint64_t)(end - t1));
}

static int64_t instant_in_period(const struct sim_aspirant *a, uint64_t h)
{
	return a->start +
	       (int64_t)simr_below(h, (uint64_t)(a->end - a->start + 1));
}

/* Pools of roll rows a support can be drawn from (with replacement). */
enum pool { POOL_VIGENTES, POOL_VENCIDAS, POOL_PADRON, POOL_BAJAS };

static void pool_row(const struct sim_plan *p, const struct sim_aspirant *a,
		     enum pool pool, uint64_t h, size_t *sec, int64_t *row)
{
	const int64_t *cum[] = { a->cum_vig, a->cum_venc, a->cum_padron,
				 a->cum_bajas };
	const struct sim_seccion *s;
	int64_t u = (int64_t)simr_below(h, (uint64_t)cum[pool][a->nterr]);
	size_t t = sim_find_slot(cum[pool], a->nterr, u);
	int64_t first[4];

	*sec = a->terr[t];
	s = &p->geo->sec[*sec];
	first[POOL_VIGENTES] = 0;
	first[POOL_VENCIDAS] = sim_vigentes(s);
	first[POOL_PADRON] = s->ln;
	first[POOL_BAJAS] = (int64_t)s->ln + s->padron;
	*row = first[pool] + (u - cum[pool][t]);
}

/* A vigente citizen outside the territory (kind_possible says one exists). */
static void outside_row(const struct sim_plan *p, const struct sim_aspirant *a,
			uint64_t h, size_t *sec, int64_t *row)
{
	const struct sim_geo *g = p->geo;
	int64_t total = p->cum_vig_all[g->n], u;
	size_t t;
	int tries;

	for (tries = 0; tries < 1000; tries++, h = simr_mix(h)) {
		u = (int64_t)simr_below(h, (uint64_t)total);
		t = sim_find_slot(p->cum_vig_all, g->n, u);
		if (!a->inside[t]) {
			*sec = t;
			*row = u - p->cum_vig_all[t];
			return;
		}
	}

	/* A territory of almost everything: the first sección outside. */
	for (t = 0; t < g->n && (a->inside[t] || sim_vigentes(&g->sec[t]) == 0);
	     t++)
		;
	*sec = t;
	*row = 0;
}

/* The support as its citizen would give it, for aspirant AI. */
static void from_citizen(const struct sim_plan *p, int ai, size_t sec,
			 int64_t row, int64_t t, enum style style,
			 struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];

	sim_person_make(p->geo, sec, row, &s->who);
	snprintf(s->aspirante, sizeof(s->aspirante), "%s", a->def->id);
	snprintf(s->clave, sizeof(s->clave), "%s", s->who.clave);
	s->emision = s->who.emision;
	s->seccion = s->who.seccion;
	s->roll_sec = sec;
	s->counts_for = ai;
	s->caso = "";
	s->motivo[0] = '\0';
	s->status = ST_VALIDO;
	s->fraud = -1;
	s->fraud_i = 0;
	format_instant(s->fecha, sizeof(s->fecha), t, style,
		       entidad_offset(s->who.entidad));
}

static void set_motivo(struct support *s, int status, const char *a,
		       const char *b, const char *c)
{
	struct text x;

	s->status = status;
	text_start(&x, s->motivo, sizeof(s->motivo));
	text_add(&x, a);
	text_add(&x, b ? b : "");
	text_add(&x, c ? c : "");
}

/* Malformed claves: each breaks the pattern in another place. */
static void bad_clave(struct support *s, int64_t variant)
{
	size_t n = strlen(s->clave);

	switch (variant % 5) {
	case 0: /* one character short */
		s->clave[n - 1] = '\0';
		break;
	case 1: /* sex that is not H, M or X */
		s->clave[n - 4] = 'Z';
		break;
	case 2: /* letter O among the digits */
		s->clave[n - 12] = 'O';
		break;
	case 3: /* empty */
		s->clave[0] = '\0';
		break;
	default: /* one digit too many */
		s->clave[n] = '7';
		s->clave[n + 1] = '\0';
		break;
	}
}

static void base_support(struct sim_plan *p, int ai, int64_t j,
			 enum style style, struct support *s)
{
	size_t sec;
	int64_t row;

	sim_plan_base_citizen(p, ai, j, &sec, &row);
	from_citizen(p, ai, sec, row, base_instant(p, ai, j), style, s);
}

static void dup_mismo(struct sim_plan *p, int ai, int64_t i, uint64_t h,
		      struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];
	int64_t j = a->n_hard_base +
		    (int64_t)simr_perm_apply(&a->dup_mismo, (uint64_t)i);
	char first[48];
	size_t sec;
	int64_t row;

	sim_plan_base_citizen(p, ai, j, &sec, &row);
	from_citizen(p, ai, sec, row,
		     later_instant(base_instant(p, ai, j), a->end, h),
		     random_style(h >> 20), s);
	base_id(a, j, first, sizeof(first));
	set_motivo(s, ST_DUPLICADO_MISMO_ASPIRANTE,
		   "duplicado_mismo_aspirante:", first, NULL);
}

static void dup_otro(struct sim_plan *p, int ai, int64_t i, uint64_t h,
		     struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];
	int which =
		(int)sim_find_slot(a->partner_cum, (size_t)a->n_partners, i);
	int bi = a->partner[which];
	const struct sim_aspirant *b = &p->asp[bi];
	int64_t j =
		b->n_hard_base +
		(int64_t)simr_perm_apply(&a->dup_otro[which],
					 (uint64_t)(i - a->partner_cum[which]));
	char first[48];
	size_t sec;
	int64_t row;

	sim_plan_base_citizen(p, bi, j, &sec, &row);
	from_citizen(p, ai, sec, row,
		     later_instant(base_instant(p, bi, j), a->end, h),
		     random_style(h >> 20), s);
	base_id(b, j, first, sizeof(first));
	set_motivo(s, ST_DUPLICADO_OTRO_ASPIRANTE,
		   "duplicado_otro_aspirante:", b->def->id, "/");
	strncat(s->motivo, first, sizeof(s->motivo) - strlen(s->motivo) - 1);
}

/* A citizen of the pool, captured at a random moment of the period. */
static void pool_support(struct sim_plan *p, int ai, enum pool pool, uint64_t h,
			 struct support *s)
{
	size_t sec;
	int64_t row;

	pool_row(p, &p->asp[ai], pool, h, &sec, &row);
	from_citizen(p, ai, sec, row, instant_in_period(&p->asp[ai], h >> 16),
		     random_style(h >> 40), s);
}

static void out_of_period(struct sim_plan *p, int ai, int64_t i, uint64_t h,
			  struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];
	size_t sec;
	int64_t row, t;

	pool_row(p, a, POOL_VIGENTES, h, &sec, &row);
	if (i % 2 == 0)
		t = a->start - DAY + (int64_t)simr_below(h >> 16, DAY);
	else
		t = a->end + 1 + (int64_t)simr_below(h >> 16, DAY);
	from_citizen(p, ai, sec, row, t, random_style(h >> 40), s);
	set_motivo(s, ST_FUERA_DE_PLAZO,
		   i % 2 == 0 ? "fuera_de_plazo:antes_de_inicio"
			      : "fuera_de_plazo:despues_de_fin",
		   NULL, NULL);
}

static void not_in_roll(struct sim_plan *p, int ai, uint64_t h,
			struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];
	size_t t = sim_find_slot(
		a->cum_ln, a->nterr,
		(int64_t)simr_below(h, (uint64_t)a->cum_ln[a->nterr]));

	pool_support(p, ai, POOL_VIGENTES, h, s);
	sim_person_fake(p->geo, a->terr[t], h, &s->who);
	snprintf(s->clave, sizeof(s->clave), "%s", s->who.clave);
	s->emision = s->who.emision;
	s->seccion = s->who.seccion;
	set_motivo(s, ST_NO_ENCONTRADO, "no_encontrado", NULL, NULL);
}

static void outside(struct sim_plan *p, int ai, uint64_t h, struct support *s)
{
	size_t sec;
	int64_t row;

	outside_row(p, &p->asp[ai], h, &sec, &row);
	from_citizen(p, ai, sec, row, instant_in_period(&p->asp[ai], h >> 16),
		     random_style(h >> 40), s);
	set_motivo(s, ST_FUERA_DE_AMBITO, "fuera_de_ambito", NULL, NULL);
}

/* Number I of K_INCONS: a vigente citizen whose support is rejected. */
static void inconsistent(struct sim_plan *p, int ai, int64_t i, uint64_t h,
			 struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];
	int f = 0;

	while (i >= a->fraud_start[f + 1])
		f++;
	pool_support(p, ai, POOL_VIGENTES, h, s);
	set_motivo(s, ST_INCONSISTENCIA, "inconsistencia:",
		   sim_fraud_subtype(f), NULL);
	s->fraud = f;
	s->fraud_i = i - a->fraud_start[f];
}

/* Regular slot G of aspirant AI (see enum sim_kind). */
static void regular_support(struct sim_plan *p, int ai, int64_t g,
			    struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai];
	uint64_t h =
		simr_hash(p->geo->seed, TAG_SLOT, (uint64_t)ai, (uint64_t)g);
	int k = K_BASE;
	int64_t i;

	while (g >= a->kind_start[k + 1])
		k++;
	i = g - a->kind_start[k];
	switch (k) {
	case K_BASE:
		base_support(p, ai, a->n_hard_base + i, random_style(h), s);
		break;
	case K_DUP_MISMO:
		dup_mismo(p, ai, i, h, s);
		break;
	case K_DUP_OTRO:
		dup_otro(p, ai, i, h, s);
		break;
	case K_PLAZO:
		out_of_period(p, ai, i, h, s);
		break;
	case K_NO_ENCONTRADO:
		not_in_roll(p, ai, h, s);
		break;
	case K_BAJA:
		pool_support(p, ai, POOL_BAJAS, h, s);
		set_motivo(s, ST_BAJA, "baja:", s->who.motivo_baja, NULL);
		break;
	case K_PADRON:
		pool_support(p, ai, POOL_PADRON, h, s);
		set_motivo(s, ST_PADRON_NO_LN, "padron_no_ln", NULL, NULL);
		break;
	case K_EMISION:
		pool_support(p, ai, POOL_VIGENTES, h, s);
		s->emision -= 1 + (int)((h >> 60) % 3);
		set_motivo(s, ST_CREDENCIAL_NO_VIGENTE, "emision_distinta",
			   NULL, NULL);
		break;
	case K_VENCIDA:
		pool_support(p, ai, POOL_VENCIDAS, h, s);
		set_motivo(s, ST_CREDENCIAL_NO_VIGENTE, "credencial_vencida",
			   NULL, NULL);
		break;
	case K_AMBITO:
		outside(p, ai, h, s);
		break;
	case K_CLAVE:
		pool_support(p, ai, POOL_VIGENTES, h, s);
		bad_clave(s, i);
		set_motivo(s, ST_DATOS_INVALIDOS, "clave_invalida", NULL, NULL);
		break;
	case K_FECHA:
		pool_support(p, ai, POOL_VIGENTES, h, s);
		bad_fecha(s->fecha, sizeof(s->fecha),
			  instant_in_period(a, h >> 16), i);
		set_motivo(s, ST_DATOS_INVALIDOS, "fecha_invalida", NULL, NULL);
		break;
	case K_INCONS:
		inconsistent(p, ai, i, h, s);
		break;
	default: /* K_ASPIRANTE */
		pool_support(p, ai, POOL_VIGENTES, h, s);
		strncat(s->aspirante, "X",
			sizeof(s->aspirante) - strlen(s->aspirante) - 1);
		s->counts_for = -1;
		set_motivo(s, ST_DATOS_INVALIDOS, "aspirante_desconocido", NULL,
			   NULL);
		break;
	}
	regular_id(a, g, s->id, sizeof(s->id));
}

/* Lower-cases ASCII letters and Ñ, and adds a space on each side. */
static void lower_with_spaces(struct support *s)
{
	char out[64];
	size_t i, n = 0;

	out[n++] = ' ';
	for (i = 0; s->clave[i] && n < sizeof(out) - 3; i++) {
		unsigned char c = (unsigned char)s->clave[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == 0x91 && i > 0 &&
			 (unsigned char)s->clave[i - 1] == 0xC3)
			c = 0xB1;
		out[n++] = (char)c;
	}
	out[n++] = ' ';
	out[n] = '\0';
	memcpy(s->clave, out, n + 1);
}

/* Of two same-instant supports, the id first in byte order counts. */
static void tie_status(const struct sim_aspirant *a, int is_base,
		       struct support *s)
{
	char base[48], extra[48];

	base_id(a, HB_TIE, base, sizeof(base));
	extra_id(a, 0, extra, sizeof(extra));
	s->caso = "same instant as another support of the citizen: id byte "
		  "order decides";
	if ((strcmp(base, extra) < 0) == is_base)
		return;
	set_motivo(s, ST_DUPLICADO_MISMO_ASPIRANTE,
		   "duplicado_mismo_aspirante:", is_base ? extra : base, NULL);
}

/* Hard base J of the first aspirant (enum sim_hard_base). */
static void hard_base(struct sim_plan *p, int ai, int j, struct support *s)
{
	static const char *const caso[HB_COUNT] = {
		[HB_LOWERCASE] = "clave in lower case with spaces around",
		[HB_MOVED] = "support names another seccion: the roll decides",
		[HB_FIRST_SECOND] = "first second of the period",
		[HB_LAST_SECOND] = "last second of the period",
		[HB_MIDNIGHT_IN] =
			"written as the day after fin at -05:00, fin at -06:00",
		[HB_PLAZO_BEFORE] =
			"the citizen's earlier support was out of period",
		[HB_THREE] = "citizen supports three aspirants of the cargo: "
			     "first counts",
		[HB_CROSS] =
			"citizen also supports an aspirant of another cargo",
	};
	enum style style = random_style(
		simr_hash(p->geo->seed, TAG_STYLE, (uint64_t)ai, (uint64_t)j));
	size_t sec;
	int64_t row;

	if (j == HB_FIRST_SECOND || j == HB_TIE)
		style = TS_PLAIN;
	else if (j == HB_LAST_SECOND)
		style = TS_OFFSET;
	base_support(p, ai, j, style, s);
	if (j == HB_MIDNIGHT_IN)
		format_instant(s->fecha, sizeof(s->fecha),
			       base_instant(p, ai, j), TS_LOCAL, -300);
	if (j == HB_LOWERCASE)
		lower_with_spaces(s);
	if (j == HB_MOVED) {
		sim_plan_base_citizen(p, ai, j, &sec, &row);
		s->seccion = sec + 1 < p->geo->n ? p->geo->sec[sec + 1].seccion
						 : p->geo->sec[sec - 1].seccion;
	}
	s->caso = caso[j];
	if (j == HB_TIE)
		tie_status(&p->asp[ai], 1, s);
	base_id(&p->asp[ai], j, s->id, sizeof(s->id));
}

/* Hard extra E of aspirant AI (enum sim_hard_extra). */
static void hard_extra(struct sim_plan *p, int ai, int e, struct support *s)
{
	const struct sim_aspirant *a = &p->asp[ai], *first = &p->asp[p->first];
	uint64_t h = simr_hash(p->geo->seed, TAG_STYLE, (uint64_t)ai,
			       (uint64_t)(100 + e));
	char id[48];
	size_t sec;
	int64_t row;

	switch (a->extra[e]) {
	case HX_TIE:
		base_support(p, ai, HB_TIE, TS_UTC, s);
		tie_status(a, 0, s);
		break;
	case HX_PLAZO_BEFORE:
		sim_plan_base_citizen(p, ai, HB_PLAZO_BEFORE, &sec, &row);
		from_citizen(p, ai, sec, row, a->start - 1, TS_PLAIN, s);
		set_motivo(s, ST_FUERA_DE_PLAZO,
			   "fuera_de_plazo:antes_de_inicio", NULL, NULL);
		s->caso = "last second before inicio; the same citizen's later "
			  "support counts";
		break;
	case HX_AFTER_FIN:
		pool_row(p, a, POOL_VIGENTES, h, &sec, &row);
		from_citizen(p, ai, sec, row, a->end + 1, TS_OFFSET, s);
		set_motivo(s, ST_FUERA_DE_PLAZO,
			   "fuera_de_plazo:despues_de_fin", NULL, NULL);
		s->caso = "first second after fin";
		break;
	case HX_MIDNIGHT_OUT:
		pool_row(p, a, POOL_VIGENTES, h, &sec, &row);
		from_citizen(p, ai, sec, row, a->end + 1801, TS_PLAIN, s);
		format_instant(s->fecha, sizeof(s->fecha), a->end + 1801,
			       TS_LOCAL, -420);
		set_motivo(s, ST_FUERA_DE_PLAZO,
			   "fuera_de_plazo:despues_de_fin", NULL, NULL);
		s->caso =
			"written on fin at -07:00, the day after fin at -06:00";
		break;
	case HX_THREE:
		sim_plan_base_citizen(p, p->first, HB_THREE, &sec, &row);
		from_citizen(p, ai, sec, row,
			     base_instant(p, p->first, HB_THREE) +
				     (ai == p->second ? 3600 : 7200),
			     random_style(h), s);
		base_id(first, HB_THREE, id, sizeof(id));
		set_motivo(s, ST_DUPLICADO_OTRO_ASPIRANTE,
			   "duplicado_otro_aspirante:", first->def->id, "/");
		strncat(s->motivo, id,
			sizeof(s->motivo) - strlen(s->motivo) - 1);
		s->caso = "citizen supports three aspirants of the cargo: "
			  "first counts";
		break;
	case HX_CROSS:
		sim_plan_base_citizen(p, p->first, HB_CROSS, &sec, &row);
		from_citizen(p, ai, sec, row, instant_in_period(a, h),
			     random_style(h >> 20), s);
		s->caso = "citizen also supports an aspirant of another cargo";
		break;
	default: /* HX_MOVED_OUT */
		outside_row(p, a, h, &sec, &row);
		from_citizen(p, ai, sec, row, instant_in_period(a, h),
			     random_style(h >> 20), s);
		s->seccion = p->geo->sec[a->terr[0]].seccion;
		set_motivo(s, ST_FUERA_DE_AMBITO, "fuera_de_ambito", NULL,
			   NULL);
		s->caso = "support names a seccion inside, the roll one "
			  "outside: the roll decides";
		break;
	}
	extra_id(a, e, s->id, sizeof(s->id));
}

/* A CSV field, quoted (RFC 4180) for a comma, a quote or edge spaces. */
static void put_field(struct sim_out *o, const char *s)
{
	size_t n = strlen(s);
	int quote =
		strpbrk(s, ",\"\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));

	if (!quote) {
		sim_out_mem(o, s, n);
		return;
	}
	sim_out_char(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			sim_out_char(o, '"');
		sim_out_char(o, *s);
	}
	sim_out_char(o, '"');
}

static void write_support(struct sim_plan *p, struct sim_out *o,
			  const struct support *s, int ai)
{
	const struct sim_aspirant *a = &p->asp[ai];
	int64_t helpers = a->def->received / 250 + 1;
	uint64_t h = simr_hash(p->geo->seed, TAG_AUXILIAR, (uint64_t)ai,
			       (uint64_t)p->supports);

	sim_out_str(o, s->id);
	sim_out_char(o, ',');
	sim_out_str(o, s->aspirante);
	sim_out_char(o, ',');
	sim_out_str(o, a->def->id);
	sim_out_str(o, "-AUX");
	sim_out_pad(o, 1 + simr_below(h, (uint64_t)helpers), 4);
	sim_out_char(o, ',');
	sim_out_str(o, s->fecha);
	sim_out_char(o, ',');
	put_field(o, s->clave);
	sim_out_char(o, ',');
	sim_out_str(o, s->who.nombre);
	sim_out_char(o, ',');
	sim_out_str(o, s->who.paterno);
	sim_out_char(o, ',');
	sim_out_str(o, s->who.materno);
	sim_out_char(o, ',');
	sim_out_pad(o, s->who.cic, 9);
	sim_out_char(o, ',');
	sim_out_pad(o, (uint64_t)s->who.seccion, 4);
	sim_out_pad(o, s->who.ocr_tail, 9);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)s->emision);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)s->who.vigencia);
	sim_out_char(o, ',');
	sim_out_uint(o, (uint64_t)s->seccion);
}

/* FNV-1a of a text: the seeds of a citizen's and a support's pictures. */
static uint64_t text_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static void image_size(struct imggen_spec *g)
{
	static const int size[IMG_ROLE_COUNT][2] = {
		{ 320, 202 }, { 320, 202 }, { 192, 256 }, { 320, 120 }
	};

	g->width = size[g->role][0];
	g->height = size[g->role][1];
	g->cropped = 1;
}

/*
 * The four images of S, genuine unless its fraud changes one: a
 * photocopy greys both sides; a simulated card shows the scenario's one
 * template with the citizen's data; a reused photo is its group's (three
 * supports a group, the last group taking the rest); an empty pad; a
 * corrupt file or none at all, on the role FRAUD_I picks.
 */
static void image_specs(const struct sim_plan *p, int ai,
			const struct support *s,
			struct imggen_spec g[IMG_ROLE_COUNT])
{
	uint64_t seed = p->geo->seed, person = imggen_mix(seed,
							   text_hash(s->who.clave));
	uint64_t shot = imggen_mix(seed, text_hash(s->id));
	int64_t group, n;
	int r;

	for (r = 0; r < IMG_ROLE_COUNT; r++) {
		memset(&g[r], 0, sizeof(g[r]));
		g[r].role = (enum img_role)r;
		g[r].kind = GEN_GENUINE;
		g[r].person = person;
		g[r].data = imggen_mix(person, 0xDA7A);
		g[r].shot = imggen_mix(shot, (uint64_t)r);
		image_size(&g[r]);
	}
	switch (s->fraud) {
	case SF_FOTOCOPIA:
		g[IMG_FRENTE].kind = g[IMG_REVERSO].kind = GEN_PHOTOCOPY;
		break;
	case SF_SIMULACION:
		g[IMG_FRENTE].kind = GEN_TEMPLATE;
		g[IMG_FRENTE].template_seed = imggen_mix(seed, 0x7E3A);
		break;
	case SF_FOTO_REUTILIZADA:
		n = p->asp[ai].fraud[SF_FOTO_REUTILIZADA];
		group = s->fraud_i / 3;
		if (group > n / 3 - 1)
			group = n / 3 > 0 ? n / 3 - 1 : 0;
		g[IMG_FOTO].person = g[IMG_FOTO].shot =
			imggen_mix(imggen_mix(seed, 0xF070 + (uint64_t)ai),
				   (uint64_t)group);
		break;
	case SF_SIN_FIRMA:
		g[IMG_FIRMA].kind = GEN_EMPTY_PAD;
		break;
	case SF_IMAGEN_ILEGIBLE:
		g[s->fraud_i % IMG_ROLE_COUNT].kind = GEN_CORRUPT;
		break;
	default:
		break;
	}
}

/* ",frente,reverso,foto,firma": queued files, or empty for a missing one. */
static void write_images(struct sim_plan *p, struct sim_out *o,
			 struct simimg *w, const struct support *s, int ai)
{
	struct imggen_spec g[IMG_ROLE_COUNT];
	char path[SIMIMG_PATH];
	int r;

	image_specs(p, ai, s, g);
	for (r = 0; r < IMG_ROLE_COUNT; r++) {
		sim_out_char(o, ',');
		if (s->fraud == SF_IMAGEN_FALTANTE &&
		    s->fraud_i % IMG_ROLE_COUNT == r)
			continue;
		simimg_add(w, s->id, &g[r], path);
		sim_out_str(o, path);
	}
}

static void write_truth(struct sim_out *o, const struct support *s)
{
	sim_out_str(o, s->id);
	sim_out_char(o, ',');
	sim_out_str(o, s->aspirante);
	sim_out_char(o, ',');
	sim_out_str(o, status_table[s->status].code);
	sim_out_char(o, ',');
	sim_out_str(o, s->motivo);
	sim_out_char(o, ',');
	put_field(o, s->caso);
	sim_out_char(o, '\n');
}

/* The reviewer's rejection; a missing image needs none. */
static void write_decision(struct sim_out *o, const struct support *s)
{
	if (s->fraud < 0 || s->fraud == SF_IMAGEN_FALTANTE)
		return;
	sim_out_str(o, s->id);
	sim_out_str(o, ",reject,");
	sim_out_str(o, sim_fraud_subtype(s->fraud));
	sim_out_str(o, ",sim,\n");
}

/* Writes one support and its truth, and counts it for the expected tally. */
static void emit(struct sim_plan *p, struct sim_out *so, struct sim_out *to,
		 struct sim_out *dec, struct simimg *img,
		 const struct support *s, int ai)
{
	write_support(p, so, s, ai);
	if (img)
		write_images(p, so, img, s, ai);
	sim_out_char(so, '\n');
	write_truth(to, s);
	write_decision(dec, s);
	p->supports++;
	if (s->counts_for < 0) {
		p->unknown_aspirant++;
		return;
	}
	p->asp[s->counts_for].estatus[s->status]++;
	if (s->status == ST_VALIDO)
		p->valid[(size_t)s->counts_for * p->geo->n + s->roll_sec]++;
}

int sim_plan_write_supports(struct sim_plan *p, struct sim_out *so,
			    struct sim_out *to, struct sim_out *dec)
{
	static struct simimg writer;	/* big: the batch of specs */
	struct simimg *img = NULL;
	struct support s;
	int ai, j, e, rc;
	int64_t t, total;

	if (p->opt->images) {
		if ((rc = simimg_open(&writer, p->opt->out_dir)))
			return rc;
		img = &writer;
	}
	sim_out_str(so,
		    "id,aspirante,auxiliar,fecha_captura,clave_elector,nombre,"
		    "apellido_paterno,apellido_materno,cic,ocr,emision,"
		    "vigencia,seccion");
	sim_out_str(so, img ? ",frente,reverso,foto,firma\n" : "\n");
	sim_out_str(to, "id,aspirante,estatus,motivo,caso\n");
	sim_out_str(dec, "id,decision,subtipo,revisor,nota\n");
	for (ai = 0; ai < p->n_asp; ai++) {
		const struct sim_aspirant *a = &p->asp[ai];

		for (j = 0; j < a->n_hard_base; j++) {
			hard_base(p, ai, j, &s);
			emit(p, so, to, dec, img, &s, ai);
		}
		for (e = 0; e < a->n_extras; e++) {
			hard_extra(p, ai, e, &s);
			emit(p, so, to, dec, img, &s, ai);
		}
		total = a->kind_start[K_COUNT];
		for (t = 0; t < total; t++) {
			regular_support(p, ai,
					(int64_t)simr_perm_apply(&a->order,
								 (uint64_t)t),
					&s);
			emit(p, so, to, dec, img, &s, ai);
		}
	}
	return img ? simimg_close(img) : 0;
}
