/*
 * verify.c - the verify and dedup passes over the workspace (see verify.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clave.h"
#include "classify.h"
#include "err.h"
#include "history_batch.h"
#include "imgpass.h"
#include "lap.h"
#include "territory.h"
#include "verdict.h"
#include "verdict_writes.h"
#include "verify.h"
#include "ws.h"

/*
 * Both passes walk their tables in key order (the supports by clave with
 * the roll beside them, then the verdicts by n), so each page is needed
 * once and a large page cache only costs the faulting-in of memory that
 * is never reused: with the workspace's 256 MiB cache, clearing fresh
 * pages took a quarter of verify's time. 32 MiB holds the B-trees'
 * upper levels and the pages being written.
 */
#define VERIFY_CACHE_KIB "-32768"

/* Everything one run holds; released by run_free. */
struct run {
	struct ws *ws;
	const struct verify_opts *o;
	struct verify_summary *sum;
	struct territory t;
	struct verdicts vs;
	struct dedup dd;
	struct imgreview ir;		/* image checks and decisions */
	char group[CLAVE_MAX_BYTES];	/* clave of the current group */
	char now[24];
	char *motivos;			/* phase 2 buffer */
	size_t motivos_cap;
	sqlite3_stmt *insert, *history, *read_motivos;
	struct history_batch *changes;	/* status changes, written in batches */
	struct verdict_writes *writes;	/* the updates, likewise */
};

/*
 * Phase 1 reads the support_clave index, which holds every column named
 * here, so the wide support rows are not touched. The ORDER BY is the
 * order of the duplicate rules and also the index order.
 */
static const char classify_sql[] =
	"SELECT s.n, s.clave_elector, s.instante IS NOT NULL, s.fecha_local,"
	" s.id,"
	" s.aspirante, s.emision, r.situacion, r.entidad, r.seccion, r.emision,"
	" r.vigencia, r.motivo_baja"
	" FROM support_data s"
	" LEFT JOIN roll r ON r.clave_elector = s.clave_elector"
	" ORDER BY s.clave_elector, s.instante, s.id";

static const char dedup_sql[] =
	"SELECT s.n, s.clave_elector, s.id, s.aspirante FROM support_data s"
	" ORDER BY s.clave_elector, s.instante, s.id";

/* Phase 2 of verify: the stored verdicts, narrow rows in n order. */
static const char stored_sql[] =
	"SELECT n, estatus, motivos, entidad, seccion FROM verdict ORDER BY n";

/*
 * A verdict row for a support that has none: ?1 estatus, ?2 motivos, ?3
 * verificado, ?4 n, ?5 entidad and ?6 seccion of the roll. The triggers
 * of apoyo-workspace(5) keep one per support, so normally none is
 * missing; every other verdict is rewritten through r->writes.
 */
static const char insert_verify_sql[] =
	"INSERT INTO verdict(n, aspirante, estatus, motivos, verificado,"
	" entidad, seccion) SELECT n, aspirante, ?1, ?2, ?3, ?5, ?6"
	" FROM support_data WHERE n = ?4";

static const char *text_col(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

static int is_dedup_status(int status)
{
	return status == ST_VALIDO || status == ST_DUPLICADO_MISMO_ASPIRANTE ||
	       status == ST_DUPLICADO_OTRO_ASPIRANTE;
}

/*
 * The pool text a duplicate points at: "ID" of the same aspirant's first
 * support, or "ASPIRANT/ID" of the other aspirant's; made once per first.
 */
static uint32_t reference_text(struct run *r, int status,
			       struct dedup_first *ref)
{
	const struct aspirant *a = &r->t.aspirants[ref->aspirant];

	if (status == ST_DUPLICADO_MISMO_ASPIRANTE) {
		if (!ref->tag[0])
			ref->tag[0] =
				verdicts_add_text(&r->vs, ref->id, "", "");
		return ref->tag[0];
	}
	if (!ref->tag[1])
		ref->tag[1] = verdicts_add_text(&r->vs, a->id, "/", ref->id);
	return ref->tag[1];
}

/* Rules 8 and 9 for a support that passed everything before them. */
static int apply_dedup(struct run *r, struct verdict *v,
		       const struct aspirant *a, const char *clave,
		       const char *id, long long n)
{
	struct dedup_first *ref;
	int status;

	if (strcmp(clave, r->group)) {
		dedup_group_start(&r->dd);
		snprintf(r->group, sizeof(r->group), "%s", clave);
	}
	status = dedup_next(&r->dd, territory_aspirant_index(&r->t, a),
			    (int)a->cargo, id, n, &ref);
	if (status < 0)
		return -1;
	v->status = (uint8_t)status;
	v->text = 0;
	if (ref && !(v->text = reference_text(r, status, ref)))
		return -1;
	return 0;
}

/* Gathers the facts of one phase 1 row (see classify_sql). */
static void read_facts(struct run *r, sqlite3_stmt *st, struct support_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->clave = text_col(st, 1);
	f->has_instant = sqlite3_column_int(st, 2);
	f->fecha_local = text_col(st, 3);
	f->aspirant = territory_aspirant(&r->t, text_col(st, 5));
	f->emision = text_col(st, 6);
	f->in_roll = sqlite3_column_type(st, 7) != SQLITE_NULL;
	if (!f->in_roll)
		return;
	f->situacion = sqlite3_column_int(st, 7);
	f->geo = territory_geo(&r->t, sqlite3_column_int(st, 8),
			       sqlite3_column_int(st, 9));
	f->has_roll_emision = sqlite3_column_type(st, 10) != SQLITE_NULL;
	f->roll_emision = (long)sqlite3_column_int64(st, 10);
	f->has_roll_vigencia = sqlite3_column_type(st, 11) != SQLITE_NULL;
	f->roll_vigencia = (long)sqlite3_column_int64(st, 11);
}

static int classify_row(struct run *r, sqlite3_stmt *st)
{
	struct verdict *v = verdicts_at(&r->vs, sqlite3_column_int64(st, 0));
	struct support_facts f;
	char detail[256];
	unsigned mask;

	if (!v)
		return 0;
	read_facts(r, st, &f);
	mask = classify_checks(&f) |
	       imgreview_checks(&r->ir, sqlite3_column_int64(st, 0));
	v->checks = (uint16_t)mask;
	v->status = (uint8_t)classify_status(mask);
	v->text = 0;
	if (f.in_roll) {
		v->entidad = (uint8_t)sqlite3_column_int(st, 8);
		v->seccion = sqlite3_column_int(st, 9);
	}
	if (mask & (1u << CHECK_BAJA)) {
		classify_baja_detail(text_col(st, 12), detail, sizeof(detail));
		if (*detail && !(v->text = verdicts_intern(&r->vs, detail)))
			return -1;
	}
	if (v->status != ST_VALIDO)
		return 0;
	return apply_dedup(r, v, f.aspirant, f.clave, text_col(st, 4),
			   sqlite3_column_int64(st, 0));
}

/* Dedup only: the supports marked in phase 0 go through rules 8 and 9. */
static int dedup_row(struct run *r, sqlite3_stmt *st)
{
	struct verdict *v = verdicts_at(&r->vs, sqlite3_column_int64(st, 0));
	const char *clave = text_col(st, 1);
	const struct aspirant *a = territory_aspirant(&r->t, text_col(st, 3));

	if (!v || v->status == VERDICT_KEEP)
		return 0;
	if (!a || !clave || !clave_valid(clave)) {
		/* Valid before its aspirant or clave changed: verify says. */
		v->status = VERDICT_KEEP;
		return 0;
	}
	return apply_dedup(r, v, a, clave, text_col(st, 2),
			   sqlite3_column_int64(st, 0));
}

/* Runs SQL and hands every row to FN; returns 0 or EXIT_ENV. */
static int each_row(struct run *r, const char *sql, const char *what,
		    int (*fn)(struct run *, sqlite3_stmt *))
{
	sqlite3_stmt *st = ws_prepare(r->ws, sql);
	int step, rc = 0;

	if (!st)
		return EXIT_ENV;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fn(r, st);
		if (rc)
			break;
	}
	if (rc < 0) {
		err_msg("out of memory");
		rc = EXIT_ENV;
	} else if (!rc && step != SQLITE_DONE) {
		rc = ws_fail(r->ws, what);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Phase 0 of dedup: the supports whose status says they passed rules 1
 * to 7 become candidates, their old status kept in spare (plus one); the
 * others are counted as they are.
 */
static int mark_candidate(struct run *r, sqlite3_stmt *st)
{
	struct verdict *v = verdicts_at(&r->vs, sqlite3_column_int64(st, 0));
	const char *code = text_col(st, 1);
	int old = code ? status_from_code(code) : -1;

	r->sum->supports++;
	if (v && is_dedup_status(old)) {
		v->status = ST_VALIDO;
		v->spare = (uint8_t)(old + 1);
		v->checks = 0;
		v->text = 0;
	} else if (old >= 0) {
		r->sum->by_status[old]++;
	}
	return 0;
}

/* Makes r->motivos hold at least NEED bytes. */
static int motivos_room(struct run *r, size_t need)
{
	char *grown;

	if (need <= r->motivos_cap)
		return 0;
	grown = realloc(r->motivos, need);
	if (!grown)
		return -1;
	r->motivos = grown;
	r->motivos_cap = need;
	return 0;
}

/*
 * Renders support N's motivos into r->motivos: V's tokens, then those of
 * its image checks (imgpass.h), which the verdict does not hold.
 */
static int render_motivos(struct run *r, const struct verdict *v, long long n)
{
	size_t need = verdicts_motivos(&r->vs, v, r->motivos, r->motivos_cap);
	const char *image = NULL;
	size_t len;

	if (need >= r->motivos_cap) {
		if (motivos_room(r, need + 1))
			return -1;
		verdicts_motivos(&r->vs, v, r->motivos, r->motivos_cap);
	}
	if (v->status >= ST_DUPLICADO_MISMO_ASPIRANTE ||
	    !(v->checks & CHECK_IMAGE_MASK))
		return 0;
	image = imgreview_text(&r->ir, n);
	if (!image || !*image)
		return 0;
	len = strlen(r->motivos);
	if (motivos_room(r, len + strlen(image) + 2))
		return -1;
	snprintf(r->motivos + len, r->motivos_cap - len, "%s%s",
		 len ? " " : "", image);
	return 0;
}

/* Binds where the citizen is in the roll (NULL when not in it). */
static void bind_location(sqlite3_stmt *st, const struct verdict *v)
{
	if (!v->entidad) {
		sqlite3_bind_null(st, 5);
		sqlite3_bind_null(st, 6);
		return;
	}
	sqlite3_bind_int(st, 5, v->entidad);
	sqlite3_bind_int(st, 6, v->seccion);
}

/*
 * Notes support N's change from OLD_CODE to status NEW in the history.
 * A code this apoyo does not know (written by hand with the sqlite3
 * shell) is kept as it was, with a statement of its own.
 */
static int record_change(struct run *r, long long n, const char *old_code,
			 int new)
{
	int old = old_code && *old_code ? status_from_code(old_code) : -1;

	if (old >= 0 || !old_code || !*old_code)
		return history_batch_add(r->changes, n, old, new) ? EXIT_ENV : 0;
	sqlite3_bind_int64(r->history, 1, n);
	sqlite3_bind_text(r->history, 2, old_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->history, 3, status_table[new].code, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(r->history, 4, r->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->history, 5, r->o->command, -1, SQLITE_STATIC);
	if (sqlite3_step(r->history) != SQLITE_DONE)
		return ws_fail(r->ws, "status history");
	sqlite3_reset(r->history);
	return 0;
}

/* Counts a rewritten verdict and records its status change, if any. */
static int counted_change(struct run *r, long long n, const char *old_code,
			  const struct verdict *v)
{
	r->sum->updated++;
	if (old_code && !strcmp(old_code, status_table[v->status].code))
		return 0;
	r->sum->changed++;
	return record_change(r, n, old_code, v->status);
}

/*
 * Queues V (motivos already in r->motivos) as support N's new verdict,
 * and records a status change from OLD_CODE.
 */
static int write_change(struct run *r, long long n, const char *old_code,
			const struct verdict *v)
{
	if (verdict_writes_add(r->writes, n, v->status, r->motivos, v->entidad,
			       v->seccion))
		return EXIT_ENV;
	return counted_change(r, n, old_code, v);
}

/* Like write_change, for a support without a verdict row (insert_missing). */
static int insert_change(struct run *r, long long n, const struct verdict *v)
{
	sqlite3_bind_text(r->insert, 1, status_table[v->status].code, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 2, r->motivos, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 3, r->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->insert, 4, n);
	bind_location(r->insert, v);
	if (sqlite3_step(r->insert) != SQLITE_DONE)
		return ws_fail(r->ws, "write verdict");
	sqlite3_reset(r->insert);
	return counted_change(r, n, status_table[ST_PENDIENTE].code, v);
}

/* 1 when the stored row ST (stored_sql) has V's roll entidad and sección. */
static int same_location(sqlite3_stmt *st, const struct verdict *v)
{
	int entidad = sqlite3_column_type(st, 3) == SQLITE_NULL ?
			      0 : sqlite3_column_int(st, 3);

	if (entidad != v->entidad)
		return 0;
	return !entidad || sqlite3_column_int(st, 4) == v->seccion;
}

/* 1 when the support already holds V: same status code and motivos. */
static int unchanged(struct run *r, const struct verdict *v,
		     const char *old_code, const char *old_motivos)
{
	if (!old_code || !old_motivos ||
	    strcmp(old_code, status_table[v->status].code))
		return 0;
	if (!v->checks && !v->text)
		return old_motivos[0] == '\0';
	return strcmp(old_motivos, r->motivos) == 0;
}

/*
 * Phase 2, one stored verdict in n order: rewrite it when its status,
 * motivos or roll sección differ from the new verdict. SQLite allows
 * changing the row a SELECT has just returned; the scan goes on after it.
 */
static int write_row(struct run *r, sqlite3_stmt *st)
{
	long long n = sqlite3_column_int64(st, 0);
	const char *old_code = text_col(st, 1);
	const char *old_motivos = text_col(st, 2);
	struct verdict *v = verdicts_at(&r->vs, n);
	int old;

	r->sum->supports++;
	if (!v || v->status == VERDICT_KEEP) {
		old = old_code ? status_from_code(old_code) : -1;
		if (old >= 0)
			r->sum->by_status[old]++;
		return 0;
	}
	v->seen = 1;
	r->sum->by_status[v->status]++;
	if ((v->checks || v->text) && render_motivos(r, v, n))
		return -1;
	if (same_location(st, v) && unchanged(r, v, old_code, old_motivos))
		return 0;
	if (!v->checks && !v->text && render_motivos(r, v, n))
		return -1;
	return write_change(r, n, old_code, v);
}

/* After phase 2: the supports that had no verdict row get one. */
static int insert_missing(struct run *r)
{
	struct verdict *v;
	long long n;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < r->vs.count; i++) {
		v = &r->vs.v[i];
		if (v->status == VERDICT_KEEP || v->seen)
			continue;
		n = r->vs.first_n + (long long)i;
		r->sum->supports++;
		r->sum->by_status[v->status]++;
		if (render_motivos(r, v, n))
			return -1;
		rc = insert_change(r, n, v);
	}
	return rc;
}

/* Sets *same when support N's stored motivos equal r->motivos. */
static int motivos_stored(struct run *r, long long n, int *same)
{
	const char *text;
	int rc = 0;

	sqlite3_bind_int64(r->read_motivos, 1, n);
	if (sqlite3_step(r->read_motivos) == SQLITE_ROW) {
		text = text_col(r->read_motivos, 0);
		*same = !strcmp(text ? text : "", r->motivos);
	} else {
		rc = ws_fail(r->ws, "support motivos");
	}
	sqlite3_reset(r->read_motivos);
	return rc;
}

/*
 * Phase 2 of dedup: only candidates can change, so the verdict table is
 * walked in n order and each change is written by its n; no second pass
 * over the wide support rows. A support that stays valido keeps its
 * empty motivos; one that stays a duplicate has its motivos read back to
 * see whether the support it repeats changed.
 */
static int write_dedup_changes(struct run *r)
{
	struct verdict *v;
	size_t i;
	int old, same = 0, rc = 0;

	for (i = 0; !rc && i < r->vs.count; i++) {
		v = &r->vs.v[i];
		if (!v->spare)
			continue;
		old = v->spare - 1;
		if (v->status == VERDICT_KEEP) {
			r->sum->by_status[old]++;
			continue;
		}
		r->sum->by_status[v->status]++;
		if (old == v->status && old == ST_VALIDO)
			continue;
		if (render_motivos(r, v, r->vs.first_n + (long long)i))
			return -1;
		if (old == v->status) {
			rc = motivos_stored(r, r->vs.first_n + (long long)i,
					    &same);
			if (rc || same)
				continue;
		}
		rc = write_change(r, r->vs.first_n + (long long)i,
				  status_table[old].code, v);
	}
	return rc;
}

static int prepare_writes(struct run *r)
{
	int dedup = r->o->mode == VERIFY_DEDUP_ONLY;

	r->insert = ws_prepare(r->ws, insert_verify_sql);
	r->history = ws_prepare(
		r->ws, "INSERT INTO status_history(support, anterior,"
		       " nuevo, momento, comando) VALUES (?, ?, ?, ?, ?)");
	r->read_motivos =
		ws_prepare(r->ws, "SELECT motivos FROM verdict WHERE n = ?");
	if (!r->insert || !r->history || !r->read_motivos)
		return EXIT_ENV;
	if (verdict_writes_open(r->ws, r->now, !dedup, &r->writes))
		return EXIT_ENV;
	return history_batch_open(r->ws, r->now, r->o->command, &r->changes);
}

/* Sizes the verdict table from the range of support numbers. */
static int size_verdicts(struct run *r)
{
	sqlite3_stmt *st = ws_prepare(
		r->ws, "SELECT min(n), max(n), count(*) FROM support_data");
	long long lo = 0, hi = 0, count = 0;

	if (!st)
		return EXIT_ENV;
	if (sqlite3_step(st) == SQLITE_ROW) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
		count = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (verdicts_init(&r->vs, lo, hi, count)) {
		err_msg("cannot hold %lld verdicts for supports %lld to %lld"
			" in memory",
			count, lo, hi);
		return EXIT_ENV;
	}
	return 0;
}

/*
 * Before classifying: the command's own work (review decisions), then
 * the image pass and what it says about each support.
 */
static int image_checks(struct run *r)
{
	struct imgpass_summary img;
	int rc = 0;

	if (r->o->within)
		rc = r->o->within(r->ws, r->o->within_arg);
	if (!rc)
		rc = imgpass_run(r->ws, r->now, &img);
	err_debug("image pass: %.2f s", lap());
	if (!rc)
		rc = imgreview_load(r->ws, &r->ir);
	if (!rc && img.supports)
		err_info("%lld supports with images: %lld images read,"
			 " %lld measured, %lld flagged, %lld missing",
			 img.supports, img.read, img.measured, img.flagged,
			 img.missing);
	return rc;
}

static int run_passes(struct run *r)
{
	int rc;

	lap();
	if ((rc = territory_load(r->ws, &r->t)) || (rc = size_verdicts(r)))
		return rc;
	err_debug("loaded aspirants and geography: %.2f s", lap());
	if (r->o->mode == VERIFY_DEDUP_ONLY) {
		rc = each_row(r, "SELECT n, estatus FROM verdict", "verdict",
			      mark_candidate);
		err_debug("read current statuses: %.2f s", lap());
		if (!rc)
			rc = each_row(r, dedup_sql, "support", dedup_row);
		err_debug("applied the duplicate rules: %.2f s", lap());
	} else {
		rc = image_checks(r);
		if (!rc)
			rc = each_row(r, classify_sql, "support and roll",
				      classify_row);
		err_debug("classified in clave order: %.2f s", lap());
	}
	if (!rc)
		rc = prepare_writes(r);
	if (!rc && r->o->mode == VERIFY_DEDUP_ONLY)
		rc = write_dedup_changes(r);
	else if (!rc)
		rc = each_row(r, stored_sql, "verdict", write_row);
	if (!rc && r->o->mode != VERIFY_DEDUP_ONLY)
		rc = insert_missing(r);
	if (!rc && (verdict_writes_flush(r->writes) ||
		    history_batch_flush(r->changes)))
		rc = EXIT_ENV;
	if (rc < 0) {
		err_msg("out of memory");
		rc = EXIT_ENV;
	}
	err_debug("wrote changes: %.2f s", lap());
	if (!rc && r->o->mode == VERIFY_ALL)
		rc = ws_meta_set(r->ws, "last_verify", r->now);
	if (!rc && r->o->save_across)
		rc = ws_meta_set(r->ws, "dedup_across",
				 dedup_across_text(r->o->across));
	return rc;
}

static void run_free(struct run *r)
{
	sqlite3_finalize(r->insert);
	sqlite3_finalize(r->history);
	sqlite3_finalize(r->read_motivos);
	history_batch_free(r->changes);
	verdict_writes_free(r->writes);
	territory_free(&r->t);
	verdicts_free(&r->vs);
	dedup_free(&r->dd);
	imgreview_free(&r->ir);
	free(r->motivos);
}

int verify_run(struct ws *ws, const struct verify_opts *o,
	       struct verify_summary *sum)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(sum, 0, sizeof(*sum));
	r.ws = ws;
	r.o = o;
	r.sum = sum;
	ws_now(r.now);
	dedup_init(&r.dd, o->across);

	rc = ws_exec(ws, "PRAGMA cache_size = " VERIFY_CACHE_KIB);
	if (!rc)
		rc = ws_begin(ws);
	if (!rc)
		rc = run_passes(&r);
	run_free(&r);
	if (!rc)
		rc = ws_commit(ws);
	if (rc)
		ws_rollback(ws);
	err_debug("committed: %.2f s", lap());
	return rc;
}

int verify_stored_across(struct ws *ws, enum dedup_across *out)
{
	char *text = ws_meta_get(ws, "dedup_across");
	int bad;

	*out = DEDUP_ACROSS_CARGO;
	if (!text)
		return 0;
	bad = dedup_across_from_text(text, out);
	if (bad)
		err_msg("workspace '%s': meta dedup_across is '%s',"
			" expected cargo or all",
			ws->path, text);
	free(text);
	return bad ? EXIT_INPUT : 0;
}

void verify_print_summary(const struct verify_summary *sum)
{
	char line[1024];
	const char *sep = ":";
	size_t len;
	int i, n;

	n = snprintf(line, sizeof(line), "%lld supports", sum->supports);
	len = n > 0 ? (size_t)n : 0;
	for (i = 0; i < ST_COUNT && len < sizeof(line); i++) {
		if (!sum->by_status[i])
			continue;
		n = snprintf(line + len, sizeof(line) - len, "%s %s %lld", sep,
			     status_table[i].code, sum->by_status[i]);
		len += n > 0 ? (size_t)n : 0;
		sep = ",";
	}
	err_info("%s", line);
	err_info("%lld status changes recorded, %lld supports rewritten",
		 sum->changed, sum->updated);
}
