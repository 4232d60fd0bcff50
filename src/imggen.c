/*
 * imggen.c - draws the synthetic support images (see imggen.h).
 *
 * The pictures are abstract on purpose: a card is a pastel background with
 * wavy security lines, a header band, blocks of glyph-like marks where the
 * text goes and a cartoon face; a live photo is that face in a room; a
 * signature is a few looping strokes. They only need to behave like real
 * images under the checks in imgcheck.c: colour, edges, exposure, layout.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image_write.h>

#include "imggen.h"

struct rgb {
	unsigned char r, g, b;
};

/* A rectangle of the image, in pixels. */
struct box {
	double x, y, w, h;
};

/*
 * Shapes drawn inside a box, with coordinates given as fractions of its
 * width and height; ALPHA is their opacity, GHOST turns colours to grey.
 */
struct pen {
	struct imggen_image *img;
	struct box b;
	double alpha;
	int ghost;
};

/* --- random numbers -------------------------------------------------- */

void imggen_seed(struct imggen_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t imggen_next(struct imggen_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int imggen_range(struct imggen_rng *r, int lo, int hi)
{
	return lo + (int)(imggen_next(r) % (uint64_t)(hi - lo + 1));
}

double imggen_real(struct imggen_rng *r, double lo, double hi)
{
	double unit = (double)(imggen_next(r) >> 11) / (double)(1ull << 53);

	return lo + (hi - lo) * unit;
}

uint64_t imggen_mix(uint64_t seed, uint64_t label)
{
	struct imggen_rng r = { seed ^ (label * 0xD6E8FEB86659FD93ull) };

	imggen_next(&r);
	return imggen_next(&r);
}

/* --- images and painting --------------------------------------------- */

int imggen_alloc(struct imggen_image *img, int w, int h)
{
	img->w = w;
	img->h = h;
	img->rgb = malloc((size_t)w * h * 3);
	return img->rgb ? 0 : -1;
}

void imggen_free(struct imggen_image *img)
{
	free(img->rgb);
	img->rgb = NULL;
}

static unsigned char clamp255(double v)
{
	if (v <= 0)
		return 0;
	return v >= 255 ? 255 : (unsigned char)(v + 0.5);
}

static unsigned char *at(const struct imggen_image *img, int x, int y)
{
	return img->rgb + 3 * ((size_t)y * img->w + x);
}

static struct rgb mix(struct rgb a, struct rgb b, double t)
{
	struct rgb c = {
		clamp255(a.r + (b.r - a.r) * t),
		clamp255(a.g + (b.g - a.g) * t),
		clamp255(a.b + (b.b - a.b) * t),
	};

	return c;
}

static struct rgb random_colour(struct imggen_rng *r, int lo, int hi)
{
	struct rgb c = {
		(unsigned char)imggen_range(r, lo, hi),
		(unsigned char)imggen_range(r, lo, hi),
		(unsigned char)imggen_range(r, lo, hi),
	};

	return c;
}

/* Blends C over pixel (X, Y) with opacity ALPHA in [0, 1]; clips. */
static void plot(struct imggen_image *img, int x, int y, struct rgb c,
		 double alpha)
{
	unsigned char *p;

	if (x < 0 || y < 0 || x >= img->w || y >= img->h)
		return;
	p = at(img, x, y);
	if (alpha >= 1) {
		p[0] = c.r;
		p[1] = c.g;
		p[2] = c.b;
		return;
	}
	p[0] = clamp255(p[0] + (c.r - p[0]) * alpha);
	p[1] = clamp255(p[1] + (c.g - p[1]) * alpha);
	p[2] = clamp255(p[2] + (c.b - p[2]) * alpha);
}

/* Fills the pixels whose top-left corner lies in [X0, X1) x [Y0, Y1). */
static void rect(struct imggen_image *img, double x0, double y0, double x1,
		 double y1, struct rgb c, double alpha)
{
	int xa = (int)ceil(x0), ya = (int)ceil(y0);
	int xb = (int)ceil(x1), yb = (int)ceil(y1), x, y;

	xa = xa < 0 ? 0 : xa;
	ya = ya < 0 ? 0 : ya;
	xb = xb > img->w ? img->w : xb;
	yb = yb > img->h ? img->h : yb;
	for (y = ya; y < yb; y++)
		for (x = xa; x < xb; x++)
			plot(img, x, y, c, alpha);
}

static void ellipse(struct imggen_image *img, double cx, double cy, double rx,
		    double ry, struct rgb c, double alpha)
{
	int x, y;

	if (rx <= 0 || ry <= 0)
		return;
	for (y = (int)floor(cy - ry); y <= (int)ceil(cy + ry); y++) {
		double dy = (y + 0.5 - cy) / ry;

		if (y < 0 || y >= img->h || dy * dy > 1)
			continue;
		for (x = (int)floor(cx - rx); x <= (int)ceil(cx + rx); x++) {
			double dx = (x + 0.5 - cx) / rx;

			if (dx * dx + dy * dy <= 1)
				plot(img, x, y, c, alpha);
		}
	}
}

/* The grey a ghost image (the faint copy on a card) shows instead of C. */
static struct rgb tone(struct rgb c, int ghost)
{
	unsigned char v;

	if (!ghost)
		return c;
	v = (unsigned char)((77 * c.r + 150 * c.g + 29 * c.b) >> 8);
	return (struct rgb){ v, v, v };
}

static double pen_x(const struct pen *p, double fx)
{
	return p->b.x + p->b.w * fx;
}

static double pen_y(const struct pen *p, double fy)
{
	return p->b.y + p->b.h * fy;
}

static void pen_rect(const struct pen *p, double x0, double y0, double x1,
		     double y1, struct rgb c)
{
	rect(p->img, pen_x(p, x0), pen_y(p, y0), pen_x(p, x1), pen_y(p, y1),
	     tone(c, p->ghost), p->alpha);
}

static void pen_ellipse(const struct pen *p, double cx, double cy, double rx,
			double ry, struct rgb c)
{
	ellipse(p->img, pen_x(p, cx), pen_y(p, cy), p->b.w * rx, p->b.h * ry,
		tone(c, p->ghost), p->alpha);
}

/*
 * Adds noise of about SIGMA levels and a light gradient: the camera. The
 * noise is the sum of two random bytes (a triangular distribution, close
 * enough to a sensor's); gain and noise are in 1/256 fixed point.
 */
static void camera(struct imggen_image *img, struct imggen_rng *r,
		   double sigma, double light)
{
	double lx = imggen_real(r, -light, light);
	double ly = imggen_real(r, -light, light);
	int scale = (int)(sigma / 104.5 * 256), x, y, c, gain, a, b, v;
	size_t i = 0;

	for (y = 0; y < img->h; y++) {
		double gy = 1 + ly * ((double)y / img->h - 0.5);

		for (x = 0; x < img->w; x++) {
			uint64_t bits = imggen_next(r);
			double gx = lx * ((double)x / img->w - 0.5);

			gain = (int)(256 * (gy + gx));
			for (c = 0; c < 3; c++, i++) {
				a = (int)(bits >> (16 * c)) & 0xFF;
				b = (int)(bits >> (16 * c + 8)) & 0xFF;
				v = img->rgb[i] * gain + (a + b - 255) * scale;
				img->rgb[i] = clamp255((v + 128) / 256);
			}
		}
	}
}

/* --- text-like marks ------------------------------------------------- */

/* One glyph in box B: a COLS x ROWS grid of cells, inked where BITS say. */
static void glyph(struct imggen_image *img, struct box b, int cols, int rows,
		  uint64_t bits, struct rgb ink)
{
	double cw = b.w / cols, ch = b.h / rows;
	int i, j;

	for (j = 0; j < rows; j++)
		for (i = 0; i < cols; i++)
			if ((bits >> (j * cols + i)) & 1)
				rect(img, b.x + i * cw, b.y + j * ch,
				     b.x + (i + 1) * cw, b.y + (j + 1) * ch,
				     ink, 1);
}

/*
 * A line of words of glyph-like marks, H high, from (X, Y) to at most
 * MAXW further right (all fractions of the pen's box).
 */
static void text_line(const struct pen *p, struct imggen_rng *r, double x,
		      double y, double maxw, double h, struct rgb ink)
{
	double cw = p->b.h * h * 0.62 / p->b.w, end = x + maxw;
	struct box g = { 0, pen_y(p, y), p->b.w * cw * 0.78, p->b.h * h };
	int letters, i;

	while (x < end) {
		letters = imggen_range(r, 2, 9);
		if (x + letters * cw > end)
			letters = (int)((end - x) / cw);
		for (i = 0; i < letters; i++) {
			g.x = pen_x(p, x + i * cw);
			glyph(p->img, g, 3, 5, imggen_next(r) | 0x2, ink);
		}
		x += (letters + 1) * cw;
		if (imggen_range(r, 0, 3) == 0)
			break;
	}
}

/* --- faces ----------------------------------------------------------- */

static const struct rgb skin_tones[] = {
	{ 241, 204, 176 }, { 224, 178, 142 }, { 198, 144, 106 },
	{ 170, 118, 82 }, { 132, 88, 60 }, { 236, 190, 160 },
};

static const struct rgb hair_colours[] = {
	{ 30, 22, 18 }, { 62, 40, 26 }, { 96, 64, 38 }, { 150, 110, 60 },
	{ 120, 120, 120 }, { 20, 20, 24 },
};

/*
 * An ellipse (ROUND) or its bounding rectangle filled with stripes of
 * colours A and B, PERIOD pixels apart and turned by ANGLE: patterned
 * clothes, wallpaper. E holds the centre and the radii.
 */
static void striped_ellipse(struct imggen_image *img, struct box e, int round,
			    struct rgb a, struct rgb b, double period,
			    double angle, double alpha)
{
	double ca = cos(angle) / period, sa = sin(angle) / period, u;
	double cx = e.x, cy = e.y, rx = e.w, ry = e.h;
	int x, y;

	if (rx <= 0 || ry <= 0)
		return;
	for (y = (int)floor(cy - ry); y <= (int)ceil(cy + ry); y++) {
		double dy = (y + 0.5 - cy) / ry;

		if (y < 0 || y >= img->h || dy * dy > 1)
			continue;
		for (x = (int)floor(cx - rx); x <= (int)ceil(cx + rx); x++) {
			double dx = (x + 0.5 - cx) / rx;

			if (round && dx * dx + dy * dy > 1)
				continue;
			u = x * ca + y * sa;
			plot(img, x, y, u - floor(u) < 0.5 ? a : b, alpha);
		}
	}
}

/* The same through a pen: centre, radii as fractions, period too. */
static void pen_stripes(const struct pen *p, double cx, double cy, double rx,
			double ry, struct rgb a, struct rgb b, double period,
			double angle)
{
	struct box e = { pen_x(p, cx), pen_y(p, cy), p->b.w * rx,
			 p->b.h * ry };

	striped_ellipse(p->img, e, 1, tone(a, p->ghost), tone(b, p->ghost),
			p->b.w * period, angle, p->alpha);
}

/*
 * A studio background: a colour fading towards another, in a direction of
 * its own, with a few soft blobs of light: no two sittings look alike.
 */
static void backdrop(const struct pen *p, struct imggen_rng *r)
{
	struct rgb top = random_colour(r, 150, 240);
	struct rgb bottom = random_colour(r, 150, 240);
	int y, rows = (int)p->b.h, i, n = imggen_range(r, 2, 5);
	double slope = imggen_real(r, -0.6, 0.6);

	for (y = 0; y < rows; y++) {
		double t = (double)y / rows;

		pen_rect(p, 0, t, 0.5, t + 1.0 / rows,
			 mix(top, bottom, t - slope * 0.25));
		pen_rect(p, 0.5, t, 1, t + 1.0 / rows,
			 mix(top, bottom, t + slope * 0.25));
	}
	for (i = 0; i < n; i++)
		pen_ellipse(p, imggen_real(r, 0, 1), imggen_real(r, 0, 0.7),
			    imggen_real(r, 0.08, 0.3), imggen_real(r, 0.05, 0.2),
			    random_colour(r, 120, 250));
}

/* What differs from one person to another. */
struct look {
	struct rgb skin, hair, cloth, cloth2;
	double cx, ey, fw, fh, sp, hair_len, neck, shoulders, period, angle;
	int hair_style, glasses, beard;
};

static struct look draw_look(struct imggen_rng *r)
{
	struct look k;

	k.skin = skin_tones[imggen_range(r, 0, 5)];
	k.hair = hair_colours[imggen_range(r, 0, 5)];
	k.cloth = random_colour(r, 20, 220);
	k.cloth2 = random_colour(r, 20, 220);
	k.fw = imggen_real(r, 0.16, 0.30);
	k.fh = imggen_real(r, 0.20, 0.33);
	k.sp = k.fw * imggen_real(r, 0.30, 0.48);
	k.hair_len = imggen_real(r, 0.1, 1.2);
	k.cx = imggen_real(r, 0.38, 0.62);
	k.ey = imggen_real(r, 0.32, 0.48);
	k.neck = imggen_real(r, 0.25, 0.45);
	k.shoulders = imggen_real(r, 0.32, 0.56);
	k.period = imggen_real(r, 0.04, 0.16);
	k.angle = imggen_real(r, 0, M_PI);
	k.hair_style = imggen_range(r, 0, 3);
	k.glasses = imggen_range(r, 0, 3) == 0;
	k.beard = imggen_range(r, 0, 4) == 0;
	return k;
}

/* Hair behind the head (long styles) or tufts around it (curly). */
static void hair_back(const struct pen *p, struct imggen_rng *r,
		      const struct look *k)
{
	int i;

	if (k->hair_style == 0)
		pen_ellipse(p, k->cx, k->ey - k->fh * 0.15, k->fw * 1.22,
			    k->fh * (1 + k->hair_len / 2), k->hair);
	if (k->hair_style != 3)
		return;
	for (i = 0; i < 9; i++) {
		double a = M_PI * (1.05 + i * 0.11);

		pen_ellipse(p, k->cx + cos(a) * k->fw * 1.05,
			    k->ey - k->fh * 0.1 + sin(a) * k->fh * 1.05,
			    k->fw * imggen_real(r, 0.2, 0.35),
			    k->fh * imggen_real(r, 0.15, 0.3), k->hair);
	}
}

/* The hair on top of the head: a cap, a side part, or almost none. */
static void hair_top(const struct pen *p, struct imggen_rng *r,
		     const struct look *k)
{
	double part = imggen_real(r, -0.5, 0.5);

	switch (k->hair_style) {
	case 2:
		pen_ellipse(p, k->cx + part * k->fw * 0.4,
			    k->ey - k->fh * 0.8, k->fw * 0.95, k->fh * 0.3,
			    k->hair);
		break;
	default:
		pen_ellipse(p, k->cx, k->ey - k->fh * 0.78, k->fw * 1.02,
			    k->fh * (0.3 + 0.1 * k->hair_len), k->hair);
		break;
	}
}

/* Eyes, brows, nose, mouth, and maybe glasses and a beard. */
static void features(const struct pen *p, struct imggen_rng *r,
		     const struct look *k)
{
	struct rgb eye = { 40, 30, 30 }, lip = { 170, 70, 70 };
	struct rgb white = { 245, 245, 245 }, frame = { 30, 30, 35 };
	double fw = k->fw, fh = k->fh, cx = k->cx, ey = k->ey;
	double brow = imggen_real(r, 0.18, 0.3), mouth;
	int side;

	for (side = -1; side <= 1; side += 2) {
		double ex = cx + side * k->sp;

		if (k->glasses)
			pen_ellipse(p, ex, ey - fh * 0.08, fw * 0.3, fh * 0.16,
				    frame);
		pen_ellipse(p, ex, ey - fh * 0.08, fw * 0.17, fh * 0.07, white);
		pen_ellipse(p, ex, ey - fh * 0.08, fw * 0.07, fh * 0.065, eye);
		pen_rect(p, ex - fw * 0.18, ey - fh * brow, ex + fw * 0.18,
			 ey - fh * (brow - 0.05), k->hair);
	}
	pen_ellipse(p, cx, ey + fh * 0.15, fw * imggen_real(r, 0.06, 0.12),
		    fh * 0.16, mix(k->skin, eye, 0.25));
	if (k->beard)
		pen_ellipse(p, cx, ey + fh * 0.62, fw * 0.75, fh * 0.38,
			    k->hair);
	mouth = fw * imggen_real(r, 0.25, 0.4);
	pen_ellipse(p, cx, ey + fh * imggen_real(r, 0.45, 0.55), mouth,
		    fh * 0.07, lip);
}

/*
 * A cartoon head and shoulders filling the pen's box, all proportions,
 * positions, colours, clothes and hair drawn from PERSON; with STUDIO the
 * box is painted first. Drawn unclipped; see face().
 */
static void face_shapes(const struct pen *p, uint64_t person, int studio)
{
	struct imggen_rng r;
	struct look k;

	imggen_seed(&r, imggen_mix(person, 1));
	k = draw_look(&r);
	if (studio)
		backdrop(p, &r);

	pen_stripes(p, k.cx, 1.02, k.shoulders, 0.30, k.cloth, k.cloth2,
		    k.period, k.angle);
	pen_rect(p, k.cx - k.fw * k.neck, k.ey + k.fh * 0.5,
		 k.cx + k.fw * k.neck, 0.8, mix(k.skin, k.hair, 0.15));
	hair_back(p, &r, &k);
	pen_ellipse(p, k.cx, k.ey, k.fw, k.fh, k.skin);
	hair_top(p, &r, &k);
	features(p, &r, &k);
}

/* Copies rows of W pixels between the image at (X, Y) and PART. */
static void copy_part(struct imggen_image *img, int x, int y,
		      struct imggen_image *part, int to_image)
{
	size_t row = (size_t)part->w * 3;
	int j;

	for (j = 0; j < part->h; j++) {
		unsigned char *in_image = at(img, x, y + j);
		unsigned char *in_part = part->rgb + row * j;

		if (to_image)
			memcpy(in_image, in_part, row);
		else
			memcpy(in_part, in_image, row);
	}
}

/*
 * The face clipped to box B: drawn on a copy of the box and copied back.
 * GHOST draws it grey and faint. Returns 0 or -1 (memory).
 */
static int face(struct imggen_image *img, struct box b, uint64_t person,
		int studio, int ghost)
{
	int x0 = (int)b.x, y0 = (int)b.y, w = (int)b.w, h = (int)b.h;
	struct imggen_image part;
	struct pen p = { &part, { b.x - x0, b.y - y0, b.w, b.h }, 1, ghost };

	if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > img->w ||
	    y0 + h > img->h)
		return 0;
	if (imggen_alloc(&part, w, h))
		return -1;
	p.alpha = ghost ? 0.45 : 1;
	copy_part(img, x0, y0, &part, 0);
	face_shapes(&p, person, studio);
	copy_part(img, x0, y0, &part, 1);
	imggen_free(&part);
	return 0;
}

/* --- the card -------------------------------------------------------- */

/* The four colours a background column can take: plain, waves 1, 2, both. */
static void background_shades(struct rgb base, struct rgb wave1,
			      struct rgb wave2, struct rgb *shade)
{
	shade[0] = base;
	shade[1] = mix(base, wave1, 0.55);
	shade[2] = mix(base, wave2, 0.45);
	shade[3] = mix(shade[1], wave2, 0.45);
}

/*
 * The card's background: a pastel gradient crossed by two families of
 * wavy lines, the security print. The gradient depends on x only, so the
 * four possible colours of each column are worked out once; the waves are
 * tested in 1/16 pixel fixed point.
 */
static int card_background(struct imggen_image *img, struct box b,
			   uint64_t design)
{
	int x0 = (int)b.x, y0 = (int)b.y, w = (int)b.w, h = (int)b.h;
	struct rgb left, right, wave1, wave2, *shade, *c;
	int *colwave, *rowwave, p1, p2, x, y, on1, on2;
	double f1, f2, a1, a2;
	struct imggen_rng r;

	if (w <= 0 || h <= 0)
		return 0;
	imggen_seed(&r, imggen_mix(design, 2));
	left = random_colour(&r, 215, 250);
	right = random_colour(&r, 215, 250);
	wave1 = random_colour(&r, 120, 240);
	wave2 = random_colour(&r, 120, 240);
	f1 = imggen_real(&r, 3, 7) * 2 * M_PI / w;
	f2 = imggen_real(&r, 2, 5) * 2 * M_PI / h;
	a1 = h * imggen_real(&r, 0.02, 0.06);
	a2 = w * imggen_real(&r, 0.02, 0.05);
	p1 = (int)(16 * h / imggen_real(&r, 25, 40)) + 1;
	p2 = (int)(16 * w / imggen_real(&r, 30, 50)) + 1;
	colwave = malloc(sizeof(int) * w);
	rowwave = malloc(sizeof(int) * h);
	shade = malloc(sizeof(struct rgb) * 4 * w);
	if (!colwave || !rowwave || !shade) {
		free(colwave);
		free(rowwave);
		free(shade);
		return -1;
	}
	for (x = 0; x < w; x++) {
		background_shades(mix(left, right, (double)x / w), wave1, wave2,
				  shade + 4 * x);
		colwave[x] = (int)(16 * (a1 * sin(x * f1) + 4 * h));
	}
	for (y = 0; y < h; y++)
		rowwave[y] = (int)(16 * (a2 * sin(y * f2) + 0.3 * y + 4 * w));

	for (y = 0; y < h && y0 + y < img->h; y++) {
		unsigned char *p = at(img, x0, y0 + y);

		for (x = 0; x < w && x0 + x < img->w; x++, p += 3) {
			on1 = (16 * y + colwave[x]) % p1 * 100 < p1 * 12;
			on2 = (16 * x + rowwave[y]) % p2 * 100 < p2 * 10;
			c = shade + 4 * x + on1 + 2 * on2;
			p[0] = c->r;
			p[1] = c->g;
			p[2] = c->b;
		}
	}
	free(colwave);
	free(rowwave);
	free(shade);
	return 0;
}

/* Header band, emblem and the other parts every card of the model has. */
static void card_front_furniture(const struct pen *p, uint64_t design)
{
	struct rgb band, title = { 250, 250, 250 }, emblem, map;
	struct imggen_rng r;
	int i;

	imggen_seed(&r, imggen_mix(design, 3));
	band = random_colour(&r, 90, 160);
	emblem = random_colour(&r, 40, 120);
	map = random_colour(&r, 180, 240);
	pen_rect(p, 0, 0, 1, 0.2, band);
	for (i = 0; i < 4; i++)
		pen_ellipse(p, 0.1, 0.11, 0.06 - i * 0.012, 0.09 - i * 0.018,
			    i % 2 ? band : emblem);
	text_line(p, &r, 0.2, 0.04, 0.7, 0.06, title);
	text_line(p, &r, 0.2, 0.12, 0.5, 0.045, title);
	ellipse(p->img, pen_x(p, 0.9), pen_y(p, 0.88), p->b.w * 0.06,
		p->b.h * 0.07, map, 0.8);
}

/* Label and value lines: the printed data of one citizen. */
static void card_front_text(const struct pen *p, uint64_t data)
{
	struct rgb label = { 120, 110, 110 }, value = { 25, 25, 30 };
	double y = 0.26, lh = 0.045;
	struct imggen_rng r;
	int row;

	imggen_seed(&r, imggen_mix(data, 4));
	for (row = 0; row < 9 && y < 0.93; row++) {
		text_line(p, &r, 0.35, y, 0.12, lh * 0.55, label);
		text_line(p, &r, 0.35, y + lh * 0.7, 0.45, lh, value);
		y += lh * 1.9;
	}
}

/* A box inside the pen's box, from fractions of it. */
static struct box sub_box(const struct pen *p, double x, double y, double w,
			  double h)
{
	struct box b = { pen_x(p, x), pen_y(p, y), p->b.w * w, p->b.h * h };

	return b;
}

static int card_front(const struct pen *p, const struct imggen_card *c)
{
	struct box photo = sub_box(p, 0.05, 0.28, 0.26, 0.64);
	struct box ghost = sub_box(p, 0.82, 0.42, 0.13, 0.3);

	card_front_furniture(p, c->design);
	if (face(p->img, photo, c->person, 1, 0) ||
	    face(p->img, ghost, c->person, 0, 1))
		return -1;
	card_front_text(p, c->data);
	return 0;
}

/* A barcode of random bars along the top of the back. */
static void barcode(const struct pen *p, struct imggen_rng *d, struct rgb ink)
{
	double x = 0.04, bar;

	while (x < 0.74) {
		bar = 0.004 * imggen_range(d, 1, 3);
		pen_rect(p, x, 0.05, x + bar, 0.28, ink);
		x += bar + 0.004 * imggen_range(d, 1, 3);
	}
}

/* A QR-like square of 25 x 25 random modules, 15% of each left blank. */
static void qr_square(const struct pen *p, struct imggen_rng *d, struct rgb ink)
{
	double mw = 0.0072, mh = 0.0072 * p->b.w / p->b.h, x, y;
	int i, j;

	for (j = 0; j < 25; j++)
		for (i = 0; i < 25; i++) {
			if (!(imggen_next(d) & 1))
				continue;
			x = 0.78 + i * mw;
			y = 0.05 + j * mh;
			pen_rect(p, x, y, x + 0.85 * mw, y + 0.85 * mh, ink);
		}
}

/* Three lines of 30 glyphs ending in runs of the filler '<'. */
static void mrz(const struct pen *p, struct imggen_rng *d, struct rgb ink)
{
	struct box g = { 0, 0, p->b.w * 0.022, p->b.h * 0.075 };
	uint64_t bits;
	int line, i;

	for (line = 0; line < 3; line++)
		for (i = 0; i < 30; i++) {
			bits = imggen_next(d);
			if (i > 22 + line * 2 && (bits & 3))
				bits = 0x1054ull;
			g.x = pen_x(p, 0.05 + i * 0.03);
			g.y = pen_y(p, 0.65 + line * 0.1);
			glyph(p->img, g, 5, 7, bits | 0x4, ink);
		}
}

/* Barcode, QR-like square, fingerprint, hologram and the MRZ band. */
static void card_back(const struct pen *p, const struct imggen_card *c)
{
	struct rgb black = { 20, 20, 24 }, band = { 246, 246, 242 }, stamp;
	struct imggen_rng r, d;
	int i;

	imggen_seed(&r, imggen_mix(c->design, 5));
	imggen_seed(&d, imggen_mix(c->data, 6));
	stamp = random_colour(&r, 150, 240);
	barcode(p, &d, black);
	qr_square(p, &d, black);
	for (i = 0; i < 7; i++)
		pen_ellipse(p, 0.45, 0.45, 0.05 - i * 0.007, 0.1 - i * 0.014,
			    i % 2 ? band : black);
	ellipse(p->img, pen_x(p, 0.8), pen_y(p, 0.48), p->b.w * 0.08,
		p->b.h * 0.1, stamp, 0.6);
	pen_rect(p, 0.02, 0.62, 0.98, 0.96, band);
	mrz(p, &d, black);
}

/* Paints a surface over the whole frame: a colour darkening downwards. */
static void surface(struct imggen_image *img, struct imggen_rng *r)
{
	struct rgb base = random_colour(r, 40, 150), black = { 0, 0, 0 };
	double t;
	int y;

	for (y = 0; y < img->h; y++) {
		t = 0.25 * y / img->h + imggen_real(r, 0, 0.04);
		rect(img, 0, y, img->w, y + 1, mix(base, black, t), 1);
	}
}

/* Where a card goes in the frame; a framed card lies on a surface. */
static struct box place_card(struct imggen_image *img, struct imggen_rng *r,
			     int framed)
{
	struct box b = { 0, 0, img->w, img->h };
	struct rgb black = { 0, 0, 0 };

	if (!framed)
		return b;
	surface(img, r);
	b.w = img->w * imggen_real(r, 0.6, 0.8);
	b.h = b.w / IMG_ID1_ASPECT;
	if (b.h > img->h * 0.9) {
		b.h = img->h * 0.9;
		b.w = b.h * IMG_ID1_ASPECT;
	}
	b.x = floor(imggen_real(r, 0.05, 0.95) * (img->w - b.w));
	b.y = floor(imggen_real(r, 0.05, 0.95) * (img->h - b.h));
	b.w = floor(b.w);
	b.h = floor(b.h);
	rect(img, b.x + b.w * 0.015, b.y + b.h * 0.02, b.x + b.w * 1.015,
	     b.y + b.h * 1.02, black, 0.35);
	return b;
}

/* FRONT selects the side. The surface, light and noise come from SHOT. */
static int card_image(const struct imggen_card *c, int w, int h, int front,
		      struct imggen_image *out)
{
	struct imggen_rng shot;
	struct pen p = { out, { 0, 0, 0, 0 }, 1, 0 };

	if (imggen_alloc(out, w, h))
		return -1;
	imggen_seed(&shot, imggen_mix(c->shot, 7));
	p.b = place_card(out, &shot, c->framed);
	if (card_background(out, p.b, c->design + !front) ||
	    (front && card_front(&p, c))) {
		imggen_free(out);
		return -1;
	}
	if (!front)
		card_back(&p, c);
	if (c->framed)
		camera(out, &shot, 2.5, 0.2);
	else
		camera(out, &shot, 1.0, 0.04);
	return 0;
}

int imggen_card_front(const struct imggen_card *c, int w, int h,
		      struct imggen_image *out)
{
	return card_image(c, w, h, 1, out);
}

int imggen_card_back(const struct imggen_card *c, int w, int h,
		     struct imggen_image *out)
{
	return card_image(c, w, h, 0, out);
}

/* --- photo, signature, document -------------------------------------- */

/* Wallpaper on the wall above HORIZON: stripes of a period and angle. */
static void wallpaper(struct imggen_image *img, struct imggen_rng *r,
		      struct rgb wall, double horizon)
{
	struct box e = { img->w / 2.0, img->h * horizon / 2, img->w / 2.0,
			 img->h * horizon / 2 };
	struct rgb other = mix(wall, random_colour(r, 20, 240), 0.5);
	double period = img->w * imggen_real(r, 0.05, 0.25);

	striped_ellipse(img, e, 0, wall, other, period,
			imggen_real(r, 0, M_PI), 1);
}

/*
 * A room: a wall (plain or papered), a floor, and a few pieces of
 * furniture, all from the shot.
 */
static void room(struct imggen_image *img, struct imggen_rng *r)
{
	struct pen p = { img, { 0, 0, img->w, img->h }, 1, 0 };
	struct rgb wall = random_colour(r, 90, 230);
	struct rgb floor_colour = random_colour(r, 50, 160);
	double horizon = imggen_real(r, 0.55, 0.85), x, y, w, h;
	int i, n = imggen_range(r, 3, 9);

	pen_rect(&p, 0, 0, 1, horizon, wall);
	if (imggen_range(r, 0, 1))
		wallpaper(img, r, wall, horizon);
	pen_rect(&p, 0, horizon, 1, 1, floor_colour);
	for (i = 0; i < n; i++) {
		x = imggen_real(r, -0.1, 0.9);
		y = imggen_real(r, 0, 0.8);
		w = imggen_real(r, 0.06, 0.35);
		h = imggen_real(r, 0.08, 0.4);
		pen_rect(&p, x, y, x + w, y + h, random_colour(r, 20, 240));
	}
	for (i = 0; i < 3; i++) {
		x = imggen_real(r, 0, 1);
		y = imggen_real(r, 0, 1);
		w = imggen_real(r, 0.04, 0.15);
		h = imggen_real(r, 0.04, 0.15);
		pen_ellipse(&p, x, y, w, h, random_colour(r, 20, 240));
	}
}

int imggen_live_photo(uint64_t person, uint64_t shot, int w, int h,
		      struct imggen_image *out)
{
	struct imggen_rng r;
	struct box b;

	if (imggen_alloc(out, w, h))
		return -1;
	imggen_seed(&r, imggen_mix(shot, 8));
	room(out, &r);
	b.w = w * imggen_real(&r, 0.6, 0.95);
	b.h = h * imggen_real(&r, 0.65, 0.95);
	b.x = (w - b.w) * imggen_real(&r, 0.2, 0.8);
	b.y = h - b.h;
	if (face(out, b, person, 0, 0)) {
		imggen_free(out);
		return -1;
	}
	camera(out, &r, 2.5, 0.25);
	return 0;
}

/* One looping pen stroke of radius PEN from (X, Y), LEN wide, in pixels. */
static void stroke(struct imggen_image *img, struct imggen_rng *r, double x,
		   double y, double len, double height, double pen,
		   struct rgb ink)
{
	double loops = imggen_real(r, 2, 6);
	double amp = height * imggen_real(r, 0.2, 0.5);
	double back = len / loops * imggen_real(r, 0.1, 0.3);
	double phase = imggen_real(r, 0, 6.28);
	double t, dt = pen / (len * 4 + 4 * amp * loops), px, py;

	for (t = 0; t <= 1; t += dt) {
		px = x + len * t + back * sin(2 * M_PI * loops * t + phase);
		py = y + amp * cos(2 * M_PI * loops * t) * sin(M_PI * t + 0.3);
		ellipse(img, px, py, pen, pen, ink, 1);
	}
}

int imggen_signature(uint64_t seed, int strokes, int w, int h,
		     struct imggen_image *out)
{
	struct rgb paper, ink = { 25, 30, 80 }, line;
	double x, len, pen = w / 350.0 + 0.8;
	struct imggen_rng r;
	int i;

	if (imggen_alloc(out, w, h))
		return -1;
	imggen_seed(&r, imggen_mix(seed, 9));
	paper.r = (unsigned char)imggen_range(&r, 238, 250);
	paper.g = (unsigned char)imggen_range(&r, 236, 248);
	paper.b = (unsigned char)imggen_range(&r, 228, 244);
	line = mix(paper, ink, 0.15);
	rect(out, 0, 0, w, h, paper, 1);
	rect(out, w * 0.08, h * 0.78, w * 0.92, h * 0.78 + pen, line, 1);
	x = w * imggen_real(&r, 0.1, 0.25);
	for (i = 0; i < strokes && x < w * 0.85; i++) {
		len = w * imggen_real(&r, 0.1, 0.3);
		stroke(out, &r, x, h * imggen_real(&r, 0.4, 0.6), len, h * 0.5,
		       pen, ink);
		x += len * imggen_real(&r, 0.8, 1.1);
	}
	camera(out, &r, 1.5, 0.08);
	return 0;
}

int imggen_document(uint64_t seed, int w, int h, struct imggen_image *out)
{
	struct rgb sheet = { 244, 244, 240 }, ink = { 30, 30, 30 }, logo;
	struct pen p = { out, { 0, 0, 0, 0 }, 1, 0 };
	struct imggen_rng r;
	double y;

	if (imggen_alloc(out, w, h))
		return -1;
	imggen_seed(&r, imggen_mix(seed, 10));
	rect(out, 0, 0, w, h, random_colour(&r, 40, 150), 1);
	p.b.h = h * 0.9;
	p.b.w = p.b.h / 1.294;
	p.b.x = (w - p.b.w) * imggen_real(&r, 0.2, 0.8);
	p.b.y = h * 0.05;
	logo = random_colour(&r, 30, 200);
	pen_rect(&p, 0, 0, 1, 1, sheet);
	pen_ellipse(&p, 0.15, 0.08, 0.08, 0.08 * p.b.w / p.b.h, logo);
	for (y = 0.2; y < 0.9; y += 0.035)
		text_line(&p, &r, 0.1, y, 0.8, 0.018, ink);
	camera(out, &r, 2.5, 0.2);
	return 0;
}

/* --- transforms ------------------------------------------------------ */

void imggen_photocopy(struct imggen_image *img, uint64_t seed)
{
	size_t i, n = (size_t)img->w * img->h;
	unsigned char *p = img->rgb;
	struct imggen_rng r;
	double v;

	imggen_seed(&r, imggen_mix(seed, 11));
	for (i = 0; i < n; i++, p += 3) {
		v = (77 * p[0] + 150 * p[1] + 29 * p[2]) / 256.0;

		/* Copiers crush the mid-tones and scatter toner. */
		v = (v - 128) * 1.45 + 150;
		if ((imggen_next(&r) & 1023) == 0)
			v = 40;
		p[0] = clamp255(v + 3);
		p[1] = clamp255(v + 1);
		p[2] = clamp255(v - 3);
	}
}

static int clamp_index(int i, int n)
{
	if (i < 0)
		return 0;
	return i < n ? i : n - 1;
}

/* One box-blur pass of radius R along a line of N pixels, STRIDE apart. */
static void box_line(unsigned char *p, int n, size_t stride, int r,
		     unsigned char *tmp)
{
	int i, c;

	for (c = 0; c < 3; c++) {
		long sum = 0;

		for (i = -r; i <= r; i++)
			sum += p[(size_t)clamp_index(i, n) * stride + c];
		for (i = 0; i < n; i++) {
			size_t add = (size_t)clamp_index(i + r + 1, n) * stride;
			size_t sub = (size_t)clamp_index(i - r, n) * stride;

			tmp[3 * i + c] = (unsigned char)(sum / (2 * r + 1));
			sum += p[add + c] - p[sub + c];
		}
	}
	for (i = 0; i < n; i++)
		memcpy(p + (size_t)i * stride, tmp + 3 * i, 3);
}

int imggen_blur(struct imggen_image *img, int radius)
{
	int pass, x, y, n = img->w > img->h ? img->w : img->h;
	size_t row = (size_t)img->w * 3;
	unsigned char *tmp = malloc((size_t)n * 3);

	if (!tmp)
		return -1;
	for (pass = 0; pass < 3; pass++) {
		for (y = 0; y < img->h; y++)
			box_line(at(img, 0, y), img->w, 3, radius, tmp);
		for (x = 0; x < img->w; x++)
			box_line(at(img, x, 0), img->h, row, radius, tmp);
	}
	free(tmp);
	return 0;
}

void imggen_darken(struct imggen_image *img, double factor)
{
	size_t i, n = (size_t)img->w * img->h * 3;

	for (i = 0; i < n; i++)
		img->rgb[i] = clamp255(img->rgb[i] * factor);
}

/* Bilinear sample of channel C at (SX, SY), clamped at the edges. */
static double sample(const struct imggen_image *in, double sx, double sy,
		     int c)
{
	int x0 = sx < 0 ? 0 : (int)sx, y0 = sy < 0 ? 0 : (int)sy;
	int x1 = x0 + 1 < in->w ? x0 + 1 : x0;
	int y1 = y0 + 1 < in->h ? y0 + 1 : y0;
	double fx = sx - x0 < 0 ? 0 : sx - x0, fy = sy - y0 < 0 ? 0 : sy - y0;
	double top = at(in, x0, y0)[c] * (1 - fx) + at(in, x1, y0)[c] * fx;
	double bottom = at(in, x0, y1)[c] * (1 - fx) + at(in, x1, y1)[c] * fx;

	return top + (bottom - top) * fy;
}

int imggen_resize(const struct imggen_image *in, int w, int h,
		  struct imggen_image *out)
{
	double sx, sy;
	int x, y, c;

	if (imggen_alloc(out, w, h))
		return -1;
	for (y = 0; y < h; y++) {
		sy = (y + 0.5) * in->h / h - 0.5;
		for (x = 0; x < w; x++) {
			sx = (x + 0.5) * in->w / w - 0.5;
			for (c = 0; c < 3; c++)
				at(out, x, y)[c] =
					clamp255(sample(in, sx, sy, c));
		}
	}
	return 0;
}

/* --- encoding -------------------------------------------------------- */

/* A growing buffer for stb_image_write's callback. */
struct sink {
	unsigned char *data;
	size_t len, cap;
	int failed;
};

static void sink_write(void *context, void *bytes, int size)
{
	struct sink *s = context;
	unsigned char *grown;
	size_t cap;

	if (s->failed || size <= 0)
		return;
	if (s->len + size > s->cap) {
		cap = s->cap ? s->cap * 2 : 65536;
		while (cap < s->len + size)
			cap *= 2;
		grown = realloc(s->data, cap);
		if (!grown) {
			s->failed = 1;
			return;
		}
		s->data = grown;
		s->cap = cap;
	}
	memcpy(s->data + s->len, bytes, size);
	s->len += size;
}

static int sink_result(struct sink *s, int ok, unsigned char **data,
		       size_t *len)
{
	if (!ok || s->failed) {
		free(s->data);
		return -1;
	}
	*data = s->data;
	*len = s->len;
	return 0;
}

int imggen_jpeg(const struct imggen_image *img, int quality, int grey,
		unsigned char **data, size_t *len)
{
	struct sink s = { NULL, 0, 0, 0 };
	size_t i, n = (size_t)img->w * img->h;
	unsigned char *luma;
	const unsigned char *p;
	int ok;

	if (!grey) {
		ok = stbi_write_jpg_to_func(sink_write, &s, img->w, img->h, 3,
					    img->rgb, quality);
		return sink_result(&s, ok, data, len);
	}
	luma = malloc(n);
	if (!luma)
		return -1;
	for (i = 0, p = img->rgb; i < n; i++, p += 3)
		luma[i] = (unsigned char)((77 * p[0] + 150 * p[1] +
					   29 * p[2]) >> 8);
	ok = stbi_write_jpg_to_func(sink_write, &s, img->w, img->h, 1, luma,
				    quality);
	free(luma);
	return sink_result(&s, ok, data, len);
}

int imggen_png(const struct imggen_image *img, unsigned char **data,
	       size_t *len)
{
	struct sink s = { NULL, 0, 0, 0 };
	int ok = stbi_write_png_to_func(sink_write, &s, img->w, img->h, 3,
					img->rgb, img->w * 3);

	return sink_result(&s, ok, data, len);
}

/* --- one image of a support ------------------------------------------ */

static const char *const kind_names[GEN_KIND_COUNT] = {
	"genuino", "fotocopia", "plantilla", "recodificada", "firma_vacia",
	"corrupta", "truncada", "borrosa", "oscura", "documento"
};

const char *imggen_kind_name(enum imggen_kind kind)
{
	return kind < GEN_KIND_COUNT ? kind_names[kind] : "?";
}

int imggen_kind_from_name(const char *name)
{
	int i;

	for (i = 0; i < GEN_KIND_COUNT; i++)
		if (!strcmp(kind_names[i], name))
			return i;
	return -1;
}

/* The role's usual size: a phone photo of a card, a portrait, a pad. */
static void default_size(const struct imggen_spec *s, int *w, int *h)
{
	static const int sizes[IMG_ROLE_COUNT][2] = {
		{ 1280, 800 }, { 1280, 800 }, { 720, 960 }, { 800, 300 }
	};

	*w = s->width ? s->width : sizes[s->role][0];
	*h = s->height ? s->height : sizes[s->role][1];
	if (!s->width && s->cropped && s->role <= IMG_REVERSO)
		*h = (int)lround(*w / IMG_ID1_ASPECT);
}

/* Draws the picture (before any damage to the file). */
static int draw(const struct imggen_spec *s, int w, int h,
		struct imggen_image *img)
{
	struct imggen_card card = { IMGGEN_DESIGN, s->person, s->data, s->shot,
				    !s->cropped };
	int strokes = s->kind == GEN_EMPTY_PAD ? 0 : 5;

	if (s->kind == GEN_TEMPLATE) {
		card.person = s->template_seed;
		card.shot = imggen_mix(s->template_seed, s->data);
	}
	if (s->kind == GEN_DOCUMENT)
		return imggen_document(s->shot, w, h, img);
	switch (s->role) {
	case IMG_FRENTE:
		return imggen_card_front(&card, w, h, img);
	case IMG_REVERSO:
		return imggen_card_back(&card, w, h, img);
	case IMG_FOTO:
		return imggen_live_photo(s->person, s->shot, w, h, img);
	default:
		return imggen_signature(s->person, strokes, w, h, img);
	}
}

/* Kinds that make no sense for a role. */
static int kind_fits(enum img_role role, enum imggen_kind kind)
{
	int card = role == IMG_FRENTE || role == IMG_REVERSO;

	switch (kind) {
	case GEN_PHOTOCOPY:
	case GEN_TEMPLATE:
	case GEN_DOCUMENT:
		return card;
	case GEN_EMPTY_PAD:
		return role == IMG_FIRMA;
	default:
		return role < IMG_ROLE_COUNT && kind < GEN_KIND_COUNT;
	}
}

/* The picture changes a fraud makes before the file is written. */
static int alter(const struct imggen_spec *s, struct imggen_image *img)
{
	struct imggen_image resized;
	double f;

	switch (s->kind) {
	case GEN_PHOTOCOPY:
		imggen_photocopy(img, s->shot);
		return 0;
	case GEN_BLURRED:
		return imggen_blur(img, img->w / 200 + 2);
	case GEN_DARK:
		imggen_darken(img, 0.18);
		return 0;
	case GEN_REENCODED:
		f = 0.93 + 0.01 * (double)(s->shot % 5);
		if (imggen_resize(img, (int)(img->w * f), (int)(img->h * f),
				  &resized))
			return -1;
		imggen_free(img);
		*img = resized;
		return 0;
	default:
		return 0;
	}
}

/* Damages the encoded file for the corrupt and truncated kinds. */
static void damage(const struct imggen_spec *s, unsigned char *data,
		   size_t *len)
{
	struct imggen_rng r;
	size_t i;

	if (s->kind == GEN_TRUNCATED) {
		*len = *len * 55 / 100;
		return;
	}
	if (s->kind != GEN_CORRUPT)
		return;

	/* Tables and frame header: the decoder cannot start. */
	imggen_seed(&r, imggen_mix(s->shot, 12));
	for (i = 20; i < 400 && i < *len; i++)
		data[i] = (unsigned char)imggen_next(&r);
}

int imggen_make(const struct imggen_spec *s, unsigned char **data,
		size_t *len)
{
	int w, h, rc = -1, quality = s->quality ? s->quality : 88;
	struct imggen_image img = { 0, 0, NULL };

	if (!kind_fits(s->role, s->kind))
		return -1;
	default_size(s, &w, &h);
	if (draw(s, w, h, &img))
		return -1;
	if (alter(s, &img))
		goto out;
	if (s->kind == GEN_REENCODED)
		quality = quality > 80 ? quality - 20 : quality + 10;
	if (imggen_jpeg(&img, quality, 0, data, len))
		goto out;
	damage(s, *data, len);
	rc = 0;
out:
	imggen_free(&img);
	return rc;
}
