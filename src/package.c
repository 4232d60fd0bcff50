/*
 * package.c - the batch file format: inner records, frames, appending,
 * scanning and inspecting (apoyo-package(5)); see package.h. Opening and
 * importing records is in package_import.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "csv.h"
#include "err.h"
#include "package.h"
#include "package_int.h"

static const unsigned char header_magic[8] = { 'A', 'P', 'O', 'Y', 'O', 'P', 'K', 'G' };
static const unsigned char frame_magic[4] = { 0x89, 'R', 'E', 'C' };
static const char record_marker[] = "apoyo-record 1\n";

#define MARKER_LEN (sizeof(record_marker) - 1)

/* Fields an inner record may hold; images are bytes, the rest UTF-8. */
static const struct {
	const char *name;
	int binary;
} known_fields[] = {
	{ "id", 0 }, { "aspirante", 0 }, { "auxiliar", 0 }, { "fecha_captura", 0 },
	{ "clave_elector", 0 }, { "nombre", 0 }, { "apellido_paterno", 0 },
	{ "apellido_materno", 0 }, { "cic", 0 }, { "ocr", 0 }, { "emision", 0 },
	{ "vigencia", 0 }, { "seccion", 0 }, { "curp", 0 }, { "mrz", 0 },
	{ "modalidad", 0 }, { "banderas", 0 },
	{ "frente", 1 }, { "reverso", 1 }, { "foto", 1 }, { "firma", 1 }
};

#define N_KNOWN (sizeof(known_fields) / sizeof(known_fields[0]))

/* ---- bytes ---- */

void pkg_put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

uint32_t pkg_get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* BLAKE2b-128 of DATA into OUT (16 bytes). */
static void checksum(const unsigned char *data, size_t len, unsigned char *out)
{
	crypto_generichash(out, PKG_CHECKSUM_LEN, data, len, NULL, 0);
}

/* ---- inner records ---- */

static int known_index(const char *name)
{
	size_t i;

	for (i = 0; i < N_KNOWN; i++)
		if (!strcmp(known_fields[i].name, name))
			return (int)i;
	return -1;
}

int record_add(struct record *r, const char *name, const void *value, size_t len)
{
	struct record_field *f;

	if (r->n == RECORD_MAX_FIELDS || strlen(name) >= sizeof(r->names[0]))
		return -1;
	snprintf(r->names[r->n], sizeof(r->names[0]), "%s", name);
	f = &r->fields[r->n];
	f->name = r->names[r->n];
	f->value = value;
	f->len = len;
	r->n++;
	return 0;
}

int record_add_text(struct record *r, const char *name, const char *text)
{
	if (!text || !*text)
		return 0;
	return record_add(r, name, text, strlen(text));
}

const struct record_field *record_get(const struct record *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->fields[i].name, name))
			return &r->fields[i];
	return NULL;
}

int record_encode(const struct record *r, unsigned char **out, size_t *len)
{
	size_t total = MARKER_LEN, pos, name_len;
	unsigned char *buf;
	int i;

	for (i = 0; i < r->n; i++)
		total += 1 + strlen(r->fields[i].name) + 4 + r->fields[i].len;
	if (total > RECORD_MAX_BYTES) {
		err_msg("record too large (%zu bytes; the limit is %u)", total, RECORD_MAX_BYTES);
		return EXIT_INPUT;
	}
	buf = sodium_malloc(total);
	if (!buf) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	memcpy(buf, record_marker, MARKER_LEN);
	pos = MARKER_LEN;
	for (i = 0; i < r->n; i++) {
		name_len = strlen(r->fields[i].name);
		buf[pos++] = (unsigned char)name_len;
		memcpy(buf + pos, r->fields[i].name, name_len);
		pos += name_len;
		pkg_put_u32(buf + pos, (uint32_t)r->fields[i].len);
		pos += 4;
		if (r->fields[i].len)
			memcpy(buf + pos, r->fields[i].value, r->fields[i].len);
		pos += r->fields[i].len;
	}
	*out = buf;
	*len = total;
	return 0;
}

/* Reads one field at BUF[*pos]; fills F and NAME. */
static int decode_field(const unsigned char *buf, size_t len, size_t *pos, char *name,
			struct record_field *f, char *why, size_t whysz)
{
	size_t name_len;

	name_len = buf[(*pos)++];
	if (name_len == 0 || name_len > 32 || len - *pos < name_len + 4) {
		snprintf(why, whysz, "field at byte %zu is cut short", *pos - 1);
		return -1;
	}
	memcpy(name, buf + *pos, name_len);
	name[name_len] = '\0';
	*pos += name_len;
	f->len = pkg_get_u32(buf + *pos);
	*pos += 4;
	if (f->len > len - *pos) {
		snprintf(why, whysz, "field '%s' is cut short", name);
		return -1;
	}
	f->value = buf + *pos;
	*pos += f->len;
	return 0;
}

static int check_field(const struct record *r, const struct record_field *f, char *why,
		       size_t whysz)
{
	int k = known_index(f->name);

	if (k < 0) {
		snprintf(why, whysz, "unknown field '%s'", f->name);
		return -1;
	}
	if (record_get(r, f->name) != f) {
		snprintf(why, whysz, "field '%s' appears twice", f->name);
		return -1;
	}
	if (!known_fields[k].binary &&
	    (memchr(f->value, '\0', f->len) || !csv_utf8_valid((const char *)f->value, f->len))) {
		snprintf(why, whysz, "field '%s' is not UTF-8 text", f->name);
		return -1;
	}
	return 0;
}

int record_decode(const unsigned char *buf, size_t len, struct record *r, char *why,
		  size_t whysz)
{
	size_t pos = MARKER_LEN;
	struct record_field *f;

	memset(r, 0, sizeof(*r));
	if (len < MARKER_LEN || memcmp(buf, record_marker, MARKER_LEN)) {
		snprintf(why, whysz, "not an apoyo record (version marker missing)");
		return -1;
	}
	while (pos < len) {
		if (r->n == RECORD_MAX_FIELDS) {
			snprintf(why, whysz, "more than %d fields", RECORD_MAX_FIELDS);
			return -1;
		}
		f = &r->fields[r->n];
		if (decode_field(buf, len, &pos, r->names[r->n], f, why, whysz))
			return -1;
		f->name = r->names[r->n];
		r->n++;
		if (check_field(r, f, why, whysz))
			return -1;
	}
	return 0;
}

/* ---- header and frames ---- */

static void make_header(unsigned char *h, const unsigned char *authority_id)
{
	memcpy(h, header_magic, 8);
	h[8] = 0;
	h[9] = PACKAGE_VERSION;
	h[10] = h[11] = 0;
	memcpy(h + 12, authority_id, KEY_ID_BYTES);
	checksum(h, 20, h + 20);
}

/* Checks the header of DATA; fills M's version and authority id. */
static int read_header(const unsigned char *data, size_t len, struct package_map *m,
		       char *why, size_t whysz)
{
	unsigned char sum[PKG_CHECKSUM_LEN];

	if (len < PACKAGE_HEADER_LEN || memcmp(data, header_magic, 8)) {
		snprintf(why, whysz, "not an apoyo batch (no APOYOPKG header)");
		return -1;
	}
	checksum(data, 20, sum);
	if (memcmp(sum, data + 20, PKG_CHECKSUM_LEN)) {
		snprintf(why, whysz, "damaged header (checksum does not match)");
		return -1;
	}
	m->version = data[8] << 8 | data[9];
	if (m->version != PACKAGE_VERSION || data[10] || data[11]) {
		snprintf(why, whysz, "batch format version %d; this apoyo reads version %d",
			 m->version, PACKAGE_VERSION);
		return -1;
	}
	memcpy(m->authority_id, data + 12, KEY_ID_BYTES);
	sodium_bin2hex(m->authority_hex, sizeof(m->authority_hex), m->authority_id,
		       KEY_ID_BYTES);
	return 0;
}

/* Size of the valid frame at POS, or 0 when there is none. */
static size_t frame_at(const unsigned char *d, size_t len, size_t pos)
{
	unsigned char sum[PKG_CHECKSUM_LEN];
	size_t n;

	if (len - pos < 8 || memcmp(d + pos, frame_magic, 4))
		return 0;
	n = pkg_get_u32(d + pos + 4);
	if (n < PKG_MIN_SEALED || n > PKG_MAX_SEALED || 8 + n + PKG_CHECKSUM_LEN > len - pos)
		return 0;
	checksum(d + pos, 8 + n, sum);
	if (memcmp(sum, d + pos + 8 + n, PKG_CHECKSUM_LEN))
		return 0;
	return 8 + n + PKG_CHECKSUM_LEN;
}

/* The next valid frame after POS, or LEN. */
static size_t next_frame(const unsigned char *d, size_t len, size_t pos)
{
	const unsigned char *hit;

	for (pos++; pos + 8 <= len; pos = (size_t)(hit - d) + 1) {
		hit = memchr(d + pos, frame_magic[0], len - pos);
		if (!hit)
			break;
		if (frame_at(d, len, (size_t)(hit - d)))
			return (size_t)(hit - d);
	}
	return len;
}

/* Damage that runs to the end: a frame the file ends inside of? */
static enum frame_state tail_state(const unsigned char *d, size_t len, size_t pos)
{
	size_t left = len - pos, n;

	if (left < 8)
		return memcmp(d + pos, frame_magic, left < 4 ? left : 4) ? FRAME_DAMAGED
									  : FRAME_TRUNCATED;
	if (memcmp(d + pos, frame_magic, 4))
		return FRAME_DAMAGED;
	n = pkg_get_u32(d + pos + 4);
	return n >= PKG_MIN_SEALED && n <= PKG_MAX_SEALED && 8 + n + PKG_CHECKSUM_LEN > left
	       ? FRAME_TRUNCATED : FRAME_DAMAGED;
}

static int push_frame(struct package_map *m, size_t *cap, const struct package_frame *f)
{
	struct package_frame *grown;

	if (m->nframes == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		grown = realloc(m->frames, *cap * sizeof(*grown));
		if (!grown)
			return -1;
		m->frames = grown;
	}
	m->frames[m->nframes++] = *f;
	return 0;
}

/* Lists the frames of M->data after the header, good and damaged. */
static int scan(struct package_map *m)
{
	size_t pos = PACKAGE_HEADER_LEN, cap = 0, size, next;
	struct package_frame f;

	m->good_end = pos;
	while (pos < m->len) {
		memset(&f, 0, sizeof(f));
		f.offset = pos;
		size = frame_at(m->data, m->len, pos);
		if (size) {
			f.size = size;
			f.sealed = m->data + pos + 8;
			f.sealed_len = size - 8 - PKG_CHECKSUM_LEN;
			m->good_end = pos + size;
		} else {
			next = next_frame(m->data, m->len, pos);
			f.size = next - pos;
			f.state = next < m->len ? FRAME_DAMAGED : tail_state(m->data, m->len, pos);
		}
		if (push_frame(m, &cap, &f)) {
			err_msg("out of memory");
			return EXIT_ENV;
		}
		pos += f.size;
	}
	return 0;
}

/* Maps FD (SIZE bytes) into M and reads the header; WHY says what failed. */
static int map_fd(int fd, size_t size, struct package_map *m, char *why, size_t whysz)
{
	void *p;

	memset(m, 0, sizeof(*m));
	if (size == 0) {
		snprintf(why, whysz, "empty file, not an apoyo batch");
		return EXIT_INPUT;
	}
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(why, whysz, "cannot map: %s", strerror(errno));
		return EXIT_ENV;
	}
	m->data = p;
	m->len = size;
	if (read_header(m->data, m->len, m, why, whysz))
		return EXIT_INPUT;
	return scan(m);
}

int package_map_open(const char *path, struct package_map *out)
{
	char why[160];
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	memset(out, 0, sizeof(*out));
	if (fd < 0) {
		err_msg("cannot open '%s': %s", path, strerror(errno));
		return errno == ENOENT || errno == EACCES ? EXIT_INPUT : EXIT_ENV;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		err_msg("'%s' is not a regular file", path);
		close(fd);
		return EXIT_INPUT;
	}
	rc = map_fd(fd, (size_t)sb.st_size, out, why, sizeof(why));
	close(fd);
	if (rc && rc != EXIT_ENV) {
		err_msg("'%s': %s", path, why);
	} else if (rc) {
		err_msg("'%s': %s", path, why[0] ? why : "cannot read");
	}
	if (rc)
		package_map_close(out);
	return rc;
}

void package_map_close(struct package_map *m)
{
	if (m->data)
		munmap((void *)m->data, m->len);
	free(m->frames);
	memset(m, 0, sizeof(*m));
}

/* ---- writing ---- */

struct package_writer {
	int fd;
	char *path;
	struct key_public authority;
	long count;
};

/* fsync of the folder holding PATH, so that a new file's name is durable. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

static int write_all(int fd, const unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int start_new(struct package_writer *w)
{
	unsigned char h[PACKAGE_HEADER_LEN];

	make_header(h, w->authority.id);
	if (write_all(w->fd, h, sizeof(h)) || fsync(w->fd)) {
		err_msg("cannot write '%s': %s", w->path, strerror(errno));
		return EXIT_ENV;
	}
	sync_dir(w->path);
	return 0;
}

/* Checks an existing batch and cuts off a partial last record. */
static int continue_existing(struct package_writer *w, size_t size)
{
	struct package_map m;
	char why[160];
	size_t i;
	int rc = map_fd(w->fd, size, &m, why, sizeof(why));

	if (rc) {
		err_msg("'%s': %s", w->path, why);
		goto done;
	}
	if (memcmp(m.authority_id, w->authority.id, KEY_ID_BYTES)) {
		err_msg("'%s' is sealed to authority key %s, not to %s", w->path,
			m.authority_hex, w->authority.id_hex);
		rc = EXIT_INPUT;
		goto done;
	}
	for (i = 0; i < m.nframes; i++)
		w->count += m.frames[i].state == FRAME_OK;
	if (m.good_end < size) {
		err_msg("'%s': cutting off %zu bytes after the last good record "
			"(an earlier append was interrupted)", w->path, size - m.good_end);
		if (ftruncate(w->fd, (off_t)m.good_end) != 0 || fsync(w->fd) != 0) {
			err_msg("cannot truncate '%s': %s", w->path, strerror(errno));
			rc = EXIT_ENV;
		}
	}

done:
	package_map_close(&m);
	return rc;
}

int package_writer_open(const char *path, const struct key_public *authority,
			struct package_writer **out)
{
	struct package_writer *w = calloc(1, sizeof(*w));
	struct stat sb;
	int rc = EXIT_ENV;

	if (!w || !(w->path = strdup(path))) {
		free(w);
		err_msg("out of memory");
		return EXIT_ENV;
	}
	w->authority = *authority;
	w->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (w->fd < 0 || flock(w->fd, LOCK_EX) != 0 || fstat(w->fd, &sb) != 0) {
		err_msg("cannot open '%s' for appending: %s", path, strerror(errno));
		goto fail;
	}
	rc = sb.st_size == 0 ? start_new(w) : continue_existing(w, (size_t)sb.st_size);
	if (rc)
		goto fail;
	*out = w;
	return 0;

fail:
	package_writer_close(w);
	return rc;
}

long package_writer_count(const struct package_writer *w)
{
	return w->count;
}

int package_writer_close(struct package_writer *w)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->fd >= 0 && close(w->fd) != 0) {
		err_msg("cannot close '%s': %s", w->path, strerror(errno));
		rc = EXIT_ENV;
	}
	free(w->path);
	free(w);
	return rc;
}

/*
 * The bytes the signature covers: a domain string, the authority key id,
 * the outer header (version, signer, inner length) and the compressed
 * record. Returns a malloc'd buffer of *LEN bytes, or NULL.
 */
unsigned char *pkg_signed_message(const unsigned char *authority_id,
				  const unsigned char *outer, size_t outer_len, size_t *len)
{
	static const char domain[] = "apoyo record 1";
	size_t zlen = outer_len - PKG_OUTER_HEAD;
	unsigned char *msg;

	*len = sizeof(domain) + KEY_ID_BYTES + 13 + zlen;
	msg = malloc(*len);
	if (!msg)
		return NULL;
	memcpy(msg, domain, sizeof(domain));
	memcpy(msg + sizeof(domain), authority_id, KEY_ID_BYTES);
	memcpy(msg + sizeof(domain) + KEY_ID_BYTES, outer, 13);
	memcpy(msg + sizeof(domain) + KEY_ID_BYTES + 13, outer + PKG_OUTER_HEAD, zlen);
	return msg;
}

/*
 * Compresses and signs INNER into a new outer record (sodium_malloc).
 * The images inside are JPEG or PNG already: the fastest zlib level
 * gains nearly as much as the best and costs a fraction of the time.
 */
static int make_outer(const struct package_writer *w, const struct key_secret *signer,
		      const unsigned char *inner, size_t len, unsigned char **out,
		      size_t *out_len)
{
	uLongf zlen = compressBound((uLong)len);
	unsigned char *outer = sodium_malloc(PKG_OUTER_HEAD + zlen), *msg;
	size_t msg_len;

	if (!outer) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	outer[0] = PKG_OUTER_VERSION;
	memcpy(outer + 1, signer->pub.id, KEY_ID_BYTES);
	pkg_put_u32(outer + 9, (uint32_t)len);
	if (compress2(outer + PKG_OUTER_HEAD, &zlen, inner, (uLong)len, Z_BEST_SPEED)
	    != Z_OK) {
		err_msg("cannot compress the record");
		sodium_free(outer);
		return EXIT_ENV;
	}
	msg = pkg_signed_message(w->authority.id, outer, PKG_OUTER_HEAD + zlen, &msg_len);
	if (!msg) {
		err_msg("out of memory");
		sodium_free(outer);
		return EXIT_ENV;
	}
	crypto_sign_detached(outer + 13, NULL, msg, msg_len, signer->sign);
	sodium_memzero(msg, msg_len);
	free(msg);
	*out = outer;
	*out_len = PKG_OUTER_HEAD + zlen;
	return 0;
}

int package_writer_append(struct package_writer *w, const struct key_secret *signer,
			  const unsigned char *inner, size_t len)
{
	unsigned char *outer = NULL, *frame = NULL;
	size_t outer_len, sealed_len, frame_len;
	int rc;

	if ((rc = make_outer(w, signer, inner, len, &outer, &outer_len)))
		return rc;
	sealed_len = outer_len + crypto_box_SEALBYTES;
	frame_len = 8 + sealed_len + PKG_CHECKSUM_LEN;
	rc = EXIT_ENV;
	if (sealed_len > PKG_MAX_SEALED || !(frame = malloc(frame_len))) {
		err_msg("record too large to seal (%zu bytes)", sealed_len);
		goto done;
	}
	memcpy(frame, frame_magic, 4);
	pkg_put_u32(frame + 4, (uint32_t)sealed_len);
	crypto_box_seal(frame + 8, outer, outer_len, w->authority.box);
	checksum(frame, 8 + sealed_len, frame + 8 + sealed_len);
	if (lseek(w->fd, 0, SEEK_END) < 0 || write_all(w->fd, frame, frame_len) ||
	    fsync(w->fd) != 0) {
		err_msg("cannot append to '%s': %s", w->path, strerror(errno));
		goto done;
	}
	w->count++;
	rc = 0;

done:
	sodium_free(outer);
	free(frame);
	return rc;
}

/* ---- inspecting ---- */

static const char *state_name(enum frame_state s)
{
	return s == FRAME_OK ? "ok" : s == FRAME_DAMAGED ? "damaged" : "truncated";
}

int package_inspect(const char *path, FILE *out)
{
	struct package_map m;
	size_t i, good = 0, bad = 0, bytes = 0;
	int rc = package_map_open(path, &m);

	if (rc)
		return rc;
	for (i = 0; i < m.nframes; i++) {
		if (m.frames[i].state == FRAME_OK) {
			good++;
			bytes += m.frames[i].sealed_len;
		} else {
			bad++;
		}
	}
	fprintf(out, "file\t%s\nformat\tapoyo-package %d\nauthority\t%s\nbytes\t%zu\n"
		"records\t%zu\nrecord_bytes\t%zu\ndamaged\t%zu\n", path, m.version,
		m.authority_hex, m.len, good, bytes, bad);
	fprintf(out, "#\toffset\tbytes\tstate\n");
	for (i = 0; i < m.nframes; i++)
		fprintf(out, "%zu\t%zu\t%zu\t%s\n", i + 1, m.frames[i].offset, m.frames[i].size,
			state_name(m.frames[i].state));
	package_map_close(&m);
	return bad ? EXIT_PROBLEMS : 0;
}
