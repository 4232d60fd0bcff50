/*
 * opt.h - one table-driven option parser for every command.
 *
 * The same table parses the command line and prints the -h text, so the
 * two cannot drift apart. Long options match exactly (no abbreviations);
 * "--name=value" and "--name value" are both accepted; "--" ends options.
 */
#ifndef APOYO_OPT_H
#define APOYO_OPT_H

#include <stdio.h>

enum opt_kind {
	OPT_FLAG,	/* int *: set to 1 */
	OPT_COUNT,	/* int *: incremented */
	OPT_STRING,	/* const char **: points into argv */
	OPT_LONG,	/* long *: decimal, checked against [min, max] */
	OPT_DOUBLE,	/* double *: checked against [min, max] */
	OPT_FUNC	/* fn(value, argc, argv): consumes its own arguments */
};

/*
 * For OPT_FUNC: argv holds the words after the option (argv[0] is the
 * "=value" part when given that way). Returns how many words it consumed,
 * or -1 after printing an error.
 */
typedef int (*opt_fn)(void *value, int argc, char **argv);

struct opt {
	char short_name;	/* 0 when there is none */
	const char *long_name;	/* without the dashes; NULL ends the table */
	const char *arg_name;	/* shown in help; NULL for flags */
	enum opt_kind kind;
	void *value;
	const char *help;
	double min, max;	/* range for OPT_LONG and OPT_DOUBLE */
	opt_fn fn;		/* for OPT_FUNC */
};

enum opt_status {
	OPT_HELP = -1		/* -h was given; usage went to stdout */
};

enum opt_mode {
	OPT_PERMUTE = 0,	/* options and operands may mix */
	OPT_STOP_AT_OPERAND = 1	/* the first operand ends the options */
};

/*
 * Parses argv[1..argc). Operands are moved, in order, to argv[1..*nops+1);
 * argv[0] stays. Returns 0, OPT_HELP after printing usage to stdout, or
 * EXIT_USAGE after printing an error to stderr.
 */
int opt_parse(const char *usage, const struct opt *opts, int argc, char **argv,
	      enum opt_mode mode, int *nops);

/* Prints "usage: USAGE" and the option table to OUT. */
void opt_print_usage(FILE *out, const char *usage, const struct opt *opts);

/*
 * Parses a whole decimal number in [min, max]. Returns 0, or -1 when
 * TEXT is empty, has trailing garbage or is out of range.
 */
int opt_to_long(const char *text, long min, long max, long *out);

/*
 * Index of TEXT among the N words of NAMES (exact match), or -1. For
 * options that take one of a fixed set of words, such as --format.
 */
int opt_choice(const char *text, const char *const *names, int n);

#endif
