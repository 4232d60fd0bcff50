/*
 * capture.c - images, MRZ and cross-checks of one captured support; see
 * capture.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <stb_image.h>

#include "capture.h"
#include "clave.h"
#include "curp.h"
#include "err.h"
#include "package.h"

#define MAX_PIXELS (100L * 1000 * 1000)

static const char *const image_names[IMG_COUNT] = { "frente", "reverso", "foto", "firma" };

const char *capture_image_name(enum capture_image which)
{
	return image_names[which];
}

static int given(const char *text)
{
	return text && *text;
}

/* Bytes outside printable ASCII (but newlines) become '?': the MRZ alphabet
 * is ASCII, and the record keeps text as UTF-8. */
static void printable(char *text)
{
	unsigned char *p = (unsigned char *)text;

	for (; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p >= 0x7F)
			*p = '?';
}

void capture_set_mrz(struct capture *c, char *const *words, int nwords)
{
	int i;
	size_t len = 0;

	c->has_mrz = 1;
	c->mrz_ok = mrz_parse(words, nwords, &c->mrz, c->mrz_why, sizeof(c->mrz_why)) == 0;
	if (c->mrz_ok) {
		mrz_join(&c->mrz, c->mrz_text);
	} else {
		/* Keep what was given, so that a reviewer can read it. */
		for (i = 0; i < nwords && len + 1 < sizeof(c->mrz_text); i++)
			len += (size_t)snprintf(c->mrz_text + len, sizeof(c->mrz_text) - len,
						"%s%s", i ? "\n" : "", words[i]);
	}
	printable(c->mrz_text);
}

/* ---- images ---- */

static int image_kind_ok(const unsigned char *d, size_t len)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	if (len >= 8 && !memcmp(d, png, 8))
		return 1;
	return len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF;
}

/* Decodes D fully (and throws the pixels away); -1 with WHY when it cannot. */
static int decodes(const unsigned char *d, size_t len, char *why, size_t whysz)
{
	int w, h, comp;
	unsigned char *pixels;

	if (!image_kind_ok(d, len)) {
		snprintf(why, whysz, "not a JPEG or PNG image");
		return -1;
	}
	if (!stbi_info_from_memory(d, (int)len, &w, &h, &comp) || (long)w * h > MAX_PIXELS) {
		snprintf(why, whysz, "not a readable image (%s)",
			 stbi_failure_reason() ? stbi_failure_reason() : "too many pixels");
		return -1;
	}
	pixels = stbi_load_from_memory(d, (int)len, &w, &h, &comp, 0);
	if (!pixels) {
		snprintf(why, whysz, "the image does not decode (%s)", stbi_failure_reason());
		return -1;
	}
	stbi_image_free(pixels);
	return 0;
}

/* Reads PATH into a new sodium_malloc buffer. */
static int read_image(const char *path, unsigned char **out, size_t *len, char *why,
		      size_t whysz)
{
	struct stat sb;
	unsigned char *buf;
	ssize_t got;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(why, whysz, "cannot read '%s': %s", path,
			 fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (sb.st_size == 0 || (size_t)sb.st_size > CAPTURE_IMAGE_MAX) {
		snprintf(why, whysz, "'%s' has %lld bytes; expected 1 to %u", path,
			 (long long)sb.st_size, CAPTURE_IMAGE_MAX);
		close(fd);
		return -1;
	}
	buf = sodium_malloc((size_t)sb.st_size);
	if (!buf) {
		close(fd);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	while (done < (size_t)sb.st_size) {
		got = read(fd, buf + done, (size_t)sb.st_size - done);
		if (got <= 0)
			break;
		done += (size_t)got;
	}
	close(fd);
	*out = buf;
	*len = done;
	return 0;
}

int capture_load_image(struct capture *c, enum capture_image which, const char *path,
		       char *why, size_t whysz)
{
	unsigned char *buf;
	size_t len;
	char detail[160];
	int rc = read_image(path, &buf, &len, why, whysz);

	if (rc)
		return rc;
	if (decodes(buf, len, detail, sizeof(detail))) {
		snprintf(why, whysz, "'%s': %s", path, detail);
		sodium_free(buf);
		return -1;
	}
	if (c->image[which])
		sodium_free(c->image[which]);
	c->image[which] = buf;
	c->image_len[which] = len;
	return 0;
}

void capture_release(struct capture *c)
{
	int i;

	for (i = 0; i < IMG_COUNT; i++) {
		if (c->image[i])
			sodium_free(c->image[i]);
		c->image[i] = NULL;
	}
}

/* ---- cross-checks ---- */

static void add_flag(struct capture *c, const char *flag, const char *detail)
{
	size_t len = strlen(c->flags);

	snprintf(c->flags + len, sizeof(c->flags) - len, "%s%s%s%s", len ? " " : "", flag,
		 detail ? ":" : "", detail ? detail : "");
}

/* Upper-case ASCII letter for a UTF-8 Latin-1 letter after 0xC3, or 0. */
static char fold_latin1(unsigned char b)
{
	static const char map[65] =
		"AAAAAA-CEEEEIIIIDNOOOOO-OUUUUY--"	/* 0x80-0x9F, upper case */
		"AAAAAA-CEEEEIIIIDNOOOOO-OUUUUY-Y";	/* 0xA0-0xBF, lower case */
	char c = b >= 0x80 && b <= 0xBF ? map[b - 0x80] : 0;

	return c >= 'A' && c <= 'Z' ? c : 0;
}

/*
 * Names as the MRZ writes them: accents and Ñ folded to A-Z, anything
 * else a space, runs of spaces as one, none at the ends.
 */
static void fold_name(const char *in, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;
	char c;

	for (; *p && n + 1 < outsz; p++) {
		c = 0;
		if (*p >= 'a' && *p <= 'z')
			c = (char)(*p - 'a' + 'A');
		else if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			c = (char)*p;
		else if (*p == 0xC3 && p[1])
			c = fold_latin1(*++p);
		if (c)
			out[n++] = c;
		else if (n > 0 && out[n - 1] != ' ')
			out[n++] = ' ';
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* Equal, or when the MRZ cut the names short, MRZ a prefix of TYPED. */
static int names_match(const char *typed, const char *mrz, int truncated)
{
	if (!strcmp(typed, mrz))
		return 1;
	return truncated && !strncmp(typed, mrz, strlen(mrz));
}

static void check_names(struct capture *c)
{
	char typed[256], paterno[128], materno[128];
	const struct mrz *m = &c->mrz;

	if (given(c->apellido_paterno) || given(c->apellido_materno)) {
		fold_name(given(c->apellido_paterno) ? c->apellido_paterno : "", paterno,
			  sizeof(paterno));
		fold_name(given(c->apellido_materno) ? c->apellido_materno : "", materno,
			  sizeof(materno));
		snprintf(typed, sizeof(typed), "%s%s%s", paterno,
			 paterno[0] && materno[0] ? " " : "", materno);
		if (!names_match(typed, m->surnames, m->names_truncated && !m->given_names[0]))
			add_flag(c, "mrz_distinto", "apellidos");
	}
	if (given(c->nombre)) {
		fold_name(c->nombre, typed, sizeof(typed));
		if (!names_match(typed, m->given_names, m->names_truncated))
			add_flag(c, "mrz_distinto", "nombre");
	}
}

/* Characters 7-12 (YYMMDD) and 15 (sex) of a valid clave into DATE, *SEX. */
static int clave_parts(const char *text, char date[7], char *sex)
{
	char clave[CLAVE_MAX_BYTES];
	const char *p = clave;
	int i;

	if (clave_normalize(text, clave, sizeof(clave)) || !clave_valid(clave))
		return -1;
	for (i = 0; i < 6; i++)
		p += (unsigned char)*p == 0xC3 ? 2 : 1;
	memcpy(date, p, 6);
	date[6] = '\0';
	*sex = p[8];
	return 0;
}

static long number_or(const char *text, long otherwise)
{
	char *end;
	long v;

	if (!given(text))
		return otherwise;
	v = strtol(text, &end, 10);
	while (*end == ' ')
		end++;
	return *end ? otherwise : v;
}

/* MRZ against the clave, the vigencia and the card numbers. */
static void check_fields(struct capture *c)
{
	const struct mrz *m = &c->mrz;
	char date[7], sex, year[5];

	if (given(c->clave) && clave_parts(c->clave, date, &sex) == 0) {
		if (strcmp(date, m->birth))
			add_flag(c, "mrz_distinto", "nacimiento");
		if ((sex == 'H' || sex == 'M') && m->sexo && sex != m->sexo)
			add_flag(c, "mrz_distinto", "sexo");
	}
	if (given(c->vigencia) && strlen(m->expiry) == 6) {
		snprintf(year, sizeof(year), "20%.2s", m->expiry);
		if (number_or(c->vigencia, -1) != number_or(year, -2))
			add_flag(c, "mrz_distinto", "vigencia");
	}
	if (!m->ine)
		return;
	if (given(c->cic) && number_or(c->cic, -1) != number_or(m->cic, -2))
		add_flag(c, "mrz_distinto", "cic");
	if (given(c->ocr) && strcmp(c->ocr, m->ocr))
		add_flag(c, "mrz_distinto", "ocr");
	if (given(c->seccion) && number_or(c->seccion, -1) != number_or(m->seccion, -2))
		add_flag(c, "mrz_distinto", "seccion");
}

static void check_mrz(struct capture *c)
{
	int d;

	if (!c->mrz_ok) {
		add_flag(c, "mrz_ilegible", NULL);
		return;
	}
	if (c->mrz.problem[0])
		add_flag(c, "mrz_formato", NULL);
	if (!c->mrz.ine)
		add_flag(c, "mrz_no_ine", NULL);
	for (d = 0; d < MRZ_NDIGITS; d++)
		if (c->mrz.check[d] != MRZ_VALID)
			add_flag(c, "mrz_digito", mrz_digit_name(d));
	check_fields(c);
	check_names(c);
}

void capture_check(struct capture *c)
{
	char curp[CURP_MAX_BYTES];
	struct curp_info info;
	enum curp_problem p;

	c->flags[0] = '\0';
	if (c->has_mrz)
		check_mrz(c);
	if (given(c->curp)) {
		p = curp_normalize(c->curp, curp, sizeof(curp)) ? CURP_LENGTH
								 : curp_check(curp, &info);
		if (p != CURP_OK)
			add_flag(c, "curp_invalida", curp_problem_name(p));
	}
}

/* ---- encoding ---- */

int capture_encode(const struct capture *c, unsigned char **out, size_t *len)
{
	struct record r;
	char curp[CURP_MAX_BYTES] = "";
	int i, full = 0;

	memset(&r, 0, sizeof(r));
	if (given(c->curp) && curp_normalize(c->curp, curp, sizeof(curp)))
		snprintf(curp, sizeof(curp), "%.*s", (int)sizeof(curp) - 1, c->curp);
	full |= record_add_text(&r, "id", c->id);
	full |= record_add_text(&r, "aspirante", c->aspirante);
	full |= record_add_text(&r, "auxiliar", c->auxiliar);
	full |= record_add_text(&r, "fecha_captura", c->fecha_captura);
	full |= record_add_text(&r, "clave_elector", c->clave);
	full |= record_add_text(&r, "nombre", c->nombre);
	full |= record_add_text(&r, "apellido_paterno", c->apellido_paterno);
	full |= record_add_text(&r, "apellido_materno", c->apellido_materno);
	full |= record_add_text(&r, "cic", c->cic);
	full |= record_add_text(&r, "ocr", c->ocr);
	full |= record_add_text(&r, "emision", c->emision);
	full |= record_add_text(&r, "vigencia", c->vigencia);
	full |= record_add_text(&r, "seccion", c->seccion);
	full |= record_add_text(&r, "curp", curp);
	full |= record_add_text(&r, "mrz", c->has_mrz ? c->mrz_text : NULL);
	full |= record_add_text(&r, "modalidad", c->modalidad);
	full |= record_add_text(&r, "banderas", c->flags);
	for (i = 0; i < IMG_COUNT; i++)
		if (c->image[i])
			full |= record_add(&r, image_names[i], c->image[i], c->image_len[i]);
	if (full) {
		err_msg("internal error: too many record fields");
		return EXIT_ENV;
	}
	return record_encode(&r, out, len);
}
