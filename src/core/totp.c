/* totp.c - SHA-1, HMAC-SHA1, HOTP/TOTP, base32 and the otpauth URI. Written
 * from FIPS 180-4, RFC 2104, RFC 4226, RFC 6238 and RFC 4648. */
#include "core/totp.h"

#include <stdio.h>
#include <string.h>

/* ---- SHA-1 (FIPS 180-4 section 6.1) ---- */

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(os_sha1 *s, const uint8_t *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = tmp;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

void os_sha1_init(os_sha1 *s)
{
	memset(s, 0, sizeof *s);
	s->h[0] = 0x67452301;
	s->h[1] = 0xefcdab89;
	s->h[2] = 0x98badcfe;
	s->h[3] = 0x10325476;
	s->h[4] = 0xc3d2e1f0;
}

void os_sha1_update(os_sha1 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	s->bytes += len;
	while (len > 0) {
		size_t take = 64 - s->used;
		if (take > len)
			take = len;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used == 64) {
			sha1_block(s, s->block);
			s->used = 0;
		}
	}
}

void os_sha1_final(os_sha1 *s, uint8_t out[20])
{
	uint64_t bits = s->bytes * 8;
	uint8_t pad = 0x80;
	os_sha1_update(s, &pad, 1);
	pad = 0;
	while (s->used != 56)
		os_sha1_update(s, &pad, 1);
	uint8_t len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	os_sha1_update(s, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
	memset(s, 0, sizeof *s);
}

void os_sha1_digest(const void *data, size_t len, uint8_t out[20])
{
	os_sha1 s;
	os_sha1_init(&s);
	os_sha1_update(&s, data, len);
	os_sha1_final(&s, out);
}

/* ---- HMAC-SHA1 (RFC 2104) ---- */

void os_hmac_sha1(const void *key, size_t keylen, const void *msg, size_t msglen, uint8_t out[20])
{
	uint8_t k[64] = {0}, pad[64], inner[20];
	if (keylen > 64)
		os_sha1_digest(key, keylen, k);
	else if (keylen > 0)
		memcpy(k, key, keylen);
	os_sha1 s;
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	os_sha1_init(&s);
	os_sha1_update(&s, pad, 64);
	os_sha1_update(&s, msg, msglen);
	os_sha1_final(&s, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	os_sha1_init(&s);
	os_sha1_update(&s, pad, 64);
	os_sha1_update(&s, inner, 20);
	os_sha1_final(&s, out);
	memset(k, 0, sizeof k);
	memset(pad, 0, sizeof pad);
}

/* ---- HOTP / TOTP (RFC 4226, RFC 6238) ---- */

uint32_t totp_hotp(const uint8_t *key, size_t keylen, uint64_t counter, int digits)
{
	uint8_t msg[8], mac[20];
	for (int i = 0; i < 8; i++)
		msg[i] = (uint8_t)(counter >> (56 - 8 * i));
	os_hmac_sha1(key, keylen, msg, sizeof msg, mac);
	int off = mac[19] & 0x0f;
	uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	               (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	if (digits < 6)
		digits = 6;
	if (digits > 8)
		digits = 8;
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

int64_t totp_step(int64_t unix_seconds)
{
	return unix_seconds < 0 ? 0 : unix_seconds / TOTP_PERIOD;
}

static void format_code(uint32_t v, int digits, char *out)
{
	for (int i = digits - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[digits] = '\0';
}

void totp_code_at(const uint8_t *key, size_t keylen, int64_t unix_seconds, int digits, char *out,
                  size_t cap)
{
	if (digits < 6)
		digits = 6;
	if (digits > 8)
		digits = 8;
	if (cap < (size_t)digits + 1) {
		if (cap)
			out[0] = '\0';
		return;
	}
	uint32_t v = totp_hotp(key, keylen, (uint64_t)totp_step(unix_seconds), digits);
	format_code(v, digits, out);
}

os_err totp_verify(const uint8_t *key, size_t keylen, const char *code, int64_t now,
                   int64_t last_step, int64_t *step)
{
	*step = 0;
	if (!code || strnlen(code, TOTP_DIGITS + 1) != TOTP_DIGITS)
		return OS_ERR_INVALID;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return OS_ERR_INVALID;
	int64_t cur = totp_step(now);
	bool matched = false, accepted = false;
	/* Every candidate is computed and compared in full, whatever matches. */
	for (int64_t s = cur - TOTP_WINDOW; s <= cur + TOTP_WINDOW; s++) {
		if (s < 0)
			continue;
		char want[TOTP_DIGITS + 1];
		format_code(totp_hotp(key, keylen, (uint64_t)s, TOTP_DIGITS), TOTP_DIGITS, want);
		unsigned diff = 0;
		for (int i = 0; i < TOTP_DIGITS; i++)
			diff |= (unsigned)(want[i] ^ code[i]);
		if (diff == 0) {
			matched = true;
			if (s > last_step) {
				accepted = true;
				*step = s; /* the latest matching step wins */
			}
		}
	}
	if (accepted)
		return OS_OK;
	return matched ? OS_ERR_CONFLICT : OS_ERR_INVALID;
}

/* ---- base32 (RFC 4648 section 6) ---- */

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t totp_base32_encode(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t need = (n * 8 + 4) / 5;
	if (cap < need + 1) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32_alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0)
		out[o++] = b32_alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

static int b32_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a';
	if (ch >= '2' && ch <= '7')
		return ch - '2' + 26;
	return -1;
}

os_err totp_base32_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *n)
{
	*n = 0;
	size_t data = len;
	while (data > 0 && in[data - 1] == '=')
		data--;
	size_t pads = len - data;
	/* Characters in the last group of 8 that carry data: 2, 4, 5 or 7 (or a
	 * full group). Any other count cannot come from whole bytes. */
	size_t rem = data % 8;
	if (rem == 1 || rem == 3 || rem == 6)
		return OS_ERR_INVALID;
	if (pads > 0) {
		static const size_t want[8] = {0, 0, 6, 0, 4, 3, 0, 1};
		if (len % 8 != 0 || pads != want[rem])
			return OS_ERR_INVALID;
	}
	size_t bytes = data * 5 / 8;
	if (bytes > cap)
		return OS_ERR_TOO_LARGE;
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < data; i++) {
		int v = b32_value(in[i]);
		if (v < 0)
			return OS_ERR_INVALID;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1;
	}
	if (acc != 0) /* non-zero bits beyond the last byte: not canonical */
		return OS_ERR_INVALID;
	*n = o;
	return OS_OK;
}

/* ---- otpauth URI ---- */

static bool unreserved(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

os_err totp_uri(const char *login, const char *secret_b32, char *out, size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (!login || !*login || !secret_b32 || !*secret_b32)
		return OS_ERR_INVALID;
	char label[3 * 64 + 1];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)login; *p; p++) {
		if (o + 4 > sizeof label)
			return OS_ERR_TOO_LARGE;
		if (unreserved(*p)) {
			label[o++] = (char)*p;
		} else {
			static const char hex[] = "0123456789ABCDEF";
			label[o++] = '%';
			label[o++] = hex[*p >> 4];
			label[o++] = hex[*p & 15];
		}
	}
	label[o] = '\0';
	for (const char *p = secret_b32; *p; p++)
		if (b32_value(*p) < 0)
			return OS_ERR_INVALID;
	int w = snprintf(out, cap,
	                 "otpauth://totp/" TOTP_ISSUER ":%s?secret=%s&issuer=" TOTP_ISSUER
	                 "&algorithm=SHA1&digits=%d&period=%d",
	                 label, secret_b32, TOTP_DIGITS, TOTP_PERIOD);
	if (w < 0 || (size_t)w >= cap) {
		if (cap)
			out[0] = '\0';
		return OS_ERR_TOO_LARGE;
	}
	return OS_OK;
}
