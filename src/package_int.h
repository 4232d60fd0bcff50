/*
 * package_int.h - layout constants and helpers shared by package.c and
 * package_import.c; not for other modules (use package.h).
 */
#ifndef APOYO_PACKAGE_INT_H
#define APOYO_PACKAGE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sodium.h>

#include "package.h"

#define PKG_CHECKSUM_LEN 16
#define PKG_OUTER_VERSION 1

/* version (1), signer key id (8), inner length (4), signature (64) */
#define PKG_OUTER_HEAD (1 + KEY_ID_BYTES + 4 + crypto_sign_BYTES)

/* Bounds on a sealed record; anything else is not a frame. */
#define PKG_MIN_SEALED (crypto_box_SEALBYTES + PKG_OUTER_HEAD)
#define PKG_MAX_SEALED (RECORD_MAX_BYTES + (RECORD_MAX_BYTES >> 8) + 4096)

void pkg_put_u32(unsigned char *p, uint32_t v);
uint32_t pkg_get_u32(const unsigned char *p);

/*
 * The bytes an auxiliary signs for OUTER; malloc'd (wipe before freeing:
 * it holds the compressed record), NULL when out of memory.
 */
unsigned char *pkg_signed_message(const unsigned char *authority_id,
				  const unsigned char *outer, size_t outer_len, size_t *len);

#endif
