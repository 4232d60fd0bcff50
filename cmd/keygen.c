/*
 * keygen.c - "apoyo keygen": make the authority's key pair or an
 * auxiliary's, as two files NAME.pub and NAME.key (see keys.h).
 */
#include <string.h>

#include "../src/keys.h"
#include "cmd.h"

static const char usage[] =
	"apoyo keygen authority|auxiliary [--id ID] -o NAME [--passphrase-file FILE]\n"
	"       [--cost interactive|moderate|sensitive]";

static int parse_cost(const char *text, enum key_kind kind, enum key_cost *cost)
{
	static const char *const names[3] = { "interactive", "moderate", "sensitive" };
	int i;

	if (!text) {
		*cost = kind == KEY_AUTHORITY ? KEY_COST_MODERATE : KEY_COST_INTERACTIVE;
		return 0;
	}
	for (i = 0; i < 3; i++)
		if (!strcmp(text, names[i])) {
			*cost = (enum key_cost)i;
			return 0;
		}
	err_msg("option '--cost': expected interactive, moderate or sensitive, found '%s'",
		text);
	return EXIT_USAGE;
}

/* The kind operand and the --id rules that go with it. */
static int parse_kind(int nops, char **argv, const char *id, enum key_kind *kind)
{
	if (nops != 1) {
		err_msg("expected one kind, 'authority' or 'auxiliary' (see -h)");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "authority"))
		*kind = KEY_AUTHORITY;
	else if (!strcmp(argv[1], "auxiliary"))
		*kind = KEY_AUXILIARY;
	else {
		err_msg("unknown key kind '%s'; expected 'authority' or 'auxiliary'", argv[1]);
		return EXIT_USAGE;
	}
	if (*kind == KEY_AUXILIARY && !id) {
		err_msg("an auxiliary key needs --id ID");
		return EXIT_USAGE;
	}
	if (*kind == KEY_AUTHORITY && id) {
		err_msg("option '--id' is for auxiliary keys only");
		return EXIT_USAGE;
	}
	if (id && !key_owner_valid(id)) {
		err_msg("option '--id': expected 1 to 64 of A-Z a-z 0-9 . _ -, found '%s'", id);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_keygen(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *id = NULL, *out = NULL, *pass_file = NULL, *cost_text = NULL;
	const struct opt opts[] = {
		{ 0, "id", "ID", OPT_STRING, &id, "the auxiliary's id (auxiliary keys)", 0, 0,
		  NULL },
		{ 'o', "output", "NAME", OPT_STRING, &out, "write NAME.pub and NAME.key", 0, 0,
		  NULL },
		{ 0, "passphrase-file", "FILE", OPT_STRING, &pass_file,
		  "read the passphrase from FILE (else $APOYO_PASSPHRASE, else ask)", 0, 0,
		  NULL },
		{ 0, "cost", "LEVEL", OPT_STRING, &cost_text,
		  "passphrase hash cost (authority: moderate, auxiliary: interactive)", 0, 0,
		  NULL },
		{ 0, NULL, NULL, 0, NULL, NULL, 0, 0, NULL }
	};
	struct key_secret *key = NULL;
	char line[KEY_LINE_MAX];
	enum key_kind kind;
	enum key_cost cost;
	int nops, rc;

	if ((rc = cmd_parse(ctx, usage, opts, argc, argv, &nops)))
		return rc;
	if ((rc = parse_kind(nops, argv, id, &kind)) || (rc = parse_cost(cost_text, kind, &cost)))
		return rc;
	if (!out) {
		err_msg("missing -o NAME (the files are NAME.pub and NAME.key)");
		return EXIT_USAGE;
	}

	if ((rc = key_generate(kind, id, &key)))
		return rc;
	rc = key_write(out, key, pass_file, cost);
	if (!rc) {
		key_format_public(&key->pub, line, sizeof(line));
		printf("%s\n", line);
		err_info("wrote %s.key (secret, mode 0600) and %s.pub: %s key %s", out, out,
			 key_kind_name(kind), key->pub.id_hex);
	}
	key_secret_free(key);
	return rc;
}
