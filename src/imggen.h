/*
 * imggen.h - synthetic support images for tests, benchmarks and
 * "apoyo simulate" (issue 5): a voter card front and back (a coloured card
 * with text-like blocks and a face-like patch; no real person), a live
 * photo, a signature, and the frauds the mesa de control must catch.
 *
 * Everything is drawn from 64-bit seeds with apoyo's own generator, so the
 * same seeds give the same pixels on every machine. Nothing here reads or
 * writes files: images are RGB buffers, encoded to JPEG or PNG in memory
 * with stb_image_write.
 */
#ifndef APOYO_IMGGEN_H
#define APOYO_IMGGEN_H

#include <stddef.h>
#include <stdint.h>

#include "imgcheck.h"

/* An RGB image, 3 bytes a pixel, rows top to bottom; rgb is owned. */
struct imggen_image {
	int w, h;
	unsigned char *rgb;
};

/* splitmix64: small, fast, good enough for pictures and samples. */
struct imggen_rng {
	uint64_t state;
};

void imggen_seed(struct imggen_rng *r, uint64_t seed);
uint64_t imggen_next(struct imggen_rng *r);
/* A whole number in [lo, hi] and a real one in [lo, hi). */
int imggen_range(struct imggen_rng *r, int lo, int hi);
double imggen_real(struct imggen_rng *r, double lo, double hi);
/* A seed derived from SEED and a label, for independent streams. */
uint64_t imggen_mix(uint64_t seed, uint64_t label);

/* Allocates a W x H image; returns 0 or -1. Release with imggen_free. */
int imggen_alloc(struct imggen_image *img, int w, int h);
void imggen_free(struct imggen_image *img);

/*
 * What a card picture shows, each part from its own seed, so that frauds
 * can share some parts: genuine cards of one model share the design; a
 * template fraud shares design and person and changes only the data.
 */
struct imggen_card {
	uint64_t design;	/* the card model's artwork */
	uint64_t person;	/* the face in the photo, the fingerprint */
	uint64_t data;		/* the text blocks, barcode and MRZ */
	uint64_t shot;		/* surface, placement, light and noise */
	int framed;		/* 1: the card lies on a surface */
};

/*
 * Draws into a new W x H image. A card that is not framed fills the image
 * (give W x H in the ID-1 proportion). Each returns 0 or -1 (memory).
 */
int imggen_card_front(const struct imggen_card *c, int w, int h,
		      struct imggen_image *out);
int imggen_card_back(const struct imggen_card *c, int w, int h,
		     struct imggen_image *out);
int imggen_live_photo(uint64_t person, uint64_t shot, int w, int h,
		      struct imggen_image *out);
/* STROKES 0 draws an empty pad. */
int imggen_signature(uint64_t seed, int strokes, int w, int h,
		     struct imggen_image *out);
/* A letter-size sheet with printed lines on a surface: not a card. */
int imggen_document(uint64_t seed, int w, int h, struct imggen_image *out);

/* Transforms, in place. Blur returns 0 or -1 (memory). */
void imggen_photocopy(struct imggen_image *img, uint64_t seed);
int imggen_blur(struct imggen_image *img, int radius);
void imggen_darken(struct imggen_image *img, double factor);
/* Bilinear resize into a new image; returns 0 or -1. */
int imggen_resize(const struct imggen_image *in, int w, int h,
		  struct imggen_image *out);

/*
 * Encodes IMG; *data is malloc'd and owned by the caller. Returns 0 or -1.
 * GREY writes the luminance only (stb_image_write still stores three
 * components, with no colour in them).
 */
int imggen_jpeg(const struct imggen_image *img, int quality, int grey,
		unsigned char **data, size_t *len);
int imggen_png(const struct imggen_image *img, unsigned char **data,
	       size_t *len);

/* The kinds of image the generator makes, genuine and fraudulent. */
enum imggen_kind {
	GEN_GENUINE,	/* a good image for the role */
	GEN_PHOTOCOPY,	/* card: greyscale copy of a genuine card */
	GEN_TEMPLATE,	/* card: one template (design, face), other data */
	GEN_REENCODED,	/* what GENUINE makes from the same seeds, resized
			   by a few % and saved at another quality */
	GEN_EMPTY_PAD,	/* signature: nothing signed */
	GEN_CORRUPT,	/* bytes that are no longer a JPEG */
	GEN_TRUNCATED,	/* a JPEG cut short */
	GEN_BLURRED,	/* out of focus */
	GEN_DARK,	/* under-exposed */
	GEN_DOCUMENT,	/* card: a sheet of paper, not a card */
	GEN_KIND_COUNT
};

/* One image to make. */
struct imggen_spec {
	enum img_role role;
	enum imggen_kind kind;
	uint64_t person;	/* the citizen: face, fingerprint, signature */
	uint64_t data;		/* the card's printed data */
	uint64_t shot;		/* this capture: surface, light, noise */
	uint64_t template_seed;	/* GEN_TEMPLATE: the template reused */
	int width, height;	/* 0: the role's default size */
	int cropped;		/* card: the card alone, no surface */
	int quality;		/* JPEG quality; 0: 88 */
};

/* "genuino", "fotocopia"...; imggen_kind_from_name returns -1 if unknown. */
const char *imggen_kind_name(enum imggen_kind kind);
int imggen_kind_from_name(const char *name);

/* The design every genuine card of the synthetic model shares. */
#define IMGGEN_DESIGN 0x494E453230313801ull

/*
 * Makes the encoded file SPEC describes; *data is malloc'd and owned by
 * the caller. Returns 0, or -1 on memory failure or a kind that does not
 * apply to the role (a photocopy of a signature).
 */
int imggen_make(const struct imggen_spec *spec, unsigned char **data,
		size_t *len);

#endif
