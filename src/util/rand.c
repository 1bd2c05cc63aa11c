/* SPDX-License-Identifier: MIT */
#include "util/rand.h"

#include <sodium.h>
#include <string.h>

/* Argon2id at OWASP's recommended minimum (19 MiB, t=2): logins stay
 * well under 100 ms and many at once do not exhaust memory. */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024 * 1024)

void
hd_token_new(char *out)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, HD_TOKEN_MAX, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
hd_token_hash(const char *token, char *out)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, HD_HASH_MAX, h, sizeof(h));
}

bool
hd_token_wellformed(const char *token)
{
	size_t n = strlen(token), i;

	if (n < 16 || n > 128)
		return false;
	for (i = 0; i < n; i++) {
		char c = token[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

enum hd_status
hd_password_hash(const char *password, char *out, size_t n)
{
	if (n < crypto_pwhash_STRBYTES)
		return HD_EINVAL;
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT,
		PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return HD_ENOMEM;
	return HD_OK;
}

bool
hd_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
