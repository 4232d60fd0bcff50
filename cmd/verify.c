/*
 * verify.c - "apoyo verify": classify every support (issue 2, rules 1 to
 * 9) and record each status change. The work is in src/verify.c.
 *
 * Exit status: 0 when every support is valido, 1 when at least one is
 * not (a failed check is a finding, not an error), 2 usage, 3 a malformed
 * aspirant in the workspace, 4 SQLite or memory.
 */
#include "../src/verify.h"
#include "cmd.h"

static const char usage[] = "apoyo verify";

int cmd_verify(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct opt opts[] = { { 0 } };
	struct verify_opts vo = { VERIFY_ALL, DEDUP_ACROSS_CARGO, 0, "verify",
				  NULL, NULL };
	struct verify_summary sum;
	int rc;

	if ((rc = cmd_parse_options_only(ctx, usage, opts, argc, argv)))
		return rc;
	if ((rc = cmd_workspace(ctx)) ||
	    (rc = verify_stored_across(ctx->ws, &vo.across)))
		return rc;

	if ((rc = verify_run(ctx->ws, &vo, &sum)))
		return rc;
	verify_print_summary(&sum);
	return sum.by_status[ST_VALIDO] == sum.supports ? EXIT_OK
							: EXIT_PROBLEMS;
}
