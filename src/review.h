/*
 * review.h - the mesa de control's records (issue 5): reviewers'
 * decisions on supports and the samples drawn per aspirant.
 *
 * A decision is accept or reject (with a subtype of inconsistencia,
 * status.h) by a named reviewer at a time, with an optional note. It may
 * be taken on any support, queued or not. Decisions are never deleted: a
 * new decision on a support marks the one it replaces
 * (review_decision.reemplazada_por), so the history stays. Statuses
 * follow at the next classification, which "apoyo review" runs in the
 * same transaction (verify.h, verify_opts.within).
 */
#ifndef APOYO_REVIEW_H
#define APOYO_REVIEW_H

#include <stddef.h>

#include "ws.h"

struct review_input {
	const char *id;		/* support.id */
	const char *decision;	/* "accept" or "reject" */
	const char *subtype;	/* reject: an inconsistency code */
	const char *reviewer;
	const char *note;	/* NULL or "" for none */
};

#define REVIEW_WHY_MAX 256

/*
 * Checks the words of IN (not the support). Returns 0, or -1 with the
 * column at fault in *field and the reason in WHY.
 */
int review_check(const struct review_input *in, const char **field,
		 char why[REVIEW_WHY_MAX]);

struct review_writer {
	struct ws *ws;
	sqlite3_stmt *find, *insert, *replace;
	char now[24];
	long long recorded;
};

/* Prepares the statements. Returns 0 or EXIT_ENV. */
int review_writer_open(struct ws *ws, struct review_writer *w);
void review_writer_close(struct review_writer *w);

/*
 * Records IN (already checked) for its support. Returns 0, EXIT_PROBLEMS
 * when no support has that id (WHY says so), or EXIT_ENV.
 */
int review_record(struct review_writer *w, const struct review_input *in,
		  char why[REVIEW_WHY_MAX]);

/*
 * Draws a sample of SIZE supports of ASPIRANT whose citizen is in the
 * lista nominal, the same for the same SEED and supports, and records
 * it in place of any earlier sample of the aspirant. *DRAWN receives the
 * sample's size (fewer when fewer supports qualify). Returns 0 or
 * EXIT_ENV.
 */
int review_sample_draw(struct ws *ws, const char *aspirant, long size,
		       const char *seed, long long *drawn);

#endif
