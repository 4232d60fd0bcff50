/*
 * err.h - exit codes and messages shared by every apoyo command.
 *
 * Messages go to stderr as "apoyo CMD: text", lower case, no final period.
 * Data errors name the place: "FILE:LINE: field 'NAME': expected X, found Y".
 * Library code in src/ reports with these functions and returns a status;
 * only cmd/ decides to exit.
 */
#ifndef APOYO_ERR_H
#define APOYO_ERR_H

#include <stdarg.h>

/* The exit codes, the same for every command (see apoyo(1), EXIT STATUS). */
enum exit_code {
	EXIT_OK = 0,		/* success */
	EXIT_PROBLEMS = 1,	/* ran to the end, found problems */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_INPUT = 3,		/* unusable input */
	EXIT_ENV = 4		/* environment or internal failure */
};

/* Verbosity set by -q and -v: 0 quiet, 1 normal, 2 verbose. */
extern int err_verbosity;

/* Name of the running command, used as the message prefix; not owned. */
void err_set_command(const char *name);
const char *err_command(void);

/* "apoyo CMD: text" on stderr. Always printed. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err_vmsg(const char *fmt, va_list ap);

/* Same prefix, printed unless -q. For progress and summaries. */
void err_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Same prefix, printed only with -v. */
void err_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "apoyo CMD: FILE:LINE: field 'NAME': text" on stderr. */
void err_data(const char *file, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
