#include "core/pii.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

os_err pii_keyring_parse(const char *text, size_t len, pii_keyring *out, const char **why)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		pos += ll + (nl ? 1 : 0);
		if (ll == 0 || line[0] == '#')
			continue;
		char buf[256];
		if (ll >= sizeof buf) {
			*why = "line too long";
			return OS_ERR_INVALID;
		}
		memcpy(buf, line, ll);
		buf[ll] = '\0';
		char tag[16], ver[8], b64e[64], b64m[64];
		unsigned long id;
		if (sscanf(buf, "%15s %7s %lu %63s %63s", tag, ver, &id, b64e, b64m) != 5 ||
		    strcmp(tag, "onestop-key") || strcmp(ver, "v1") || id == 0 ||
		    id > 0xffffffffUL) {
			*why = "expected: onestop-key v1 ID ENCKEY HASHKEY";
			return OS_ERR_INVALID;
		}
		if (out->n == PII_MAX_KEYS) {
			*why = "too many keys";
			return OS_ERR_INVALID;
		}
		pii_key *k = &out->keys[out->n];
		size_t n1 = 0, n2 = 0;
		if (sodium_base642bin(k->enc, sizeof k->enc, b64e, strlen(b64e), NULL, &n1, NULL,
		                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    n1 != 32 ||
		    sodium_base642bin(k->mac, sizeof k->mac, b64m, strlen(b64m), NULL, &n2, NULL,
		                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    n2 != 32) {
			*why = "a key is not 32 bytes of base64";
			sodium_memzero(out, sizeof *out);
			return OS_ERR_INVALID;
		}
		for (int i = 0; i < out->n; i++)
			if (out->keys[i].id == id) {
				*why = "duplicate key id";
				sodium_memzero(out, sizeof *out);
				return OS_ERR_INVALID;
			}
		k->id = (uint32_t)id;
		out->n++;
		sodium_memzero(buf, sizeof buf);
	}
	if (out->n == 0) {
		*why = "no key in the file";
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

char *pii_keyring_format(const pii_keyring *kr)
{
	size_t cap = 128 + (size_t)kr->n * 160;
	char *out = os_malloc(cap);
	size_t o = (size_t)snprintf(out, cap,
	                            "# OneStop personal-data keys. Keep this file "
	                            "private and backed up apart from the database.\n");
	for (int i = 0; i < kr->n; i++) {
		char e[64], m[64];
		sodium_bin2base64(e, sizeof e, kr->keys[i].enc, 32, sodium_base64_VARIANT_ORIGINAL);
		sodium_bin2base64(m, sizeof m, kr->keys[i].mac, 32, sodium_base64_VARIANT_ORIGINAL);
		o += (size_t)snprintf(out + o, cap - o, "onestop-key v1 %u %s %s\n",
		                      (unsigned)kr->keys[i].id, e, m);
		sodium_memzero(e, sizeof e);
		sodium_memzero(m, sizeof m);
	}
	return out;
}

void pii_keyring_rotate(pii_keyring *kr)
{
	uint32_t id = kr->n ? kr->keys[0].id + 1 : 1;
	if (kr->n == PII_MAX_KEYS) {
		sodium_memzero(&kr->keys[PII_MAX_KEYS - 1], sizeof(pii_key));
		kr->n--;
	}
	memmove(&kr->keys[1], &kr->keys[0], (size_t)kr->n * sizeof(pii_key));
	kr->keys[0].id = id;
	randombytes_buf(kr->keys[0].enc, 32);
	randombytes_buf(kr->keys[0].mac, 32);
	kr->n++;
}

void pii_keyring_retire_old(pii_keyring *kr)
{
	for (int i = 1; i < kr->n; i++)
		sodium_memzero(&kr->keys[i], sizeof(pii_key));
	if (kr->n > 1)
		kr->n = 1;
}

os_err pii_seal(const pii_keyring *kr, const void *plain, size_t len, uint8_t *out, size_t cap,
                size_t *outlen)
{
	if (kr->n == 0)
		return OS_ERR_INTERNAL;
	if (len > PII_MAX_PLAIN)
		return OS_ERR_TOO_LARGE;
	if (cap < len + PII_OVERHEAD)
		return OS_ERR_TOO_LARGE;
	const pii_key *k = &kr->keys[0];
	out[0] = 'P';
	out[1] = (uint8_t)(k->id >> 24);
	out[2] = (uint8_t)(k->id >> 16);
	out[3] = (uint8_t)(k->id >> 8);
	out[4] = (uint8_t)k->id;
	randombytes_buf(out + 5, 24);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 29, &clen, plain, len, out, 5, NULL,
	                                           out + 5, k->enc);
	*outlen = 29 + (size_t)clen;
	return OS_OK;
}

uint32_t pii_blob_key(const uint8_t *blob, size_t len)
{
	if (len < PII_OVERHEAD || blob[0] != 'P')
		return 0;
	return (uint32_t)blob[1] << 24 | (uint32_t)blob[2] << 16 | (uint32_t)blob[3] << 8 | blob[4];
}

os_err pii_open(const pii_keyring *kr, const uint8_t *blob, size_t len, uint8_t *out, size_t cap,
                size_t *outlen)
{
	uint32_t id = pii_blob_key(blob, len);
	if (!id)
		return OS_ERR_CHECKSUM;
	const pii_key *k = NULL;
	for (int i = 0; i < kr->n; i++)
		if (kr->keys[i].id == id)
			k = &kr->keys[i];
	if (!k)
		return OS_ERR_CHECKSUM;
	if (cap < len - PII_OVERHEAD)
		return OS_ERR_TOO_LARGE;
	unsigned long long mlen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, blob + 29, len - 29, blob,
	                                               5, blob + 5, k->enc) != 0)
		return OS_ERR_CHECKSUM;
	*outlen = (size_t)mlen;
	return OS_OK;
}

void pii_lookup_hash(const pii_keyring *kr, const char *normalized, size_t len, uint8_t out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)normalized, len, kr->keys[0].mac, 32);
}
