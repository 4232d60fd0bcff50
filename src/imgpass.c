/*
 * imgpass.c - reading, measuring and judging the images of the supports
 * during verify (see imgpass.h). Cross-image checks are in imgcross.c,
 * what the classification needs in imgreview.c.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "err.h"
#include "imgcheck.h"
#include "imgcross.h"
#include "images.h"
#include "imgpass.h"

#define BATCH 64		/* images measured together by the threads */
#define MAX_THREADS 8

/* One image content to measure. */
struct job {
	unsigned char *data;	/* owned */
	size_t len;
	enum img_role role;
	char hash[IMAGES_HASH_HEX];
	struct img_measure m;
	int rc;
};

struct pass {
	struct ws *ws;
	const char *now;
	struct imgpass_summary *sum;
	struct img_thresholds t;
	struct images *store;		/* opened at the first reference */
	int store_failed;
	sqlite3_stmt *get_check, *put_check, *has_measure, *put_measure;
	sqlite3_stmt *set_flags;
	struct job jobs[BATCH];
	int n_jobs;
};

static const char *text_col(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Writes the defaults into an empty image_threshold, so users see them. */
static int seed_thresholds(struct pass *p)
{
	sqlite3_stmt *st = ws_prepare(p->ws,
		"INSERT INTO image_threshold(rol, medida, minimo, maximo)"
		" SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS"
		" (SELECT 1 FROM image_threshold WHERE rol = ?1 AND medida = ?2)");
	const struct img_limit *lim;
	int r, k, rc = 0;

	if (!st)
		return EXIT_ENV;
	for (r = 0; r < IMG_ROLE_COUNT && !rc; r++)
		for (k = 0; k < IMG_METRIC_COUNT && !rc; k++) {
			lim = &img_thresholds_default.limit[r][k];
			if (isnan(lim->min) && isnan(lim->max))
				continue;
			sqlite3_bind_text(st, 1, imgcheck_role_name(r), -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 2, imgcheck_metric_name(k), -1,
					  SQLITE_STATIC);
			if (isnan(lim->min))
				sqlite3_bind_null(st, 3);
			else
				sqlite3_bind_double(st, 3, lim->min);
			if (isnan(lim->max))
				sqlite3_bind_null(st, 4);
			else
				sqlite3_bind_double(st, 4, lim->max);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = ws_fail(p->ws, "image_threshold");
			sqlite3_reset(st);
		}
	sqlite3_finalize(st);
	return rc;
}

static int count_thresholds(struct pass *p, long long *n)
{
	sqlite3_stmt *st =
		ws_prepare(p->ws, "SELECT count(*) FROM image_threshold");

	if (!st)
		return EXIT_ENV;
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* The defaults, overridden by each row of image_threshold. */
static int load_thresholds(struct pass *p)
{
	sqlite3_stmt *st;
	const char *lo, *hi;
	long long rows;
	int rc;

	p->t = img_thresholds_default;
	if ((rc = count_thresholds(p, &rows)) || (!rows && (rc = seed_thresholds(p))))
		return rc;
	st = ws_prepare(p->ws,
			"SELECT rol, medida, ifnull(minimo, ''), ifnull(maximo, '')"
			" FROM image_threshold");
	if (!st)
		return EXIT_ENV;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		lo = text_col(st, 2);
		hi = text_col(st, 3);
		if (imgcheck_threshold_set(&p->t, text_col(st, 0),
					   text_col(st, 1), "min", lo) ||
		    imgcheck_threshold_set(&p->t, text_col(st, 0),
					   text_col(st, 1), "max", hi)) {
			err_msg("workspace '%s': image_threshold row '%s', '%s'"
				" names no role and measure, or its bounds"
				" are not numbers",
				p->ws->path, text_col(st, 0), text_col(st, 1));
			rc = EXIT_INPUT;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int is_reference(const char *value)
{
	return !strncmp(value, IMAGES_REF_PREFIX, strlen(IMAGES_REF_PREFIX));
}

/*
 * The bytes of a store reference. Returns 0, or -1 when they cannot be
 * had (no store, not in it): the image then counts as absent.
 */
static int read_reference(struct pass *p, const char *hash,
			  unsigned char **data, size_t *len)
{
	if (!p->store && !p->store_failed &&
	    images_open(p->ws, 0, &p->store))
		p->store_failed = 1;
	if (!p->store)
		return -1;
	return images_get(p->store, hash, data, len) ? -1 : 0;
}

static int measure_known(struct pass *p, const char *hash, int role,
			 int *known)
{
	int i;

	for (i = 0; i < p->n_jobs; i++)
		if (p->jobs[i].role == (enum img_role)role &&
		    !strcmp(p->jobs[i].hash, hash)) {
			*known = 1;
			return 0;
		}
	sqlite3_bind_text(p->has_measure, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->has_measure, 2, imgcheck_role_name(role), -1,
			  SQLITE_STATIC);
	*known = sqlite3_step(p->has_measure) == SQLITE_ROW;
	sqlite3_reset(p->has_measure);
	return 0;
}

static void bind_metric(sqlite3_stmt *st, int col, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_double(st, col, v);
}

static int store_measure(struct pass *p, const struct job *j)
{
	const struct img_measure *m = &j->m;
	sqlite3_stmt *st = p->put_measure;
	int k;

	sqlite3_bind_text(st, 1, j->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imgcheck_role_name(j->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, imgcheck_decode_name(m->decode), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 4, m->width);
	sqlite3_bind_int(st, 5, m->height);
	sqlite3_bind_int(st, 6, m->channels);
	sqlite3_bind_int(st, 7, m->card_found);
	for (k = 0; k < IMG_METRIC_COUNT; k++)
		bind_metric(st, 8 + k, m->value[k]);
	sqlite3_bind_int64(st, 16, (sqlite3_int64)m->phash);
	sqlite3_bind_int64(st, 17, (sqlite3_int64)m->phash_retrato);
	sqlite3_bind_text(st, 18, p->now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return ws_fail(p->ws, "image_measure");
	sqlite3_reset(st);
	return 0;
}

struct worker {
	struct pass *p;
	int first, step;
};

static void *measure_some(void *arg)
{
	struct worker *w = arg;
	struct job *j;
	int i;

	for (i = w->first; i < w->p->n_jobs; i += w->step) {
		j = &w->p->jobs[i];
		j->rc = imgcheck_measure(j->data, j->len, j->role, &j->m);
	}
	return NULL;
}

static int thread_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Measures the queued jobs on every core, then stores them in order. */
static int flush_jobs(struct pass *p)
{
	struct worker w[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	int started[MAX_THREADS] = { 0 };
	int n = thread_count(), i, rc = 0;

	for (i = 0; i < n; i++) {
		w[i] = (struct worker){ p, i, n };
		started[i] = i > 0 &&
			     !pthread_create(&tid[i], NULL, measure_some, &w[i]);
	}
	/* This thread takes share 0, and the share of any that failed. */
	for (i = 0; i < n; i++)
		if (!started[i])
			measure_some(&w[i]);
	for (i = 1; i < n; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
	for (i = 0; i < p->n_jobs; i++) {
		if (!rc && p->jobs[i].rc) {
			err_msg("out of memory measuring an image");
			rc = EXIT_ENV;
		}
		if (!rc)
			rc = store_measure(p, &p->jobs[i]);
		p->sum->measured += !rc;
		free(p->jobs[i].data);
	}
	p->n_jobs = 0;
	return rc;
}

/* Queues DATA (taken over) for measuring unless it was measured. */
static int queue_measure(struct pass *p, unsigned char *data, size_t len,
			 int role, const char *hash)
{
	struct job *j;
	int known = 0, rc;

	if ((rc = measure_known(p, hash, role, &known)) || known) {
		free(data);
		return rc;
	}
	j = &p->jobs[p->n_jobs++];
	memset(j, 0, sizeof(*j));
	j->data = data;
	j->len = len;
	j->role = role;
	snprintf(j->hash, sizeof(j->hash), "%s", hash);
	return p->n_jobs == BATCH ? flush_jobs(p) : 0;
}

/*
 * Reads VALUE, fills HASH ("" when the image is absent) and queues it for
 * measuring. A reference whose content was measured is not read at all.
 */
static int take_image(struct pass *p, const char *value, int role,
		      char hash[IMAGES_HASH_HEX])
{
	unsigned char *data = NULL;
	size_t len = 0;
	int known = 0, rc;

	hash[0] = '\0';
	if (is_reference(value)) {
		snprintf(hash, IMAGES_HASH_HEX, "%s",
			 value + strlen(IMAGES_REF_PREFIX));
		if ((rc = measure_known(p, hash, role, &known)) || known)
			return rc;
		if (read_reference(p, hash, &data, &len)) {
			hash[0] = '\0';
			return 0;
		}
	} else {
		if (file_read_all(value, &data, &len)) {
			err_debug("image '%s': %s", value, strerror(errno));
			return 0;
		}
		images_hash(data, len, hash);
	}
	p->sum->read++;
	return queue_measure(p, data, len, role, hash);
}

/* 1 when support N's image ROLE was taken from the same VALUE before. */
static int same_value(struct pass *p, long long n, int role, const char *value)
{
	const char *old;
	int same = 0;

	sqlite3_bind_int64(p->get_check, 1, n);
	sqlite3_bind_text(p->get_check, 2, imgcheck_role_name(role), -1,
			  SQLITE_STATIC);
	if (sqlite3_step(p->get_check) == SQLITE_ROW) {
		old = text_col(p->get_check, 0);
		same = (!old && !value) || (old && value && !strcmp(old, value));
	}
	sqlite3_reset(p->get_check);
	return same;
}

static int put_check(struct pass *p, long long n, int role, const char *value,
		     const char *hash)
{
	sqlite3_stmt *st = p->put_check;

	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, imgcheck_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	if (hash && *hash)
		sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (sqlite3_step(st) != SQLITE_DONE)
		return ws_fail(p->ws, "image_check");
	sqlite3_reset(st);
	return 0;
}

/* One support: each of its four images, read when its value changed. */
static int support_images(struct pass *p, sqlite3_stmt *row)
{
	long long n = sqlite3_column_int64(row, 0);
	char hash[IMAGES_HASH_HEX];
	const char *value;
	int role, rc = 0;

	p->sum->supports++;
	for (role = 0; role < IMG_ROLE_COUNT && !rc; role++) {
		value = text_col(row, 1 + role);
		if (value && !*value)
			value = NULL;
		if (same_value(p, n, role, value))
			continue;
		hash[0] = '\0';
		if (value)
			rc = take_image(p, value, role, hash);
		if (!rc)
			rc = put_check(p, n, role, value, hash);
	}
	return rc;
}

static int prepare(struct pass *p)
{
	p->get_check = ws_prepare(p->ws,
		"SELECT valor FROM image_check WHERE support = ? AND rol = ?");
	p->put_check = ws_prepare(p->ws,
		"INSERT OR REPLACE INTO image_check(support, rol, valor, hash,"
		" banderas) VALUES (?, ?, ?, ?, '')");
	p->has_measure = ws_prepare(p->ws,
		"SELECT 1 FROM image_measure WHERE hash = ? AND rol = ?");
	p->put_measure = ws_prepare(p->ws,
		"INSERT OR REPLACE INTO image_measure(hash, rol, decodifica,"
		" ancho, alto, canales, tarjeta, lado, proporcion, color,"
		" nitidez, brillo, oscuros, claros, tinta, phash, phash_retrato,"
		" medido) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?)");
	p->set_flags = ws_prepare(p->ws,
		"UPDATE image_check SET banderas = ? WHERE support = ? AND rol = ?");
	return p->get_check && p->put_check && p->has_measure &&
			       p->put_measure && p->set_flags
		       ? 0
		       : EXIT_ENV;
}

/* Reads a stored measure back (the columns of judge_sql from 3 on). */
static void measure_from_row(sqlite3_stmt *st, int role, struct img_measure *m)
{
	const char *decode = text_col(st, 3);
	int k;

	memset(m, 0, sizeof(*m));
	m->role = role;
	m->decode = IMG_CORRUPT;
	for (k = 0; k < IMG_DECODE_COUNT; k++)
		if (decode && !strcmp(decode, imgcheck_decode_name(k)))
			m->decode = k;
	m->width = sqlite3_column_int(st, 4);
	m->height = sqlite3_column_int(st, 5);
	for (k = 0; k < IMG_METRIC_COUNT; k++)
		m->value[k] = sqlite3_column_type(st, 6 + k) == SQLITE_NULL
				      ? NAN
				      : sqlite3_column_double(st, 6 + k);
}

static const char judge_sql[] =
	"SELECT c.support, c.rol, c.banderas, m.decodifica, m.ancho, m.alto,"
	" m.lado, m.proporcion, m.color, m.nitidez, m.brillo, m.oscuros,"
	" m.claros, m.tinta FROM image_check c"
	" JOIN image_measure m ON m.hash = c.hash AND m.rol = c.rol"
	" ORDER BY c.support, c.rol";

/* Joins the flags of M and the cross-image ones into BUF. */
static void flags_text(const struct img_measure *m, unsigned flags,
		       const char *cross, char *buf, size_t size)
{
	size_t len = imgcheck_flags_text(m, flags, buf, size);

	if (cross && *cross && len < size)
		snprintf(buf + len, size - len, "%s%s", len ? " " : "", cross);
}

/* Judges every stored measure again; rewrites the flags that changed. */
static int judge_all(struct pass *p, const struct imgcross *x)
{
	sqlite3_stmt *st = ws_prepare(p->ws, judge_sql);
	struct img_measure m;
	char text[1024];
	long long n;
	int role, rc = 0;

	if (!st)
		return EXIT_ENV;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
		role = imgcheck_role_from_name(text_col(st, 1));
		if (role < 0)
			continue;
		measure_from_row(st, role, &m);
		flags_text(&m, imgcheck_judge(&m, &p->t),
			   imgcross_text(x, n, role), text, sizeof(text));
		p->sum->flagged += text[0] != '\0';
		if (!strcmp(text, text_col(st, 2)))
			continue;
		sqlite3_bind_text(p->set_flags, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(p->set_flags, 2, n);
		sqlite3_bind_text(p->set_flags, 3, text_col(st, 1), -1,
				  SQLITE_STATIC);
		if (sqlite3_step(p->set_flags) != SQLITE_DONE)
			rc = ws_fail(p->ws, "image_check flags");
		sqlite3_reset(p->set_flags);
	}
	sqlite3_finalize(st);
	return rc;
}

static const char images_sql[] =
	"SELECT s.n, s.frente, s.reverso, s.foto, s.firma FROM support_data s"
	" WHERE s.imagenes = 1"
	" OR s.n IN (SELECT support FROM support_package) ORDER BY s.n";

static int read_all(struct pass *p)
{
	sqlite3_stmt *st = ws_prepare(p->ws, images_sql);
	int step, rc = 0;

	if (!st)
		return EXIT_ENV;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = support_images(p, st);
	if (!rc && step != SQLITE_DONE)
		rc = ws_fail(p->ws, "support images");
	sqlite3_finalize(st);
	if (!rc && p->n_jobs)
		rc = flush_jobs(p);
	return rc;
}

static int count_missing(struct pass *p)
{
	sqlite3_stmt *st = ws_prepare(p->ws,
		"SELECT count(*) FROM image_check WHERE hash IS NULL");

	if (!st)
		return EXIT_ENV;
	if (sqlite3_step(st) == SQLITE_ROW)
		p->sum->missing = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int imgpass_run(struct ws *ws, const char *now, struct imgpass_summary *sum)
{
	struct pass p;
	struct imgcross x;
	int i, rc;

	memset(&p, 0, sizeof(p));
	memset(sum, 0, sizeof(*sum));
	memset(&x, 0, sizeof(x));
	p.ws = ws;
	p.now = now;
	p.sum = sum;

	rc = load_thresholds(&p);
	if (!rc)
		rc = prepare(&p);
	if (!rc)
		rc = read_all(&p);
	if (!rc)
		rc = imgcross_find(ws, &p.t, &x);
	if (!rc)
		rc = judge_all(&p, &x);
	if (!rc)
		rc = count_missing(&p);

	for (i = 0; i < p.n_jobs; i++)
		free(p.jobs[i].data);
	imgcross_free(&x);
	sqlite3_finalize(p.get_check);
	sqlite3_finalize(p.put_check);
	sqlite3_finalize(p.has_measure);
	sqlite3_finalize(p.put_measure);
	sqlite3_finalize(p.set_flags);
	if (p.store)
		images_close(p.store);
	return rc;
}
