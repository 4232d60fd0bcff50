/*
 * reject_file.c - writing FILE.rejects.csv; see reject_file.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "reject_file.h"

int reject_file_init(struct reject_file *r, const char *input, const char *header)
{
	size_t len = strlen(input);

	memset(r, 0, sizeof(*r));
	r->header = header;
	r->path = malloc(len + sizeof(".rejects.csv"));
	if (!r->path)
		return -1;
	memcpy(r->path, input, len);
	memcpy(r->path + len, ".rejects.csv", sizeof(".rejects.csv"));
	return 0;
}

/* TEXT as one CSV field, quoted when it needs to be. */
static void put_field(FILE *f, const char *text)
{
	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (; *text; text++) {
		if (*text == '"')
			fputc('"', f);
		fputc(*text, f);
	}
	fputc('"', f);
}

void reject_file_add(struct reject_file *r, long number, const char *where, const char *why)
{
	r->count++;
	if (!r->f && r->count == 1 && strcmp(r->path, "-.rejects.csv")) {
		r->f = fopen(r->path, "w");
		if (!r->f)
			err_msg("cannot write '%s': %s (rejections are still counted)", r->path,
				strerror(errno));
		else
			fprintf(r->f, "%s\n", r->header);
	}
	if (!r->f)
		return;
	fprintf(r->f, "%ld,", number);
	put_field(r->f, where);
	fputc(',', r->f);
	put_field(r->f, why);
	fputc('\n', r->f);
}

void reject_file_close(struct reject_file *r)
{
	if (r->f && fclose(r->f) != 0)
		err_msg("cannot write '%s': %s", r->path, strerror(errno));
	if (r->count == 0 && r->path)
		unlink(r->path);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
