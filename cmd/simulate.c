/*
 * simulate.c - "apoyo simulate" (not yet written).
 */
#include "cmd.h"

int cmd_simulate(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	err_msg("not implemented yet");
	return EXIT_ENV;
}
