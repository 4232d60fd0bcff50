/*
 * import.c - "apoyo import". This branch wires only the two kinds that
 * issue 4 adds, auxiliaries and packages; their work is in
 * src/auxiliary.c and src/package_import.c.
 * TODO: geo, roll, aspirants and supports come from the import branch;
 * the lead merges the two into one table-driven command.
 */
#include <string.h>

#include "../src/auxiliary.h"
#include "../src/package.h"
#include "cmd.h"

static const char usage[] =
	"apoyo import auxiliaries [--strict] FILE...\n"
	"       apoyo import packages --key AUTHORITY.key [--passphrase-file FILE] FILE|DIR...";

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *key = NULL, *pass_file = NULL;
	int strict = 0, nops, rc, i, worst = 0;
	const struct opt opts[] = {
		{ 0, "key", "AUTH.key", OPT_STRING, &key, "the authority's secret key (packages)",
		  0, 0, NULL },
		{ 0, "passphrase-file", "FILE", OPT_STRING, &pass_file,
		  "read the key's passphrase from FILE", 0, 0, NULL },
		{ 0, "strict", NULL, OPT_FLAG, &strict, "a rejected row aborts its file", 0, 0,
		  NULL },
		{ 0, NULL, NULL, 0, NULL, NULL, 0, 0, NULL }
	};

	if ((rc = cmd_parse(ctx, usage, opts, argc, argv, &nops)))
		return rc;
	if (nops < 2) {
		err_msg("expected a kind and at least one file (see -h)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "auxiliaries") && strcmp(argv[1], "packages")) {
		err_msg("import '%s' is not in this build yet", argv[1]);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "packages") && !key) {
		err_msg("import packages needs --key AUTHORITY.key");
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;
	if (!strcmp(argv[1], "packages"))
		return package_import(ctx->ws, key, pass_file, argv + 2, nops - 1);
	for (i = 2; i <= nops && worst != EXIT_ENV; i++) {
		rc = auxiliary_import(ctx->ws, argv[i], NULL, strict);
		worst = rc > worst ? rc : worst;
	}
	return worst;
}
