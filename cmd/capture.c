/*
 * capture.c - "apoyo capture": one support, captured in the field, signed
 * by the auxiliary and sealed to the authority, appended to a batch.
 */
#include <stdio.h>
#include <string.h>

#include "../src/capture.h"
#include "../src/csv.h"
#include "../src/isotime.h"
#include "../src/keys.h"
#include "../src/package.h"
#include "cmd.h"

static const char usage[] =
	"apoyo capture --aspirant A --auxiliary ID --key AUX.key --to AUTHORITY.pub\n"
	"       --front F --back B --photo P --signature S [--mrz L1 L2 L3 | --mrz MRZ]\n"
	"       [--clave C] [--curp C] [--cic N] [--ocr N] [--emision Y] [--vigencia Y]\n"
	"       [--nombre N] [--apellido-paterno P] [--apellido-materno M] [--seccion S]\n"
	"       [--at ISO-8601] [--passphrase-file FILE] -o BATCH.apoyo";

/* The words given to --mrz: one (the 90 characters) or three lines. */
struct mrz_words {
	char **words;
	int n;
};

static size_t visible_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n';
	return n;
}

/* OPT_FUNC for --mrz: takes 3 words, or 1 when it holds more than a line. */
static int take_mrz(void *value, int argc, char **argv)
{
	struct mrz_words *m = value;

	if (argc < 1) {
		err_msg("option '--mrz' needs the MRZ: 3 lines, or the 90 characters in one");
		return -1;
	}
	if (strchr(argv[0], '\n') || visible_length(argv[0]) > MRZ_LINE) {
		m->words = argv;
		m->n = 1;
		return 1;
	}
	if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-') {
		err_msg("option '--mrz': expected 3 lines of %d characters or one string of %d",
			MRZ_LINE, 3 * MRZ_LINE);
		return -1;
	}
	m->words = argv;
	m->n = 3;
	return 3;
}

struct capture_opts {
	const char *aspirant, *auxiliary, *key, *to, *out, *at, *pass_file;
	const char *image[IMG_COUNT];
	struct mrz_words mrz;
	struct capture c;
};

/* Every required option, by name, for the usage error. */
static int check_required(const struct capture_opts *o)
{
	static const char *const names[] = {
		"--aspirant", "--auxiliary", "--key", "--to", "--front", "--back", "--photo",
		"--signature", "-o"
	};
	const char *values[] = {
		o->aspirant, o->auxiliary, o->key, o->to, o->image[IMG_FRENTE],
		o->image[IMG_REVERSO], o->image[IMG_FOTO], o->image[IMG_FIRMA], o->out
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!values[i] || !*values[i]) {
			err_msg("missing %s (see -h)", names[i]);
			return EXIT_USAGE;
		}
	return 0;
}

/* Text options must be UTF-8 without control characters. */
static int check_text(const char *option, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	if (!text)
		return 0;
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			break;
	if (*p || !csv_utf8_valid(text, strlen(text))) {
		err_msg("option '%s': expected UTF-8 text without control characters", option);
		return EXIT_USAGE;
	}
	return 0;
}

static int check_texts(const struct capture_opts *o)
{
	const struct capture *c = &o->c;
	const struct {
		const char *option, *value;
	} texts[] = {
		{ "--aspirant", o->aspirant }, { "--clave", c->clave }, { "--curp", c->curp },
		{ "--cic", c->cic }, { "--ocr", c->ocr }, { "--emision", c->emision },
		{ "--vigencia", c->vigencia }, { "--nombre", c->nombre },
		{ "--apellido-paterno", c->apellido_paterno },
		{ "--apellido-materno", c->apellido_materno }, { "--seccion", c->seccion }
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((rc = check_text(texts[i].option, texts[i].value)))
			return rc;
	return 0;
}

static int check_options(struct capture_opts *o)
{
	long long instant;
	char local[11];
	int rc;

	if ((rc = check_required(o)))
		return rc;
	if (!key_owner_valid(o->auxiliary)) {
		err_msg("option '--auxiliary': expected 1 to 64 of A-Z a-z 0-9 . _ -, found '%s'",
			o->auxiliary);
		return EXIT_USAGE;
	}
	if (o->at && isotime_parse(o->at, 0, &instant, local) != 0) {
		err_msg("option '--at': expected an ISO 8601 time such as "
			"2018-01-15T10:30:00-06:00, found '%s'", o->at);
		return EXIT_USAGE;
	}
	return check_texts(o);
}

static int load_images(struct capture_opts *o)
{
	static const char *const options[IMG_COUNT] = {
		"--front", "--back", "--photo", "--signature"
	};
	char why[300];
	int i, rc;

	for (i = 0; i < IMG_COUNT; i++) {
		rc = capture_load_image(&o->c, (enum capture_image)i, o->image[i], why,
					sizeof(why));
		if (rc < 0) {
			err_msg("option '%s': %s", options[i], why);
			return EXIT_INPUT;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* "mrz check digits: documento wrong (0, should be 7), ..." */
static void report_mrz(const struct capture *c)
{
	char line[400];
	size_t len = 0;
	int d;

	if (!c->has_mrz)
		return;
	if (!c->mrz_ok) {
		err_info("mrz not readable: %s", c->mrz_why);
		return;
	}
	if (c->mrz.problem[0])
		err_info("mrz: %s", c->mrz.problem);
	for (d = 0; d < MRZ_NDIGITS; d++) {
		if (c->mrz.check[d] == MRZ_VALID)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s ok",
						d ? ", " : "", mrz_digit_name(d));
		else
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"%s%s wrong (%c, should be %c)", d ? ", " : "",
						mrz_digit_name(d), c->mrz.printed[d],
						c->mrz.computed[d]);
	}
	err_info("mrz check digits: %s", line);
}

/* Signs, seals and appends the capture. */
static int seal(struct capture_opts *o, const struct key_public *authority, long *number)
{
	struct key_secret *aux = NULL;
	struct package_writer *w = NULL;
	unsigned char *inner = NULL;
	size_t len;
	int rc;

	if ((rc = key_read_secret(o->key, KEY_AUXILIARY, o->auxiliary, o->pass_file, &aux)))
		return rc;
	if ((rc = capture_encode(&o->c, &inner, &len)))
		goto done;
	if ((rc = package_writer_open(o->out, authority, &w)))
		goto done;
	rc = package_writer_append(w, aux, inner, len);
	*number = package_writer_count(w);
	if (!rc)
		rc = package_writer_close(w);
	else
		package_writer_close(w);

done:
	if (inner)
		sodium_free(inner);
	key_secret_free(aux);
	return rc;
}

static int run(struct capture_opts *o)
{
	struct key_public authority;
	unsigned char raw_id[16];
	char id[33], now[24];
	long number = 0;
	int rc;

	if ((rc = key_read_public(o->to, KEY_AUTHORITY, &authority)) || (rc = load_images(o)))
		return rc;
	randombytes_buf(raw_id, sizeof(raw_id));
	sodium_bin2hex(id, sizeof(id), raw_id, sizeof(raw_id));
	ws_now(now);
	o->c.id = id;
	o->c.aspirante = o->aspirant;
	o->c.auxiliar = o->auxiliary;
	o->c.fecha_captura = o->at ? o->at : now;
	if (o->mrz.n)
		capture_set_mrz(&o->c, o->mrz.words, o->mrz.n);
	capture_check(&o->c);
	report_mrz(&o->c);

	if ((rc = seal(o, &authority, &number)))
		return rc;
	printf("%s\n", id);
	err_info("support %s sealed into '%s' (record %ld)%s%s", id, o->out, number,
		 o->c.flags[0] ? "; flags: " : "", o->c.flags);
	return o->c.flags[0] ? EXIT_PROBLEMS : 0;
}

int cmd_capture(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct capture_opts o;
	struct capture *c = &o.c;
	const struct opt opts[] = {
		{ 0, "aspirant", "A", OPT_STRING, &o.aspirant, "the aspirant supported", 0, 0,
		  NULL },
		{ 0, "auxiliary", "ID", OPT_STRING, &o.auxiliary, "the auxiliary capturing", 0, 0,
		  NULL },
		{ 0, "key", "AUX.key", OPT_STRING, &o.key, "the auxiliary's secret key", 0, 0,
		  NULL },
		{ 0, "to", "AUTH.pub", OPT_STRING, &o.to, "the authority's public key", 0, 0,
		  NULL },
		{ 0, "front", "FILE", OPT_STRING, &o.image[IMG_FRENTE], "card front (JPEG or PNG)",
		  0, 0, NULL },
		{ 0, "back", "FILE", OPT_STRING, &o.image[IMG_REVERSO], "card back", 0, 0, NULL },
		{ 0, "photo", "FILE", OPT_STRING, &o.image[IMG_FOTO], "live photo", 0, 0, NULL },
		{ 0, "signature", "FILE", OPT_STRING, &o.image[IMG_FIRMA], "handwritten signature",
		  0, 0, NULL },
		{ 0, "mrz", "L1 L2 L3", OPT_FUNC, &o.mrz,
		  "the card's MRZ: 3 lines, or the 90 characters", 0, 0, take_mrz },
		{ 0, "clave", "CLAVE", OPT_STRING, &c->clave, "clave de elector", 0, 0, NULL },
		{ 0, "curp", "CURP", OPT_STRING, &c->curp, "CURP", 0, 0, NULL },
		{ 0, "cic", "N", OPT_STRING, &c->cic, "CIC (9 digits)", 0, 0, NULL },
		{ 0, "ocr", "N", OPT_STRING, &c->ocr, "OCR / citizen identifier", 0, 0, NULL },
		{ 0, "emision", "YEAR", OPT_STRING, &c->emision, "year of issue", 0, 0, NULL },
		{ 0, "vigencia", "YEAR", OPT_STRING, &c->vigencia, "valid until", 0, 0, NULL },
		{ 0, "nombre", "TEXT", OPT_STRING, &c->nombre, "given names", 0, 0, NULL },
		{ 0, "apellido-paterno", "TEXT", OPT_STRING, &c->apellido_paterno,
		  "first surname", 0, 0, NULL },
		{ 0, "apellido-materno", "TEXT", OPT_STRING, &c->apellido_materno,
		  "second surname", 0, 0, NULL },
		{ 0, "seccion", "N", OPT_STRING, &c->seccion, "seccion on the card", 0, 0, NULL },
		{ 0, "at", "ISO-8601", OPT_STRING, &o.at, "capture time (default: now, UTC)", 0, 0,
		  NULL },
		{ 0, "passphrase-file", "FILE", OPT_STRING, &o.pass_file,
		  "read the passphrase from FILE", 0, 0, NULL },
		{ 'o', "output", "BATCH", OPT_STRING, &o.out, "append to this batch file", 0, 0,
		  NULL },
		{ 0, NULL, NULL, 0, NULL, NULL, 0, 0, NULL }
	};
	int rc;

	memset(&o, 0, sizeof(o));
	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if ((rc = check_options(&o)) == 0 && (rc = keys_init()) == 0)
		rc = run(&o);
	capture_release(c);
	return rc;
}
