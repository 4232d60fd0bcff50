/*
 * export.c - "apoyo export" (not yet written).
 */
#include "cmd.h"

int cmd_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	err_msg("not implemented yet");
	return EXIT_ENV;
}
