/*
 * simimg.h - the image files of "apoyo simulate --images" (issue 5): four
 * small JPEGs a support (card front and back, live photo, signature) under
 * DIR/img/, drawn by imggen from seeds only, so the same arguments give
 * the same bytes. Files are encoded by worker threads, a batch at a time.
 */
#ifndef APOYO_SIMIMG_H
#define APOYO_SIMIMG_H

#include <stdint.h>

#include "imggen.h"

#define SIMIMG_BATCH 512
#define SIMIMG_PATH 160

struct simimg_job {
	struct imggen_spec spec;
	char path[SIMIMG_PATH];	/* relative to the scenario folder */
};

struct simimg {
	const char *dir;	/* the scenario folder */
	struct simimg_job job[SIMIMG_BATCH];
	int n;
	int failed;		/* a write failed: EXIT_ENV at the end */
};

/* Creates DIR/img. Returns 0 or EXIT_ENV after a message. */
int simimg_open(struct simimg *w, const char *dir);

/*
 * Queues image SPEC of support ID; writes the relative path into
 * PATH (SIMIMG_PATH bytes). The file appears by simimg_close.
 */
void simimg_add(struct simimg *w, const char *id,
		const struct imggen_spec *spec, char path[SIMIMG_PATH]);

/* Writes what is queued. Returns 0 or EXIT_ENV after a message. */
int simimg_close(struct simimg *w);

#endif
