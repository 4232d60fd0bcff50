/*
 * imgcheck.c - decode one support image with stb_image and measure it
 * (see imgcheck.h for what is measured and why).
 *
 * The pipeline: sniff the format and look for truncation; decode; scale
 * down to a working copy whose long side is at most IMG_WORK_SIDE; find the
 * card in the frame; measure colour, exposure, sharpness and ink on the
 * card (or the whole image); hash the same region.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>

#include "imgcheck.h"

/* A working copy: RGB and its luminance, IMG_WORK_SIDE at most. */
struct work {
	int w, h;
	unsigned char *rgb;
	unsigned char *grey;
};

/* The RGB bytes of pixel (X, Y) of the working copy. */
#define pixel(wk, x, y) ((wk)->rgb + 3 * ((size_t)(y) * (wk)->w + (x)))

/* A rectangle of the working copy. */
struct region {
	int x, y, w, h;
};

static const char *const role_names[IMG_ROLE_COUNT] = {
	"frente", "reverso", "foto", "firma"
};

static const char *const metric_names[IMG_METRIC_COUNT] = {
	"lado", "proporcion", "color", "nitidez", "brillo", "oscuros", "claros",
	"tinta"
};

static const char *const decode_names[IMG_DECODE_COUNT] = {
	"si", "vacia", "no_es_imagen", "truncada", "corrupta",
	"demasiado_grande"
};

/* Bit i of enum img_flag is written as flag_tokens[i]. */
static const char *const flag_tokens[] = {
	"no_decodifica", "pequena", "proporcion", "sin_color", "borrosa",
	"oscura", "sobreexpuesta", "sombras", "quemada", "sin_tinta",
	"exceso_tinta", "reutilizada", "plantilla"
};

#define N_FLAGS (sizeof(flag_tokens) / sizeof(flag_tokens[0]))

/* The flag a value below its minimum, or above its maximum, raises. */
static const struct {
	unsigned low, high;
} metric_flags[IMG_METRIC_COUNT] = {
	[IMG_LADO] = { IMGF_SMALL, 0 },
	[IMG_PROPORCION] = { IMGF_ASPECT, IMGF_ASPECT },
	[IMG_COLOR] = { IMGF_GREY, 0 },
	[IMG_NITIDEZ] = { IMGF_BLURRED, 0 },
	[IMG_BRILLO] = { IMGF_DARK, IMGF_BRIGHT },
	[IMG_OSCUROS] = { 0, IMGF_SHADOWS },
	[IMG_CLAROS] = { 0, IMGF_GLARE },
	[IMG_TINTA] = { IMGF_NO_INK, IMGF_INK_EXCESS },
};

/* Bounds: none, a minimum, a maximum, both. */
#define NONE { NAN, NAN }
#define MIN(v) { (v), NAN }
#define MAX(v) { NAN, (v) }
#define RANGE(lo, hi) { (lo), (hi) }

/* ID-1 within 7%: from 1.475 to 1.697. */
#define ID1 RANGE(IMG_ID1_ASPECT * 0.93, IMG_ID1_ASPECT * 1.07)

/*
 * The defaults; apoyo-review(1) explains each and how it was calibrated
 * (build/imgbench calibrate). Columns: lado, proporcion, color, nitidez,
 * brillo, oscuros, claros, tinta.
 */
const struct img_thresholds img_thresholds_default = {
	.limit = {
		[IMG_FRENTE] = {
			MIN(200), ID1, MIN(6), MIN(60),
			RANGE(50, 235), MAX(0.40), MAX(0.40), NONE },
		[IMG_REVERSO] = {
			MIN(200), ID1, MIN(6), MIN(60),
			RANGE(50, 235), MAX(0.40), MAX(0.40), NONE },
		[IMG_FOTO] = {
			MIN(200), NONE, MIN(6), MIN(15),
			RANGE(45, 225), MAX(0.40), MAX(0.40), NONE },
		[IMG_FIRMA] = {
			MIN(120), NONE, NONE, NONE,
			MIN(60), NONE, NONE, RANGE(0.002, 0.35) },
	},
	.phash_same = 6,
	.phash_template = 4,
};

const char *imgcheck_role_name(enum img_role role)
{
	return role < IMG_ROLE_COUNT ? role_names[role] : "?";
}

const char *imgcheck_metric_name(enum img_metric metric)
{
	return metric < IMG_METRIC_COUNT ? metric_names[metric] : "?";
}

const char *imgcheck_decode_name(enum img_decode decode)
{
	return decode < IMG_DECODE_COUNT ? decode_names[decode] : "?";
}

static int name_index(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

int imgcheck_role_from_name(const char *name)
{
	return name_index(role_names, IMG_ROLE_COUNT, name);
}

int imgcheck_metric_from_name(const char *name)
{
	return name_index(metric_names, IMG_METRIC_COUNT, name);
}

int imgcheck_hamming(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

/* --- format sniffing ------------------------------------------------- */

enum format { FMT_UNKNOWN, FMT_JPEG, FMT_PNG, FMT_GIF, FMT_BMP };

static enum format sniff(const unsigned char *d, size_t len)
{
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return FMT_JPEG;
	if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return FMT_PNG;
	if (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		return FMT_GIF;
	if (len >= 14 && d[0] == 'B' && d[1] == 'M')
		return FMT_BMP;
	return FMT_UNKNOWN;
}

/*
 * A JPEG is whole when an end-of-image marker follows its last
 * start-of-scan. Inside entropy-coded data 0xFF is always followed by 0x00
 * or a restart marker, so neither marker appears there by accident. The
 * search starts from the end, where the end marker of a whole file is: a
 * file cut short either has no end marker at all or only its thumbnail's,
 * which some start-of-scan follows.
 */
static int jpeg_complete(const unsigned char *d, size_t len)
{
	const unsigned char *p, *end = d + len;

	for (p = end - 2; p > d && !(p[0] == 0xFF && p[1] == 0xD9); p--)
		continue;
	if (p <= d)
		return 0;
	for (p += 2; p + 1 < end; p++)
		if (p[0] == 0xFF && p[1] == 0xDA)
			return 0;
	return 1;
}

/* A PNG is whole when its IEND chunk is there (12 bytes from the end). */
static int png_complete(const unsigned char *d, size_t len)
{
	size_t i;

	for (i = len >= 4 ? len - 4 : 0; i > 8; i--)
		if (!memcmp(d + i, "IEND", 4))
			return 1;
	return 0;
}

/* Fills M->decode and the size; returns decoded pixels or NULL. */
static unsigned char *decode(const unsigned char *data, size_t len,
			     struct img_measure *m)
{
	enum format fmt = sniff(data, len);
	unsigned char *pixels;
	int w, h, n;

	if (len == 0) {
		m->decode = IMG_EMPTY;
		return NULL;
	}
	if (fmt == FMT_UNKNOWN) {
		m->decode = IMG_NOT_IMAGE;
		return NULL;
	}
	if (len > INT_MAX) {
		m->decode = IMG_TOO_LARGE;
		return NULL;
	}
	if ((fmt == FMT_JPEG && !jpeg_complete(data, len)) ||
	    (fmt == FMT_PNG && !png_complete(data, len))) {
		m->decode = IMG_TRUNCATED;
		return NULL;
	}
	if (!stbi_info_from_memory(data, (int)len, &w, &h, &n)) {
		m->decode_detail = stbi_failure_reason();
		m->decode = IMG_CORRUPT;

		/* stb refuses, from the header alone, images over 1 GB. */
		if (m->decode_detail && !strcmp(m->decode_detail, "too large"))
			m->decode = IMG_TOO_LARGE;
		return NULL;
	}
	if ((long)w * h > IMG_MAX_PIXELS) {
		m->decode = IMG_TOO_LARGE;
		return NULL;
	}
	pixels = stbi_load_from_memory(data, (int)len, &w, &h, &n, 0);
	if (!pixels) {
		m->decode = IMG_CORRUPT;
		m->decode_detail = stbi_failure_reason();
		return NULL;
	}
	m->decode = IMG_DECODED;
	m->width = w;
	m->height = h;
	m->channels = n;
	return pixels;
}

/* --- scaling down to the working copy -------------------------------- */

/*
 * The working copy is the decoded image halved (2 x 2 block means) as many
 * times as it takes to bring the long side to IMG_WORK_SIDE or less, so it
 * ends up between half that and that. Halving in place, with a loop the
 * compiler keeps simple, makes this pass over the decoded pixels, most of
 * the cost of the checks, about a twentieth of the cost of decoding. An
 * odd last row or column is left out at each halving.
 */

/* Value V with opacity A laid over white, rounded. */
static unsigned char over_white(unsigned v, unsigned a)
{
	return (unsigned char)((v * a + 255 * (255 - a) + 127) / 255);
}

/* One decoded pixel as RGB: grey is copied, alpha is laid over white. */
static void pixel_rgb(const unsigned char *in, int n, unsigned char *rgb)
{
	switch (n) {
	case 1:
		rgb[0] = rgb[1] = rgb[2] = in[0];
		break;
	case 2:
		rgb[0] = rgb[1] = rgb[2] = over_white(in[0], in[1]);
		break;
	default:
		rgb[0] = over_white(in[0], in[3]);
		rgb[1] = over_white(in[1], in[3]);
		rgb[2] = over_white(in[2], in[3]);
	}
}

/* A new RGB copy of W x H x N pixels that are not RGB; NULL on failure. */
static unsigned char *to_rgb(const unsigned char *px, int w, int h, int n)
{
	size_t i, count = (size_t)w * h;
	unsigned char *rgb = malloc(count * 3);

	if (!rgb)
		return NULL;
	for (i = 0; i < count; i++)
		pixel_rgb(px + i * n, n, rgb + 3 * i);
	return rgb;
}

/*
 * Halves an RGB image in place: output row y, half as long, is written at
 * or before the start of input row 2y, and within a row output pixel i
 * goes to bytes the loop has already read.
 */
static void halve_rgb(unsigned char *px, int *w, int *h)
{
	int mw = *w / 2, mh = *h / 2, x, y;

	for (y = 0; y < mh; y++) {
		const unsigned char *r0 = px + (size_t)2 * y * *w * 3;
		const unsigned char *r1 = r0 + (size_t)*w * 3;
		unsigned char *out = px + (size_t)y * mw * 3;

		for (x = 0; x < mw; x++, r0 += 6, r1 += 6, out += 3) {
			unsigned c0 = r0[0] + r0[3] + r1[0] + r1[3] + 2;
			unsigned c1 = r0[1] + r0[4] + r1[1] + r1[4] + 2;
			unsigned c2 = r0[2] + r0[5] + r1[2] + r1[5] + 2;

			out[0] = (unsigned char)(c0 >> 2);
			out[1] = (unsigned char)(c1 >> 2);
			out[2] = (unsigned char)(c2 >> 2);
		}
	}
	*w = mw;
	*h = mh;
}

/* Luminance with Rec. 601 weights in 8-bit fixed point. */
static unsigned char luma(const unsigned char *p)
{
	return (unsigned char)((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
}

/*
 * Makes the working copy from the W x H x N pixels *PX, taking them over:
 * *PX becomes NULL once WK owns the RGB buffer (the decoded one, freed
 * with free() like stb_image's default allocator, or a converted copy).
 * Returns 0 or -1 (memory); either way the caller frees *PX and WK's
 * buffers.
 */
static int scale_down(unsigned char **px, int w, int h, int n, struct work *wk)
{
	unsigned char *rgb = *px;
	size_t i, count;

	if (n != 3) {
		rgb = to_rgb(*px, w, h, n);
		if (!rgb)
			return -1;
		stbi_image_free(*px);
	}
	*px = NULL;
	while ((w > h ? w : h) > IMG_WORK_SIDE && w >= 2 && h >= 2)
		halve_rgb(rgb, &w, &h);

	wk->w = w;
	wk->h = h;
	wk->rgb = rgb;
	count = (size_t)w * h;
	wk->grey = malloc(count);
	if (!wk->grey)
		return -1;
	for (i = 0; i < count; i++)
		wk->grey[i] = luma(rgb + 3 * i);
	return 0;
}

/* --- finding the card ------------------------------------------------ */

/*
 * The card is looked for on every STEP-th pixel of every STEP-th row of
 * the working copy: a bounding box to within a few pixels is all the
 * aspect ratio needs, and it is a quarter of the work.
 */
#define STEP 2

/*
 * The surface under a card is modelled per channel as a plane,
 * c = a + b u + d v with u, v the pixel's offsets from the centre, fitted
 * by least squares on the border ring of the frame, so that uneven light
 * on a table does not make it look like part of the card.
 */
struct surface {
	double coef[3][3];	/* [channel][a, b, d] */
};

static int in_ring(int x, int y, int w, int h, int b)
{
	return x < b || y < b || x >= w - b || y >= h - b;
}

/* The next sampled x of row Y in the ring (all of the top and bottom bands). */
static int ring_next_x(int x, int y, int w, int h, int b)
{
	if (y < b || y >= h - b || x + STEP < b || x + STEP >= w - b)
		return x + STEP;
	return (w - b + STEP - 1) / STEP * STEP;
}

/* Solves the 3 x 3 system M z = R by Cramer's rule; returns -1 if singular. */
static double det3(const double m[3][3])
{
	return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
	       m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
	       m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

static int solve3(const double m[3][3], const double *rhs, double *z)
{
	double det = det3(m), t[3][3];
	int i, j, k;

	if (fabs(det) < 1e-9)
		return -1;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 3; i++)
			for (j = 0; j < 3; j++)
				t[i][j] = j == k ? rhs[i] : m[i][j];
		z[k] = det3(t) / det;
	}
	return 0;
}

static int fit_surface(const struct work *wk, int b, struct surface *s)
{
	double m[3][3] = { { 0 } }, rhs[3][3] = { { 0 } };
	int x, y, c, i, j;

	for (y = 0; y < wk->h; y += STEP)
		for (x = 0; x < wk->w; x = ring_next_x(x, y, wk->w, wk->h, b)) {
			const unsigned char *p = pixel(wk, x, y);
			double f[3] = { 1, x - wk->w / 2.0, y - wk->h / 2.0 };

			for (i = 0; i < 3; i++) {
				for (j = 0; j < 3; j++)
					m[i][j] += f[i] * f[j];
				for (c = 0; c < 3; c++)
					rhs[c][i] += f[i] * p[c];
			}
		}
	for (c = 0; c < 3; c++)
		if (solve3(m, rhs[c], s->coef[c]))
			return -1;
	return 0;
}

/*
 * How far each sampled pixel is from the surface (sum over channels, in
 * levels), in 8-bit fixed point: the plane's row part is added to a
 * precomputed column part. Fills DIST (one byte per sample, capped).
 */
static int surface_distances(const struct work *wk, const struct surface *s,
			     int sw, int sh, unsigned char *dist)
{
	int *col = malloc(sizeof(int) * 3 * sw), x, y, c;
	double u, v;

	if (!col)
		return -1;
	for (x = 0; x < sw; x++)
		for (c = 0; c < 3; c++) {
			u = x * STEP - wk->w / 2.0;
			col[3 * x + c] = (int)lround(256 * s->coef[c][1] * u);
		}
	for (y = 0; y < sh; y++) {
		const unsigned char *p = pixel(wk, 0, y * STEP);
		int row[3];

		v = y * STEP - wk->h / 2.0;
		for (c = 0; c < 3; c++)
			row[c] = (int)lround(256 * (s->coef[c][0] +
						    s->coef[c][2] * v));
		for (x = 0; x < sw; x++, p += 3 * STEP) {
			const int *cx = col + 3 * x;
			int d = abs(256 * p[0] - row[0] - cx[0]) +
				abs(256 * p[1] - row[1] - cx[1]) +
				abs(256 * p[2] - row[2] - cx[2]);

			d >>= 8;
			d = d < 255 ? d : 255;
			dist[(size_t)y * sw + x] = (unsigned char)d;
		}
	}
	free(col);
	return 0;
}

/* The first and last index whose count reaches LIMIT, or -1. */
static void span(const long *counts, int n, long limit, int *first, int *last)
{
	int i;

	*first = *last = -1;
	for (i = 0; i < n; i++)
		if (counts[i] >= limit) {
			if (*first < 0)
				*first = i;
			*last = i;
		}
}

static long max_of(const long *v, int n)
{
	long m = 0;
	int i;

	for (i = 0; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* Share, in percent, of sampled ring pixels within LIMIT of the surface. */
static long ring_plain_percent(const unsigned char *dist, int sw, int sh,
			       int bs, int limit)
{
	long ring = 0, plain = 0;
	int x, y;

	for (y = 0; y < sh; y++)
		for (x = 0; x < sw; x++)
			if (in_ring(x, y, sw, sh, bs)) {
				ring++;
				plain += dist[(size_t)y * sw + x] <= limit;
			}
	return ring ? plain * 100 / ring : 0;
}

/*
 * The bounding box, in samples, of the rows and columns where at least an
 * eighth of the most card-like row (column) stands out, and the percent
 * of the box that stands out.
 */
static long card_box(const unsigned char *dist, int sw, int sh, int limit,
		     long *rows, long *cols, struct region *r)
{
	long inside = 0;
	int x, y, x0, x1, y0, y1;

	for (y = 0; y < sh; y++)
		for (x = 0; x < sw; x++)
			if (dist[(size_t)y * sw + x] > limit) {
				rows[y]++;
				cols[x]++;
			}
	span(rows, sh, max_of(rows, sh) / 8 + 2, &y0, &y1);
	span(cols, sw, max_of(cols, sw) / 8 + 2, &x0, &x1);
	if (y0 < 0 || x0 < 0)
		return 0;
	for (y = y0; y <= y1; y++)
		for (x = x0; x <= x1; x++)
			inside += dist[(size_t)y * sw + x] > limit;
	r->x = x0;
	r->y = y0;
	r->w = x1 - x0 + 1;
	r->h = y1 - y0 + 1;
	return inside * 100 / ((long)r->w * r->h);
}

/*
 * Looks for a card lying on a plain surface: when the border ring of the
 * frame fits a smooth surface, the card is the bounding box of the rows
 * and columns that stand out from it, and most of that box must stand out
 * (otherwise the frame is a tightly cropped card with plain margins).
 * Returns 1 when a card was found (*R set, working pixels), 0 if not, -1
 * on memory failure.
 */
static int find_card(const struct work *wk, struct region *r)
{
	enum { SURFACE = 36, CARD = 48 };
	int sw = wk->w / STEP, sh = wk->h / STEP, b, found = 0;
	unsigned char *dist = NULL;
	long *rows = NULL, *cols = NULL, fill;
	struct region box;
	struct surface s;

	b = (wk->w < wk->h ? wk->w : wk->h) / 80;
	b = b < STEP ? STEP : b;
	if (sw < 8 || sh < 8 || fit_surface(wk, b, &s))
		return 0;
	dist = malloc((size_t)sw * sh);
	rows = calloc(sh, sizeof(long));
	cols = calloc(sw, sizeof(long));
	if (!dist || !rows || !cols ||
	    surface_distances(wk, &s, sw, sh, dist)) {
		found = -1;
		goto out;
	}

	/* A surface: 85% of the ring within SURFACE of the fitted plane. */
	b = (b + STEP - 1) / STEP;
	if (ring_plain_percent(dist, sw, sh, b, SURFACE) < 85)
		goto out;
	fill = card_box(dist, sw, sh, CARD, rows, cols, &box);
	found = fill >= 55 && box.w >= 8 && box.h >= 8 &&
		(box.w * 100 < sw * 96 || box.h * 100 < sh * 96);
	if (found) {
		r->x = box.x * STEP;
		r->y = box.y * STEP;
		r->w = box.w * STEP;
		r->h = box.h * STEP;
	}
out:
	free(dist);
	free(rows);
	free(cols);
	return found;
}

/* --- the measurements ------------------------------------------------ */

/*
 * Hasler and Suesstrunk (2003): with rg = R - G and yb = (R + G) / 2 - B,
 * M = sqrt(var rg + var yb) + 0.3 * sqrt(mean rg^2 + mean yb^2).
 * yb is summed doubled to stay in integers.
 */
static double colourfulness(const struct work *wk, const struct region *r,
			    long *hist)
{
	long long s_rg = 0, s_yb2 = 0, q_rg = 0, q_yb2 = 0;
	double n = (double)r->w * r->h, m_rg, m_yb, v_rg, v_yb;
	int x, y;

	for (y = r->y; y < r->y + r->h; y++) {
		const unsigned char *p = pixel(wk, r->x, y);
		const unsigned char *g = wk->grey + (size_t)y * wk->w + r->x;
		int row_rg = 0, row_yb2 = 0;
		unsigned row_q_rg = 0, row_q_yb2 = 0;

		/* Sums of a row fit 32 bits (IMG_WORK_SIDE), and cost less. */
		for (x = 0; x < r->w; x++, p += 3) {
			int rg = p[0] - p[1], yb2 = p[0] + p[1] - 2 * p[2];

			row_rg += rg;
			row_q_rg += (unsigned)(rg * rg);
			row_yb2 += yb2;
			row_q_yb2 += (unsigned)(yb2 * yb2);
			hist[g[x]]++;
		}
		s_rg += row_rg;
		q_rg += row_q_rg;
		s_yb2 += row_yb2;
		q_yb2 += row_q_yb2;
	}
	m_rg = s_rg / n;
	m_yb = s_yb2 / n / 2;
	v_rg = q_rg / n - m_rg * m_rg;
	v_yb = q_yb2 / n / 4 - m_yb * m_yb;
	v_rg = v_rg > 0 ? v_rg : 0;
	v_yb = v_yb > 0 ? v_yb : 0;
	return sqrt(v_rg + v_yb) + 0.3 * sqrt(m_rg * m_rg + m_yb * m_yb);
}

/* Variance of g(x-1)+g(x+1)+g(y-1)+g(y+1)-4g(x,y) inside the region. */
static double laplacian_variance(const struct work *wk, const struct region *r)
{
	long long sum = 0, sq = 0, n = 0;
	int x, y, w = wk->w;
	double mean;

	for (y = r->y + 1; y < r->y + r->h - 1; y++) {
		const unsigned char *g = wk->grey + (size_t)y * w;
		int row_sum = 0;
		unsigned row_sq = 0;

		for (x = r->x + 1; x < r->x + r->w - 1; x++) {
			int l = g[x - 1] + g[x + 1] + g[x - w] + g[x + w] -
				4 * g[x];

			row_sum += l;
			row_sq += (unsigned)(l * l);
		}
		sum += row_sum;
		sq += row_sq;
		n += r->w - 2;
	}
	if (n <= 0)
		return 0;
	mean = (double)sum / n;
	return (double)sq / n - mean * mean;
}

/* Exposure values and the ink share, from the histogram of N pixels. */
static void exposure(const long *hist, long n, int ink, struct img_measure *m)
{
	long seen = 0, dark = 0, bright = 0;
	long long total = 0;
	int v, paper;

	for (v = 0; v < 256; v++) {
		total += (long long)v * hist[v];
		dark += v <= 10 ? hist[v] : 0;
		bright += v >= 250 ? hist[v] : 0;
	}
	m->value[IMG_BRILLO] = (double)total / n;
	m->value[IMG_OSCUROS] = (double)dark / n;
	m->value[IMG_CLAROS] = (double)bright / n;
	if (!ink)
		return;

	/* The paper is the 90th percentile; ink is 64 levels darker or more. */
	for (v = 255; v > 0 && (seen + hist[v]) * 10 <= n; v--)
		seen += hist[v];
	paper = v;
	seen = 0;
	for (v = 0; v < paper - 64; v++)
		seen += hist[v];
	m->value[IMG_TINTA] = (double)seen / n;
}

/* --- perceptual hash ------------------------------------------------- */

#define GRID 64

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The region's luminance averaged into GRID x GRID cells. */
static void shrink_grid(const struct work *wk, const struct region *r,
			float *cell)
{
	int cx, cy, x, y, x0, x1, y0, y1, area;

	for (cy = 0; cy < GRID; cy++) {
		y0 = r->y + r->h * cy / GRID;
		y1 = r->y + r->h * (cy + 1) / GRID;
		y1 = y1 > y0 ? y1 : y0 + 1;
		for (cx = 0; cx < GRID; cx++) {
			long sum = 0;

			x0 = r->x + r->w * cx / GRID;
			x1 = r->x + r->w * (cx + 1) / GRID;
			x1 = x1 > x0 ? x1 : x0 + 1;
			for (y = y0; y < y1; y++)
				for (x = x0; x < x1; x++)
					sum += wk->grey[(size_t)y * wk->w + x];
			area = (y1 - y0) * (x1 - x0);
			cell[cy * GRID + cx] = (float)sum / area;
		}
	}
}

/*
 * A DCT hash of the region: the 64 x 64 cell averages are transformed
 * (DCT-II) at 8 frequencies in each direction, FIRST, FIRST + STEP, ...
 * cycles across the region, and bit 8 * j + i is set when coefficient
 * (i, j) is above the median of the 64. The median makes the hash blind to
 * brightness and contrast and gives every hash 32 bits set, so distances
 * are even. Skipping the lowest frequencies keeps the broad layout, which
 * all cards of one design share, from deciding the bits; staying at or
 * below 24 cycles keeps them well above what JPEG re-encoding or a small
 * resize alters.
 */
/*
 * basis[x] = cos((2x + 1) K pi / (2 GRID)) for x in [0, GRID), by turning
 * the angle step by step: four trigonometric calls instead of GRID.
 */
static void cosines(int k, double *basis)
{
	double theta = k * M_PI / (2 * GRID), c = cos(theta), s = sin(theta);
	double c2 = cos(2 * theta), s2 = sin(2 * theta), next;
	int x;

	for (x = 0; x < GRID; x++) {
		basis[x] = c;
		next = c * c2 - s * s2;
		s = s * c2 + c * s2;
		c = next;
	}
}

static uint64_t dct_hash(const struct work *wk, const struct region *r,
			 int first, int step)
{
	float cell[GRID * GRID];
	double basis[8][GRID], rowt[GRID][8], coef[64], sorted[64], median;
	uint64_t hash = 0;
	int i, j, x, y;

	shrink_grid(wk, r, cell);
	for (i = 0; i < 8; i++)
		cosines(first + step * i, basis[i]);
	for (y = 0; y < GRID; y++)
		for (i = 0; i < 8; i++) {
			double s = 0;

			for (x = 0; x < GRID; x++)
				s += cell[y * GRID + x] * basis[i][x];
			rowt[y][i] = s;
		}
	for (j = 0; j < 8; j++)
		for (i = 0; i < 8; i++) {
			double s = 0;

			for (y = 0; y < GRID; y++)
				s += rowt[y][i] * basis[j][y];
			coef[j * 8 + i] = s;
		}

	memcpy(sorted, coef, sizeof(coef));
	qsort(sorted, 64, sizeof(double), compare_double);
	median = (sorted[31] + sorted[32]) / 2;
	for (i = 0; i < 64; i++)
		if (coef[i] > median)
			hash |= (uint64_t)1 << i;
	return hash;
}

/*
 * Where the citizen's photo is on the front of an INE card (models C to
 * H): the left third, below the header. A template reused with other
 * data keeps this part of the picture and changes the rest.
 */
static struct region portrait_box(const struct region *card)
{
	struct region p;

	p.x = card->x + card->w * 4 / 100;
	p.w = card->w * 29 / 100;
	p.y = card->y + card->h * 26 / 100;
	p.h = card->h * 68 / 100;
	p.w = p.w < 1 ? 1 : p.w;
	p.h = p.h < 1 ? 1 : p.h;
	return p;
}

/* --- measure and judge ----------------------------------------------- */

static int is_card(enum img_role role)
{
	return role == IMG_FRENTE || role == IMG_REVERSO;
}

/* Every measurement on the working copy WK. Returns 0 or -1 (memory). */
static int measure_work(const struct work *wk, struct img_measure *m)
{
	struct region r = { 0, 0, wk->w, wk->h }, whole = r;
	double sx = (double)m->width / wk->w, sy = (double)m->height / wk->h;
	long hist[256] = { 0 };
	int found = 0;

	if (is_card(m->role)) {
		found = find_card(wk, &r);
		if (found < 0)
			return -1;
	}
	m->card_found = found;
	m->card_x = (int)lround(r.x * sx);
	m->card_y = (int)lround(r.y * sy);
	m->card_w = found ? (int)lround(r.w * sx) : m->width;
	m->card_h = found ? (int)lround(r.h * sy) : m->height;
	if (m->card_x + m->card_w > m->width)
		m->card_w = m->width - m->card_x;
	if (m->card_y + m->card_h > m->height)
		m->card_h = m->height - m->card_y;
	if (is_card(m->role)) {
		double a = (double)m->card_w / m->card_h;

		m->value[IMG_PROPORCION] = a >= 1 ? a : 1 / a;
	}

	m->value[IMG_COLOR] = colourfulness(wk, &r, hist);
	m->value[IMG_NITIDEZ] = laplacian_variance(wk, &r);
	exposure(hist, (long)r.w * r.h, m->role == IMG_FIRMA, m);
	/* Calibrated bands (imgbench hashes): 2..16 and, finer, 3..24. */
	m->phash = dct_hash(wk, &whole, 2, 2);
	if (m->role == IMG_FRENTE) {
		struct region p = portrait_box(&r);

		m->phash_retrato = dct_hash(wk, &p, 3, 3);
	}
	return 0;
}

int imgcheck_measure(const unsigned char *data, size_t len, enum img_role role,
		     struct img_measure *out)
{
	struct work wk = { 0, 0, NULL, NULL };
	unsigned char *pixels;
	int i, rc = -1;

	memset(out, 0, sizeof(*out));
	out->role = role;
	for (i = 0; i < IMG_METRIC_COUNT; i++)
		out->value[i] = NAN;

	pixels = decode(data, len, out);
	if (!pixels)
		return 0;
	out->value[IMG_LADO] = out->width > out->height ? out->width
							: out->height;

	if (scale_down(&pixels, out->width, out->height, out->channels, &wk) ||
	    measure_work(&wk, out))
		goto out;
	rc = 0;
out:
	stbi_image_free(pixels);
	free(wk.rgb);
	free(wk.grey);
	return rc;
}

unsigned imgcheck_judge(const struct img_measure *m,
			const struct img_thresholds *t)
{
	unsigned flags = 0;
	int i;

	if (m->decode != IMG_DECODED)
		return IMGF_NO_DECODE;
	for (i = 0; i < IMG_METRIC_COUNT; i++) {
		const struct img_limit *lim = &t->limit[m->role][i];
		double v = m->value[i];

		if (isnan(v))
			continue;
		if (!isnan(lim->min) && v < lim->min)
			flags |= metric_flags[i].low;
		if (!isnan(lim->max) && v > lim->max)
			flags |= metric_flags[i].high;
	}

	/* In a dark or burnt-out picture the card's outline is a guess. */
	if (flags & (IMGF_DARK | IMGF_BRIGHT))
		flags &= ~IMGF_ASPECT;
	return flags;
}

const char *imgcheck_flag_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < N_FLAGS; i++)
		if (bit == 1u << i)
			return flag_tokens[i];
	return NULL;
}

/* The metric whose value explains flag BIT, or -1 when none does. */
static int flag_metric(unsigned bit)
{
	int i;

	for (i = 0; i < IMG_METRIC_COUNT; i++)
		if (metric_flags[i].low == bit || metric_flags[i].high == bit)
			return i;
	return -1;
}

/* Shares and ratios need more decimals than levels and variances. */
static const char *value_format(int metric)
{
	switch (metric) {
	case IMG_LADO:
		return "%s:%.0f";
	case IMG_PROPORCION:
		return "%s:%.3f";
	case IMG_OSCUROS:
	case IMG_CLAROS:
	case IMG_TINTA:
		return "%s:%.4f";
	default:
		return "%s:%.1f";
	}
}

size_t imgcheck_flags_text(const struct img_measure *m, unsigned flags,
			   char *buf, size_t size)
{
	size_t used = 0;
	unsigned i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < N_FLAGS; i++) {
		unsigned bit = 1u << i;
		int metric = flag_metric(bit), n;
		char *at = used < size ? buf + used : NULL;
		size_t room = used < size ? size - used : 0;
		const char *sep = used ? " " : "";

		if (!(flags & bit) || (bit & (IMGF_REUSED | IMGF_TEMPLATE)))
			continue;
		if (bit == IMGF_NO_DECODE) {
			n = snprintf(at, room, "%s%s:%s", sep, flag_tokens[i],
				     imgcheck_decode_name(m->decode));
		} else {
			char word[48];

			snprintf(word, sizeof(word), value_format(metric),
				 flag_tokens[i], m->value[metric]);
			n = snprintf(at, room, "%s%s", sep, word);
		}
		used += n > 0 ? (size_t)n : 0;
	}
	return used;
}

int imgcheck_threshold_set(struct img_thresholds *t, const char *role,
			   const char *metric, const char *bound,
			   const char *text)
{
	int r = imgcheck_role_from_name(role);
	int k = imgcheck_metric_from_name(metric);
	double v = NAN;
	char *end;

	if (r < 0 || k < 0 || (strcmp(bound, "min") && strcmp(bound, "max")))
		return -1;
	if (*text) {
		v = strtod(text, &end);
		if (*end || !isfinite(v))
			return -1;
	}
	if (!strcmp(bound, "min"))
		t->limit[r][k].min = v;
	else
		t->limit[r][k].max = v;
	return 0;
}
