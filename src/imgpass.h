/*
 * imgpass.h - the image pass of verify (issue 5), and what it tells the
 * classification about each support.
 *
 * imgpass_run, inside verify's transaction, brings image_check up to date
 * for every support that must carry images (support.imagenes = 1, or one
 * that arrived in a package): it reads each image named in frente,
 * reverso, foto and firma (a file path, or "blake2b:HASH" in the image
 * store), measures every image content not measured before for its role
 * (image_measure, in worker threads), and judges every stored measure
 * again against the thresholds (the defaults of imgcheck.c overridden by
 * the rows of image_threshold) and against the other supports' images
 * (the same image under another clave: reutilizada; the same portrait on
 * cards that differ: plantilla). An image that is not read again is one
 * whose column value did not change since the last run.
 *
 * imgreview_load then gathers, per support, what the classification needs
 * (apoyo-formats(5)): a current reviewer's decision (accept clears every
 * image check; reject is inconsistencia:SUBTYPE), else a missing image
 * (inconsistencia:imagen_faltante), image flags (imagen:ROL:FLAG:VALUE)
 * and a pending review (revision:muestra, revision:completa), both of
 * which send the support to the mesa de control.
 */
#ifndef APOYO_IMGPASS_H
#define APOYO_IMGPASS_H

#include <stddef.h>

#include "ws.h"

struct imgpass_summary {
	long long supports;	/* supports that must carry images */
	long long read;		/* images read (new or changed values) */
	long long measured;	/* distinct contents measured this run */
	long long flagged;	/* images with at least one flag */
	long long missing;	/* required images absent or unreadable */
};

/* Runs the pass described above. Returns 0 or EXIT_ENV. */
int imgpass_run(struct ws *ws, const char *now, struct imgpass_summary *sum);

struct imgreview_entry {
	long long n;		/* support.n */
	unsigned checks;	/* CHECK_IMAGE_MASK bits (classify.h) */
	size_t text;		/* offset of its motivos tokens in pool */
};

struct imgreview {
	struct imgreview_entry *e;	/* sorted by n; owned */
	size_t count, cap;
	char *pool;			/* owned */
	size_t pool_len, pool_cap;
};

/*
 * Updates review_sample.revision_completa (the 10% rule) and loads the
 * entries of every support with an image check. Returns 0 or EXIT_ENV.
 */
int imgreview_load(struct ws *ws, struct imgreview *ir);
void imgreview_free(struct imgreview *ir);

/* Support N's image check bits, and its tokens (NULL when none). */
unsigned imgreview_checks(const struct imgreview *ir, long long n);
const char *imgreview_text(const struct imgreview *ir, long long n);

#endif
