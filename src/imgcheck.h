/*
 * imgcheck.h - automatic checks on one support image (issue 5): does it
 * decode, its size, the card's aspect ratio against ID-1 (ISO/IEC 7810,
 * 85.60 x 53.98 mm), colourfulness (Hasler and Suesstrunk 2003), sharpness
 * (variance of the Laplacian), exposure, the ink share of a signature, and
 * 64-bit DCT perceptual hashes for finding reused images and templates.
 *
 * Measuring and judging are separate steps: imgcheck_measure decodes once
 * and keeps every value; imgcheck_judge compares the values with a table of
 * thresholds, so stored measurements can be judged again when the
 * thresholds change, and every flag can show the value that raised it.
 *
 * The functions share no state and may run in several threads at once.
 */
#ifndef APOYO_IMGCHECK_H
#define APOYO_IMGCHECK_H

#include <stddef.h>
#include <stdint.h>

/* Which image of a support; the names are the support file's columns. */
enum img_role {
	IMG_FRENTE,		/* card front */
	IMG_REVERSO,		/* card back */
	IMG_FOTO,		/* live photo of the citizen */
	IMG_FIRMA,		/* handwritten signature */
	IMG_ROLE_COUNT
};

/* Whether the bytes decoded, and if not, why (names in imgcheck.c). */
enum img_decode {
	IMG_DECODED,	/* "si" */
	IMG_EMPTY,	/* "vacia": zero bytes */
	IMG_NOT_IMAGE,	/* "no_es_imagen": not JPEG, PNG, GIF or BMP */
	IMG_TRUNCATED,	/* "truncada": JPEG with no end after its
			   last scan, PNG with no IEND */
	IMG_CORRUPT,	/* "corrupta": the decoder gave up */
	IMG_TOO_LARGE,	/* "demasiado_grande": > IMG_MAX_PIXELS */
	IMG_DECODE_COUNT
};

/* Images above this many pixels are not decoded (a 12 MP photo is fine). */
#define IMG_MAX_PIXELS (64L * 1000 * 1000)

/*
 * The measurements are made on a copy halved (2 x 2 means) until its long
 * side is at most this many pixels: a 12-megapixel photo then costs one
 * quick pass over its pixels, and values depend little on the camera's
 * resolution.
 */
#define IMG_WORK_SIDE 640

/* ID-1 card format, long side over short side. */
#define IMG_ID1_ASPECT (85.60 / 53.98)

/* The measured quantities; each may have a lower and an upper threshold. */
enum img_metric {
	IMG_LADO,	/* long side of the file, pixels */
	IMG_PROPORCION,	/* card: long / short side of the card found */
	IMG_COLOR,	/* colourfulness M (Hasler and Suesstrunk) */
	IMG_NITIDEZ,	/* variance of the 4-neighbour Laplacian of grey */
	IMG_BRILLO,	/* mean luminance 0-255, Rec. 601 weights */
	IMG_OSCUROS,	/* share of pixels with luminance <= 10 */
	IMG_CLAROS,	/* share of pixels with luminance >= 250 */
	IMG_TINTA,	/* signature: share of pixels 64 levels darker
			   than the paper */
	IMG_METRIC_COUNT
};

/* Everything measured on one image. Values not measured are NaN. */
struct img_measure {
	enum img_role role;
	enum img_decode decode;
	const char *decode_detail; /* the decoder's reason or NULL; static */
	int width, height;	/* of the file; 0 when it did not decode */
	int channels;		/* 1 grey, 3 colour, 2 and 4 with alpha */
	int card_found;		/* cards: one found inside the frame */
	int card_x, card_y;	/* the region measured, in file pixels: */
	int card_w, card_h;	/* the card found, else the whole image */
	double value[IMG_METRIC_COUNT];
	uint64_t phash;		/* whole image; 0 if it did not decode */
	uint64_t phash_retrato;	/* front: the card's photo box; else 0 */
};

/* A bound that is NaN is not checked. */
struct img_limit {
	double min, max;
};

struct img_thresholds {
	struct img_limit limit[IMG_ROLE_COUNT][IMG_METRIC_COUNT];
	int phash_same;		/* phash distance <= this: same image */
	int phash_template;	/* phash_retrato distance <= this: the same
				   photo on the card (one template when the
				   pictures as a whole differ) */
};

/*
 * The flags an image can raise. Each keeps the value behind it (see
 * imgcheck_flags_text). IMGF_REUSED and IMGF_TEMPLATE compare images of
 * different supports and are raised by the caller, not by imgcheck_judge.
 */
enum img_flag {
	IMGF_NO_DECODE = 1u << 0,	/* no_decodifica:<why> */
	IMGF_SMALL = 1u << 1,		/* pequena:<long side> */
	IMGF_ASPECT = 1u << 2,		/* proporcion:<aspect> */
	IMGF_GREY = 1u << 3,		/* sin_color:<M> */
	IMGF_BLURRED = 1u << 4,		/* borrosa:<variance> */
	IMGF_DARK = 1u << 5,		/* oscura:<mean> */
	IMGF_BRIGHT = 1u << 6,		/* sobreexpuesta:<mean> */
	IMGF_SHADOWS = 1u << 7,		/* sombras:<share> */
	IMGF_GLARE = 1u << 8,		/* quemada:<share> */
	IMGF_NO_INK = 1u << 9,		/* sin_tinta:<share> */
	IMGF_INK_EXCESS = 1u << 10,	/* exceso_tinta:<share> */
	IMGF_REUSED = 1u << 11,		/* reutilizada:<other support> */
	IMGF_TEMPLATE = 1u << 12	/* plantilla:<images alike> */
};

/* The defaults, calibrated on imggen's images (see apoyo-review(1)). */
extern const struct img_thresholds img_thresholds_default;

/*
 * Decodes LEN bytes at DATA as image ROLE and fills OUT. An image that
 * does not decode is a result, not an error: OUT->decode says why.
 * Returns 0, or -1 when memory ran out (OUT is then undefined).
 */
int imgcheck_measure(const unsigned char *data, size_t len, enum img_role role,
		     struct img_measure *out);

/* The flags (enum img_flag bits) M raises under thresholds T. */
unsigned imgcheck_judge(const struct img_measure *m,
			const struct img_thresholds *t);

/*
 * Writes FLAGS as space-separated "token:value" words into BUF (always
 * NUL-terminated when SIZE > 0), e.g. "sin_color:1.8 borrosa:12.4".
 * IMGF_REUSED and IMGF_TEMPLATE are left to the caller, which knows the
 * other support. Returns the length the full text needs, like snprintf.
 */
size_t imgcheck_flags_text(const struct img_measure *m, unsigned flags,
			   char *buf, size_t size);

/* The token of one flag bit ("sin_color"), or NULL. */
const char *imgcheck_flag_name(unsigned bit);

/* Number of differing bits. */
int imgcheck_hamming(uint64_t a, uint64_t b);

/* Names used in files and the workspace; *_from_name return -1 if unknown. */
const char *imgcheck_role_name(enum img_role role);
int imgcheck_role_from_name(const char *name);
const char *imgcheck_metric_name(enum img_metric metric);
int imgcheck_metric_from_name(const char *name);
const char *imgcheck_decode_name(enum img_decode decode);

/*
 * Sets one bound of T: ROLE and METRIC by name, BOUND "min" or "max",
 * TEXT a number or "" for no bound. Returns 0, or -1 when a name or the
 * number is not valid. Reads one row of a thresholds table.
 */
int imgcheck_threshold_set(struct img_thresholds *t, const char *role,
			   const char *metric, const char *bound,
			   const char *text);

#endif
