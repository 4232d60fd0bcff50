/*
 * dedup.c - "apoyo dedup" (not yet written).
 */
#include "cmd.h"

int cmd_dedup(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	err_msg("not implemented yet");
	return EXIT_ENV;
}
