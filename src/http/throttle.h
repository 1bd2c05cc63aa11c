/* SPDX-License-Identifier: MIT */
#ifndef HD_THROTTLE_H
#define HD_THROTTLE_H

#include "http/http.h"
#include "store/throttle.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * Throttling of password guessing (reset-mail floods: app/account.c),
 * with the counters in the database (store/throttle.h). docs/operations.md,
 * "Login throttling", explains the design; in short (OWASP's device
 * cookies):
 *
 *   - A successful login sets a signed device cookie (hd_device) for its
 *     e-mail address. A login attempt carrying a valid one for the
 *     address it names is slowed only by that cookie's own failures: an
 *     attacker who only knows the address cannot lock its owner out.
 *   - Other attempts are counted per address, per client address and per
 *     client network (/24 for IPv4, /64 for IPv6); once a count reaches
 *     its limit, the next attempt must wait (429, Retry-After), twice as
 *     long each time up to 15 minutes. No password is hashed for a
 *     refused attempt. Counts start anew after 15 minutes without a
 *     failure.
 *   - Counting goes by the address typed, whether an account has it or
 *     not, so answers reveal nothing about accounts.
 */

/* Failed logins before the first delay, per key. */
#define HD_LOGIN_LIMIT_ACCOUNT 10
#define HD_LOGIN_LIMIT_IP 30
#define HD_LOGIN_LIMIT_NET 100
#define HD_LOGIN_LIMIT_DEVICE 10
/* The first and the longest delay, and the quiet time, in seconds. */
#define HD_LOGIN_DELAY 30
#define HD_LOGIN_DELAY_MAX (15 * 60)
#define HD_LOGIN_QUIET (15 * 60)
/* The throttle of reset mails is the reset's own (app/account.h). */

/* The device cookie: its name and how long a browser keeps it. */
#define HD_DEVICE_COOKIE "hd_device"
#define HD_DEVICE_TTL (180 * 24 * 3600)
#define HD_DEVICE_NONCE_MAX 33 /* 16 random bytes in hex */

/* Where a request comes from, as counted: the address in text and its
 * network ("192.0.2.0/24", "2001:db8:1:2::/64"). */
struct hd_client {
	char ip[64];
	char net[64];
};

/*
 * Fills out from a socket address (IPv4, IPv6; an IPv4-mapped IPv6
 * address counts as IPv4). Loopback is not special: 127.0.0.2 and
 * 127.0.0.3 are two clients of the network 127.0.0.0/24. False for
 * another family (out then holds "unknown").
 */
bool hd_client_from_sockaddr(const struct sockaddr *sa, struct hd_client *out);
/* Like hd_client_from_sockaddr for an address in text ("192.0.2.7",
 * "2001:db8::1"); false when text is not one. */
bool hd_client_from_text(const char *text, struct hd_client *out);
/*
 * The client of request r: the peer address, or — when the peer is one
 * of HAUSDESK_TRUSTED_PROXIES — the last address of its
 * X-Forwarded-For header (the one that proxy added).
 */
void hd_client_of(struct hd_req *r, struct hd_client *out);

/* One login attempt, as the throttle sees it. */
struct hd_login_try {
	char email[256]; /* lower-cased, as typed */
	struct hd_client client;
	char nonce[HD_DEVICE_NONCE_MAX]; /* of a valid device cookie, or "" */
};

/*
 * Prepares t for a login of email from request r: the client, and the
 * device cookie when it is valid for email (signed by this
 * installation's key, which rd reads, or the writer creates on first
 * use). HD_OK or HD_EIO.
 */
enum hd_status hd_login_try_init(
    struct hd_req *r, const char *email, struct hd_login_try *t);

/*
 * Whether the attempt t may be checked now (a read on c): HD_OK, or
 * HD_ERATE with *retry_after in seconds. A device cookie that has failed
 * too often counts as none (t->nonce is cleared).
 */
enum hd_status hd_login_allowed(struct db_conn *c, struct hd_login_try *t,
    int64_t now, int64_t *retry_after);
/* Counts the failed attempt t (in the writer's transaction c). */
enum hd_status hd_login_failed(
    struct db_conn *c, const struct hd_login_try *t, int64_t now);
/* Forgets the failures of t's device cookie after a login succeeded with
 * it (in the writer's transaction c). */
enum hd_status hd_login_succeeded(
    struct db_conn *c, const struct hd_login_try *t);

/*
 * The Set-Cookie value of a new device cookie for email into buf (size
 * n >= 256). HD_OK, or HD_EIO when the key cannot be had. Call it
 * before taking the writer: it may need the writer itself.
 */
enum hd_status hd_device_cookie_new(
    struct db_conn *rd, const char *email, char *buf, size_t n);

#endif
