/*
 * lap.h - a stopwatch for the -v traces of the long passes (verify,
 * dedup, tally), so that a slow step can be named without a profiler.
 */
#ifndef APOYO_LAP_H
#define APOYO_LAP_H

/* Seconds since the previous call (since an unspecified start on the first). */
double lap(void);

#endif
