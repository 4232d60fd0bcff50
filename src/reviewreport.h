/*
 * reviewreport.h - the image review part of "apoyo report" (issue 5):
 * per aspirant, the inconsistencias by subtype with INE's names, the
 * supports never image-checked (registral-only files), and the outcome of
 * the aspirant's sample under the 10% rule.
 */
#ifndef APOYO_REVIEWREPORT_H
#define APOYO_REVIEWREPORT_H

#include <stdio.h>

#include "ws.h"

/*
 * Prints the section as text to OUT, for ASPIRANT or every aspirant
 * (NULL). Prints nothing when no support was image-checked, decided or
 * sampled. Returns 0 or EXIT_ENV.
 */
int reviewreport_text(FILE *out, struct ws *ws, const char *aspirant);

#endif
