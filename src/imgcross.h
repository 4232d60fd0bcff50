/*
 * imgcross.h - image checks that compare supports with one another (issue
 * 5): the same card or photo under another clave (reutilizada:ID of one
 * other support), and the same portrait on card fronts that otherwise
 * differ, the mark of a template with other data pasted in
 * (plantilla:COUNT of fronts alike).
 *
 * Reuse compares exact contents for the cards (genuine cards share their
 * whole design, so their hashes are close) and perceptual hashes within
 * thresholds.phash_same for the live photos (a re-encoded or resized copy
 * is still the same photo). Pairs are compared one by one up to
 * IMGCROSS_PAIRWISE images of a role; above that only equal hashes match.
 */
#ifndef APOYO_IMGCROSS_H
#define APOYO_IMGCROSS_H

#include <stddef.h>

#include "imgcheck.h"
#include "ws.h"

#define IMGCROSS_PAIRWISE 4000

struct imgcross_item {
	long long n;		/* support.n */
	int role;
	char *text;		/* the flags, owned */
};

struct imgcross {
	struct imgcross_item *v;	/* sorted by n, role; owned */
	size_t count;
};

/* Finds the flags over image_check and image_measure. 0 or EXIT_ENV. */
int imgcross_find(struct ws *ws, const struct img_thresholds *t,
		  struct imgcross *out);

/* The flags of support N's image ROLE, or NULL. */
const char *imgcross_text(const struct imgcross *x, long long n, int role);

void imgcross_free(struct imgcross *x);

#endif
