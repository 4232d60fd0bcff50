/*
 * verify.h - classify every support (rules 1 to 7 of issue 2) and apply
 * the duplicate rules (8 and 9), writing statuses back to the workspace.
 *
 * One run is one transaction and three streaming passes:
 *   0. (dedup only) read each support's current status, to know which
 *      ones passed rules 1 to 7 at the last verify;
 *   1. read the supports in the order of the support_clave index (clave,
 *      capture instant, id), joined with the roll; since both are sorted
 *      by clave the roll is read front to back. Classify each support in
 *      C and run the duplicate rules on each clave's group as it ends;
 *   2. read the narrow verdict table (apoyo-workspace(5)) in n order and
 *      rewrite only the rows whose status, motivos or roll sección
 *      changed, appending a status_history row for each status change;
 *      the wide support rows are never written. Dedup knows from phase 0
 *      which supports can change and writes those by their n, without a
 *      second full pass.
 * Memory: the in-memory verdicts (16 bytes a support, verdict.h) and the
 * texts they point at; nothing grows with the roll.
 */
#ifndef APOYO_VERIFY_H
#define APOYO_VERIFY_H

#include "dedup.h"
#include "status.h"

struct ws;

enum verify_mode {
	VERIFY_ALL,       /* rules 1 to 9: "apoyo verify" */
	/* rules 8 and 9 over what passed 1 to 7: "apoyo dedup" */
	VERIFY_DEDUP_ONLY
};

struct verify_opts {
	enum verify_mode mode;
	enum dedup_across across;
	int save_across;	/* also store ACROSS as meta dedup_across */
	const char *command;	/* recorded in status_history.comando */

	/*
	 * NULL, or work done inside the run's transaction before anything
	 * is classified ("apoyo review decide" records its decisions this
	 * way, so decisions and statuses commit together). Returns 0 or an
	 * exit code, which rolls the whole run back.
	 */
	int (*within)(struct ws *ws, void *arg);
	void *within_arg;
};

struct verify_summary {
	long long supports;
	long long by_status[ST_COUNT];	/* after the run */
	long long updated;		/* status or motivos rewritten */
	long long changed;		/* of those, the status changed */
};

/*
 * Runs the passes above in one transaction, rolled back on any error.
 * Returns 0, EXIT_INPUT when the workspace holds a malformed aspirant, or
 * EXIT_ENV (SQLite, memory). On success *sum describes the result.
 */
int verify_run(struct ws *ws, const struct verify_opts *o,
	       struct verify_summary *sum);

/*
 * Reads meta dedup_across into *out ("cargo" when absent). Returns 0, or
 * EXIT_INPUT after saying the stored value is neither cargo nor all.
 */
int verify_stored_across(struct ws *ws, enum dedup_across *out);

/* Prints the counts per status (zero counts left out) and the changes,
 * as err_info lines. */
void verify_print_summary(const struct verify_summary *sum);

#endif
