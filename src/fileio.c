/*
 * fileio.c - whole-file helpers (see fileio.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

/*
 * Opens PATH for reading only when it is a regular file: a FIFO or a
 * device named in a data file must not block or stream forever. The
 * non-blocking open returns at once even for a FIFO with no writer.
 */
static FILE *open_regular(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	f = fdopen(fd, "rb");
	if (!f)
		close(fd);
	return f;
}

int file_read_all(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = open_regular(path);
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
