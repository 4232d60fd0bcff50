/*
 * tally.c - "apoyo tally": each aspirant's result against its threshold.
 * The work is in src/tally.c, the formats in src/tallyout.c.
 *
 * Exit status: 0; 1 with --check when a tallied aspirant does not reach
 * its threshold; 2 usage (an unknown --aspirant included); 3 an aspirant
 * whose cargo has no rule; 4 SQLite or memory.
 */
#include "../src/tally.h"
#include "cmd.h"

static const char usage[] =
	"apoyo tally [--aspirant ID] [--format table|csv|json] [--check]";

int cmd_tally(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *aspirant = NULL, *format_name = "table";
	int check = 0, rc;
	struct opt opts[] = {
		{ 0, "aspirant", "ID", OPT_STRING, &aspirant,
		  "only this aspirant", 0, 0, NULL },
		{ 0, "format", "FORMAT", OPT_STRING, &format_name,
		  "table (default), csv or json", 0, 0, NULL },
		{ 0, "check", NULL, OPT_FLAG, &check,
		  "exit 1 when an aspirant does not reach its threshold", 0, 0,
		  NULL },
		{ 0 }
	};
	enum tally_format format;
	struct tally t;
	size_t i;

	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if (tally_format_from_name(format_name, &format)) {
		err_msg("option '--format': expected table, csv or json,"
			" found '%s'",
			format_name);
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;

	rc = tally_compute(ctx->ws, aspirant, &t);
	if (!rc)
		tally_print(stdout, &t, format);
	for (i = 0; !rc && check && i < t.n_rows; i++)
		if (!t.rows[i].cumple)
			rc = EXIT_PROBLEMS;
	tally_free(&t);
	return rc;
}
