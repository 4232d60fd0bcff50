/*
 * review.c - "apoyo review": the mesa de control (issue 5). Lists the
 * supports waiting for a reviewer, shows one as a self-contained HTML
 * page, records decisions (one, or a CSV of them) and draws samples.
 * Decisions and samples are recorded and the supports classified again
 * in one transaction (src/review.h, src/verify.h), so tally and report
 * see them at once.
 *
 * Exit status: 0 success; 1 a batch had rejected rows, or a decision
 * named an unknown support; 2 usage; 3 unreadable decisions file or
 * support to show not found; 4 SQLite, memory.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../src/export.h"
#include "../src/fileio.h"
#include "../src/csv.h"
#include "../src/csvout.h"
#include "../src/images.h"
#include "../src/imgcheck.h"
#include "../src/jsonout.h"
#include "../src/reject_file.h"
#include "../src/review.h"
#include "../src/status.h"
#include "../src/verify.h"
#include "cmd.h"

static const char usage[] =
	"apoyo review queue [--aspirant A] [--format table|csv|json]\n"
	"       apoyo review show ID [-o FILE.html]\n"
	"       apoyo review decide ID accept|reject [--subtype S]"
	" --reviewer NAME [--note TEXT]\n"
	"       apoyo review decide --file DECISIONS.csv --reviewer NAME\n"
	"       apoyo review sample --aspirant A --size N --seed S";

struct review_args {
	const char *aspirant, *format, *output, *subtype, *reviewer, *note;
	const char *file, *seed;
	long size;
};

/* ---- queue ---- */

static const char queue_sql[] =
	"SELECT id, ifnull(aspirante, ''), ifnull(clave_elector, ''), motivos"
	" FROM support WHERE estatus = 'en_mesa_de_control'"
	" AND (?1 IS NULL OR aspirante = ?1) ORDER BY n";

static void queue_row(FILE *out, int format, sqlite3_stmt *st, long long i)
{
	struct csvout w;
	int c;
	static const char *const keys[] = { "id", "aspirante", "clave_elector",
					     "motivos" };

	if (format == 0) {
		fprintf(out, "%s\t%s\t%s\t%s\n", sqlite3_column_text(st, 0),
			sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
			sqlite3_column_text(st, 3));
		return;
	}
	if (format == 1) {
		csvout_init(&w, out);
		for (c = 0; c < 4; c++)
			csvout_field(&w, (const char *)sqlite3_column_text(st, c));
		csvout_end(&w);
		return;
	}
	fputs(i ? ",\n  {" : "  {", out);
	for (c = 0; c < 4; c++) {
		fprintf(out, "%s\"%s\": ", c ? ", " : "", keys[c]);
		json_string(out, (const char *)sqlite3_column_text(st, c));
	}
	fputc('}', out);
}

static int run_queue(struct cmd_ctx *ctx, const struct review_args *a)
{
	static const char *const formats[] = { "table", "csv", "json" };
	int format = opt_choice(a->format ? a->format : "table", formats, 3);
	sqlite3_stmt *st;
	long long i = 0;
	int step, rc;

	if (format < 0) {
		err_msg("option '--format': expected table, csv or json, found '%s'",
			a->format);
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace_mode(ctx, NEEDS_READ)))
		return rc;
	if (!(st = ws_prepare(ctx->ws, queue_sql)))
		return EXIT_ENV;
	if (a->aspirant)
		sqlite3_bind_text(st, 1, a->aspirant, -1, SQLITE_STATIC);
	if (format == 0)
		printf("id\taspirante\tclave_elector\tmotivos\n");
	else if (format == 1)
		printf("id,aspirante,clave_elector,motivos\n");
	else
		printf("[\n");
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		queue_row(stdout, format, st, i++);
	if (format == 2)
		printf(i ? "\n]\n" : "]\n");
	rc = step == SQLITE_DONE ? 0 : ws_fail(ctx->ws, "queue");
	sqlite3_finalize(st);
	if (!rc)
		err_info("%lld supports in the mesa de control", i);
	return rc;
}

/* ---- show ---- */

static void html_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* The MIME type from the first bytes; images that are not are octets. */
static const char *mime_of(const unsigned char *d, size_t len)
{
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (len >= 6 && !memcmp(d, "GIF8", 4))
		return "image/gif";
	if (len >= 2 && d[0] == 'B' && d[1] == 'M')
		return "image/bmp";
	return "application/octet-stream";
}

/* The bytes of one image value (a path or a store reference), or -1. */
static int image_bytes(struct ws *ws, const char *value, unsigned char **data,
		       size_t *len)
{
	size_t plen = strlen(IMAGES_REF_PREFIX);
	struct images *im = NULL;
	int rc;

	if (strncmp(value, IMAGES_REF_PREFIX, plen))
		return file_read_all(value, data, len);
	if (images_open(ws, 0, &im))
		return -1;
	rc = images_get(im, value + plen, data, len) ? -1 : 0;
	images_close(im);
	return rc;
}

static int write_data_uri(FILE *out, const unsigned char *d, size_t len)
{
	size_t size = sodium_base64_encoded_len(len,
						sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(size);

	if (!b64)
		return -1;
	sodium_bin2base64(b64, size, d, len, sodium_base64_VARIANT_ORIGINAL);
	fprintf(out, "data:%s;base64,%s", mime_of(d, len), b64);
	free(b64);
	return 0;
}

static const char show_support_sql[] =
	"SELECT n, id, aspirante, clave_elector, nombre, apellido_paterno,"
	" apellido_materno, fecha_captura, estatus, motivos, frente, reverso,"
	" foto, firma FROM support WHERE id = ?";

static const char show_check_sql[] =
	"SELECT c.hash, c.banderas, m.decodifica, m.ancho, m.alto, m.lado,"
	" m.proporcion, m.color, m.nitidez, m.brillo, m.oscuros, m.claros,"
	" m.tinta FROM image_check c LEFT JOIN image_measure m"
	" ON m.hash = c.hash AND m.rol = c.rol WHERE c.support = ? AND c.rol = ?";

static const char show_history_sql[] =
	"SELECT n, momento, revisor, decision, ifnull(subtipo, ''),"
	" ifnull(nota, ''), reemplazada_por IS NOT NULL FROM review_decision"
	" WHERE support = ? ORDER BY n";

static void show_measures(FILE *out, sqlite3_stmt *c)
{
	int k;

	fputs("<table class=\"m\">", out);
	for (k = 0; k < IMG_METRIC_COUNT; k++) {
		if (sqlite3_column_type(c, 5 + k) == SQLITE_NULL)
			continue;
		fprintf(out, "<tr><td>%s</td><td>%.4g</td></tr>",
			imgcheck_metric_name(k), sqlite3_column_double(c, 5 + k));
	}
	fputs("</table>", out);
}

static int show_image(FILE *out, struct ws *ws, sqlite3_stmt *c, long long n,
		      int role, const char *value)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = 0;

	fprintf(out, "<section><h2>%s</h2>\n", imgcheck_role_name(role));
	sqlite3_bind_int64(c, 1, n);
	sqlite3_bind_text(c, 2, imgcheck_role_name(role), -1, SQLITE_STATIC);
	if (sqlite3_step(c) == SQLITE_ROW) {
		fputs("<p class=\"flags\">banderas: ", out);
		html_text(out, (const char *)sqlite3_column_text(c, 1));
		fputs("</p>", out);
		if (sqlite3_column_type(c, 2) != SQLITE_NULL) {
			fputs("<p>decodifica: ", out);
			html_text(out, (const char *)sqlite3_column_text(c, 2));
			fprintf(out, ", %d x %d</p>", sqlite3_column_int(c, 3),
				sqlite3_column_int(c, 4));
			show_measures(out, c);
		}
	}
	sqlite3_reset(c);
	if (!value || !*value) {
		fputs("<p class=\"missing\">sin imagen</p>", out);
	} else if (image_bytes(ws, value, &data, &len)) {
		fputs("<p class=\"missing\">no se pudo leer: ", out);
		html_text(out, value);
		fputs("</p>", out);
	} else {
		fputs("<img alt=\"", out);
		fputs(imgcheck_role_name(role), out);
		fputs("\" src=\"", out);
		rc = write_data_uri(out, data, len);
		fputs("\">", out);
	}
	free(data);
	fputs("</section>\n", out);
	return rc;
}

static void show_history(FILE *out, sqlite3_stmt *h, long long n)
{
	int c;

	fputs("<h2>Decisiones</h2>\n<table class=\"h\"><tr><th>n</th>"
	      "<th>momento</th><th>revisor</th><th>decision</th>"
	      "<th>subtipo</th><th>nota</th><th>vigente</th></tr>\n", out);
	sqlite3_bind_int64(h, 1, n);
	while (sqlite3_step(h) == SQLITE_ROW) {
		fputs("<tr>", out);
		for (c = 0; c < 6; c++) {
			fputs("<td>", out);
			html_text(out, (const char *)sqlite3_column_text(h, c));
			fputs("</td>", out);
		}
		fprintf(out, "<td>%s</td></tr>\n",
			sqlite3_column_int(h, 6) ? "no" : "si");
	}
	sqlite3_reset(h);
	fputs("</table>\n", out);
}

static const char *const field_names[] = {
	"n", "id", "aspirante", "clave_elector", "nombre", "apellido_paterno",
	"apellido_materno", "fecha_captura", "estatus", "motivos"
};

static int write_page(FILE *out, struct ws *ws, sqlite3_stmt *s,
		      sqlite3_stmt *c, sqlite3_stmt *h)
{
	long long n = sqlite3_column_int64(s, 0);
	int i, rc = 0;

	fputs("<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\">"
	      "<title>apoyo ", out);
	html_text(out, (const char *)sqlite3_column_text(s, 1));
	fputs("</title><style>body{font-family:sans-serif}img{max-width:480px;"
	      "border:1px solid #888}section{display:inline-block;"
	      "vertical-align:top;margin:8px}.flags{color:#a00}"
	      "td,th{padding:2px 8px;text-align:left}</style></head><body>\n"
	      "<h1>Apoyo ", out);
	html_text(out, (const char *)sqlite3_column_text(s, 1));
	fputs("</h1>\n<table class=\"datos\">\n", out);
	for (i = 1; i < 10; i++) {
		fprintf(out, "<tr><th>%s</th><td>", field_names[i]);
		html_text(out, (const char *)sqlite3_column_text(s, i));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	for (i = 0; i < IMG_ROLE_COUNT && !rc; i++)
		rc = show_image(out, ws, c, n, i,
				(const char *)sqlite3_column_text(s, 10 + i));
	show_history(out, h, n);
	fputs("</body></html>\n", out);
	return rc;
}

static int run_show(struct cmd_ctx *ctx, const struct review_args *a,
		    const char *id)
{
	sqlite3_stmt *s = NULL, *c = NULL, *h = NULL;
	struct cmd_output out;
	int rc;

	if ((rc = cmd_workspace_mode(ctx, NEEDS_READ)))
		return rc;
	s = ws_prepare(ctx->ws, show_support_sql);
	c = ws_prepare(ctx->ws, show_check_sql);
	h = ws_prepare(ctx->ws, show_history_sql);
	if (!s || !c || !h) {
		rc = EXIT_ENV;
		goto done;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		err_msg("no support has id '%s'", id);
		rc = EXIT_INPUT;
		goto done;
	}
	if ((rc = cmd_output_open(&out, a->output ? a->output : "-")))
		goto done;
	rc = write_page(out.f, ctx->ws, s, c, h);
	if (rc < 0) {
		err_msg("out of memory");
		rc = EXIT_ENV;
	}
	rc = cmd_output_close(&out, rc);
done:
	sqlite3_finalize(s);
	sqlite3_finalize(c);
	sqlite3_finalize(h);
	return rc;
}

/* ---- decide and sample: recorded, then classified again ---- */

struct decide_job {
	const struct review_args *a;
	struct review_input one;	/* single decision, when no file */
	long rejected;
	long long drawn;
};

/* Records the single decision; an unknown id is an input problem. */
static int decide_one(struct ws *ws, void *arg)
{
	struct decide_job *j = arg;
	struct review_writer w;
	char why[REVIEW_WHY_MAX];
	int rc;

	if ((rc = review_writer_open(ws, &w)) == 0)
		rc = review_record(&w, &j->one, why);
	review_writer_close(&w);
	if (rc == EXIT_PROBLEMS) {
		err_msg("%s", why);
		rc = EXIT_INPUT;
	}
	return rc;
}

static const char *field_of(struct csv *c, int col)
{
	return col >= 0 && (size_t)col < csv_nfields(c) ? csv_field(c, col) : NULL;
}

/* One CSV row into IN; the reviewer column, when filled, wins. */
static void row_input(struct csv *c, const int *col, const char *reviewer,
		      struct review_input *in)
{
	const char *r = field_of(c, col[3]);

	in->id = field_of(c, col[0]);
	in->decision = field_of(c, col[1]);
	in->subtype = field_of(c, col[2]);
	in->reviewer = r && *r ? r : reviewer;
	in->note = field_of(c, col[4]);
}

static int decide_rows(struct csv *c, struct review_writer *w,
		       struct reject_file *rej, const int *col,
		       struct decide_job *j)
{
	struct review_input in;
	char why[REVIEW_WHY_MAX];
	const char *field;
	enum csv_result res;
	int rc = 0;

	while (!rc && (res = csv_read(c)) != CSV_EOF) {
		if (res == CSV_IO)
			return EXIT_INPUT;
		if (res == CSV_BAD) {
			reject_file_add(rej, csv_line(c), "", csv_error(c));
			continue;
		}

		/* A short or long row is not padded or cut: it is rejected. */
		if (csv_nfields(c) != csv_ncolumns(c)) {
			snprintf(why, sizeof(why), "expected %zu fields as in the header,"
				 " found %zu", csv_ncolumns(c), csv_nfields(c));
			reject_file_add(rej, csv_line(c), "", why);
			continue;
		}
		row_input(c, col, j->a->reviewer, &in);
		if (review_check(&in, &field, why)) {
			reject_file_add(rej, csv_line(c), field, why);
			continue;
		}
		rc = review_record(w, &in, why);
		if (rc == EXIT_PROBLEMS) {
			reject_file_add(rej, csv_line(c), "id", why);
			rc = 0;
		}
	}
	return rc;
}

static int decide_file(struct ws *ws, void *arg)
{
	static const char *const names[5] = { "id", "decision", "subtipo",
					       "revisor", "nota" };
	struct decide_job *j = arg;
	struct csv_opts co = { 0, CSV_UTF8 };
	struct review_writer w;
	struct reject_file rej;
	struct csv *c = NULL;
	int col[5], i, rc;

	if ((rc = csv_open(j->a->file, &co, &c)))
		return rc;
	for (i = 0; i < 5; i++)
		col[i] = csv_column(c, names[i]);
	if (col[0] < 0 || col[1] < 0) {
		err_msg("%s:1: field '%s': required column missing", j->a->file,
			col[0] < 0 ? "id" : "decision");
		csv_close(c);
		return EXIT_INPUT;
	}
	if (reject_file_init(&rej, j->a->file, "linea,columna,motivo")) {
		csv_close(c);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	if ((rc = review_writer_open(ws, &w)) == 0)
		rc = decide_rows(c, &w, &rej, col, j);
	err_info("%s: recorded %lld decisions, rejected %ld", j->a->file,
		 w.recorded, rej.count);
	j->rejected = rej.count;
	review_writer_close(&w);
	reject_file_close(&rej);
	csv_close(c);
	return rc;
}

static int draw_sample(struct ws *ws, void *arg)
{
	struct decide_job *j = arg;
	int known = export_aspirant_exists(ws, j->a->aspirant);

	if (known < 0)
		return ws_fail(ws, "aspirant");
	if (!known) {
		err_msg("no aspirant has id '%s'", j->a->aspirant);
		return EXIT_INPUT;
	}
	return review_sample_draw(ws, j->a->aspirant, j->a->size, j->a->seed,
				  &j->drawn);
}

/* Runs WITHIN, then the classification, in one transaction. */
static int record_and_verify(struct cmd_ctx *ctx,
			     int (*within)(struct ws *, void *),
			     struct decide_job *j)
{
	struct verify_opts vo = { VERIFY_ALL, DEDUP_ACROSS_CARGO, 0, "review",
				  within, j };
	struct verify_summary sum;
	int rc;

	if ((rc = cmd_workspace_mode(ctx, NEEDS_WRITE)) ||
	    (rc = verify_stored_across(ctx->ws, &vo.across)))
		return rc;
	if ((rc = verify_run(ctx->ws, &vo, &sum)))
		return rc;
	verify_print_summary(&sum);
	return 0;
}

static int run_decide(struct cmd_ctx *ctx, const struct review_args *a,
		      int nops, char **argv)
{
	struct decide_job j = { a, { 0 }, 0, 0 };
	char why[REVIEW_WHY_MAX];
	const char *field;
	int rc;

	if (a->file) {
		if (nops != 1 || a->subtype || a->note) {
			err_msg("--file takes no ID, decision, --subtype or"
				" --note (see -h)");
			return EXIT_USAGE;
		}
		rc = record_and_verify(ctx, decide_file, &j);
		return rc ? rc : j.rejected ? EXIT_PROBLEMS : EXIT_OK;
	}
	if (nops != 3) {
		err_msg("decide needs ID and accept or reject (see -h)");
		return EXIT_USAGE;
	}
	j.one = (struct review_input){ argv[2], argv[3], a->subtype,
				       a->reviewer, a->note };
	if (review_check(&j.one, &field, why)) {
		err_msg("%s: %s", !strcmp(field, "revisor") ? "--reviewer"
			: !strcmp(field, "subtipo") ? "--subtype" : field, why);
		return EXIT_USAGE;
	}
	return record_and_verify(ctx, decide_one, &j);
}

static int run_sample(struct cmd_ctx *ctx, const struct review_args *a)
{
	struct decide_job j = { a, { 0 }, 0, 0 };
	int rc;

	if (!a->aspirant || !a->seed || a->size <= 0) {
		err_msg("sample needs --aspirant, --size and --seed (see -h)");
		return EXIT_USAGE;
	}
	rc = record_and_verify(ctx, draw_sample, &j);
	if (!rc)
		err_info("sample of %lld supports of %s drawn with seed %s",
			 j.drawn, a->aspirant, a->seed);
	return rc;
}

int cmd_review(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct review_args a = { 0 };
	struct opt opts[] = {
		{ 0, "aspirant", "A", OPT_STRING, &a.aspirant,
		  "only this aspirant (queue); the aspirant (sample)", 0, 0, NULL },
		{ 0, "format", "F", OPT_STRING, &a.format,
		  "queue: table (default), csv or json", 0, 0, NULL },
		{ 'o', "output", "FILE", OPT_STRING, &a.output,
		  "show: write the page to FILE (default stdout)", 0, 0, NULL },
		{ 0, "subtype", "S", OPT_STRING, &a.subtype,
		  "decide reject: the inconsistency", 0, 0, NULL },
		{ 0, "reviewer", "NAME", OPT_STRING, &a.reviewer,
		  "decide: who decides", 0, 0, NULL },
		{ 0, "note", "TEXT", OPT_STRING, &a.note,
		  "decide: a note kept with the decision", 0, 0, NULL },
		{ 0, "file", "CSV", OPT_STRING, &a.file,
		  "decide: decisions (id, decision, subtipo, revisor, nota)",
		  0, 0, NULL },
		{ 0, "size", "N", OPT_LONG, &a.size,
		  "sample: how many supports", 1, 100000000, NULL },
		{ 0, "seed", "S", OPT_STRING, &a.seed,
		  "sample: the seed (any text)", 0, 0, NULL },
		{ 0 }
	};
	const char *verb;
	int nops, rc;

	if ((rc = cmd_parse(ctx, usage, opts, argc, argv, &nops)))
		return rc == OPT_HELP ? EXIT_OK : rc;
	verb = nops ? argv[1] : "";
	if (!strcmp(verb, "queue") && nops == 1)
		return run_queue(ctx, &a);
	if (!strcmp(verb, "show") && nops == 2)
		return run_show(ctx, &a, argv[2]);
	if (!strcmp(verb, "decide"))
		return run_decide(ctx, &a, nops, argv);
	if (!strcmp(verb, "sample") && nops == 1)
		return run_sample(ctx, &a);
	err_msg(nops ? "unknown or incomplete review command '%s' (see -h)"
		     : "expected queue, show, decide or sample (see -h)%s",
		verb);
	return EXIT_USAGE;
}
