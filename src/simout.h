/*
 * simout.h - a fast buffered writer for the generator's big CSV files.
 *
 * The roll of a national scenario has about 90 million rows, so rows are
 * formatted by hand into one buffer the writer owns (no printf per field)
 * and handed to stdio in large blocks. Write errors are remembered and
 * reported once, by sim_out_close.
 */
#ifndef APOYO_SIMOUT_H
#define APOYO_SIMOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sim_out {
	FILE *f;
	char *path; /* owned copy, for messages */
	char *buf;  /* owned */
	size_t len, cap;
	int failed; /* errno of the first failed write, or 0 */
};

/*
 * Creates PATH for writing (truncating it). Returns 0, or EXIT_ENV after
 * printing why. On success the writer owns its buffer until sim_out_close.
 */
int sim_out_open(struct sim_out *o, const char *path);

void sim_out_mem(struct sim_out *o, const char *s, size_t n);
void sim_out_str(struct sim_out *o, const char *s);
void sim_out_char(struct sim_out *o, char c);
void sim_out_uint(struct sim_out *o, uint64_t v);
void sim_out_int(struct sim_out *o, int64_t v);

/* V in decimal, left-padded with zeros to WIDTH digits (at most 20). */
void sim_out_pad(struct sim_out *o, uint64_t v, int width);

/*
 * Flushes, closes and frees. Returns 0, or EXIT_ENV after printing the
 * first write error. Safe on a writer that was never opened (f NULL).
 */
int sim_out_close(struct sim_out *o);

/* Closes without reporting (after another error) and removes the file. */
void sim_out_discard(struct sim_out *o);

#endif
