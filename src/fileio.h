/*
 * fileio.h - small helpers for whole files.
 */
#ifndef APOYO_FILEIO_H
#define APOYO_FILEIO_H

#include <stddef.h>

/*
 * Reads the whole regular file PATH (not a FIFO, device or folder: EINVAL) into a malloc'd buffer (*data, owned by the
 * caller, freed with free) of *len bytes. Returns 0, or -1 with errno set
 * (ENOMEM, EIO, or fopen's reason); nothing is allocated on failure.
 */
int file_read_all(const char *path, unsigned char **data, size_t *len);

#endif
