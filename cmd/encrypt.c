/*
 * encrypt.c - "apoyo encrypt": seal a plaintext supports file (CSV or
 * JSON Lines, with its image paths) into a batch, as capture would have;
 * and "apoyo encrypt --inspect": what a batch shows without the key.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/capture.h"
#include "../src/keys.h"
#include "../src/package.h"
#include "../src/rowsrc.h"
#include "cmd.h"

static const char usage[] =
	"apoyo encrypt --to AUTHORITY.pub --key AUX.key [--passphrase-file FILE]\n"
	"       [--delimiter C] [--encoding utf8|latin1] SUPPORTS.csv|.jsonl -o BATCH.apoyo\n"
	"       apoyo encrypt --inspect BATCH.apoyo";

static const char *const required[] = { "id", "aspirante", "auxiliar", "fecha_captura",
					 "clave_elector" };

static const char *const optional[] = {
	"nombre", "apellido_paterno", "apellido_materno", "cic", "ocr", "emision", "vigencia",
	"seccion", "mrz", "frente", "reverso", "foto", "firma", "modalidad", "curp"
};

#define N_REQUIRED (sizeof(required) / sizeof(required[0]))
#define N_OPTIONAL (sizeof(optional) / sizeof(optional[0]))

struct sealer {
	const char *path;		/* the supports file */
	char *dir;			/* its folder, for image paths; owned */
	struct rowsrc *rows;
	const struct key_secret *aux;
	struct package_writer *out;
	long read, sealed, rejected;
};

static int parse_encoding(const char *text, struct csv_opts *opts)
{
	if (!text || !strcmp(text, "utf8") || !strcmp(text, "utf-8"))
		opts->encoding = CSV_UTF8;
	else if (!strcmp(text, "latin1"))
		opts->encoding = CSV_LATIN1;
	else {
		err_msg("option '--encoding': expected utf8 or latin1, found '%s'", text);
		return EXIT_USAGE;
	}
	return 0;
}

static int parse_delimiter(const char *text, struct csv_opts *opts)
{
	if (!text)
		return 0;
	if (!strcmp(text, "tab") || !strcmp(text, "\\t"))
		opts->delimiter = '\t';
	else if (strlen(text) == 1 && strchr(",;|\t", text[0]))
		opts->delimiter = text[0];
	else {
		err_msg("option '--delimiter': expected , ; | or tab, found '%s'", text);
		return EXIT_USAGE;
	}
	return 0;
}

/* Required columns must be there before any row is read (CSV only). */
static int check_columns(struct sealer *s)
{
	size_t i;

	for (i = 0; i < N_REQUIRED; i++)
		if (!rowsrc_has_column(s->rows, required[i])) {
			err_msg("%s:1: field '%s': required column missing", s->path, required[i]);
			return EXIT_INPUT;
		}
	return 0;
}

/* Reports a rejected row; FIELD "" when the row as a whole is bad. */
static void reject(struct sealer *s, const char *field, const char *why)
{
	if (*field)
		err_data(s->path, rowsrc_line(s->rows), field, "%s", why);
	else
		err_msg("%s:%ld: %s", s->path, rowsrc_line(s->rows), why);
	s->rejected++;
}

static const char *value(const struct sealer *s, const char *name)
{
	const char *v = rowsrc_get(s->rows, name);

	return v ? v : "";
}

/* Fields as text: UTF-8, and the ones a record needs. Returns 0 or 1 (rejected). */
static int fill_fields(struct sealer *s, struct capture *c)
{
	size_t i;

	for (i = 0; i < N_REQUIRED + N_OPTIONAL; i++) {
		const char *name = i < N_REQUIRED ? required[i] : optional[i - N_REQUIRED];
		const char *v = value(s, name);

		if (!csv_utf8_valid(v, strlen(v))) {
			reject(s, name, "expected UTF-8 text");
			return 1;
		}
	}
	c->id = value(s, "id");
	c->aspirante = value(s, "aspirante");
	c->auxiliar = value(s, "auxiliar");
	c->fecha_captura = value(s, "fecha_captura");
	c->clave = value(s, "clave_elector");
	c->nombre = value(s, "nombre");
	c->apellido_paterno = value(s, "apellido_paterno");
	c->apellido_materno = value(s, "apellido_materno");
	c->cic = value(s, "cic");
	c->ocr = value(s, "ocr");
	c->emision = value(s, "emision");
	c->vigencia = value(s, "vigencia");
	c->seccion = value(s, "seccion");
	c->curp = value(s, "curp");
	c->modalidad = value(s, "modalidad");
	return 0;
}

/* The row must carry an id and the key's own auxiliary and an aspirant. */
static int check_identity(struct sealer *s, const struct capture *c)
{
	char why[200];

	if (!*c->id) {
		reject(s, "id", "expected the support's id, found nothing");
		return 1;
	}
	if (!*c->aspirante) {
		reject(s, "aspirante", "expected the aspirant, found nothing");
		return 1;
	}
	if (strcmp(c->auxiliar, s->aux->owner)) {
		snprintf(why, sizeof(why), "expected '%s' (the key's auxiliary), found '%.60s'",
			 s->aux->owner, c->auxiliar);
		reject(s, "auxiliar", why);
		return 1;
	}
	return 0;
}

/* Loads the images the row names, relative to the file's folder. */
static int load_images(struct sealer *s, struct capture *c)
{
	char path[8192], why[300];
	const char *name;
	int i, rc;

	for (i = 0; i < IMG_COUNT; i++) {
		name = value(s, capture_image_name((enum capture_image)i));
		if (!*name)
			continue;
		if (name[0] == '/')
			snprintf(path, sizeof(path), "%s", name);
		else
			snprintf(path, sizeof(path), "%s/%s", s->dir, name);
		rc = capture_load_image(c, (enum capture_image)i, path, why, sizeof(why));
		if (rc < 0) {
			reject(s, capture_image_name((enum capture_image)i), why);
			return 1;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* One row; returns 0 (sealed or rejected, counted) or an exit code. */
static int seal_row(struct sealer *s)
{
	struct capture c;
	unsigned char *inner = NULL;
	char *mrz[1];
	size_t len;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = fill_fields(s, &c);
	if (!rc)
		rc = check_identity(s, &c);
	if (!rc)
		rc = load_images(s, &c);
	if (rc)
		goto done;
	if (*value(s, "mrz")) {
		mrz[0] = (char *)value(s, "mrz");
		capture_set_mrz(&c, mrz, 1);
	}
	capture_check(&c);
	if ((rc = capture_encode(&c, &inner, &len)) ||
	    (rc = package_writer_append(s->out, s->aux, inner, len)))
		goto done;
	s->sealed++;

done:
	if (inner)
		sodium_free(inner);
	capture_release(&c);
	return rc == 1 ? 0 : rc;
}

static int seal_rows(struct sealer *s)
{
	enum rowsrc_result res;
	char why[200];
	int rc = 0;

	while (!rc && (res = rowsrc_next(s->rows, why, sizeof(why))) != ROWSRC_EOF) {
		if (res == ROWSRC_IO)
			return EXIT_ENV;
		s->read++;
		if (res == ROWSRC_BAD)
			reject(s, "", why);
		else
			rc = seal_row(s);
	}
	return rc;
}

static int seal_file(const char *to, const char *key, const char *pass_file,
		     const struct csv_opts *opts, const char *path, const char *out)
{
	struct sealer s;
	struct key_public authority;
	struct key_secret *aux = NULL;
	char *copy = strdup(path);
	int rc;

	memset(&s, 0, sizeof(s));
	s.path = path;
	s.dir = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	if (!s.dir) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	if ((rc = key_read_public(to, KEY_AUTHORITY, &authority)) ||
	    (rc = rowsrc_open(path, opts, &s.rows)) || (rc = check_columns(&s)))
		goto done;
	if ((rc = key_read_secret(key, KEY_AUXILIARY, NULL, pass_file, &aux)) ||
	    (rc = package_writer_open(out, &authority, &s.out)))
		goto done;
	s.aux = aux;
	rc = seal_rows(&s);
	if (!rc)
		err_info("%s: read %ld, sealed %ld, rejected %ld into '%s'", path, s.read, s.sealed,
			 s.rejected, out);

done:
	if (package_writer_close(s.out) && !rc)
		rc = EXIT_ENV;
	rowsrc_close(s.rows);
	key_secret_free(aux);
	free(s.dir);
	if (rc)
		return rc;
	return s.rejected ? EXIT_PROBLEMS : 0;
}

int cmd_encrypt(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *to = NULL, *key = NULL, *out = NULL, *pass_file = NULL;
	const char *delimiter = NULL, *encoding = NULL;
	int inspect = 0, nops, rc;
	struct csv_opts opts = { 0, CSV_UTF8 };
	const struct opt table[] = {
		{ 0, "to", "AUTH.pub", OPT_STRING, &to, "the authority's public key", 0, 0, NULL },
		{ 0, "key", "AUX.key", OPT_STRING, &key, "the auxiliary's secret key", 0, 0, NULL },
		{ 'o', "output", "BATCH", OPT_STRING, &out, "append to this batch file", 0, 0,
		  NULL },
		{ 0, "passphrase-file", "FILE", OPT_STRING, &pass_file,
		  "read the passphrase from FILE", 0, 0, NULL },
		{ 0, "delimiter", "C", OPT_STRING, &delimiter, "CSV delimiter (default: detect)",
		  0, 0, NULL },
		{ 0, "encoding", "ENC", OPT_STRING, &encoding, "utf8 (default) or latin1", 0, 0,
		  NULL },
		{ 0, "inspect", NULL, OPT_FLAG, &inspect,
		  "describe BATCH without opening it, and check its structure", 0, 0, NULL },
		{ 0, NULL, NULL, 0, NULL, NULL, 0, 0, NULL }
	};

	if ((rc = cmd_parse(ctx, usage, table, argc, argv, &nops)))
		return rc;
	if (nops != 1) {
		err_msg("expected one file (see -h)");
		return EXIT_USAGE;
	}
	if (inspect) {
		if (to || key || out) {
			err_msg("--inspect takes only the batch file");
			return EXIT_USAGE;
		}
		return keys_init() ? EXIT_ENV : package_inspect(argv[1], stdout);
	}
	if (!to || !key || !out) {
		err_msg("missing %s (see -h)", !to ? "--to" : !key ? "--key" : "-o");
		return EXIT_USAGE;
	}
	if ((rc = parse_delimiter(delimiter, &opts)) || (rc = parse_encoding(encoding, &opts)))
		return rc;
	return seal_file(to, key, pass_file, &opts, argv[1], out);
}
