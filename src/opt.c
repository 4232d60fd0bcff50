/*
 * opt.c - the option parser described in opt.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "opt.h"

int opt_to_long(const char *text, long min, long max, long *out)
{
	char *end;
	long value;

	if (!text || !*text)
		return -1;
	errno = 0;
	value = strtol(text, &end, 10);
	if (errno || *end || value < min || value > max)
		return -1;
	*out = value;
	return 0;
}

int opt_choice(const char *text, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(text, names[i]))
			return i;
	return -1;
}

static int to_double(const char *text, double min, double max, double *out)
{
	char *end;
	double value;

	if (!text || !*text)
		return -1;
	errno = 0;
	value = strtod(text, &end);
	if (errno || *end || value < min || value > max)
		return -1;
	*out = value;
	return 0;
}

static const struct opt *find_long(const struct opt *opts, const char *name, size_t len)
{
	for (; opts->long_name; opts++)
		if (strlen(opts->long_name) == len && !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
	for (; opts->long_name; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

/* Stores ARG into the option's value; returns 0 or EXIT_USAGE. */
static int store_value(const struct opt *o, const char *arg)
{
	switch (o->kind) {
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_LONG:
		if (opt_to_long(arg, (long)o->min, (long)o->max, o->value) == 0)
			return 0;
		err_msg("option '--%s': expected a whole number from %.0f to %.0f, found '%s'",
			o->long_name, o->min, o->max, arg);
		return EXIT_USAGE;
	case OPT_DOUBLE:
		if (to_double(arg, o->min, o->max, o->value) == 0)
			return 0;
		err_msg("option '--%s': expected a number from %g to %g, found '%s'",
			o->long_name, o->min, o->max, arg);
		return EXIT_USAGE;
	default:
		return EXIT_USAGE;
	}
}

/*
 * Applies option O found at argv[*i]; INLINE is the "=value" part or NULL.
 * Advances *i past any words the option consumed.
 */
static int apply(const struct opt *o, const char *inline_arg, int argc, char **argv, int *i)
{
	int used;

	if (o->kind == OPT_FLAG || o->kind == OPT_COUNT) {
		if (inline_arg) {
			err_msg("option '--%s' takes no value", o->long_name);
			return EXIT_USAGE;
		}
		if (o->kind == OPT_FLAG)
			*(int *)o->value = 1;
		else
			(*(int *)o->value)++;
		return 0;
	}

	if (o->kind == OPT_FUNC) {
		if (inline_arg) {
			argv[*i] = (char *)inline_arg;
			used = o->fn(o->value, argc - *i, argv + *i);
			*i += used > 0 ? used - 1 : 0;
		} else {
			used = o->fn(o->value, argc - *i - 1, argv + *i + 1);
			*i += used > 0 ? used : 0;
		}
		return used < 0 ? EXIT_USAGE : 0;
	}

	if (!inline_arg) {
		if (*i + 1 >= argc) {
			err_msg("option '--%s' needs a value (%s)", o->long_name, o->arg_name);
			return EXIT_USAGE;
		}
		inline_arg = argv[++*i];
	}
	return store_value(o, inline_arg);
}

/* Handles argv[*i], which starts with "--" and is not "--" alone. */
static int parse_long(const struct opt *opts, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o = find_long(opts, name, len);

	if (!o) {
		err_msg("unknown option '--%.*s' (see -h)", (int)len, name);
		return EXIT_USAGE;
	}
	return apply(o, eq ? eq + 1 : NULL, argc, argv, i);
}

/* Handles argv[*i] = "-x..." : one short option, with its value attached or next. */
static int parse_short(const struct opt *opts, int argc, char **argv, int *i)
{
	const char *word = argv[*i];
	const struct opt *o = find_short(opts, word[1]);

	if (!o) {
		err_msg("unknown option '-%c' (see -h)", word[1]);
		return EXIT_USAGE;
	}
	if (word[2] && (o->kind == OPT_FLAG || o->kind == OPT_COUNT)) {
		err_msg("option '-%c' takes no value; give short options one by one", word[1]);
		return EXIT_USAGE;
	}
	return apply(o, word[2] ? word + 2 : NULL, argc, argv, i);
}

static int is_help(const char *word)
{
	return !strcmp(word, "-h") || !strcmp(word, "--help");
}

int opt_parse(const char *usage, const struct opt *opts, int argc, char **argv,
	      enum opt_mode mode, int *nops)
{
	int i, rc, n = 0, only_operands = 0;

	for (i = 1; i < argc; i++) {
		char *word = argv[i];

		if (only_operands || word[0] != '-' || !word[1]) {
			argv[1 + n++] = word;
			if (mode == OPT_STOP_AT_OPERAND)
				only_operands = 1;
			continue;
		}
		if (!strcmp(word, "--")) {
			only_operands = 1;
			continue;
		}
		if (is_help(word)) {
			opt_print_usage(stdout, usage, opts);
			return OPT_HELP;
		}
		rc = word[1] == '-' ? parse_long(opts, argc, argv, &i)
				    : parse_short(opts, argc, argv, &i);
		if (rc)
			return rc;
	}
	*nops = n;
	return 0;
}

void opt_print_usage(FILE *out, const char *usage, const struct opt *opts)
{
	char left[64];

	fprintf(out, "usage: %s\n", usage);
	if (opts->long_name)
		fputs("\noptions:\n", out);
	for (; opts->long_name; opts++) {
		if (opts->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", opts->short_name,
				 opts->long_name, opts->arg_name ? " " : "",
				 opts->arg_name ? opts->arg_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", opts->long_name,
				 opts->arg_name ? " " : "", opts->arg_name ? opts->arg_name : "");
		fprintf(out, "  %-30s %s\n", left, opts->help);
	}
	fprintf(out, "  %-30s %s\n", "-h, --help", "print this help and exit");
}
