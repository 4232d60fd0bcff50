/*
 * keys.h - apoyo's key files and passphrases (libsodium).
 *
 * Two kinds of key. The authority holds an X25519 pair (packages are
 * sealed to it with crypto_box_seal) and an Ed25519 pair (for receipts);
 * an auxiliary holds an Ed25519 pair and signs what it captures.
 *
 * Files are text: '#' comment lines, then one line of space-separated
 * fields, so that a wrong or mixed-up key is named before any
 * cryptography runs (apoyo-package(5) documents the fields):
 *   apoyo-public-1 KIND ALGORITHMS KEYID BASE64
 *   apoyo-secret-1 KIND ALGORITHMS KEYID OWNER argon2id OPS MEM SALT NONCE BOX
 * KEYID is the first 8 bytes of BLAKE2b-256 over the kind and the public
 * keys, in hex. The public line is what other files (the auxiliaries CSV)
 * quote. A secret key is encrypted with a key derived from a passphrase
 * (crypto_pwhash, Argon2id) by crypto_secretbox; its file has mode 0600
 * and is refused when group or others may read it. Secret keys and
 * passphrases live in sodium_malloc memory, wiped when freed.
 */
#ifndef APOYO_KEYS_H
#define APOYO_KEYS_H

#include <stddef.h>
#include <sodium.h>

#define KEY_ID_BYTES 8
#define KEY_ID_HEX (2 * KEY_ID_BYTES + 1)
#define KEY_OWNER_MAX 64
#define KEY_LINE_MAX 1024

enum key_kind {
	KEY_AUTHORITY = 0,
	KEY_AUXILIARY = 1
};

/* How costly the passphrase hash is (libsodium's three presets). */
enum key_cost {
	KEY_COST_INTERACTIVE = 0,	/* about 0.2 s and 64 MiB */
	KEY_COST_MODERATE = 1,		/* about 1 s and 256 MiB */
	KEY_COST_SENSITIVE = 2		/* several seconds and 1 GiB */
};

struct key_public {
	enum key_kind kind;
	unsigned char box[crypto_box_PUBLICKEYBYTES];	/* authority only */
	unsigned char sign[crypto_sign_PUBLICKEYBYTES];
	unsigned char id[KEY_ID_BYTES];
	char id_hex[KEY_ID_HEX];
};

/* Always allocated with sodium_malloc; release with key_secret_free. */
struct key_secret {
	struct key_public pub;
	unsigned char box[crypto_box_SECRETKEYBYTES];	/* authority only */
	unsigned char sign[crypto_sign_SECRETKEYBYTES];
	char owner[KEY_OWNER_MAX + 1];	/* auxiliary id; "" for the authority */
};

/* Initializes libsodium once. Returns 0, or EXIT_ENV after printing why. */
int keys_init(void);

/* "authority" or "auxiliary". */
const char *key_kind_name(enum key_kind kind);

/* 1 when ID is a usable auxiliary id: 1-64 of A-Z a-z 0-9 . _ - */
int key_owner_valid(const char *id);

/*
 * Parses one public key line. Returns 0, or -1 with the reason in WHY
 * (e.g. "an auxiliary public key where an authority public key was
 * expected" is left to the caller: this only reads the line).
 */
int key_parse_public(const char *line, struct key_public *out, char *why, size_t whysz);

/* The public line of KEY (no newline) into LINE (KEY_LINE_MAX bytes). */
void key_format_public(const struct key_public *key, char *line, size_t linesz);

/*
 * Reads the public key file PATH and checks that it holds a public key of
 * kind WANT. Returns 0, or EXIT_INPUT after printing what the file is
 * instead (a secret key, the other kind, damaged), or EXIT_ENV.
 */
int key_read_public(const char *path, enum key_kind want, struct key_public *out);

/*
 * Reads the secret key file PATH: checks that it is a secret key of kind
 * WANT (before anything else) and, when OWNER is not NULL, of auxiliary
 * OWNER; that only the file's owner may read it; then
 * gets the passphrase (from PASSPHRASE_FILE when not NULL, else
 * $APOYO_PASSPHRASE, else the terminal without echo) and decrypts it.
 * Returns 0 with *OUT owned by the caller (key_secret_free), EXIT_INPUT
 * for a wrong kind, readable file, wrong passphrase or damaged file,
 * EXIT_ENV otherwise; the message is printed.
 */
int key_read_secret(const char *path, enum key_kind want, const char *owner,
		    const char *passphrase_file, struct key_secret **out);

/* Wipes and frees KEY (NULL is fine). */
void key_secret_free(struct key_secret *key);

/*
 * Makes a new key pair of KIND (OWNER is the auxiliary id, ignored for
 * the authority). Returns 0 with *OUT owned by the caller, or EXIT_ENV.
 */
int key_generate(enum key_kind kind, const char *owner, struct key_secret **out);

/*
 * Writes BASE.pub (mode 0644) and BASE.key (mode 0600, encrypted with a
 * passphrase asked twice on the terminal unless given by PASSPHRASE_FILE
 * or $APOYO_PASSPHRASE). Refuses to overwrite either file. Returns 0, or
 * an exit code after printing why; on failure neither file is left.
 */
int key_write(const char *base, const struct key_secret *key, const char *passphrase_file,
	      enum key_cost cost);

#endif
