/*
 * fileio.c - whole-file helpers (see fileio.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fileio.h"

int file_read_all(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *grown;
	size_t cap = 0, used = 0, got;
	int failed;

	if (!f)
		return -1;
	do {
		if (used == cap) {
			cap = cap ? cap * 2 : 65536;
			if (!(grown = realloc(buf, cap))) {
				errno = ENOMEM;
				goto fail;
			}
			buf = grown;
		}
		got = fread(buf + used, 1, cap - used, f);
		used += got;
	} while (got > 0);

	failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		errno = EIO;
		return -1;
	}
	*data = buf;
	*len = used;
	return 0;

fail:
	free(buf);
	fclose(f);
	return -1;
}
