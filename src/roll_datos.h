/*
 * roll_datos.h - the citizens' names and card data of the roll, written
 * in the order the rows are read.
 *
 * roll_datos is a rowid table: row n holds one citizen's texts and the
 * roll row of that citizen points at it (roll.datos = n), see
 * apoyo-workspace(5). Because nothing orders it, a fresh load can write
 * it while the file is still being read and sorted, instead of after
 * the sort, and only the narrow roll rows wait for their key order.
 *
 * A batch numbers each row as it is added (n goes up from the table's
 * largest n) and writes the rows, in that order, once it holds enough of
 * them or when flushed, with one INSERT ... SELECT (batchvt.h).
 */
#ifndef APOYO_ROLL_DATOS_H
#define APOYO_ROLL_DATOS_H

#include "ws.h"

/* nombre, apellido_paterno, apellido_materno, cic, ocr, curp,
 * fecha_nacimiento, sexo: the columns after n, in the table's order. */
#define ROLL_DATOS_TEXTS 8

struct datos_batch;

/*
 * A batch writing into WS's roll_datos, inside the caller's transaction.
 * Returns 0 with *OUT set, or EXIT_ENV after printing why.
 */
int datos_batch_open(struct ws *ws, struct datos_batch **out);

/*
 * Copies one row's texts (NULL for an empty one) into the batch and
 * returns the n it will have, or -1 after printing why (memory, SQLite).
 */
long long datos_batch_add(struct datos_batch *b,
			  const char *const text[ROLL_DATOS_TEXTS]);

/* Writes the rows held. Returns 0, or -1 after printing why. */
int datos_batch_flush(struct datos_batch *b);

/* Releases B; rows not flushed are dropped. */
void datos_batch_free(struct datos_batch *b);

#endif
