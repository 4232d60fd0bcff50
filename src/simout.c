/*
 * simout.c - the generator's buffered writer (simout.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "simout.h"

#define SIM_OUT_CAP (1 << 18)

int sim_out_open(struct sim_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = strdup(path);
	o->buf = malloc(SIM_OUT_CAP);
	if (!o->path || !o->buf) {
		err_msg("out of memory");
		free(o->path);
		free(o->buf);
		return EXIT_ENV;
	}
	o->cap = SIM_OUT_CAP;
	o->f = fopen(path, "w");
	if (!o->f) {
		err_msg("cannot write '%s': %s", path, strerror(errno));
		free(o->path);
		free(o->buf);
		return EXIT_ENV;
	}
	return 0;
}

static void flush_buffer(struct sim_out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len && !o->failed)
		o->failed = errno ? errno : EIO;
	o->len = 0;
}

void sim_out_mem(struct sim_out *o, const char *s, size_t n)
{
	if (o->len + n > o->cap) {
		flush_buffer(o);

		/* Longer than the whole buffer: hand it to stdio directly. */
		if (n > o->cap) {
			if (fwrite(s, 1, n, o->f) != n && !o->failed)
				o->failed = errno ? errno : EIO;
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void sim_out_str(struct sim_out *o, const char *s)
{
	sim_out_mem(o, s, strlen(s));
}

void sim_out_char(struct sim_out *o, char c)
{
	if (o->len == o->cap)
		flush_buffer(o);
	o->buf[o->len++] = c;
}

void sim_out_pad(struct sim_out *o, uint64_t v, int width)
{
	char digits[24];
	int n = 0;

	do {
		digits[sizeof(digits) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < 20);
	while (n < width && n < 20)
		digits[sizeof(digits) - 1 - n++] = '0';
	sim_out_mem(o, digits + sizeof(digits) - n, (size_t)n);
}

void sim_out_uint(struct sim_out *o, uint64_t v)
{
	sim_out_pad(o, v, 1);
}

void sim_out_int(struct sim_out *o, int64_t v)
{
	if (v < 0) {
		sim_out_char(o, '-');
		sim_out_uint(o, (uint64_t)0 - (uint64_t)v);
		return;
	}
	sim_out_uint(o, (uint64_t)v);
}

int sim_out_close(struct sim_out *o)
{
	int rc = 0;

	if (!o->f)
		return 0;
	flush_buffer(o);
	if (ferror(o->f) && !o->failed)
		o->failed = EIO;
	if (fclose(o->f) != 0 && !o->failed)
		o->failed = errno ? errno : EIO;
	if (o->failed) {
		err_msg("write to '%s' failed: %s", o->path,
			strerror(o->failed));
		rc = EXIT_ENV;
	}
	free(o->path);
	free(o->buf);
	memset(o, 0, sizeof(*o));
	return rc;
}

void sim_out_discard(struct sim_out *o)
{
	if (!o->f)
		return;
	fclose(o->f);
	unlink(o->path);
	free(o->path);
	free(o->buf);
	memset(o, 0, sizeof(*o));
}
