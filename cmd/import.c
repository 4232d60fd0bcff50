/*
 * import.c - "apoyo import KIND [OPTIONS] FILE...": load files into the
 * workspace (apoyo-import(1)).
 *
 * The kind is the first word (after any global option). Each kind is one
 * entry of the table below, whose function parses the rest of the line
 * itself, so a kind with options of its own fits in without touching the
 * others. The work is done in src/import.c, one transaction per file.
 */
#include <stdio.h>
#include <string.h>

#include "../src/auxiliary.h"
#include "../src/import.h"
#include "../src/package.h"
#include "cmd.h"

/* ARGV[0] is the kind's name; the rest are its options and operands. */
typedef int (*import_kind_fn)(struct cmd_ctx *ctx, int argc, char **argv);

struct import_entry {
	const char *name;
	import_kind_fn run;
	const char *summary;
};

static int import_rows(struct cmd_ctx *ctx, int argc, char **argv);
static int import_auxiliaries(struct cmd_ctx *ctx, int argc, char **argv);
static int import_packages(struct cmd_ctx *ctx, int argc, char **argv);

/* Alphabetical. */
static const struct import_entry entries[] = {
	{ "aspirants", import_rows, "aspirants, their cargo, territory and period" },
	{ "auxiliaries", import_auxiliaries, "capturers, their aspirant and public key" },
	{ "geo", import_rows, "secciones: districts, municipio, lista nominal" },
	{ "packages", import_packages, "sealed, signed capture batches (apoyo-package(5))" },
	{ "roll", import_rows, "the electoral roll, one row per citizen" },
	{ "supports", import_rows, "citizen supports, CSV or JSON Lines" },
};

#define N_ENTRIES (sizeof(entries) / sizeof(entries[0]))

static const char usage[] =
	"apoyo import KIND [--delimiter C] [--encoding utf8|latin1] [--strict]\n"
	"       [--format csv|jsonl] FILE...\n"
	"       apoyo import auxiliaries [--strict] FILE...\n"
	"       apoyo import packages --key AUTHORITY.key [--passphrase-file FILE] FILE|DIR...\n"
	"       (KIND: aspirants, geo, roll, supports; FILE '-' is standard input)";

/* The command line of the table kinds, as typed. */
struct row_options {
	const char *delimiter, *encoding, *format;
	int strict;
};

static const struct opt *row_option_table(struct row_options *o)
{
	static struct opt table[5];

	table[0] = (struct opt){ 0, "delimiter", "C", OPT_STRING, &o->delimiter,
				 "field separator: , ; | or tab (default: from the header)",
				 0, 0, NULL };
	table[1] = (struct opt){ 0, "encoding", "ENC", OPT_STRING, &o->encoding,
				 "utf8 (default) or latin1 (Windows-1252)", 0, 0, NULL };
	table[2] = (struct opt){ 0, "strict", NULL, OPT_FLAG, &o->strict,
				 "a rejected row aborts the file, nothing committed",
				 0, 0, NULL };
	table[3] = (struct opt){ 0, "format", "FMT", OPT_STRING, &o->format,
				 "supports only: csv or jsonl (default: by extension)",
				 0, 0, NULL };
	table[4] = (struct opt){ 0 };
	return table;
}

static int parse_delimiter(const char *text, char *out)
{
	if (!text) {
		*out = 0;
		return 0;
	}
	if (!strcmp(text, "tab") || !strcmp(text, "\t")) {
		*out = '\t';
		return 0;
	}
	if (strlen(text) == 1 && strchr(",;|", text[0])) {
		*out = text[0];
		return 0;
	}
	err_msg("option '--delimiter': expected , ; | or tab, found '%s'", text);
	return EXIT_USAGE;
}

static int parse_encoding(const char *text, enum csv_encoding *out)
{
	if (!text || !strcmp(text, "utf8") || !strcmp(text, "utf-8")) {
		*out = CSV_UTF8;
		return 0;
	}
	if (!strcmp(text, "latin1") || !strcmp(text, "windows-1252")) {
		*out = CSV_LATIN1;
		return 0;
	}
	err_msg("option '--encoding': expected utf8 or latin1, found '%s'", text);
	return EXIT_USAGE;
}

static int parse_format(const char *kind_name, const struct import_kind *kind,
			const char *text, enum import_format *out)
{
	*out = IMPORT_FORMAT_AUTO;
	if (!text)
		return 0;
	if (!import_kind_jsonl(kind)) {
		err_msg("option '--format': only 'import supports' reads JSON Lines;"
			" %s files are CSV", kind_name);
		return EXIT_USAGE;
	}
	if (!strcmp(text, "csv")) {
		*out = IMPORT_FORMAT_CSV;
		return 0;
	}
	if (!strcmp(text, "jsonl")) {
		*out = IMPORT_FORMAT_JSONL;
		return 0;
	}
	err_msg("option '--format': expected csv or jsonl, found '%s'", text);
	return EXIT_USAGE;
}

/* Turns the typed options into import_opts; EXIT_USAGE when one is wrong. */
static int check_options(const char *kind_name, const struct import_kind *kind,
			 const struct row_options *typed, struct import_opts *out)
{
	int rc;

	out->strict = typed->strict;
	if ((rc = parse_delimiter(typed->delimiter, &out->delimiter)) ||
	    (rc = parse_encoding(typed->encoding, &out->encoding)) ||
	    (rc = parse_format(kind_name, kind, typed->format, &out->format)))
		return rc;
	return 0;
}

/* JSON Lines are UTF-8 by definition (RFC 8259); say so before any work. */
static int check_files(const struct import_opts *opts, int nfiles, char **files)
{
	int i;

	for (i = 0; i < nfiles; i++) {
		if (opts->encoding == CSV_LATIN1 &&
		    import_format_of(files[i], opts->format) == IMPORT_FORMAT_JSONL) {
			err_msg("'%s': JSON Lines files must be UTF-8;"
				" --encoding latin1 applies to CSV only", files[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* The more serious of two exit codes (EXIT_ENV > EXIT_INPUT > 1 > 0). */
static int worse(int a, int b)
{
	return a > b ? a : b;
}

/* geo, roll, aspirants and supports: rows of CSV (or JSON Lines). */
static int import_rows(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct import_kind *kind = import_kind_find(argv[0]);
	struct row_options typed = { NULL, NULL, NULL, 0 };
	struct import_opts opts;
	int nops, i, rc, rc_file;

	if ((rc = cmd_parse(ctx, usage, row_option_table(&typed), argc, argv, &nops)))
		return rc;
	if (!kind) {
		err_msg("kind '%s' has no loader", argv[0]);
		return EXIT_ENV;
	}
	if ((rc = check_options(argv[0], kind, &typed, &opts)) ||
	    (rc = check_files(&opts, nops, argv + 1)))
		return rc;
	if (nops == 0) {
		err_msg("expected at least one FILE after '%s' (see -h)", argv[0]);
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;

	/* Each file stands alone; only a failure of the environment stops the rest. */
	rc = EXIT_OK;
	for (i = 1; i <= nops; i++) {
		rc_file = import_file(ctx->ws, kind, &opts, argv[i]);
		rc = worse(rc, rc_file);
		if (rc_file == EXIT_ENV)
			break;
	}
	return rc;
}

/* Auxiliaries: a CSV of id, aspirante, nombre, clave_publica (src/auxiliary.c). */
static int import_auxiliaries(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char aux_usage[] = "apoyo import auxiliaries [--strict] FILE...";
	int strict = 0, nops, rc, i;
	const struct opt opts[] = {
		{ 0, "strict", NULL, OPT_FLAG, &strict,
		  "a rejected row aborts the file, nothing committed", 0, 0, NULL },
		{ 0 }
	};

	if ((rc = cmd_parse(ctx, aux_usage, opts, argc, argv, &nops)))
		return rc;
	if (nops == 0) {
		err_msg("expected at least one FILE after 'auxiliaries' (see -h)");
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;
	rc = EXIT_OK;
	for (i = 1; i <= nops && rc != EXIT_ENV; i++)
		rc = worse(rc, auxiliary_import(ctx->ws, argv[i], NULL, strict));
	return rc;
}

/* Packages: open, check and store sealed batches (src/package_import.c). */
static int import_packages(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char pkg_usage[] =
		"apoyo import packages --key AUTHORITY.key [--passphrase-file FILE] FILE|DIR...";
	const char *key = NULL, *pass_file = NULL;
	int nops, rc;
	const struct opt opts[] = {
		{ 0, "key", "AUTH.key", OPT_STRING, &key, "the authority's secret key",
		  0, 0, NULL },
		{ 0, "passphrase-file", "FILE", OPT_STRING, &pass_file,
		  "read the key's passphrase from FILE", 0, 0, NULL },
		{ 0 }
	};

	if ((rc = cmd_parse(ctx, pkg_usage, opts, argc, argv, &nops)))
		return rc;
	if (!key) {
		err_msg("import packages needs --key AUTHORITY.key");
		return EXIT_USAGE;
	}
	if (nops == 0) {
		err_msg("expected at least one FILE or DIR after 'packages' (see -h)");
		return EXIT_USAGE;
	}
	if ((rc = cmd_workspace(ctx)))
		return rc;
	return package_import(ctx->ws, key, pass_file, argv + 1, nops);
}

static void print_kinds(void)
{
	size_t i;

	fputs("\nkinds:\n", stdout);
	for (i = 0; i < N_ENTRIES; i++)
		printf("  %-10s %s\n", entries[i].name, entries[i].summary);
}

/* "aspirants, geo, roll or supports", from the table. */
static const char *kind_list(char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < N_ENTRIES && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i == 0 ? "" : i + 1 == N_ENTRIES ? " or " : ", ",
					 entries[i].name);
	return buf;
}

static const struct import_entry *find_entry(const char *name)
{
	size_t i;

	for (i = 0; i < N_ENTRIES; i++)
		if (!strcmp(entries[i].name, name))
			return &entries[i];
	return NULL;
}

static int is_word(const char *w, const char *a, const char *b)
{
	return !strcmp(w, a) || !strcmp(w, b);
}

/*
 * The global options may come before the kind ("import -q roll x.csv").
 * Returns the index of the first word that is neither one of them nor the
 * value of -w, or ARGC when there is none.
 */
static int kind_index(int argc, char **argv)
{
	const char *w;
	int i;

	for (i = 1; i < argc; i++) {
		w = argv[i];
		if (is_word(w, "-q", "--quiet") || is_word(w, "-v", "--verbose") ||
		    !strncmp(w, "--workspace=", 12) || (!strncmp(w, "-w", 2) && w[2]))
			continue;
		if (is_word(w, "-w", "--workspace")) {
			i++;
			continue;
		}
		return i;
	}
	return argc;
}

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct import_entry *entry;
	struct row_options typed = { NULL, NULL, NULL, 0 };
	char kinds[128], *kind;
	int nops, rc, k = kind_index(argc, argv);

	/* No kind: only -h (and the global options) make sense here. */
	if (k == argc || argv[k][0] == '-') {
		rc = cmd_parse(ctx, usage, row_option_table(&typed), argc, argv, &nops);
		if (rc == OPT_HELP) {
			print_kinds();
			return rc;
		}
		if (rc)
			return rc;
		err_msg("expected the kind first: %s (see -h)",
			kind_list(kinds, sizeof(kinds)));
		return EXIT_USAGE;
	}
	kind = argv[k];
	entry = find_entry(kind);
	if (!entry) {
		err_msg("unknown kind '%s': expected %s", kind,
			kind_list(kinds, sizeof(kinds)));
		return EXIT_USAGE;
	}

	/* The kind goes first, the global options before it follow it. */
	memmove(argv + 2, argv + 1, (size_t)(k - 1) * sizeof(char *));
	argv[1] = kind;
	return entry->run(ctx, argc - 1, argv + 1);
}
