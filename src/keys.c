/*
 * keys.c - key files, key ids and passphrases; see keys.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "err.h"
#include "keys.h"

#define PUBLIC_TAG "apoyo-public-1"
#define SECRET_TAG "apoyo-secret-1"
#define KDF_NAME "argon2id"
#define PASSPHRASE_MAX 1024
#define FILE_MAX 16384
#define MAX_FIELDS 12

static const char *const algorithms[2] = { "x25519+ed25519", "ed25519" };

int keys_init(void)
{
	if (sodium_init() < 0) {
		err_msg("cannot initialise libsodium");
		return EXIT_ENV;
	}
	return 0;
}

const char *key_kind_name(enum key_kind kind)
{
	return kind == KEY_AUTHORITY ? "authority" : "auxiliary";
}

int key_owner_valid(const char *id)
{
	size_t n = strlen(id), i;

	if (n == 0 || n > KEY_OWNER_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* The public bytes of KEY as hashed and encoded: [box] sign. */
static size_t public_bytes(const struct key_public *key, unsigned char *out)
{
	size_t n = 0;

	if (key->kind == KEY_AUTHORITY) {
		memcpy(out, key->box, sizeof(key->box));
		n = sizeof(key->box);
	}
	memcpy(out + n, key->sign, sizeof(key->sign));
	return n + sizeof(key->sign);
}

/* Sets KEY->id from its kind and public bytes. */
static void compute_id(struct key_public *key)
{
	static const char domain[] = "apoyo key id 1";
	unsigned char bytes[64], hash[32];
	const char *kind = key_kind_name(key->kind);
	crypto_generichash_state st;
	size_t n = public_bytes(key, bytes);

	crypto_generichash_init(&st, NULL, 0, sizeof(hash));
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof(domain));
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&st, bytes, n);
	crypto_generichash_final(&st, hash, sizeof(hash));
	memcpy(key->id, hash, KEY_ID_BYTES);
	sodium_bin2hex(key->id_hex, sizeof(key->id_hex), key->id, KEY_ID_BYTES);
}

void key_format_public(const struct key_public *key, char *line, size_t linesz)
{
	unsigned char bytes[64];
	char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
	size_t n = public_bytes(key, bytes);

	sodium_bin2base64(b64, sizeof(b64), bytes, n, sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, linesz, "%s %s %s %s %s", PUBLIC_TAG, key_kind_name(key->kind),
		 algorithms[key->kind], key->id_hex, b64);
}

/* Splits LINE (modified) at single spaces. Returns the number of fields. */
static int split_fields(char *line, char **fields)
{
	int n = 0;
	char *p = line;

	while (n < MAX_FIELDS) {
		fields[n++] = p;
		p = strchr(p, ' ');
		if (!p)
			break;
		*p++ = '\0';
	}
	return p ? MAX_FIELDS + 1 : n;
}

static int parse_kind(const char *name, enum key_kind *kind)
{
	if (!strcmp(name, "authority"))
		*kind = KEY_AUTHORITY;
	else if (!strcmp(name, "auxiliary"))
		*kind = KEY_AUXILIARY;
	else
		return -1;
	return 0;
}

/* Decodes base64 TEXT into exactly LEN bytes at OUT. */
static int decode_exact(const char *text, unsigned char *out, size_t len)
{
	size_t got = 0;

	if (sodium_base642bin(out, len, text, strlen(text), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return got == len ? 0 : -1;
}

/* Kind, algorithms and id fields shared by both lines; fills KEY->kind. */
static int parse_head(char **f, struct key_public *key, char *why, size_t whysz)
{
	if (parse_kind(f[1], &key->kind)) {
		snprintf(why, whysz, "unknown key kind '%.20s'", f[1]);
		return -1;
	}
	if (strcmp(f[2], algorithms[key->kind])) {
		snprintf(why, whysz, "unknown algorithms '%.40s' for an %s key", f[2],
			 key_kind_name(key->kind));
		return -1;
	}
	if (strlen(f[3]) != KEY_ID_HEX - 1) {
		snprintf(why, whysz, "key id '%.20s' is not %d hex digits", f[3], KEY_ID_HEX - 1);
		return -1;
	}
	return 0;
}

int key_parse_public(const char *line, struct key_public *out, char *why, size_t whysz)
{
	char copy[KEY_LINE_MAX], *f[MAX_FIELDS];
	unsigned char bytes[64];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (strlen(line) >= sizeof(copy) || strncmp(line, PUBLIC_TAG " ", sizeof(PUBLIC_TAG))) {
		snprintf(why, whysz, "not an apoyo public key line (it must start with '%s')",
			 PUBLIC_TAG);
		return -1;
	}
	memcpy(copy, line, strlen(line) + 1);
	if (split_fields(copy, f) != 5) {
		snprintf(why, whysz, "expected 5 fields in the public key line");
		return -1;
	}
	if (parse_head(f, out, why, whysz))
		return -1;
	n = out->kind == KEY_AUTHORITY ? 64 : 32;
	if (decode_exact(f[4], bytes, n)) {
		snprintf(why, whysz, "the key is not %zu bytes of base64", n);
		return -1;
	}
	if (out->kind == KEY_AUTHORITY) {
		memcpy(out->box, bytes, 32);
		memcpy(out->sign, bytes + 32, 32);
	} else {
		memcpy(out->sign, bytes, 32);
	}
	compute_id(out);
	if (strcmp(out->id_hex, f[3])) {
		snprintf(why, whysz, "key id %s does not match the key (damaged or edited)", f[3]);
		return -1;
	}
	return 0;
}

/*
 * Reads the key line of PATH into LINE: the first line that is neither
 * blank nor a '#' comment; nothing but blank lines may follow it. With
 * MODE not NULL, also returns the file's permission bits.
 */
static int read_key_line(const char *path, char *line, size_t linesz, mode_t *mode)
{
	char buf[FILE_MAX + 1], *p, *end, *found = NULL;
	struct stat sb;
	ssize_t got;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		err_msg("cannot open key '%s': %s", path, strerror(errno));
		return errno == ENOENT || errno == EACCES ? EXIT_INPUT : EXIT_ENV;
	}
	if (fstat(fd, &sb) == 0 && mode)
		*mode = sb.st_mode & 07777;
	while (len < FILE_MAX && (got = read(fd, buf + len, FILE_MAX - len)) > 0)
		len += (size_t)got;
	close(fd);
	buf[len] = '\0';

	for (p = buf; p < buf + len; p = end + 1) {
		end = strchr(p, '\n');
		if (!end)
			end = buf + len;
		*end = '\0';
		if (end > p && end[-1] == '\r')
			end[-1] = '\0';
		if (*p == '#' || *p == '\0')
			continue;
		if (found) {
			err_msg("key '%s': unexpected text after the key line", path);
			return EXIT_INPUT;
		}
		found = p;
	}
	if (!found || strlen(found) >= linesz) {
		err_msg("'%s' is not an apoyo key file (no key line)", path);
		return EXIT_INPUT;
	}
	memcpy(line, found, strlen(found) + 1);
	return 0;
}

/* What the line in PATH is, for "expected X, found Y" messages. */
static const char *describe_line(const char *line)
{
	static const char *const names[2][2] = {
		{ "an authority public key", "an auxiliary public key" },
		{ "an authority secret key", "an auxiliary secret key" }
	};
	int secret = !strncmp(line, SECRET_TAG " ", sizeof(SECRET_TAG));
	const char *kind;

	if (!secret && strncmp(line, PUBLIC_TAG " ", sizeof(PUBLIC_TAG)))
		return NULL;
	kind = line + sizeof(PUBLIC_TAG);
	if (!strncmp(kind, "authority ", 10))
		return names[secret][KEY_AUTHORITY];
	if (!strncmp(kind, "auxiliary ", 10))
		return names[secret][KEY_AUXILIARY];
	return NULL;
}

/* Names the kind of key in LINE when it is not the one wanted. */
static int check_kind(const char *path, const char *line, const char *wanted)
{
	const char *found = describe_line(line);

	if (!found) {
		err_msg("'%s' is not an apoyo key file", path);
		return EXIT_INPUT;
	}
	if (strcmp(found, wanted)) {
		err_msg("'%s' is %s; expected %s", path, found, wanted);
		return EXIT_INPUT;
	}
	return 0;
}

int key_read_public(const char *path, enum key_kind want, struct key_public *out)
{
	char line[KEY_LINE_MAX], why[160], wanted[40];
	int rc;

	if ((rc = keys_init()) || (rc = read_key_line(path, line, sizeof(line), NULL)))
		return rc;
	snprintf(wanted, sizeof(wanted), "an %s public key", key_kind_name(want));
	if ((rc = check_kind(path, line, wanted)))
		return rc;
	if (key_parse_public(line, out, why, sizeof(why))) {
		err_msg("key '%s': %s", path, why);
		return EXIT_INPUT;
	}
	return 0;
}

void key_secret_free(struct key_secret *key)
{
	if (key)
		sodium_free(key);
}

int key_generate(enum key_kind kind, const char *owner, struct key_secret **out)
{
	struct key_secret *key;
	int rc;

	if ((rc = keys_init()))
		return rc;
	key = sodium_malloc(sizeof(*key));
	if (!key) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	memset(key, 0, sizeof(*key));
	key->pub.kind = kind;
	if (kind == KEY_AUTHORITY)
		crypto_box_keypair(key->pub.box, key->box);
	crypto_sign_keypair(key->pub.sign, key->sign);
	if (kind == KEY_AUXILIARY)
		snprintf(key->owner, sizeof(key->owner), "%s", owner);
	compute_id(&key->pub);
	*out = key;
	return 0;
}

/* ---- passphrases ---- */

static int tty_fd = -1;
static struct termios tty_saved;

static void restore_tty(void)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
}

/* Ctrl-C while echo is off: put the terminal back, then die as usual. */
static void on_signal(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Strips one line end; returns -1 when BUF is empty afterwards. */
static int trim_line(char *buf)
{
	size_t n = strcspn(buf, "\r\n");

	buf[n] = '\0';
	return n ? 0 : -1;
}

/* Prompts on FD and reads a line without echo into BUF (PASSPHRASE_MAX). */
static int ask_tty(int fd, const char *prompt, char *buf)
{
	struct termios quiet;
	ssize_t got;
	size_t len = 0;
	char c;

	if (tcgetattr(fd, &tty_saved) != 0)
		return -1;
	quiet = tty_saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	tty_fd = fd;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (write(fd, prompt, strlen(prompt)) < 0 || tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		tty_fd = -1;
		return -1;
	}
	while ((got = read(fd, &c, 1)) == 1 && c != '\n')
		if (len + 1 < PASSPHRASE_MAX)
			buf[len++] = c;
	buf[len] = '\0';
	restore_tty();
	tty_fd = -1;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (write(fd, "\n", 1) < 0)
		return -1;
	sodium_memzero(&c, sizeof(c));
	return got < 0 ? -1 : 0;
}

static int passphrase_from_file(const char *path, char *buf)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f) {
		err_msg("cannot open passphrase file '%s': %s", path, strerror(errno));
		return EXIT_INPUT;
	}
	setvbuf(f, NULL, _IONBF, 0);
	ok = fgets(buf, PASSPHRASE_MAX, f) != NULL && trim_line(buf) == 0;
	fclose(f);
	if (!ok) {
		err_msg("passphrase file '%s' is empty", path);
		return EXIT_INPUT;
	}
	return 0;
}

static int passphrase_from_tty(const char *what, int confirm, char *buf)
{
	char prompt[160];
	char *again = NULL;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), rc = 0;

	if (fd < 0) {
		err_msg("no passphrase for %s: give --passphrase-file or set APOYO_PASSPHRASE "
			"(there is no terminal to ask on)", what);
		return EXIT_USAGE;
	}
	snprintf(prompt, sizeof(prompt), "passphrase for %s: ", what);
	if (ask_tty(fd, prompt, buf) != 0 || trim_line(buf) != 0) {
		err_msg("no passphrase entered");
		rc = EXIT_USAGE;
	} else if (confirm && !(again = sodium_malloc(PASSPHRASE_MAX))) {
		err_msg("out of memory");
		rc = EXIT_ENV;
	} else if (confirm) {
		if (ask_tty(fd, "again: ", again) != 0 || strcmp(buf, again)) {
			err_msg("the passphrases do not match");
			rc = EXIT_USAGE;
		}
		sodium_free(again);
	}
	close(fd);
	return rc;
}

/*
 * The passphrase, from FILE, $APOYO_PASSPHRASE or the terminal (asked
 * twice when CONFIRM). Returns 0 with *OUT in sodium_malloc memory.
 */
static int get_passphrase(const char *file, const char *what, int confirm, char **out)
{
	const char *env = getenv("APOYO_PASSPHRASE");
	char *buf = sodium_malloc(PASSPHRASE_MAX);
	int rc = 0;

	if (!buf) {
		err_msg("out of memory");
		return EXIT_ENV;
	}
	buf[0] = '\0';
	if (file)
		rc = passphrase_from_file(file, buf);
	else if (env && *env)
		snprintf(buf, PASSPHRASE_MAX, "%s", env);
	else
		rc = passphrase_from_tty(what, confirm, buf);
	if (rc) {
		sodium_free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

/* ---- secret key files ---- */

struct kdf_params {
	unsigned long long ops;
	size_t mem;
};

static const struct kdf_params costs[3] = {
	{ crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE },
	{ crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE },
	{ crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE }
};

/* Bytes of the secret plaintext: [box sk] sign sk owner. */
static size_t secret_len(const struct key_secret *key)
{
	size_t n = key->pub.kind == KEY_AUTHORITY ? sizeof(key->box) : 0;

	return n + sizeof(key->sign) + strlen(key->owner);
}

static void secret_pack(const struct key_secret *key, unsigned char *out)
{
	size_t n = 0;

	if (key->pub.kind == KEY_AUTHORITY) {
		memcpy(out, key->box, sizeof(key->box));
		n = sizeof(key->box);
	}
	memcpy(out + n, key->sign, sizeof(key->sign));
	memcpy(out + n + sizeof(key->sign), key->owner, strlen(key->owner));
}

/* Fills KEY's secrets from PLAIN (LEN bytes); derives and checks its id. */
static int secret_unpack(struct key_secret *key, const unsigned char *plain, size_t len,
			 const char *id_hex, const char *owner)
{
	size_t n = key->pub.kind == KEY_AUTHORITY ? sizeof(key->box) : 0;
	size_t owner_len = len - n - sizeof(key->sign);

	if (len < n + sizeof(key->sign) || owner_len > KEY_OWNER_MAX)
		return -1;
	if (key->pub.kind == KEY_AUTHORITY) {
		memcpy(key->box, plain, sizeof(key->box));
		crypto_scalarmult_base(key->pub.box, key->box);
	}
	memcpy(key->sign, plain + n, sizeof(key->sign));
	crypto_sign_ed25519_sk_to_pk(key->pub.sign, key->sign);
	memcpy(key->owner, plain + n + sizeof(key->sign), owner_len);
	key->owner[owner_len] = '\0';
	compute_id(&key->pub);
	if (strcmp(key->pub.id_hex, id_hex))
		return -1;
	return strcmp(key->owner, key->pub.kind == KEY_AUTHORITY ? "" : owner) ? -1 : 0;
}

/* Derives the secretbox key from PASS; KEY_OUT is sodium_malloc'd by the caller. */
static int derive(unsigned char *key_out, const char *pass, const unsigned char *salt,
		  const struct kdf_params *p)
{
	if (crypto_pwhash(key_out, crypto_secretbox_KEYBYTES, pass, strlen(pass), salt,
			  p->ops, p->mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		err_msg("not enough memory to derive the key from the passphrase");
		return EXIT_ENV;
	}
	return 0;
}

/* The parsed fields of a secret key line. */
struct secret_line {
	struct key_public head;
	char id_hex[KEY_ID_HEX];
	char owner[KEY_OWNER_MAX + 1];
	struct kdf_params kdf;
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char box[crypto_secretbox_MACBYTES + 32 + 64 + KEY_OWNER_MAX];
	size_t box_len;
};

static int parse_kdf(char **f, struct secret_line *s)
{
	char *end;

	if (strcmp(f[5], KDF_NAME))
		return -1;
	errno = 0;
	s->kdf.ops = strtoull(f[6], &end, 10);
	if (errno || *end || s->kdf.ops < crypto_pwhash_OPSLIMIT_MIN || s->kdf.ops > 64)
		return -1;
	s->kdf.mem = (size_t)strtoull(f[7], &end, 10);
	if (errno || *end || s->kdf.mem < crypto_pwhash_MEMLIMIT_MIN ||
	    s->kdf.mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return -1;
	return 0;
}

static int parse_secret(const char *line, struct secret_line *s, char *why, size_t whysz)
{
	char copy[KEY_LINE_MAX], *f[MAX_FIELDS];

	memset(s, 0, sizeof(*s));
	memcpy(copy, line, strlen(line) + 1);
	if (split_fields(copy, f) != 11) {
		snprintf(why, whysz, "expected 11 fields in the secret key line");
		return -1;
	}
	if (parse_head(f, &s->head, why, whysz))
		return -1;
	memcpy(s->id_hex, f[3], KEY_ID_HEX);
	if (s->head.kind == KEY_AUXILIARY && !key_owner_valid(f[4])) {
		snprintf(why, whysz, "the auxiliary id is not valid");
		return -1;
	}
	snprintf(s->owner, sizeof(s->owner), "%s", s->head.kind == KEY_AUXILIARY ? f[4] : "");
	if (parse_kdf(f, s) || decode_exact(f[8], s->salt, sizeof(s->salt)) ||
	    decode_exact(f[9], s->nonce, sizeof(s->nonce)) ||
	    sodium_base642bin(s->box, sizeof(s->box), f[10], strlen(f[10]), NULL, &s->box_len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    s->box_len <= crypto_secretbox_MACBYTES) {
		snprintf(why, whysz, "damaged passphrase or key fields");
		return -1;
	}
	return 0;
}

/* Refuses a secret key that group or others may read or write. */
static int check_mode(const char *path, mode_t mode)
{
	if ((mode & 077) == 0)
		return 0;
	err_msg("secret key '%s' is accessible to group or others (mode %04o); "
		"run 'chmod 600 %s'", path, (unsigned)mode, path);
	return EXIT_INPUT;
}

/* Opens the box of S with PASS into a new key. */
static int open_secret(const char *path, const struct secret_line *s, const char *pass,
		       struct key_secret **out)
{
	size_t plain_len = s->box_len - crypto_secretbox_MACBYTES;
	unsigned char *kdf_key = sodium_malloc(crypto_secretbox_KEYBYTES);
	unsigned char *plain = sodium_malloc(plain_len);
	struct key_secret *key = sodium_malloc(sizeof(*key));
	int rc = EXIT_ENV;

	if (!kdf_key || !plain || !key) {
		err_msg("out of memory");
		goto done;
	}
	memset(key, 0, sizeof(*key));
	key->pub.kind = s->head.kind;
	if ((rc = derive(kdf_key, pass, s->salt, &s->kdf)))
		goto done;
	rc = EXIT_INPUT;
	if (crypto_secretbox_open_easy(plain, s->box, s->box_len, s->nonce, kdf_key) != 0) {
		err_msg("wrong passphrase for '%s' (or the file is damaged)", path);
		goto done;
	}
	if (secret_unpack(key, plain, plain_len, s->id_hex, s->owner) != 0) {
		err_msg("key '%s' is damaged or was edited: its id or owner does not match", path);
		goto done;
	}
	*out = key;
	key = NULL;
	rc = 0;

done:
	if (kdf_key)
		sodium_free(kdf_key);
	if (plain)
		sodium_free(plain);
	key_secret_free(key);
	return rc;
}

int key_read_secret(const char *path, enum key_kind want, const char *owner,
		    const char *passphrase_file, struct key_secret **out)
{
	char line[KEY_LINE_MAX], why[160], wanted[40], what[KEY_LINE_MAX + 64];
	struct secret_line s;
	char *pass = NULL;
	mode_t mode = 0;
	int rc;

	if ((rc = keys_init()) || (rc = read_key_line(path, line, sizeof(line), &mode)))
		return rc;
	snprintf(wanted, sizeof(wanted), "an %s secret key", key_kind_name(want));
	if ((rc = check_kind(path, line, wanted)) || (rc = check_mode(path, mode)))
		return rc;
	if (parse_secret(line, &s, why, sizeof(why))) {
		err_msg("key '%s': %s", path, why);
		return EXIT_INPUT;
	}
	if (owner && strcmp(owner, s.owner)) {
		err_msg("'%s' is the key of auxiliary '%s', not of '%s'", path, s.owner, owner);
		return EXIT_INPUT;
	}
	snprintf(what, sizeof(what), "%s key %s (%s)", key_kind_name(want), s.id_hex, path);
	if ((rc = get_passphrase(passphrase_file, what, 0, &pass)))
		return rc;
	rc = open_secret(path, &s, pass, out);
	sodium_free(pass);
	return rc;
}

/* ---- writing ---- */

/* The secret key line of KEY, encrypted under PASS, into LINE. */
static int secret_line(const struct key_secret *key, const char *pass, enum key_cost cost,
		       char *line, size_t linesz)
{
	struct secret_line s;
	size_t plain_len = secret_len(key);
	unsigned char *plain = sodium_malloc(plain_len);
	unsigned char *kdf_key = sodium_malloc(crypto_secretbox_KEYBYTES);
	char salt64[64], nonce64[64], box64[sizeof(s.box) * 2];
	int rc = EXIT_ENV;

	if (!plain || !kdf_key) {
		err_msg("out of memory");
		goto done;
	}
	randombytes_buf(s.salt, sizeof(s.salt));
	randombytes_buf(s.nonce, sizeof(s.nonce));
	if ((rc = derive(kdf_key, pass, s.salt, &costs[cost])))
		goto done;
	secret_pack(key, plain);
	crypto_secretbox_easy(s.box, plain, plain_len, s.nonce, kdf_key);
	sodium_bin2base64(salt64, sizeof(salt64), s.salt, sizeof(s.salt),
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(nonce64, sizeof(nonce64), s.nonce, sizeof(s.nonce),
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(box64, sizeof(box64), s.box, plain_len + crypto_secretbox_MACBYTES,
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, linesz, "%s %s %s %s %s %s %llu %zu %s %s %s", SECRET_TAG,
		 key_kind_name(key->pub.kind), algorithms[key->pub.kind], key->pub.id_hex,
		 key->pub.kind == KEY_AUXILIARY ? key->owner : "-", KDF_NAME,
		 costs[cost].ops, costs[cost].mem, salt64, nonce64, box64);
	rc = 0;

done:
	if (plain)
		sodium_free(plain);
	if (kdf_key)
		sodium_free(kdf_key);
	return rc;
}

/* Creates PATH with MODE (never over an existing file) holding TEXT. */
static int write_new(const char *path, mode_t mode, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0) {
		err_msg("cannot create '%s': %s", path, strerror(errno));
		return errno == EEXIST ? EXIT_USAGE : EXIT_ENV;
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		err_msg("cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return EXIT_ENV;
	}
	if (close(fd) != 0) {
		err_msg("cannot write '%s': %s", path, strerror(errno));
		unlink(path);
		return EXIT_ENV;
	}
	return 0;
}

static void file_texts(const struct key_secret *key, const char *secret, char *pub_text,
		       size_t pubsz, char *sec_text, size_t secsz)
{
	char line[KEY_LINE_MAX], owner[KEY_OWNER_MAX + 32] = "";
	const char *kind = key_kind_name(key->pub.kind);

	if (key->pub.kind == KEY_AUXILIARY)
		snprintf(owner, sizeof(owner), " of auxiliary %s", key->owner);
	key_format_public(&key->pub, line, sizeof(line));
	snprintf(pub_text, pubsz,
		 "# apoyo %s public key %s%s\n"
		 "# %s\n%s\n", kind, key->pub.id_hex, owner,
		 key->pub.kind == KEY_AUTHORITY
		 ? "auxiliaries seal their captures to it (apoyo capture --to)"
		 : "register it with 'apoyo import auxiliaries' (column clave_publica)",
		 line);
	snprintf(sec_text, secsz,
		 "# apoyo %s secret key %s%s, encrypted with a passphrase\n"
		 "# keep it private and keep a copy: it cannot be recovered\n%s\n",
		 kind, key->pub.id_hex, owner, secret);
}

int key_write(const char *base, const struct key_secret *key, const char *passphrase_file,
	      enum key_cost cost)
{
	char pub_path[4096], sec_path[4096], secret[KEY_LINE_MAX];
	char pub_text[KEY_LINE_MAX + 512], sec_text[KEY_LINE_MAX + 512];
	char what[80];
	char *pass = NULL;
	struct stat sb;
	int rc;

	snprintf(pub_path, sizeof(pub_path), "%s.pub", base);
	snprintf(sec_path, sizeof(sec_path), "%s.key", base);
	if (stat(pub_path, &sb) == 0 || stat(sec_path, &sb) == 0) {
		err_msg("'%s' already exists; choose another name or remove it",
			stat(pub_path, &sb) == 0 ? pub_path : sec_path);
		return EXIT_USAGE;
	}
	snprintf(what, sizeof(what), "the new %s key", key_kind_name(key->pub.kind));
	if ((rc = get_passphrase(passphrase_file, what, 1, &pass)))
		return rc;
	rc = secret_line(key, pass, cost, secret, sizeof(secret));
	sodium_free(pass);
	if (rc)
		return rc;
	file_texts(key, secret, pub_text, sizeof(pub_text), sec_text, sizeof(sec_text));
	if ((rc = write_new(sec_path, 0600, sec_text)))
		return rc;
	if ((rc = write_new(pub_path, 0644, pub_text)))
		unlink(sec_path);
	return rc;
}
