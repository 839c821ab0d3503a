/* test_totp.c - SHA-1 (FIPS 180 examples), HMAC-SHA1 (RFC 2202), HOTP
 * (RFC 4226 appendix D), TOTP (RFC 6238 appendix B, SHA-1 rows), the
 * verification window and replay rule, base32 (RFC 4648 section 10) and the
 * otpauth URI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/totp.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void sha1_hex(const void *data, size_t n, char out[41])
{
	uint8_t d[20];
	os_sha1_digest(data, n, d);
	hex(d, 20, out);
}

static void test_sha1_fips(void **state)
{
	(void)state;
	char h[41];
	sha1_hex("abc", 3, h);
	assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1_hex("", 0, h);
	assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_hex(two, strlen(two), h);
	assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	/* One million 'a', fed in uneven pieces across block boundaries. */
	os_sha1 s;
	os_sha1_init(&s);
	char a[997];
	memset(a, 'a', sizeof a);
	size_t left = 1000000;
	while (left) {
		size_t k = left < sizeof a ? left : sizeof a;
		os_sha1_update(&s, a, k);
		left -= k;
	}
	uint8_t d[20];
	os_sha1_final(&s, d);
	hex(d, 20, h);
	assert_string_equal(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	/* Lengths around the padding boundary (55, 56, 63, 64 bytes) agree
	 * between one update and byte-by-byte updates. */
	for (size_t n = 50; n <= 70; n++) {
		char want[41], got[41];
		sha1_hex(a, n, want);
		os_sha1_init(&s);
		for (size_t i = 0; i < n; i++)
			os_sha1_update(&s, "a", 1);
		os_sha1_final(&s, d);
		hex(d, 20, got);
		assert_string_equal(got, want);
	}
}

static void test_hmac_rfc2202(void **state)
{
	(void)state;
	uint8_t k[80], m[80], mac[20];
	char h[41];

	memset(k, 0x0b, 20);
	os_hmac_sha1(k, 20, "Hi There", 8, mac);
	hex(mac, 20, h);
	assert_string_equal(h, "b617318655057264e28bc0b6fb378c8ef146be00");

	os_hmac_sha1("Jefe", 4, "what do ya want for nothing?", 28, mac);
	hex(mac, 20, h);
	assert_string_equal(h, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");

	memset(k, 0xaa, 20);
	memset(m, 0xdd, 50);
	os_hmac_sha1(k, 20, m, 50, mac);
	hex(mac, 20, h);
	assert_string_equal(h, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");

	for (int i = 0; i < 25; i++)
		k[i] = (uint8_t)(i + 1);
	memset(m, 0xcd, 50);
	os_hmac_sha1(k, 25, m, 50, mac);
	hex(mac, 20, h);
	assert_string_equal(h, "4c9007f4026250c6bc8414f9bf50c86c2d7235da");

	memset(k, 0x0c, 20);
	os_hmac_sha1(k, 20, "Test With Truncation", 20, mac);
	hex(mac, 20, h);
	assert_string_equal(h, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");

	memset(k, 0xaa, 80);
	const char *t6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	os_hmac_sha1(k, 80, t6, strlen(t6), mac);
	hex(mac, 20, h);
	assert_string_equal(h, "aa4ae5e15272d00e95705637ce8a3b55ed402112");

	const char *t7 =
	    "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";
	os_hmac_sha1(k, 80, t7, strlen(t7), mac);
	hex(mac, 20, h);
	assert_string_equal(h, "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

static const uint8_t rfc_key[] = "12345678901234567890";
#define RFC_KEYLEN 20

static void test_hotp_rfc4226(void **state)
{
	(void)state;
	static const uint32_t want[10] = {755224, 287082, 359152, 969429, 338314,
	                                  254676, 287922, 162583, 399871, 520489};
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(totp_hotp(rfc_key, RFC_KEYLEN, c, 6), want[c]);
}

static void test_totp_rfc6238(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
	    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
	    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000LL, "65353130"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char code[9];
		totp_code_at(rfc_key, RFC_KEYLEN, v[i].t, 8, code, sizeof code);
		assert_string_equal(code, v[i].code);
	}
	/* Six digits are the last six of the same value. */
	char six[7];
	totp_code_at(rfc_key, RFC_KEYLEN, 59, 6, six, sizeof six);
	assert_string_equal(six, "287082");
	assert_int_equal(totp_step(59), 1);
	assert_int_equal(totp_step(60), 2);
	assert_int_equal(totp_step(-5), 0);
	/* Too small a buffer gives an empty string. */
	char tiny[4] = "xyz";
	totp_code_at(rfc_key, RFC_KEYLEN, 59, 6, tiny, sizeof tiny);
	assert_string_equal(tiny, "");
}

static void test_verify_window_and_replay(void **state)
{
	(void)state;
	const int64_t now = 1111111111; /* step 37037037, 1 s into it */
	const int64_t cur = totp_step(now);
	char prev[7], here[7], next[7], far[7];
	totp_code_at(rfc_key, RFC_KEYLEN, now - 30, 6, prev, sizeof prev);
	totp_code_at(rfc_key, RFC_KEYLEN, now, 6, here, sizeof here);
	totp_code_at(rfc_key, RFC_KEYLEN, now + 30, 6, next, sizeof next);
	totp_code_at(rfc_key, RFC_KEYLEN, now + 90, 6, far, sizeof far);
	int64_t step = -1;
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, here, now, 0, &step), OS_OK);
	assert_int_equal(step, cur);
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, prev, now, 0, &step), OS_OK);
	assert_int_equal(step, cur - 1);
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, next, now, 0, &step), OS_OK);
	assert_int_equal(step, cur + 1);
	/* Two steps away is outside the window. */
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, far, now, 0, &step), OS_ERR_INVALID);
	/* The same code again, once its step is recorded: a replay. */
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, here, now, cur, &step), OS_ERR_CONFLICT);
	/* An earlier step's code after a later one was used: refused too. */
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, prev, now, cur, &step), OS_ERR_CONFLICT);
	/* The next step's code is still good after the current one was used. */
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, next, now, cur, &step), OS_OK);
	assert_int_equal(step, cur + 1);
	/* Malformed codes. */
	const char *bad[] = {"", "12345", "1234567", "12a456", " 12345", "-12345", NULL};
	for (int i = 0; bad[i]; i++)
		assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, bad[i], now, 0, &step),
		                 OS_ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEYLEN, NULL, now, 0, &step), OS_ERR_INVALID);
	/* A code of another key is wrong. */
	assert_int_equal(
	    totp_verify((const uint8_t *)"another key of 20 b.", 20, here, now, 0, &step),
	    OS_ERR_INVALID);
}

static void test_base32_rfc4648(void **state)
{
	(void)state;
	static const struct {
		const char *plain, *enc, *padded;
	} v[] = {
	    {"", "", ""},
	    {"f", "MY", "MY======"},
	    {"fo", "MZXQ", "MZXQ===="},
	    {"foo", "MZXW6", "MZXW6==="},
	    {"foob", "MZXW6YQ", "MZXW6YQ="},
	    {"fooba", "MZXW6YTB", "MZXW6YTB"},
	    {"foobar", "MZXW6YTBOI", "MZXW6YTBOI======"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char enc[32];
		size_t n = strlen(v[i].plain);
		size_t w = totp_base32_encode((const uint8_t *)v[i].plain, n, enc, sizeof enc);
		assert_int_equal(w, strlen(v[i].enc));
		assert_string_equal(enc, v[i].enc);
		uint8_t dec[32];
		size_t dn = 99;
		assert_int_equal(
		    totp_base32_decode(v[i].enc, strlen(v[i].enc), dec, sizeof dec, &dn), OS_OK);
		assert_int_equal(dn, n);
		assert_memory_equal(dec, v[i].plain, n);
		assert_int_equal(
		    totp_base32_decode(v[i].padded, strlen(v[i].padded), dec, sizeof dec, &dn),
		    OS_OK);
		assert_int_equal(dn, n);
		assert_memory_equal(dec, v[i].plain, n);
	}
	/* Lower case is accepted. */
	uint8_t dec[32];
	size_t dn;
	assert_int_equal(totp_base32_decode("mzxw6ytboi", 10, dec, sizeof dec, &dn), OS_OK);
	assert_memory_equal(dec, "foobar", 6);
	/* The RFC 6238 key round-trips. */
	char enc[TOTP_SECRET_B32];
	assert_int_equal(totp_base32_encode(rfc_key, RFC_KEYLEN, enc, sizeof enc), 32);
	assert_string_equal(enc, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	/* Refused: bad characters, impossible lengths, wrong or misplaced
	 * padding, non-zero leftover bits. */
	const char *bad[] = {
	    "MY1",      "M",  "MZX",  "MZXW6Y",           "MY=",   "MY=====", "MY=======",
	    "M=Y=====", "MZ", "MZXR", "MY======MY======", "MZ XW", "MY\n",    NULL};
	for (int i = 0; bad[i]; i++)
		assert_int_equal(totp_base32_decode(bad[i], strlen(bad[i]), dec, sizeof dec, &dn),
		                 OS_ERR_INVALID);
	/* Too small an output. */
	assert_int_equal(totp_base32_decode("MZXW6YTBOI", 10, dec, 5, &dn), OS_ERR_TOO_LARGE);
	assert_int_equal(totp_base32_encode((const uint8_t *)"foobar", 6, enc, 10), 0);
	assert_string_equal(enc, "");
}

static void test_uri(void **state)
{
	(void)state;
	char uri[TOTP_URI_MAX];
	assert_int_equal(totp_uri("sysadmin", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", uri, sizeof uri),
	                 OS_OK);
	assert_string_equal(
	    uri, "otpauth://totp/OneStop:sysadmin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	         "&issuer=OneStop&algorithm=SHA1&digits=6&period=30");
	/* The label is percent-encoded. */
	assert_int_equal(totp_uri("a b/c@d", "MY", uri, sizeof uri), OS_OK);
	assert_string_equal(uri, "otpauth://totp/OneStop:a%20b%2Fc%40d?secret=MY&issuer=OneStop"
	                         "&algorithm=SHA1&digits=6&period=30");
	assert_int_equal(totp_uri("", "MY", uri, sizeof uri), OS_ERR_INVALID);
	assert_int_equal(totp_uri("x", "", uri, sizeof uri), OS_ERR_INVALID);
	assert_int_equal(totp_uri("x", "M&Y", uri, sizeof uri), OS_ERR_INVALID);
	assert_int_equal(totp_uri("sysadmin", "MY", uri, 20), OS_ERR_TOO_LARGE);
	assert_string_equal(uri, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha1_fips),
	    cmocka_unit_test(test_hmac_rfc2202),
	    cmocka_unit_test(test_hotp_rfc4226),
	    cmocka_unit_test(test_totp_rfc6238),
	    cmocka_unit_test(test_verify_window_and_replay),
	    cmocka_unit_test(test_base32_rfc4648),
	    cmocka_unit_test(test_uri),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
