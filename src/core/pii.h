/* pii.h - personal data at rest: sealing with an AEAD and keyed lookup hashes.
 *
 * A sealed value is: 'P' | key id (4 bytes, big endian) | nonce (24) |
 * XChaCha20-Poly1305-IETF ciphertext with its 16-byte tag; the first 5 bytes
 * are the associated data, so a blob cannot be re-labelled with another key
 * id. Exact lookups (a resident ID number, a passport number) go through a
 * keyed BLAKE2b hash of the normalised value under the current key's hash key.
 *
 * The keyring lives in a file outside the database (src/cli: key_file):
 * one line per key "onestop-key v1 <id> <enc key base64> <hash key base64>",
 * the first line being the current key. Older keys stay readable until
 * `onestop key rotate` has re-sealed everything under a new one.
 * Pure: callers read and write the file. */
#ifndef ONESTOP_CORE_PII_H
#define ONESTOP_CORE_PII_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PII_MAX_KEYS  4
#define PII_OVERHEAD  (1 + 4 + 24 + 16)
#define PII_MAX_PLAIN 1024 /* the longest value sealed */

typedef struct pii_key {
	uint32_t id;
	uint8_t enc[32];
	uint8_t mac[32];
} pii_key;

typedef struct pii_keyring {
	pii_key keys[PII_MAX_KEYS]; /* keys[0] is current */
	int n;
} pii_keyring;

/* Parse a key file. *why names the problem (static string). */
os_err pii_keyring_parse(const char *text, size_t len, pii_keyring *out, const char **why);
/* Format a keyring as key-file text (malloc'ed; the caller wipes and frees). */
char *pii_keyring_format(const pii_keyring *kr);
/* Put a fresh random key in front (id = current id + 1); the oldest key is
 * dropped when the ring is full. */
void pii_keyring_rotate(pii_keyring *kr);
/* Keep only the current key (after everything was re-sealed). */
void pii_keyring_retire_old(pii_keyring *kr);

os_err pii_seal(const pii_keyring *kr, const void *plain, size_t len, uint8_t *out, size_t cap,
                size_t *outlen);
/* OS_ERR_CHECKSUM when the blob was altered or its key is unknown. */
os_err pii_open(const pii_keyring *kr, const uint8_t *blob, size_t len, uint8_t *out, size_t cap,
                size_t *outlen);
uint32_t pii_blob_key(const uint8_t *blob, size_t len); /* 0 when malformed */
void pii_lookup_hash(const pii_keyring *kr, const char *normalized, size_t len, uint8_t out[32]);

#endif
