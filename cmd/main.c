/*
 * main.c - the dispatcher: one binary, one table of commands.
 *
 * "apoyo CMD ARGS" and a link named "apoyo-CMD" run the same command. The
 * dispatcher parses the global options, runs the command, closes the
 * workspace it opened and makes sure stdout reached its destination.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

struct command {
	const char *name;
	cmd_fn fn;
	enum cmd_needs needs;
	const char *summary;
};

/* Alphabetical; "make check" tests that each has a man page and a test. */
static const struct command commands[] = {
	{ "capture", cmd_capture, NEEDS_NOTHING, "capture one support into a sealed batch" },
	{ "dedup", cmd_dedup, NEEDS_WRITE, "apply the duplicate rules" },
	{ "encrypt", cmd_encrypt, NEEDS_NOTHING, "seal a supports file into a batch" },
	{ "export", cmd_export, NEEDS_READ, "write supports or the tally for other systems" },
	{ "import", cmd_import, NEEDS_WRITE, "load geo, roll, aspirants or supports" },
	{ "init", cmd_init, NEEDS_NEW, "create a workspace" },
	{ "keygen", cmd_keygen, NEEDS_NOTHING, "make the authority's or an auxiliary's keys" },
	{ "report", cmd_report, NEEDS_READ, "summarise each aspirant's result" },
	{ "review", cmd_review, NEEDS_NOTHING, "the mesa de control: queue, show, decide, sample" },
	{ "simulate", cmd_simulate, NEEDS_NOTHING, "write a synthetic scenario" },
	{ "tally", cmd_tally, NEEDS_READ, "count valid supports against the thresholds" },
	{ "verify", cmd_verify, NEEDS_WRITE, "classify every support" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char *global_workspace;
static int global_quiet, global_verbose;

static const struct opt global_opts[] = {
	{ 'w', "workspace", "PATH", OPT_STRING, &global_workspace,
	  "workspace file (default $APOYO_WORKSPACE, else ./apoyo.db)", 0, 0, NULL },
	{ 'q', "quiet", NULL, OPT_FLAG, &global_quiet, "print only errors", 0, 0, NULL },
	{ 'v', "verbose", NULL, OPT_FLAG, &global_verbose, "print more detail", 0, 0, NULL },
	{ 0, NULL, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static void apply_verbosity(void)
{
	if (global_quiet)
		err_verbosity = 0;
	else if (global_verbose)
		err_verbosity = 2;
}

int cmd_parse(struct cmd_ctx *ctx, const char *usage, const struct opt *opts,
	      int argc, char **argv, int *nops)
{
	struct opt merged[64];
	size_t n = 0, g;
	int rc;

	while (opts[n].long_name && n < 60) {
		merged[n] = opts[n];
		n++;
	}
	for (g = 0; global_opts[g].long_name; g++)
		merged[n++] = global_opts[g];
	merged[n] = global_opts[g];

	rc = opt_parse(usage, merged, argc, argv, OPT_PERMUTE, nops);
	apply_verbosity();
	ctx->workspace_opt = global_workspace;
	return rc;
}

int cmd_parse_options_only(struct cmd_ctx *ctx, const char *usage, const struct opt *opts,
			   int argc, char **argv)
{
	int nops, rc = cmd_parse(ctx, usage, opts, argc, argv, &nops);

	if (rc || nops == 0)
		return rc;
	err_msg("unexpected argument '%s' (see -h)", argv[1]);
	return EXIT_USAGE;
}

int cmd_workspace_mode(struct cmd_ctx *ctx, enum cmd_needs needs)
{
	static const enum ws_mode modes[] = {
		[NEEDS_READ] = WS_READ, [NEEDS_WRITE] = WS_WRITE, [NEEDS_NEW] = WS_CREATE
	};

	if (ctx->ws || needs == NEEDS_NOTHING)
		return 0;
	return ws_open(ws_default_path(ctx->workspace_opt), modes[needs], &ctx->ws);
}

int cmd_workspace(struct cmd_ctx *ctx)
{
	return cmd_workspace_mode(ctx, ctx->needs);
}

/* Regular files and new paths are replaced atomically; devices are not. */
static int replaceable(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT;
	return S_ISREG(sb.st_mode);
}

int cmd_output_open(struct cmd_output *out, const char *path)
{
	size_t len = strlen(path) + 16;
	int fd;

	out->path = path;
	out->tmp = NULL;
	if (!strcmp(path, "-")) {
		out->f = stdout;
		return 0;
	}
	if (replaceable(path)) {
		if (!(out->tmp = malloc(len))) {
			err_msg("out of memory");
			return EXIT_ENV;
		}
		snprintf(out->tmp, len, "%s.tmp.XXXXXX", path);
		fd = mkstemp(out->tmp);
		out->f = fd < 0 ? NULL : fdopen(fd, "w");
	} else {
		out->f = fopen(path, "w");
	}
	if (out->f)
		return 0;
	err_msg("cannot write '%s': %s", path, strerror(errno));
	if (out->tmp)
		unlink(out->tmp);
	free(out->tmp);
	out->tmp = NULL;
	return EXIT_ENV;
}

int cmd_output_close(struct cmd_output *out, int rc)
{
	int failed;

	if (out->f == stdout || !out->f)
		return rc;
	failed = ferror(out->f) | fclose(out->f);
	out->f = NULL;
	if (failed && !rc) {
		err_msg("write to '%s' failed: %s", out->path, strerror(errno));
		rc = EXIT_ENV;
	}
	if (out->tmp && !rc && rename(out->tmp, out->path) != 0) {
		err_msg("cannot replace '%s': %s", out->path, strerror(errno));
		rc = EXIT_ENV;
	}
	if (out->tmp && rc)
		unlink(out->tmp);
	free(out->tmp);
	out->tmp = NULL;
	return rc;
}

static void print_usage(FILE *out)
{
	size_t i;

	fputs("usage: apoyo [-w PATH] [-q] [-v] COMMAND [ARGS]\n"
	      "       apoyo --version\n"
	      "       apoyo COMMAND -h\n\ncommands:\n", out);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nexit status: 0 ok, 1 problems found, 2 usage, 3 unusable input,\n"
	      "4 environment or internal failure. See apoyo(1).\n", out);
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Flushes stdout; a failed write (full disk, closed pipe) is an error. */
static int finish_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	err_msg("write to standard output failed: %s", strerror(errno));
	return EXIT_ENV;
}

/* Runs CMD and owns the teardown: workspace close and stdout flush. */
static int run(const struct command *cmd, int argc, char **argv)
{
	struct cmd_ctx ctx = { cmd->name, cmd->needs, global_workspace, NULL };
	int rc, rc_close, rc_flush;

	err_set_command(cmd->name);
	rc = cmd->fn(&ctx, argc, argv);
	if (rc == OPT_HELP)
		rc = EXIT_OK;
	rc_close = ws_close(ctx.ws);
	rc_flush = finish_stdout();
	if (rc == EXIT_OK || rc == EXIT_PROBLEMS)
		rc = rc_close ? rc_close : rc_flush ? rc_flush : rc;
	return rc;
}

/* "apoyo-tally" runs "tally"; "apoyo" (or anything else) is the plain form. */
static const char *link_command(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	if (!strncmp(base, "apoyo-", 6) && base[6])
		return base + 6;
	return NULL;
}

int main(int argc, char **argv)
{
	static const char usage[] = "apoyo [-w PATH] [-q] [-v] COMMAND [ARGS]";
	const char *linked = link_command(argv[0]);
	const struct command *cmd;
	int version = 0, nops = 0, rc;
	struct opt opts[8];
	size_t i;

	if (ws_library_init()) {
		err_msg("cannot initialize SQLite");
		return EXIT_ENV;
	}
	if (linked) {
		cmd = find_command(linked);
		if (!cmd) {
			err_msg("unknown command '%s' (see 'apoyo help')", linked);
			return EXIT_USAGE;
		}
		return run(cmd, argc, argv);
	}

	for (i = 0; global_opts[i].long_name; i++)
		opts[i] = global_opts[i];
	opts[i++] = (struct opt){ 0, "version", NULL, OPT_FLAG, &version,
				  "print the version and exit", 0, 0, NULL };
	opts[i] = global_opts[3];

	rc = opt_parse(usage, opts, argc, argv, OPT_STOP_AT_OPERAND, &nops);
	if (rc == OPT_HELP)
		return finish_stdout();
	if (rc)
		return rc;
	apply_verbosity();
	if (version) {
		puts("apoyo " APOYO_VERSION);
		return finish_stdout();
	}
	if (nops == 0 || !strcmp(argv[1], "help")) {
		print_usage(stdout);
		return finish_stdout();
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		err_msg("unknown command '%s' (see 'apoyo help')", argv[1]);
		return EXIT_USAGE;
	}
	return run(cmd, nops, argv + 1);
}
