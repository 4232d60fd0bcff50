/*
 * package.c - the batch format against damage and forgery: every byte of
 * the committed one-record batch (testdata/crypto/small.apoyo) flipped in
 * turn, every byte of its sealed record altered with the frame checksum
 * recomputed (so that only the cryptography can notice), and the batch
 * cut at every length. None of these may import anything. Also inner
 * record encoding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/err.h"
#include "../../src/keys.h"
#include "../../src/package.h"
#include "../../src/ws.h"
#include "tap.h"

static char fixtures[4096], tmp[64];
static unsigned char *batch;
static size_t batch_len;

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static void write_all(const char *path, const unsigned char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	fwrite(buf, 1, len, f);
	fclose(f);
}

static char *in_tmp(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return path;
}

/* The committed authority key, copied with mode 0600, opened once. */
static struct key_secret *open_authority(void)
{
	char path[8192], pass[128];
	struct key_secret *key = NULL;
	unsigned char *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/passphrase.txt", fixtures);
	text = read_all(path, &len);
	if (!text)
		return NULL;
	snprintf(pass, sizeof(pass), "%.*s", (int)strcspn((char *)text, "\n"), (char *)text);
	free(text);
	setenv("APOYO_PASSPHRASE", pass, 1);
	snprintf(path, sizeof(path), "%s/authority.key", fixtures);
	text = read_all(path, &len);
	write_all(in_tmp("authority.key"), text, len);
	free(text);
	chmod(in_tmp("authority.key"), 0600);
	key_read_secret(in_tmp("authority.key"), KEY_AUTHORITY, NULL, NULL, &key);
	return key;
}

/* A workspace with aspirant G01 and the fixtures' auxiliaries. */
static struct ws *new_workspace(const char *name)
{
	char path[8192], sql[4096], line[1024];
	struct ws *ws = NULL;
	struct key_public pk;
	unsigned char *csv;
	size_t len;
	char *p, *pub;

	if (ws_open(in_tmp(name), WS_CREATE, &ws))
		return NULL;
	ws->utc_offset_min = -360;
	ws_exec(ws, "INSERT INTO meta VALUES ('utc_offset_minutes', '-360');"
		    "INSERT INTO aspirant VALUES ('G01', 'Uno', 'gubernatura', 14, NULL, NULL,"
		    " NULL, '2018-01-01', '2018-02-28')");
	snprintf(path, sizeof(path), "%s/aux-g01.pub", fixtures);
	csv = read_all(path, &len);
	csv[len] = '\0';
	pub = strstr((char *)csv, "apoyo-public-1");
	p = strchr(pub, '\n');
	if (p)
		*p = '\0';
	snprintf(line, sizeof(line), "%s", pub);
	free(csv);
	if (key_parse_public(line, &pk, sql, sizeof(sql)))
		return ws;
	snprintf(sql, sizeof(sql), "INSERT INTO auxiliary VALUES ('AUX-G01', 'G01', 'Ana', '%s',"
		 " '%s', 'x')", line, pk.id_hex);
	ws_exec(ws, sql);
	return ws;
}

static int supports(struct ws *ws)
{
	sqlite3_stmt *st = ws_prepare(ws, "SELECT count(*) FROM support");
	int n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Imports BUF as a batch; returns the exit code. */
static int import_bytes(struct ws *ws, const struct key_secret *key, const unsigned char *buf,
			size_t len)
{
	char *paths[1] = { in_tmp("try.apoyo") };

	write_all(paths[0], buf, len);
	return package_import_keyed(ws, key, paths, 1);
}

static void positive_control(const struct key_secret *key)
{
	struct ws *ws = new_workspace("good.db");

	tap_is_long(import_bytes(ws, key, batch, batch_len), 0, "the untouched batch imports");
	tap_is_long(supports(ws), 1, "with its one support");
	tap_is_long(import_bytes(ws, key, batch, batch_len), 0, "a replay is harmless");
	tap_is_long(supports(ws), 1, "and adds nothing");
	ws_close(ws);
}

/* Every byte XOR MASK in turn; counts the variants that got in. */
static void flip_every_byte(struct ws *ws, const struct key_secret *key, unsigned mask)
{
	unsigned char *copy = malloc(batch_len);
	char name[96];
	size_t i, bad = 0;
	int rc;

	for (i = 0; i < batch_len; i++) {
		memcpy(copy, batch, batch_len);
		copy[i] ^= (unsigned char)mask;
		rc = import_bytes(ws, key, copy, batch_len);
		if ((rc != EXIT_PROBLEMS && rc != EXIT_INPUT) || supports(ws) != 0) {
			if (bad++ < 5)
				printf("# byte %zu xor 0x%02X: exit %d, %d supports\n", i, mask, rc,
				       supports(ws));
		}
	}
	snprintf(name, sizeof(name), "each of %zu bytes xor 0x%02X is rejected", batch_len, mask);
	tap_ok(bad == 0 && batch_len > PACKAGE_HEADER_LEN, name);
	free(copy);
}

/*
 * Alters each byte of the sealed record and recomputes the frame's
 * checksum, as a forger would: the seal must refuse every one.
 */
static void forge_every_sealed_byte(struct ws *ws, const struct key_secret *key)
{
	unsigned char *copy = malloc(batch_len);
	size_t start = PACKAGE_HEADER_LEN + 8, end = batch_len - 16, i, bad = 0;
	char name[96];
	int rc;

	for (i = start; i < end; i++) {
		memcpy(copy, batch, batch_len);
		copy[i] ^= 0x20;
		crypto_generichash(copy + end, 16, copy + PACKAGE_HEADER_LEN,
				   end - PACKAGE_HEADER_LEN, NULL, 0);
		rc = import_bytes(ws, key, copy, batch_len);
		if (rc != EXIT_PROBLEMS || supports(ws) != 0)
			if (bad++ < 5)
				printf("# sealed byte %zu: exit %d\n", i, rc);
	}
	snprintf(name, sizeof(name), "each of %zu forged sealed bytes is refused by the seal",
		 end - start);
	tap_ok(bad == 0 && end > start, name);
	free(copy);
}

/* The batch cut at every length short of whole. */
static void cut_at_every_length(struct ws *ws, const struct key_secret *key)
{
	size_t len, bad = 0;
	int rc;

	for (len = 0; len < batch_len; len++) {
		rc = import_bytes(ws, key, batch, len);

		/* The header alone is a valid batch with no records. */
		if (rc == 0 && len == PACKAGE_HEADER_LEN)
			rc = EXIT_PROBLEMS;
		if ((rc != EXIT_PROBLEMS && rc != EXIT_INPUT) || supports(ws) != 0)
			if (bad++ < 5)
				printf("# cut at %zu: exit %d\n", len, rc);
	}
	tap_ok(bad == 0, "cut at every length: nothing imported, never a crash");
}

static void records(void)
{
	struct record r, back;
	unsigned char *buf, img[3] = { 0, 0xFF, 0 };
	size_t len;
	char why[160];

	memset(&r, 0, sizeof(r));
	record_add_text(&r, "id", "S-1");
	record_add_text(&r, "nombre", "Mu\xC3\xB1oz");
	record_add_text(&r, "cic", "");
	record_add(&r, "foto", img, sizeof(img));
	record_encode(&r, &buf, &len);
	tap_ok(record_decode(buf, len, &back, why, sizeof(why)) == 0 && back.n == 3,
	       "a record decodes to its fields (empty text left out)");
	tap_ok(record_get(&back, "foto") && record_get(&back, "foto")->len == 3 &&
	       !memcmp(record_get(&back, "foto")->value, img, 3), "image bytes kept as given");
	tap_ok(record_decode(buf, len - 1, &back, why, sizeof(why)) == -1, "a cut record");
	tap_is_str(why, "field 'foto' is cut short", "names the cut field");
	sodium_free(buf);

	memset(&r, 0, sizeof(r));
	record_add_text(&r, "id", "S-1");
	record_add_text(&r, "id", "S-2");
	record_encode(&r, &buf, &len);
	record_decode(buf, len, &back, why, sizeof(why));
	tap_is_str(why, "field 'id' appears twice", "a repeated field");
	sodium_free(buf);

	memset(&r, 0, sizeof(r));
	record_add_text(&r, "edad", "40");
	record_encode(&r, &buf, &len);
	record_decode(buf, len, &back, why, sizeof(why));
	tap_is_str(why, "unknown field 'edad'", "an unknown field");
	sodium_free(buf);

	memset(&r, 0, sizeof(r));
	record_add_text(&r, "nombre", "MU\xD1OZ");
	record_encode(&r, &buf, &len);
	record_decode(buf, len, &back, why, sizeof(why));
	tap_is_str(why, "field 'nombre' is not UTF-8 text", "Latin-1 bytes in a text field");
	sodium_free(buf);
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	struct key_secret *key;
	struct ws *ws;
	char path[8192];

	(void)argc;
	snprintf(fixtures, sizeof(fixtures), "%.*s/../../testdata/crypto",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	/* Thousands of small transactions: on tmpfs when there is one. */
	snprintf(tmp, sizeof(tmp), "%s/apoyo-unit-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(tmp) || keys_init())
		return 1;
	records();
	snprintf(path, sizeof(path), "%s/small.apoyo", fixtures);
	batch = read_all(path, &batch_len);
	key = open_authority();
	tap_ok(batch && key, "fixtures: small.apoyo and authority.key");
	if (!batch || !key)
		return tap_done();

	/* The importer reports every rejection; only the verdicts matter here. */
	err_verbosity = 0;
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	positive_control(key);
	ws = new_workspace("bad.db");
	flip_every_byte(ws, key, 0xFF);
	flip_every_byte(ws, key, 0x01);
	forge_every_sealed_byte(ws, key);
	cut_at_every_length(ws, key);
	ws_close(ws);
	key_secret_free(key);
	free(batch);
	snprintf(path, sizeof(path), "rm -rf '%s'", tmp);
	if (system(path) != 0)
		printf("# could not remove %s\n", tmp);
	return tap_done();
}
