/*
 * verdict_writes.h - new verdicts gathered in memory and written to the
 * verdict table a batch at a time.
 *
 * verify rewrites every support whose status, motivos or roll sección
 * changed; the first verification rewrites them all. One UPDATE per
 * support cost more in statement overhead than in B-tree work; one
 * upsert over a batch (batchvt.h) writes the same rows, in n order, for
 * about half. Rows are expected to exist: the triggers of
 * apoyo-workspace(5) keep a verdict row per support.
 */
#ifndef APOYO_VERDICT_WRITES_H
#define APOYO_VERDICT_WRITES_H

#include "ws.h"

struct verdict_writes;

/*
 * Writes into WS's verdict table inside the caller's transaction, every
 * row with VERIFICADO (kept by pointer: it must outlive the batch).
 * WITH_LOCATION: entidad and sección are written too (verify), else kept
 * (dedup). Returns 0 with *OUT set, or EXIT_ENV after printing why.
 */
int verdict_writes_open(struct ws *ws, const char *verificado,
			int with_location, struct verdict_writes **out);

/*
 * Notes support N's new status (an index of status_table), MOTIVOS
 * (copied) and, when ENTIDAD is not 0, its roll entidad and SECCION
 * (else NULL). Returns 0, or -1 after printing why.
 */
int verdict_writes_add(struct verdict_writes *w, long long n, int status,
		       const char *motivos, int entidad, int seccion);

/* Writes the verdicts held. Returns 0, or -1 after printing why. */
int verdict_writes_flush(struct verdict_writes *w);

/* Releases W; verdicts not flushed are dropped. */
void verdict_writes_free(struct verdict_writes *w);

#endif
