/*
 * fileio.h - small helpers for whole files.
 */
#ifndef APOYO_FILEIO_H
#define APOYO_FILEIO_H

#include <stddef.h>

/*
 * Reads the whole regular file PATH into a malloc'd buffer (*data, owned
 * by the caller, freed with free) of *len bytes. Returns 0, or -1 with
 * errno set: EINVAL when PATH is not a regular file (a FIFO, a device, a
 * folder), ENOMEM, EIO, or open's reason; nothing is allocated on failure.
 */
int file_read_all(const char *path, unsigned char **data, size_t *len);

#endif
