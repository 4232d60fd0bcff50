/*
 * err.c - the one place that formats messages for stderr.
 */
#include <stdio.h>
#include <stdlib.h>

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

/*
 * Writes TEXT with control characters shown as \xNN: messages quote bytes
 * from input files, and an escape sequence there must not reach the
 * terminal.
 */
static void put_visible(const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fprintf(stderr, "\\x%02X", *p);
		else
			fputc(*p, stderr);
	}
}

static void print_message(const char *fmt, va_list ap)
{
	char small[512], *text = small;
	va_list copy;
	int len;

	va_copy(copy, ap);
	len = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (len >= (int)sizeof(small) && (text = malloc((size_t)len + 1)))
		vsnprintf(text, (size_t)len + 1, fmt, ap);
	put_visible(text ? text : small);
	if (text != small)
		free(text);
}

void err_vmsg(const char *fmt, va_list ap)
{
	print_prefix();
	print_message(fmt, ap);
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
	put_visible(file);
	fprintf(stderr, ":%ld: field '", line);
	put_visible(field);
	fputs("': ", stderr);
	va_start(ap, fmt);
	print_message(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
