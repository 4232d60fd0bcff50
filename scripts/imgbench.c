/*
 * imgbench.c - measures the image checks (issue 5); built by "make imgbench".
 *
 *   build/imgbench speed [-n N] [-s SEED] [-W WIDTH -H HEIGHT]
 *	generates N card photos (1280 x 800 JPEG, default 300) and times, on
 *	one core, stb_image decoding alone and decoding plus every check:
 *	images per second and the cost of the checks over decoding.
 *   build/imgbench calibrate [-n N] [-s SEED]
 *	generates N images of every role and kind and prints, per role,
 *	kind and metric, the minimum, median and maximum measured, the flags
 *	raised under the default thresholds, and perceptual hash distances
 *	between re-encodings, templates and different pictures. The default
 *	thresholds in src/imgcheck.c were chosen from this table.
 *   build/imgbench hashes [-n N] [-s SEED]
 *	only the hash distances.
 *   build/imgbench write ROLE KIND PERSON SHOT FILE
 *	writes one generated image (imggen_make: ROLE frente, reverso, foto
 *	or firma; KIND genuino, fotocopia...) to FILE, for test fixtures.
 *
 * A tool, not a test: the numbers depend on the machine.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stb_image.h>

#include "../src/imgcheck.h"
#include "../src/imggen.h"
#include "../src/opt.h"

struct blob {
	unsigned char *data;
	size_t len;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Size of the speed test's photos; 0 is the role's default (1280 x 800). */
static long photo_w, photo_h;

static int make(enum img_role role, enum imggen_kind kind, uint64_t seed,
		int cropped, struct blob *out)
{
	struct imggen_spec s = { 0 };

	s.width = (int)photo_w;
	s.height = (int)photo_h;

	s.role = role;
	s.kind = kind;
	s.person = imggen_mix(seed, 1);
	s.data = imggen_mix(seed, 2);
	s.shot = imggen_mix(seed, 3);
	s.template_seed = 77;
	s.cropped = cropped;
	return imggen_make(&s, &out->data, &out->len);
}

/* --- speed ----------------------------------------------------------- */

static enum img_role speed_role(long i)
{
	return i % 2 ? IMG_REVERSO : IMG_FRENTE;
}

/* Seconds to decode every file once; -1 if one fails. */
static double time_decode(const struct blob *files, long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		int w, h, c, len = (int)files[i].len;
		unsigned char *px;

		px = stbi_load_from_memory(files[i].data, len, &w, &h, &c, 0);
		if (!px)
			return -1;
		stbi_image_free(px);
	}
	return now() - t0;
}

/* Seconds to decode, measure and judge every file once; -1 on failure. */
static double time_checks(const struct blob *files, long n)
{
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		struct img_measure m;

		if (imgcheck_measure(files[i].data, files[i].len, speed_role(i),
				     &m) || m.decode != IMG_DECODED)
			return -1;
		(void)imgcheck_judge(&m, &img_thresholds_default);
	}
	return now() - t0;
}

/*
 * Three rounds, each timing bare decoding and then decoding with the
 * checks over the same files; the best time of each kind is reported, so
 * that another process taking the core for a moment does not count.
 */
static int speed(long n, uint64_t seed)
{
	struct blob *files = calloc(n, sizeof(*files));
	double best_decode = 1e30, best_check = 1e30, bytes = 0;
	long i;
	int round, rc = 1;

	if (!files)
		return 1;
	fprintf(stderr, "imgbench: generating %ld card photos\n", n);
	for (i = 0; i < n; i++) {
		if (make(speed_role(i), GEN_GENUINE, seed + i, 0, &files[i]))
			goto out;
		bytes += files[i].len;
	}
	for (round = 0; round < 3; round++) {
		double d = time_decode(files, n), c = time_checks(files, n);

		if (d < 0 || c < 0)
			goto out;
		best_decode = d < best_decode ? d : best_decode;
		best_check = c < best_check ? c : best_check;
	}

	printf("images: %ld card photos (fronts and backs on a surface), "
	       "%ldx%ld JPEG q88, %.0f KB average; one core, best of 3\n",
	       n, photo_w ? photo_w : 1280, photo_h ? photo_h : 800,
	       bytes / n / 1024);
	printf("decode only:     %7.1f images/s/core  %6.2f ms/image\n",
	       n / best_decode, 1000 * best_decode / n);
	printf("decode + checks: %7.1f images/s/core  %6.2f ms/image\n",
	       n / best_check, 1000 * best_check / n);
	printf("checks cost:     %+6.1f%% over decoding\n",
	       100 * (best_check - best_decode) / best_decode);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "imgbench: generating or decoding failed\n");
	for (i = 0; i < n; i++)
		free(files[i].data);
	free(files);
	return rc;
}

/* --- calibration ----------------------------------------------------- */

/* One line per role, kind and framing that the generator can make. */
static void calibrate_kind(enum img_role role, enum imggen_kind kind,
			   int cropped, long n, uint64_t seed)
{
	double *v = malloc(sizeof(double) * n * IMG_METRIC_COUNT);
	long flagged = 0, i, k, count[IMG_METRIC_COUNT] = { 0 };
	unsigned any = 0;

	if (!v)
		return;
	for (i = 0; i < n; i++) {
		struct img_measure m;
		struct blob b;
		unsigned f;

		if (make(role, kind, seed + i, cropped, &b))
			break;
		if (imgcheck_measure(b.data, b.len, role, &m)) {
			free(b.data);
			break;
		}
		free(b.data);
		f = imgcheck_judge(&m, &img_thresholds_default);
		flagged += f != 0;
		any |= f;
		for (k = 0; k < IMG_METRIC_COUNT; k++)
			if (!isnan(m.value[k]))
				v[k * n + count[k]++] = m.value[k];
	}
	printf("%-8s %-12s %-7s flagged %3ld/%ld  flags seen:",
	       imgcheck_role_name(role), imggen_kind_name(kind),
	       cropped ? "cropped" : "framed", flagged, n);
	for (k = 0; k < 32; k++)
		if (any & (1u << k))
			printf(" %s", imgcheck_flag_name(1u << k));
	printf("%s\n", any ? "" : " -");
	for (k = 0; k < IMG_METRIC_COUNT; k++) {
		double *x = v + k * n;

		if (!count[k] || k == IMG_LADO)
			continue;
		qsort(x, count[k], sizeof(double), compare_double);
		printf("    %-10s min %10.4g  p05 %10.4g  median %10.4g"
		       "  max %10.4g\n", imgcheck_metric_name(k), x[0],
		       x[count[k] / 20], x[count[k] / 2], x[count[k] - 1]);
	}
	free(v);
}

/* The hashes of one generated image: [0] whole picture, [1] card photo box. */
static void hashes_of(enum img_role role, enum imggen_kind kind,
		      uint64_t seed, int cropped, uint64_t template_seed,
		      uint64_t *h)
{
	struct imggen_spec s = { 0 };
	struct img_measure m;
	struct blob b;

	s.role = role;
	s.kind = kind;
	s.person = imggen_mix(seed, 1);
	s.data = imggen_mix(seed, 2);
	s.shot = imggen_mix(seed, 3);
	s.template_seed = template_seed;
	s.cropped = cropped;
	h[0] = h[1] = 0;
	if (imggen_make(&s, &b.data, &b.len))
		return;
	if (!imgcheck_measure(b.data, b.len, role, &m)) {
		h[0] = m.phash;
		h[1] = m.phash_retrato;
	}
	free(b.data);
}

static void print_distances(const char *what, const int *d, long n)
{
	int lo = 64, hi = 0, same = img_thresholds_default.phash_same;
	int tmpl = img_thresholds_default.phash_template;
	long i, n_same = 0, n_tmpl = 0;

	for (i = 0; i < n; i++) {
		lo = d[i] < lo ? d[i] : lo;
		hi = d[i] > hi ? d[i] : hi;
		n_same += d[i] <= same;
		n_tmpl += d[i] <= tmpl;
	}
	printf("  %-34s n %4ld  min %2d  max %2d  <=%d (same): %4ld"
	       "  <=%d (template): %4ld\n", what, n, lo, hi, same, n_same, tmpl,
	       n_tmpl);
}

/*
 * Hamming distances between pairs that should and should not match: the
 * whole-picture hash for re-encodings, and for fronts the photo-box hash,
 * which a template keeps while the data around it changes.
 */
static void calibrate_hashes(enum img_role role, int cropped, long n,
			     uint64_t seed)
{
	int *d = malloc(sizeof(int) * n * 6);
	long i, nt = 0;

	if (!d)
		return;
	for (i = 0; i < n; i++) {
		uint64_t a[2], b[2], c[2], t1[2], t2[2];

		hashes_of(role, GEN_GENUINE, seed + i, cropped, 0, a);
		hashes_of(role, GEN_REENCODED, seed + i, cropped, 0, b);
		hashes_of(role, GEN_GENUINE, seed + n + i, cropped, 0, c);
		d[i] = imgcheck_hamming(a[0], b[0]);
		d[n + i] = imgcheck_hamming(a[0], c[0]);
		if (role != IMG_FRENTE)
			continue;
		hashes_of(role, GEN_TEMPLATE, seed + i, cropped, 77 + i % 3,
			  t1);
		hashes_of(role, GEN_TEMPLATE, seed + n + i, cropped,
			  77 + i % 3, t2);
		d[2 * n + i] = imgcheck_hamming(t1[0], t2[0]);
		d[3 * n + i] = imgcheck_hamming(t1[1], t2[1]);
		d[4 * n + i] = imgcheck_hamming(a[1], c[1]);
		d[5 * n + i] = imgcheck_hamming(a[1], b[1]);
		nt++;
	}
	printf("phash %s %s:\n", imgcheck_role_name(role),
	       cropped ? "cropped" : "framed");
	print_distances("same picture re-encoded, resized", d, n);
	print_distances("different citizens", d + n, n);
	if (nt) {
		print_distances("template uses, whole picture", d + 2 * n, nt);
		print_distances("template uses, photo box", d + 3 * n, nt);
		print_distances("different citizens, photo box", d + 4 * n, nt);
		print_distances("same picture, photo box", d + 5 * n, nt);
	}
	free(d);
}

static int calibrate(long n, uint64_t seed, int hashes_only)
{
	int role, kind, cropped;

	for (role = 0; role < IMG_ROLE_COUNT && !hashes_only; role++)
		for (kind = 0; kind < GEN_KIND_COUNT; kind++)
			for (cropped = 0; cropped < 2; cropped++) {
				struct blob probe;

				if (cropped && role > IMG_REVERSO)
					continue;
				if (make(role, kind, seed, cropped, &probe))
					continue;
				free(probe.data);
				calibrate_kind(role, kind, cropped, n, seed);
			}
	for (role = 0; role < IMG_ROLE_COUNT; role++)
		for (cropped = 0; cropped < 2; cropped++)
			if (!cropped || role <= IMG_REVERSO)
				calibrate_hashes(role, cropped, n, seed);
	return 0;
}

/* "write": one image made from the words in ARGV (see the top). */
static int write_one(char **argv)
{
	struct imggen_spec spec = { 0 };
	unsigned char *data = NULL;
	size_t len = 0;
	FILE *f;
	int role = imgcheck_role_from_name(argv[0]);
	int kind = imggen_kind_from_name(argv[1]);

	if (role < 0 || kind < 0) {
		fprintf(stderr, "imgbench: unknown role or kind\n");
		return 2;
	}
	spec.role = role;
	spec.kind = kind;
	spec.person = strtoull(argv[2], NULL, 10);
	spec.data = spec.person * 7 + 1;
	spec.shot = strtoull(argv[3], NULL, 10);
	spec.template_seed = 99;
	spec.cropped = 1;
	if (imggen_make(&spec, &data, &len)) {
		fprintf(stderr, "imgbench: cannot make that image\n");
		return 4;
	}
	f = fopen(argv[4], "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "imgbench: cannot write %s\n", argv[4]);
		free(data);
		return 4;
	}
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	static const char usage[] = "imgbench speed|calibrate|hashes [-n N]"
				    " [-s SEED] [-W WIDTH -H HEIGHT]";
	long n = -1, seed = 1;
	int nops = 0;
	const struct opt opts[] = {
		{ 'n', "count", "N", OPT_LONG, &n, "images per kind", 1,
		  100000, NULL },
		{ 's', "seed", "SEED", OPT_LONG, &seed, "first seed", 0, 1e15,
		  NULL },
		{ 'W', "width", "PIXELS", OPT_LONG, &photo_w,
		  "speed: photo width", 64, 8000, NULL },
		{ 'H', "height", "PIXELS", OPT_LONG, &photo_h,
		  "speed: photo height", 64, 8000, NULL },
		{ 0, NULL, NULL, 0, NULL, NULL, 0, 0, NULL }
	};

	switch (opt_parse(usage, opts, argc, argv, OPT_PERMUTE, &nops)) {
	case 0:
		break;
	case OPT_HELP:
		return 0;
	default:
		return 2;
	}
	if (nops == 6 && !strcmp(argv[1], "write"))
		return write_one(argv + 2);
	if (nops != 1) {
		opt_print_usage(stderr, usage, opts);
		return 2;
	}
	if (!strcmp(argv[1], "speed"))
		return speed(n > 0 ? n : 300, (uint64_t)seed);
	if (!strcmp(argv[1], "calibrate"))
		return calibrate(n > 0 ? n : 40, (uint64_t)seed, 0);
	if (!strcmp(argv[1], "hashes"))
		return calibrate(n > 0 ? n : 40, (uint64_t)seed, 1);
	opt_print_usage(stderr, usage, opts);
	return 2;
}
