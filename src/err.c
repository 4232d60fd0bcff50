/*
 * err.c - the one place that formats messages for stderr.
 */
#include <stdio.h>

#include "err.h"

int err_verbosity = 1;
static const char *command_name = "";

void err_set_command(const char *name)
{
	command_name = name ? name : "";
}

const char *err_command(void)
{
	return command_name;
}

static void print_prefix(void)
{
	if (command_name[0])
		fprintf(stderr, "apoyo %s: ", command_name);
	else
		fputs("apoyo: ", stderr);
}

void err_vmsg(const char *fmt, va_list ap)
{
	print_prefix();
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void err_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vmsg(fmt, ap);
	va_end(ap);
}

void err_info(const char *fmt, ...)
{
	va_list ap;

	if (err_verbosity < 1)
		return;
	va_start(ap, fmt);
	err_vmsg(fmt, ap);
	va_end(ap);
}

void err_debug(const char *fmt, ...)
{
	va_list ap;

	if (err_verbosity < 2)
		return;
	va_start(ap, fmt);
	err_vmsg(fmt, ap);
	va_end(ap);
}

void err_data(const char *file, long line, const char *field, const char *fmt, ...)
{
	va_list ap;

	print_prefix();
	fprintf(stderr, "%s:%ld: field '%s': ", file, line, field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
