/*
 * report.c - "apoyo report": the human summary per aspirant. The numbers
 * come from src/tally.c, the layout from src/report.c.
 *
 * Exit status: 0; 2 usage (an unknown --aspirant included); 3 an aspirant
 * whose cargo has no rule; 4 SQLite or memory.
 */
#include "../src/report.h"
#include "../src/reviewreport.h"
#include "cmd.h"

static const char usage[] =
	"apoyo report [--aspirant ID] [--format text|csv|json]";

int cmd_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *aspirant = NULL, *format_name = "text";
	struct opt opts[] = {
		{ 0, "aspirant", "ID", OPT_STRING, &aspirant,
		  "only this aspirant", 0, 0, NULL },
		{ 0, "format", "FORMAT", OPT_STRING, &format_name,
		  "text (default), csv or json", 0, 0, NULL },
		{ 0 }
	};
	enum report_format format;
	struct tally t;
	int rc;

	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if (report_format_from_name(format_name, &format)) {
		err_msg("option '--format': expected text, csv or json,"
			" found '%s'",
			format_name);
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;

	rc = tally_compute(ctx->ws, aspirant, &t);
	if (!rc)
		report_print(stdout, &t, format);
	if (!rc && format == REPORT_TEXT)
		rc = reviewreport_text(stdout, ctx->ws, aspirant);
	tally_free(&t);
	return rc;
}
