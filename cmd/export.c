/*
 * export.c - "apoyo export supports|tally": results for other systems.
 * Supports come from src/export.c, the tally from src/tally.c.
 *
 * Exit status: 0; 2 usage (unknown --aspirant or --status included); 3
 * an aspirant whose cargo has no rule (tally); 4 SQLite, memory, or a
 * failed write (the partial output file is then removed).
 */
#include <string.h>
#include <unistd.h>

#include "../src/export.h"
#include "../src/status.h"
#include "../src/tally.h"
#include "cmd.h"

static const char usage[] =
	"apoyo export supports [--aspirant ID] [--status S]"
	" [--format csv|jsonl] [-o FILE]\n"
	"       apoyo export tally [--aspirant ID] [--format csv|json|table]"
	" [-o FILE]";

struct export_args {
	const char *aspirant, *status, *format, *output;
};

/* "unknown status 'x' (expected one of: pendiente, ...)" */
static void unknown_status(const char *code)
{
	char list[512];
	size_t len = 0;
	int i;

	list[0] = '\0';
	for (i = 0; i < ST_COUNT && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i ? ", " : "", status_table[i].code);
	err_msg("option '--status': unknown status '%s' (expected one of: %s)",
		code, list);
}

static int run_supports(struct cmd_ctx *ctx, const struct export_args *a)
{
	struct export_filter f = { a->aspirant, a->status };
	enum export_format format;
	struct cmd_output out;
	int known, rc;

	if (export_format_from_name(a->format ? a->format : "csv", &format)) {
		err_msg("option '--format': expected csv or jsonl, found '%s'",
			a->format);
		return EXIT_USAGE;
	}
	if (a->aspirant) {
		known = export_aspirant_exists(ctx->ws, a->aspirant);
		if (known < 0)
			return ws_fail(ctx->ws, "aspirant");
		if (!known) {
			err_msg("unknown aspirant '%s'", a->aspirant);
			return EXIT_USAGE;
		}
	}
	/* Opened only now, so that a usage error never truncates a file. */
	if ((rc = cmd_output_open(&out, a->output)))
		return EXIT_ENV;
	return cmd_output_close(&out, export_supports(ctx->ws, out.f, &f, format));
}

static int run_tally(struct cmd_ctx *ctx, const struct export_args *a)
{
	enum tally_format format;
	struct tally t;
	struct cmd_output out;
	int rc;

	if (a->status) {
		err_msg("option '--status' applies to 'export supports' only");
		return EXIT_USAGE;
	}
	if (tally_format_from_name(a->format ? a->format : "csv", &format)) {
		err_msg("option '--format': expected csv, json or table,"
			" found '%s'", a->format);
		return EXIT_USAGE;
	}
	rc = tally_compute(ctx->ws, a->aspirant, &t);
	if (!rc && !(rc = cmd_output_open(&out, a->output))) {
		tally_print(out.f, &t, format);
		rc = cmd_output_close(&out, rc);
	}
	tally_free(&t);
	return rc;
}

/* Checks what can be checked before opening anything. */
static int check_args(int nops, char **argv, const struct export_args *a)
{
	if (nops == 0) {
		err_msg("expected 'supports' or 'tally' (see -h)");
		return EXIT_USAGE;
	}
	if (nops > 1 ||
	    (strcmp(argv[1], "supports") && strcmp(argv[1], "tally"))) {
		err_msg("expected 'supports' or 'tally', found '%s' (see -h)",
			nops > 1 ? argv[2] : argv[1]);
		return EXIT_USAGE;
	}
	if (a->status && status_from_code(a->status) < 0) {
		unknown_status(a->status);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct export_args a = { NULL, NULL, NULL, "-" };
	struct opt opts[] = {
		{ 0, "aspirant", "ID", OPT_STRING, &a.aspirant,
		  "only this aspirant", 0, 0, NULL },
		{ 0, "status", "S", OPT_STRING, &a.status,
		  "supports: only this status code", 0, 0, NULL },
		{ 0, "format", "FORMAT", OPT_STRING, &a.format,
		  "csv (default) or jsonl; tally also json, table",
		  0, 0, NULL },
		{ 'o', "output", "FILE", OPT_STRING, &a.output,
		  "write to FILE instead of standard output", 0, 0, NULL },
		{ 0 }
	};
	int nops, rc;

	if ((rc = cmd_parse(ctx, usage, opts, argc, argv, &nops)))
		return rc;
	if ((rc = check_args(nops, argv, &a)) || (rc = cmd_workspace(ctx)))
		return rc;

	if (!strcmp(argv[1], "supports"))
		return run_supports(ctx, &a);
	return run_tally(ctx, &a);
}
