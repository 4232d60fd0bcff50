/*
 * imgcheck.c - unit tests for the image checks and the image generator:
 * every flag on generated images with its expected verdict, real specimen
 * cards from testdata/realdata (they must pass as colour cards; a grey
 * copy must not), near-duplicates and templates found by the hashes, and
 * the text forms of flags and thresholds.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>

#include "../../src/imgcheck.h"
#include "../../src/imggen.h"
#include "tap.h"

#define INE "testdata/realdata/ine-specimen-xhash-ruby/"
#define EYE "testdata/realdata/mrz-passporteye-images/"
#define FRONT_PNG INE "ine_specimen_front.png"
#define BACK_JPG INE "ine_specimen_reverse.jpg"

struct blob {
	unsigned char *data;
	size_t len;
};

static char top[4096];
static const struct img_thresholds *defaults = &img_thresholds_default;

/* The repository root, from this binary's path (TOP/tests/bin/imgcheck). */
static void find_top(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	int len = slash ? (int)(slash - argv0) : 1;

	snprintf(top, sizeof(top), "%.*s/../..", len, slash ? argv0 : ".");
}

/* Reads REL (from the repository root); B->data is NULL if it fails. */
static int read_file(const char *rel, struct blob *b)
{
	char path[4200];
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	b->data = NULL;
	b->len = 0;
	f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	b->data = malloc(size > 0 ? size : 1);
	if (b->data)
		b->len = fread(b->data, 1, size, f);
	fclose(f);
	if (b->data && (long)b->len == size)
		return 0;
	free(b->data);
	b->data = NULL;
	return -1;
}

/* A generated image; sizes are small to keep the test fast. */
static struct blob gen(enum img_role role, enum imggen_kind kind,
		       uint64_t seed, int cropped)
{
	static const int widths[IMG_ROLE_COUNT] = { 640, 640, 360, 400 };
	static const int heights[IMG_ROLE_COUNT] = { 400, 400, 480, 150 };
	struct imggen_spec s = { 0 };
	struct blob b = { NULL, 0 };

	s.role = role;
	s.kind = kind;
	s.person = imggen_mix(seed, 1);
	s.data = imggen_mix(seed, 2);
	s.shot = imggen_mix(seed, 3);
	s.template_seed = 4242;
	s.cropped = cropped;
	s.width = widths[role];
	s.height = heights[role];
	if (cropped)
		s.height = (int)lround(s.width / IMG_ID1_ASPECT);
	if (imggen_make(&s, &b.data, &b.len))
		b.data = NULL;
	return b;
}

/* Measures and judges B; ~0u when it could not be measured. */
static unsigned check(const struct blob *b, enum img_role role,
		      struct img_measure *m)
{
	if (!b->data || imgcheck_measure(b->data, b->len, role, m))
		return ~0u;
	return imgcheck_judge(m, defaults);
}

/*
 * The flags of a generated image, among those in MASK, must be WANT;
 * failures show the flags as text.
 */
static void expect_flags(enum img_role role, enum imggen_kind kind,
			 int cropped, unsigned mask, unsigned want,
			 const char *name)
{
	struct blob b = gen(role, kind, 11, cropped);
	struct img_measure m;
	unsigned got = check(&b, role, &m);
	char text[256];

	imgcheck_flags_text(&m, got, text, sizeof(text));
	tap_ok((got & mask) == want, name);
	if ((got & mask) != want)
		printf("# flags: '%s' (0x%x, want 0x%x)\n", text, got, want);
	free(b.data);
}

static void test_generated_flags(void)
{
	const unsigned all = ~0u, grey = IMGF_GREY, aspect = IMGF_ASPECT;

	expect_flags(IMG_FRENTE, GEN_GENUINE, 0, all, 0,
		     "genuine front on a surface: no flag");
	expect_flags(IMG_FRENTE, GEN_GENUINE, 1, all, 0,
		     "genuine front, cropped: no flag");
	expect_flags(IMG_REVERSO, GEN_GENUINE, 0, all, 0,
		     "genuine back on a surface: no flag");
	expect_flags(IMG_REVERSO, GEN_GENUINE, 1, all, 0,
		     "genuine back, cropped: no flag");
	expect_flags(IMG_FOTO, GEN_GENUINE, 0, all, 0, "live photo: no flag");
	expect_flags(IMG_FIRMA, GEN_GENUINE, 0, all, 0, "signature: no flag");
	expect_flags(IMG_FRENTE, GEN_REENCODED, 0, all, 0,
		     "re-encoded front: no flag");
	expect_flags(IMG_FRENTE, GEN_PHOTOCOPY, 1, grey, grey,
		     "photocopy of a front: sin_color");
	expect_flags(IMG_REVERSO, GEN_PHOTOCOPY, 0, grey, grey,
		     "photocopy of a back on a surface: sin_color");
	expect_flags(IMG_FRENTE, GEN_BLURRED, 0, all, IMGF_BLURRED,
		     "blurred front: borrosa");
	expect_flags(IMG_FOTO, GEN_BLURRED, 0, all, IMGF_BLURRED,
		     "blurred photo: borrosa");
	expect_flags(IMG_REVERSO, GEN_DARK, 1, IMGF_DARK | aspect, IMGF_DARK,
		     "dark back: oscura, no proporcion guessed in the dark");
	expect_flags(IMG_FOTO, GEN_DARK, 0, IMGF_DARK, IMGF_DARK,
		     "dark photo: oscura");
	expect_flags(IMG_FIRMA, GEN_EMPTY_PAD, 0, all, IMGF_NO_INK,
		     "empty signature pad: sin_tinta");
	expect_flags(IMG_FRENTE, GEN_DOCUMENT, 0, aspect, aspect,
		     "a sheet of paper instead of a card: proporcion");
	expect_flags(IMG_FRENTE, GEN_TEMPLATE, 1, all, 0,
		     "a template alone raises no flag");
	expect_flags(IMG_FRENTE, GEN_CORRUPT, 0, all, IMGF_NO_DECODE,
		     "corrupt file: no_decodifica");
	expect_flags(IMG_FIRMA, GEN_TRUNCATED, 0, all, IMGF_NO_DECODE,
		     "truncated file: no_decodifica");
}

/* The decode verdict on LEN bytes at DATA must be WANT. */
static void expect_decode(const void *data, size_t len, const char *want,
			  const char *name)
{
	struct img_measure m;

	imgcheck_measure(data, len, IMG_FOTO, &m);
	tap_is_str(imgcheck_decode_name(m.decode), want, name);
}

static void test_decode_kinds(void)
{
	static const unsigned char huge[] =
		"\x89PNG\r\n\x1a\n"
		"\0\0\0\x0dIHDR" "\0\0\x27\x10" "\0\0\x27\x10" "\x08\x02\0\0\0"
		"\0\0\0\0" "\0\0\0\0IEND" "\xae\x42\x60\x82";
	static const char csv[] = "id,clave\n1,ABC\n";
	struct blob b = gen(IMG_FRENTE, GEN_CORRUPT, 3, 0), png;
	struct img_measure m;
	char text[128];

	check(&b, IMG_FRENTE, &m);
	tap_is_str(imgcheck_decode_name(m.decode), "corrupta",
		   "damaged JPEG header: corrupta");
	tap_ok(m.decode_detail != NULL, "the decoder's reason is kept");
	free(b.data);

	b = gen(IMG_FOTO, GEN_TRUNCATED, 3, 0);
	check(&b, IMG_FOTO, &m);
	tap_is_str(imgcheck_decode_name(m.decode), "truncada",
		   "JPEG cut short: truncada");
	imgcheck_flags_text(&m, imgcheck_judge(&m, defaults), text,
			    sizeof(text));
	tap_is_str(text, "no_decodifica:truncada", "flag text names why");
	tap_is_long(m.width, 0, "no size when it did not decode");
	free(b.data);

	tap_ok(read_file(FRONT_PNG, &png) == 0, "reads the specimen PNG");
	if (png.data)
		expect_decode(png.data, png.len / 2, "truncada",
			      "PNG cut in half: truncada");
	free(png.data);
	expect_decode("", 0, "vacia", "zero bytes: vacia");
	expect_decode(csv, sizeof(csv) - 1, "no_es_imagen",
		      "a CSV: no_es_imagen");
	expect_decode(huge, sizeof(huge) - 1, "demasiado_grande",
		      "10000 x 10000 header: demasiado_grande, not decoded");
}

/* A real file must decode and raise no flag at all. */
static void expect_real_pass(const char *rel, enum img_role role,
			     const char *name)
{
	struct img_measure m;
	unsigned flags;
	char text[256];
	struct blob b;

	if (read_file(rel, &b)) {
		tap_ok(0, name);
		printf("# cannot read %s\n", rel);
		return;
	}
	flags = check(&b, role, &m);
	imgcheck_flags_text(&m, flags, text, sizeof(text));
	tap_ok(m.decode == IMG_DECODED && flags == 0 &&
	       m.value[IMG_COLOR] > 8, name);
	if (flags)
		printf("# flags: %s\n", text);
	free(b.data);
}

static void test_real_cards(void)
{
	expect_real_pass(FRONT_PNG, IMG_FRENTE,
			 "INE specimen front (PNG, alpha): a colour card");
	expect_real_pass(BACK_JPG, IMG_REVERSO,
			 "INE specimen back passes as a colour card");
	expect_real_pass(EYE "100_id-che.jpg", IMG_REVERSO,
			 "Swiss specimen ID back passes");
	expect_real_pass(EYE "100_id-si.jpg", IMG_REVERSO,
			 "Slovenian specimen ID back passes");
	expect_real_pass(EYE "53_id-d.jpg", IMG_REVERSO,
			 "German specimen ID back passes");
}

/* The specimen front decoded to RGB; free with stbi_image_free. */
static int specimen(struct imggen_image *img)
{
	struct blob b;
	int n;

	img->rgb = NULL;
	if (read_file(FRONT_PNG, &b))
		return -1;
	img->rgb = stbi_load_from_memory(b.data, (int)b.len, &img->w, &img->h,
					 &n, 3);
	free(b.data);
	return img->rgb ? 0 : -1;
}

/* Measures IMG encoded as JPEG at QUALITY (GREY: luminance only). */
static unsigned check_jpeg(const struct imggen_image *img, int quality,
			   int grey, struct img_measure *m)
{
	struct blob b = { NULL, 0 };
	unsigned flags;

	imggen_jpeg(img, quality, grey, &b.data, &b.len);
	flags = check(&b, IMG_FRENTE, m);
	free(b.data);
	return flags;
}

static void test_specimen_grey(struct img_measure *orig)
{
	struct imggen_image img;
	struct img_measure copy;
	struct blob b;

	if (specimen(&img)) {
		tap_ok(0, "decodes the specimen");
		return;
	}
	imggen_png(&img, &b.data, &b.len);
	check(&b, IMG_FRENTE, orig);
	free(b.data);

	tap_ok(check_jpeg(&img, 90, 1, &copy) & IMGF_GREY,
	       "grey JPEG of the specimen: sin_color");
	tap_ok(copy.value[IMG_COLOR] < 1, "its colourfulness is about 0");
	tap_ok(imgcheck_hamming(orig->phash, copy.phash) <=
	       defaults->phash_same,
	       "the grey copy still matches the colour original's hash");

	imggen_photocopy(&img, 5);
	tap_ok(check_jpeg(&img, 85, 0, &copy) & IMGF_GREY,
	       "copier-style copy (tinted paper, toner): sin_color");
	stbi_image_free(img.rgb);
}

static void test_specimen_near_duplicate(const struct img_measure *orig)
{
	struct imggen_image img, small;
	struct img_measure copy;
	struct blob other;
	int d;

	/* A near-duplicate: 96% of the size, saved as JPEG quality 70. */
	if (specimen(&img) ||
	    imggen_resize(&img, img.w * 96 / 100, img.h * 96 / 100, &small)) {
		tap_ok(0, "resizes the specimen");
		stbi_image_free(img.rgb);
		return;
	}
	check_jpeg(&small, 70, 0, &copy);
	d = imgcheck_hamming(orig->phash, copy.phash);
	tap_ok(d <= defaults->phash_same,
	       "re-encoded, resized specimen matches its original");
	if (d > defaults->phash_same)
		printf("# distance %d\n", d);
	imggen_free(&small);
	stbi_image_free(img.rgb);

	if (read_file(BACK_JPG, &other) == 0) {
		check(&other, IMG_FRENTE, &copy);
		d = imgcheck_hamming(orig->phash, copy.phash);
		tap_ok(d > defaults->phash_same,
		       "a different card does not match the specimen");
	}
	free(other.data);
}

/* Two generated images and whether their hashes should match. */
struct pair {
	enum img_role role;
	enum imggen_kind ka, kb;
	uint64_t sa, sb;
	int cropped, portrait, match;
	const char *name;
};

static const struct pair pairs[] = {
	{ IMG_FOTO, GEN_GENUINE, GEN_REENCODED, 21, 21, 0, 0, 1,
	  "live photo re-encoded and resized matches its original" },
	{ IMG_FOTO, GEN_GENUINE, GEN_GENUINE, 21, 22, 0, 0, 0,
	  "another citizen's live photo does not match" },
	{ IMG_FRENTE, GEN_GENUINE, GEN_REENCODED, 21, 21, 0, 0, 1,
	  "card photo re-encoded and resized matches" },
	{ IMG_REVERSO, GEN_GENUINE, GEN_REENCODED, 21, 21, 1, 0, 1,
	  "cropped back re-encoded matches" },
	{ IMG_FIRMA, GEN_GENUINE, GEN_REENCODED, 21, 21, 0, 0, 1,
	  "signature re-encoded matches" },
	{ IMG_REVERSO, GEN_GENUINE, GEN_GENUINE, 30, 130, 1, 0, 0,
	  "cropped backs of two citizens do not match (1)" },
	{ IMG_REVERSO, GEN_GENUINE, GEN_GENUINE, 31, 131, 1, 0, 0,
	  "cropped backs of two citizens do not match (2)" },
	{ IMG_REVERSO, GEN_GENUINE, GEN_GENUINE, 32, 132, 1, 0, 0,
	  "cropped backs of two citizens do not match (3)" },
	{ IMG_FRENTE, GEN_TEMPLATE, GEN_TEMPLATE, 41, 42, 1, 1, 1,
	  "template reused with other data: photo boxes match" },
	{ IMG_FRENTE, GEN_TEMPLATE, GEN_TEMPLATE, 41, 42, 1, 0, 0,
	  "template reused with other data: whole pictures differ" },
	{ IMG_FRENTE, GEN_GENUINE, GEN_GENUINE, 50, 150, 1, 1, 0,
	  "two citizens' cards: photo boxes differ (1)" },
	{ IMG_FRENTE, GEN_GENUINE, GEN_GENUINE, 51, 151, 1, 1, 0,
	  "two citizens' cards: photo boxes differ (2)" },
	{ IMG_FRENTE, GEN_GENUINE, GEN_GENUINE, 52, 152, 1, 1, 0,
	  "two citizens' cards: photo boxes differ (3)" },
};

static void test_generated_hashes(void)
{
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct pair *p = &pairs[i];
		struct blob a = gen(p->role, p->ka, p->sa, p->cropped);
		struct blob b = gen(p->role, p->kb, p->sb, p->cropped);
		int limit = p->portrait ? defaults->phash_template
					: defaults->phash_same;
		struct img_measure ma, mb;
		int d = 99;

		if (check(&a, p->role, &ma) != ~0u &&
		    check(&b, p->role, &mb) != ~0u)
			d = p->portrait ? imgcheck_hamming(ma.phash_retrato,
							   mb.phash_retrato)
					: imgcheck_hamming(ma.phash, mb.phash);
		tap_ok(p->match ? d <= limit : d > limit, p->name);
		if (p->match ? d > limit : d <= limit)
			printf("# distance %d, limit %d\n", d, limit);
		free(a.data);
		free(b.data);
	}
}

/* A front measured as nothing but the values set below. */
static void blank_front(struct img_measure *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->role = IMG_FRENTE;
	m->decode = IMG_DECODED;
	for (i = 0; i < IMG_METRIC_COUNT; i++)
		m->value[i] = NAN;
}

static void test_flags_text(void)
{
	struct img_measure m;
	char text[64], tiny[8];
	unsigned flags;
	size_t need;

	blank_front(&m);
	m.value[IMG_LADO] = 150;
	m.value[IMG_PROPORCION] = 1.2;
	m.value[IMG_COLOR] = 1.84;
	m.value[IMG_NITIDEZ] = 500;
	m.value[IMG_BRILLO] = 120;
	m.value[IMG_CLAROS] = 0.51234;
	flags = imgcheck_judge(&m, defaults);
	need = imgcheck_flags_text(&m, flags, text, sizeof(text));
	tap_is_str(text,
		   "pequena:150 proporcion:1.200 sin_color:1.8 quemada:0.5123",
		   "each flag with its value, in flag order");
	tap_is_long((long)need, (long)strlen(text), "returns the length");
	tap_is_long((long)imgcheck_flags_text(&m, flags, tiny, sizeof(tiny)),
		    (long)need, "a short buffer still gets the length needed");
	tap_is_str(tiny, "pequena", "and holds a terminated prefix");

	m.value[IMG_BRILLO] = 20;
	tap_ok(!(imgcheck_judge(&m, defaults) & IMGF_ASPECT),
	       "no proporcion flag when too dark to find the card");
	m.role = IMG_FIRMA;
	tap_is_long(imgcheck_judge(&m, defaults) & IMGF_GREY, 0,
		    "colour is not judged on signatures");
}

/* imgcheck_threshold_set on the frente/color minimum. */
static int set_colour_min(struct img_thresholds *t, const char *text)
{
	return imgcheck_threshold_set(t, "frente", "color", "min", text);
}

static void test_names_and_thresholds(void)
{
	struct img_thresholds t = img_thresholds_default;
	struct img_limit *colour = &t.limit[IMG_FRENTE][IMG_COLOR];

	tap_is_long(imgcheck_role_from_name("firma"), IMG_FIRMA, "role names");
	tap_is_str(imgcheck_role_name(IMG_REVERSO), "reverso", "role name");
	tap_is_long(imgcheck_role_from_name("selfie"), -1, "unknown role");
	tap_is_long(imgcheck_metric_from_name("nitidez"), IMG_NITIDEZ,
		    "metric names");
	tap_is_str(imgcheck_flag_name(IMGF_NO_INK), "sin_tinta", "flag names");
	tap_ok(imgcheck_flag_name(3) == NULL, "two bits are not one flag");

	tap_is_long(set_colour_min(&t, "12.5"), 0, "sets a bound");
	tap_ok(colour->min == 12.5, "bound stored");
	tap_is_long(set_colour_min(&t, ""), 0, "clears a bound");
	tap_ok(isnan(colour->min), "cleared bound is NaN");
	tap_is_long(set_colour_min(&t, "12x"), -1, "rejects trailing garbage");
	tap_is_long(set_colour_min(&t, "inf"), -1, "rejects infinity");
	tap_is_long(imgcheck_threshold_set(&t, "frente", "colour", "min", "1"),
		    -1, "rejects an unknown metric");
	tap_is_long(imgcheck_threshold_set(&t, "frente", "color", "avg", "1"),
		    -1, "rejects a bound that is not min or max");
}

static void test_generator_deterministic(void)
{
	struct blob a = gen(IMG_FRENTE, GEN_GENUINE, 77, 0);
	struct blob b = gen(IMG_FRENTE, GEN_GENUINE, 77, 0);
	struct blob c = gen(IMG_FRENTE, GEN_GENUINE, 78, 0);
	struct blob d = gen(IMG_FIRMA, GEN_PHOTOCOPY, 1, 0);

	tap_ok(a.data && b.data && a.len == b.len &&
	       !memcmp(a.data, b.data, a.len), "same seeds, same bytes");
	tap_ok(c.data && (c.len != a.len || memcmp(a.data, c.data, a.len)),
	       "another seed, another image");
	tap_ok(d.data == NULL, "a photocopy of a signature is refused");
	free(a.data);
	free(b.data);
	free(c.data);
	free(d.data);
}

struct job {
	const struct blob *b;
	struct img_measure m;
};

static void *run_job(void *arg)
{
	struct job *j = arg;

	imgcheck_measure(j->b->data, j->b->len, IMG_FRENTE, &j->m);
	return NULL;
}

static void test_threads(void)
{
	struct blob b = gen(IMG_FRENTE, GEN_GENUINE, 5, 0);
	struct job jobs[2] = { { &b, { 0 } }, { &b, { 0 } } };
	pthread_t t[2];
	int i;

	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, run_job, &jobs[i]);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	tap_ok(jobs[0].m.phash == jobs[1].m.phash &&
	       jobs[0].m.value[IMG_NITIDEZ] == jobs[1].m.value[IMG_NITIDEZ],
	       "two threads measuring at once agree");
	free(b.data);
}

int main(int argc, char **argv)
{
	struct img_measure specimen_front;

	(void)argc;
	find_top(argv[0]);
	test_generated_flags();
	test_decode_kinds();
	test_real_cards();
	test_specimen_grey(&specimen_front);
	test_specimen_near_duplicate(&specimen_front);
	test_generated_hashes();
	test_flags_text();
	test_names_and_thresholds();
	test_generator_deterministic();
	test_threads();
	return tap_done();
}
