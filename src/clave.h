/*
 * clave.h - the clave de elector: 18 characters, [A-ZÑ]{6}[0-9]{8}[HMX][0-9]{3}.
 *
 * Ñ is two bytes in UTF-8 (C3 91), so a valid clave is 18 characters but
 * 18 to 24 bytes.
 */
#ifndef APOYO_CLAVE_H
#define APOYO_CLAVE_H

#include <stddef.h>

#define CLAVE_MAX_BYTES 64

/*
 * Trims spaces and upper-cases ASCII letters and ñ (C3 B1 -> C3 91) of IN
 * into OUT (size OUTSZ, at least CLAVE_MAX_BYTES). Returns 0, or -1 when
 * the result does not fit (OUT then holds a truncated copy).
 */
int clave_normalize(const char *in, char *out, size_t outsz);

/* 1 when S (already normalized) matches the clave pattern, else 0 (also for NULL). */
int clave_valid(const char *s);

#endif
