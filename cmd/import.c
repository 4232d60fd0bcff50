/*
 * import.c - "apoyo import" (not yet written).
 */
#include "cmd.h"

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	err_msg("not implemented yet");
	return EXIT_ENV;
}
