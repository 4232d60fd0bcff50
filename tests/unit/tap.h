/*
 * tap.h - the smallest TAP producer for apoyo's C unit tests.
 *
 * Each check prints "ok N - name" or "not ok N - name"; tap_done prints
 * the plan and returns the exit status for main.
 */
#ifndef APOYO_TAP_H
#define APOYO_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void tap_ok(int pass, const char *name)
{
	tap_n++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - %s\n", pass ? "" : "not ", tap_n, name);
}

static void tap_is_long(long got, long want, const char *name)
{
	tap_ok(got == want, name);
	if (got != want)
		printf("# got %ld, want %ld\n", got, want);
}

static void tap_is_str(const char *got, const char *want, const char *name)
{
	int pass = got && want && !strcmp(got, want);

	tap_ok(pass, name);
	if (!pass)
		printf("# got '%s', want '%s'\n", got ? got : "(null)", want ? want : "(null)");
}

static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
