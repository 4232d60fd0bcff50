/*
 * lap.c - stopwatch for -v traces (see lap.h).
 */
#include <time.h>

#include "lap.h"

double lap(void)
{
	static struct timespec last;
	struct timespec now;
	double seconds;

	clock_gettime(CLOCK_MONOTONIC, &now);
	seconds = (double)(now.tv_sec - last.tv_sec) +
		  (now.tv_nsec - last.tv_nsec) / 1e9;
	last = now;
	return seconds;
}
