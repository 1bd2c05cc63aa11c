/* SPDX-License-Identifier: MIT */
/* Verifiable Message-IDs: "<v{id}.{unique}.{mac}@hausdesk>" (msgid.h). */
#include "mail/msgid.h"

#include "util/str.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MSGID_DOMAIN "hausdesk"
/* "v" + 19 digits + "." + 20 digits: the signed part, plus room. */
#define MSGID_BODY_MAX 48

/* The MAC of the signed part body (blen bytes) under secret, hex. */
static void
msgid_mac_hex(const unsigned char *secret, size_t secret_len, const char *body,
    size_t blen, char hex[2 * MAIL_MSGID_MAC_BYTES + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, blen);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(
	    hex, 2 * MAIL_MSGID_MAC_BYTES + 1, mac, MAIL_MSGID_MAC_BYTES);
	sodium_memzero(&st, sizeof(st));
}

enum hd_status
mail_msgid_make(const unsigned char *secret, size_t secret_len,
    int64_t process_id, uint64_t unique, char *buf, size_t cap)
{
	char body[MSGID_BODY_MAX];
	char hex[2 * MAIL_MSGID_MAC_BYTES + 1];
	int n;

	if (cap > 0)
		buf[0] = '\0';
	if (secret == NULL || secret_len < MAIL_MSGID_MIN_SECRET ||
	    process_id < 0)
		return HD_EINVAL;
	n = snprintf(
	    body, sizeof(body), "v%" PRId64 ".%" PRIu64, process_id, unique);
	if (n < 0 || (size_t)n >= sizeof(body))
		return HD_EINVAL;
	msgid_mac_hex(secret, secret_len, body, (size_t)n, hex);
	n = snprintf(buf, cap, "<%s.%s@" MSGID_DOMAIN ">", body, hex);
	if (n < 0 || (size_t)n >= cap) {
		if (cap > 0)
			buf[0] = '\0';
		return HD_ETOOBIG;
	}
	return HD_OK;
}

/* Reads 1..20 decimal digits at *p without a leading zero (unless "0"),
 * advancing *p; true and *v on success. */
static int
msgid_digits(const char **p, uint64_t max, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		unsigned d = (unsigned)(s[n] - '0');

		if (x > (max - d) / 10)
			return 0;
		x = x * 10 + d;
		n++;
	}
	if (n == 0 || (n > 1 && s[0] == '0'))
		return 0;
	*p = s + n;
	*v = x;
	return 1;
}

enum hd_status
mail_msgid_verify(const unsigned char *secret, size_t secret_len,
    const char *msgid, int64_t *process_id)
{
	char hex[2 * MAIL_MSGID_MAC_BYTES + 1];
	const char *p, *body, *mac;
	uint64_t id, unique;
	size_t blen, i;
	int bracket;

	if (secret == NULL || secret_len < MAIL_MSGID_MIN_SECRET ||
	    msgid == NULL)
		return HD_EINVAL;
	p = msgid;
	bracket = (*p == '<');
	if (bracket)
		p++;
	body = p;
	if (*p++ != 'v' || !msgid_digits(&p, INT64_MAX, &id) || *p++ != '.' ||
	    !msgid_digits(&p, UINT64_MAX, &unique) || *p != '.')
		return HD_EINVAL;
	blen = (size_t)(p - body);
	mac = ++p;
	for (i = 0; i < 2 * MAIL_MSGID_MAC_BYTES; i++)
		if (!((mac[i] >= '0' && mac[i] <= '9') ||
			(mac[i] >= 'a' && mac[i] <= 'f')))
			return HD_EINVAL;
	p = mac + 2 * MAIL_MSGID_MAC_BYTES;
	if (*p != '@' || p[1] == '\0')
		return HD_EINVAL;
	/* The domain: anything up to the closing bracket, no space. */
	for (p++; *p != '\0' && *p != '>'; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '@')
			return HD_EINVAL;
	if (bracket ? (p[0] != '>' || p[1] != '\0') : *p != '\0')
		return HD_EINVAL;
	msgid_mac_hex(secret, secret_len, body, blen, hex);
	if (sodium_memcmp(hex, mac, 2 * MAIL_MSGID_MAC_BYTES) != 0)
		return HD_EINVAL;
	if (process_id != NULL)
		*process_id = (int64_t)id;
	return HD_OK;
}
