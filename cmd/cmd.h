/*
 * cmd.h - what every subcommand gets from the dispatcher in cmd/main.c.
 *
 * A command parses its options with cmd_parse (which adds the global -w,
 * -q and -v to its table), opens the workspace with cmd_workspace when it
 * needs one, and returns an exit code. The dispatcher closes the workspace
 * and checks that stdout was written in full.
 */
#ifndef APOYO_CMD_H
#define APOYO_CMD_H

#include "../src/err.h"
#include "../src/opt.h"
#include "../src/ws.h"

#define APOYO_VERSION "0.1.0"

enum cmd_needs {
	NEEDS_NOTHING,		/* no workspace */
	NEEDS_READ,		/* an existing workspace, read-only */
	NEEDS_WRITE,		/* an existing workspace, writable */
	NEEDS_NEW		/* creates the workspace */
};

struct cmd_ctx {
	const char *name;		/* command name, e.g. "tally" */
	enum cmd_needs needs;
	const char *workspace_opt;	/* -w value or NULL */
	struct ws *ws;			/* opened by cmd_workspace, closed by main */
};

/*
 * Parses a command's options plus the global ones. Returns 0, OPT_HELP
 * (usage printed; the command should return EXIT_OK) or EXIT_USAGE.
 */
int cmd_parse(struct cmd_ctx *ctx, const char *usage, const struct opt *opts,
	      int argc, char **argv, int *nops);

/* cmd_parse for a command that takes no operands: one is a usage error. */
int cmd_parse_options_only(struct cmd_ctx *ctx, const char *usage, const struct opt *opts,
			   int argc, char **argv);

/*
 * Opens the workspace as the command table says (NEEDS_READ, NEEDS_WRITE
 * or NEEDS_NEW). Returns 0 or an exit code; ctx->ws is then set.
 */
int cmd_workspace(struct cmd_ctx *ctx);

/* Same, with the mode given explicitly (for commands with sub-verbs). */
int cmd_workspace_mode(struct cmd_ctx *ctx, enum cmd_needs needs);

/*
 * An output file that appears whole or not at all. A regular file (or a
 * new one) is written to a temporary file beside it and renamed over it on
 * success; "-" is stdout; anything else (a device, a pipe) is written in
 * place and never removed.
 */
struct cmd_output {
	FILE *f;
	const char *path;	/* as given; not owned */
	char *tmp;		/* owned; NULL when writing in place */
};

/* Opens OUT->f for PATH. Returns 0, or EXIT_ENV after printing why. */
int cmd_output_open(struct cmd_output *out, const char *path);

/*
 * Finishes OUT: when RC is 0 and every write succeeded, the file takes its
 * place; otherwise the temporary file is removed. Returns RC, or EXIT_ENV
 * when RC was 0 but a write, close or rename failed.
 */
int cmd_output_close(struct cmd_output *out, int rc);

typedef int (*cmd_fn)(struct cmd_ctx *ctx, int argc, char **argv);

/* One entry point per file in cmd/. */
int cmd_capture(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_dedup(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_encrypt(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_export(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_import(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_init(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_keygen(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_report(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_review(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_simulate(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_tally(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_verify(struct cmd_ctx *ctx, int argc, char **argv);

#endif
