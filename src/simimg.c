/*
 * simimg.c - writes the queued images of a scenario (simimg.h) with two
 * or more threads; each file depends on its spec alone.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "imgcheck.h"
#include "simimg.h"

#define SIMIMG_THREADS 8

struct worker {
	struct simimg *w;
	int first, step;
	int failed;
};

int simimg_open(struct simimg *w, const char *dir)
{
	char path[4096];

	memset(w, 0, sizeof(*w));
	w->dir = dir;
	snprintf(path, sizeof(path), "%s/img", dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		err_msg("cannot create '%s': %s", path, strerror(errno));
		return EXIT_ENV;
	}
	return 0;
}

static int write_one(const char *dir, const struct simimg_job *j)
{
	unsigned char *data = NULL;
	size_t len = 0;
	char path[4096];
	FILE *f;
	int rc = -1;

	if (imggen_make(&j->spec, &data, &len))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, j->path);
	f = fopen(path, "wb");
	if (f) {
		rc = fwrite(data, 1, len, f) == len ? 0 : -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	free(data);
	return rc;
}

static void *work(void *arg)
{
	struct worker *k = arg;
	int i;

	for (i = k->first; i < k->w->n && !k->failed; i += k->step)
		if (write_one(k->w->dir, &k->w->job[i]))
			k->failed = 1;
	return NULL;
}

static int thread_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > SIMIMG_THREADS ? SIMIMG_THREADS : (int)n;
}

/* Writes the batch; a failure is remembered for simimg_close. */
static void flush(struct simimg *w)
{
	struct worker k[SIMIMG_THREADS];
	pthread_t t[SIMIMG_THREADS];
	int n = thread_count(), i, started = 0;

	for (i = 0; i < n; i++) {
		k[i].w = w;
		k[i].first = i;
		k[i].step = n;
		k[i].failed = 0;
	}
	for (i = 1; i < n; i++, started++)
		if (pthread_create(&t[i], NULL, work, &k[i]))
			break;
	/* Jobs of threads that did not start: this thread does them. */
	for (i = started + 1; i < n; i++)
		work(&k[i]);
	work(&k[0]);
	for (i = 1; i <= started; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < n; i++)
		if (k[i].failed)
			w->failed = 1;
	w->n = 0;
}

void simimg_add(struct simimg *w, const char *id,
		const struct imggen_spec *spec, char path[SIMIMG_PATH])
{
	struct simimg_job *j;

	if (w->n == SIMIMG_BATCH)
		flush(w);
	j = &w->job[w->n++];
	j->spec = *spec;
	snprintf(j->path, sizeof(j->path), "img/%s-%s.jpg", id,
		 imgcheck_role_name(spec->role));
	memcpy(path, j->path, SIMIMG_PATH);
}

int simimg_close(struct simimg *w)
{
	flush(w);
	if (w->failed) {
		err_msg("cannot write the images under '%s/img'", w->dir);
		return EXIT_ENV;
	}
	return 0;
}
