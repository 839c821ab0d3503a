#include "core/audit.h"

#include <sodium.h>
#include <string.h>

static void put64(crypto_hash_sha256_state *s, int64_t v)
{
	uint8_t b[8];
	uint64_t u = (uint64_t)v;
	for (int i = 7; i >= 0; i--) {
		b[i] = (uint8_t)u;
		u >>= 8;
	}
	crypto_hash_sha256_update(s, b, 8);
}

void audit_hash(const uint8_t *prev, const audit_fields *f, uint8_t out[32])
{
	static const uint8_t zero[32];
	crypto_hash_sha256_state s;
	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, prev ? prev : zero, 32);
	put64(&s, f->id);
	put64(&s, f->at);
	put64(&s, f->actor_id);
	for (int i = 0; i < 7; i++) {
		uint32_t n = (uint32_t)f->len[i];
		uint8_t b[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8),
		                (uint8_t)n};
		crypto_hash_sha256_update(&s, b, 4);
		if (n)
			crypto_hash_sha256_update(&s, (const uint8_t *)f->text[i], n);
	}
	crypto_hash_sha256_final(&s, out);
}
