/*
 * import_roll.h - what the two halves of "apoyo import roll" share:
 * import_roll.c checks, packs and sorts the rows and stores them into a
 * roll that has rows; import_roll_fresh.c stores them into an empty one.
 */
#ifndef APOYO_IMPORT_ROLL_H
#define APOYO_IMPORT_ROLL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "batchvt.h"
#include "clave.h"
#include "extsort.h"
#include "import_kind.h"
#include "roll_datos.h"

/* The text columns: motivo_baja, then roll_datos' nombre..sexo. */
#define ROLL_TEXTS (1 + ROLL_DATOS_TEXTS)

/*
 * A valid row, ready to bind. text[0] is motivo_baja, text[1..8] the
 * roll_datos columns nombre..sexo; NULL when empty. datos is the
 * roll_datos row already written for it (a fresh load), else 0.
 */
struct roll_row {
	const char *clave;
	int situacion;
	long long entidad, seccion, emision, vigencia, datos;
	const char *text[ROLL_TEXTS];
};

/*
 * How a row travels through the sorter: PACKED_NUMBERS bytes (sección as
 * 4 bytes, emisión and vigencia as 2 each, situación and entidad as 1
 * each, then the roll_datos row as 8, all in the machine's byte order),
 * then motivo_baja and, unless its roll_datos row is written already,
 * the eight texts, each NUL-terminated. Narrow, because a national roll
 * passes through the sorter's temporary files. Two rows of one clave are
 * the same when all but the roll_datos row are.
 */
#define PACKED_NUMBERS 18
#define PACKED_DATOS_AT 10
#define PACKED_COMPARED PACKED_DATOS_AT

/* The roll_datos row of packed record REC. */
static inline long long packed_datos(const char *rec)
{
	int64_t datos;

	memcpy(&datos, rec + PACKED_DATOS_AT, sizeof(datos));
	return datos;
}

/*
 * A sorted row copied out of the sorter: the clave and its terminating
 * NUL, then the packed record; used for the chunk and the row held back.
 */
struct held {
	char *bytes;
	size_t keylen, reclen, cap;
};

/* The rows of one chunk, unpacked into rows[] once the arena stops moving. */
struct chunk {
	char *arena;
	size_t used, cap;
	size_t *start;		/* CHUNK_ROWS offsets into arena */
	struct roll_row *rows;	/* CHUNK_ROWS */
	size_t n;
};

/*
 * On a fresh load, a clave repeated in the file: the later row (datos
 * row later_n) replaces the one before (earlier_n), whose roll_datos row
 * is deleted once the chunks are stored. same: the roll columns agree,
 * so the pair counts as unchanged when the roll_datos rows agree too.
 */
struct replaced {
	long long earlier_n, later_n;
	int same;
};

enum roll_mode { ROLL_UNDECIDED, ROLL_FRESH, ROLL_EXISTING };

struct roll_state {
	struct ws *ws;
	enum roll_mode mode;	/* set by the first valid row */
	struct extsort *sorted;
	char clave[CLAVE_MAX_BYTES];
	char *packed;		/* one row packed for the sorter */
	size_t packed_cap;

	/* A roll that has rows: one row at a time (import_roll.c). */
	sqlite3_stmt *find, *insert, *update, *link;
	sqlite3_stmt *datos_insert, *datos_update;

	/* An empty roll: read order, then chunks (import_roll_fresh.c). */
	struct datos_batch *batch;
	struct chunk chunk[2];	/* one filling, one being stored */
	struct held held;	/* the last row filled, not yet in a chunk */
	long new_claves;	/* counted by the filler */
	struct replaced *replaced;
	size_t nreplaced, replaced_cap;
	struct batchvt_source src;	/* shows the chunk being stored */
	int registered;		/* the chunk table exists on the connection */
};

/* The inverse of packing: empty texts, and those not packed, are NULL. */
void roll_unpack(const struct roll_state *r, const char *clave,
		 const char *rec, struct roll_row *x);

/*
 * Stores the sorted rows of a fresh load into the empty roll, adding each
 * to imported, unchanged or updated in N. Returns 0, or EXIT_ENV after
 * printing why.
 */
int roll_fresh_finish(struct roll_state *r, struct import_counts *n);

/* Releases what roll_fresh_finish allocated. */
void roll_fresh_free(struct roll_state *r);

#endif
