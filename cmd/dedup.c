/*
 * dedup.c - "apoyo dedup": apply the duplicate rules (issue 2, rules 8
 * and 9) to the supports that passed rules 1 to 7 at the last verify.
 * Idempotent: a second run changes nothing. The work is in src/verify.c.
 *
 * Exit status: 0 when no support is a duplicate, 1 when some are, 2
 * usage, 3 malformed workspace settings, 4 SQLite or memory.
 */
#include "../src/verify.h"
#include "cmd.h"

static const char usage[] = "apoyo dedup [--across cargo|all]";

int cmd_dedup(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *across = NULL;
	struct opt opts[] = {
		{ 0, "across", "cargo|all", OPT_STRING, &across,
		  "compare aspirants of one cargo (default) or all; remembered",
		  0, 0, NULL },
		{ 0 }
	};
	struct verify_opts vo = { VERIFY_DEDUP_ONLY, DEDUP_ACROSS_CARGO, 0,
				  "dedup", NULL, NULL };
	struct verify_summary sum;
	long long dups;
	int rc;

	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if (across && dedup_across_from_text(across, &vo.across)) {
		err_msg("option '--across': expected cargo or all, found '%s'",
			across);
		return EXIT_USAGE;
	}
	vo.save_across = across != NULL;
	if ((rc = cmd_workspace(ctx)))
		return rc;
	if (!across && (rc = verify_stored_across(ctx->ws, &vo.across)))
		return rc;

	if ((rc = verify_run(ctx->ws, &vo, &sum)))
		return rc;
	verify_print_summary(&sum);
	if (sum.by_status[ST_PENDIENTE])
		err_info("%lld supports not verified yet; run 'apoyo verify'",
			 sum.by_status[ST_PENDIENTE]);
	dups = sum.by_status[ST_DUPLICADO_MISMO_ASPIRANTE] +
	       sum.by_status[ST_DUPLICADO_OTRO_ASPIRANTE];
	return dups ? EXIT_PROBLEMS : EXIT_OK;
}
