/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_LOGIN_H
#define HD_APP_LOGIN_H

/*
 * Logging in and out: the throttle of password guessing, with its
 * counters in the database (store/throttle.h), and sessions.
 * docs/operations.md, "Login throttling", explains the design; in short
 * (OWASP's device cookies):
 *
 *   - A successful login sets a signed device cookie for its e-mail
 *     address. A login attempt carrying a valid one for the address it
 *     names is slowed only by that cookie's own failures: an attacker
 *     who only knows the address cannot lock its owner out.
 *   - Other attempts are counted per address, per client address and per
 *     client network (/24 for IPv4, /64 for IPv6); once a count reaches
 *     its limit, the next attempt must wait (429, Retry-After), twice as
 *     long each time up to 15 minutes. No password is hashed for a
 *     refused attempt. Counts start anew after 15 minutes without a
 *     failure.
 *   - Counting goes by the address typed, whether an account has it or
 *     not, so answers reveal nothing about accounts.
 */
#include "db/db.h"
#include "util/rand.h"
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Failed logins before the first delay, per key. */
#define HD_LOGIN_LIMIT_ACCOUNT 10
#define HD_LOGIN_LIMIT_IP 30
#define HD_LOGIN_LIMIT_NET 100
#define HD_LOGIN_LIMIT_DEVICE 10
/* The first and the longest delay, and the quiet time, in seconds. */
#define HD_LOGIN_DELAY 30
#define HD_LOGIN_DELAY_MAX (15 * 60)
#define HD_LOGIN_QUIET (15 * 60)

#define HD_DEVICE_NONCE_MAX 33 /* 16 random bytes in hex */
/* A device cookie's value: "<nonce>.<hex HMAC>". */
#define HD_DEVICE_VALUE_MAX (HD_DEVICE_NONCE_MAX + 65)

/* One login attempt, as the throttle sees it. */
struct app_login_try {
	char email[256]; /* lower-cased, as typed */
	char ip[64];	 /* the client's address */
	char net[64];	 /* ... and its network ("192.0.2.0/24") */
	char nonce[HD_DEVICE_NONCE_MAX]; /* of a valid device cookie, or "" */
};

/*
 * Prepares t for a login of email from the client ip in network net,
 * with the value of its device cookie (NULL: none), which counts when it
 * is valid for email: signed by this installation's key, which rd reads
 * (or the writer creates on first use: call it outside a job). HD_OK or
 * HD_EIO.
 */
enum hd_status app_login_try_init(struct db_conn *rd, const char *email,
    const char *ip, const char *net, const char *device,
    struct app_login_try *t);

/*
 * Whether the attempt t may be checked now (a read on rd): HD_OK, or
 * HD_ERATE with *retry_after in seconds. A device cookie that has failed
 * too often counts as none (t->nonce is cleared).
 */
enum hd_status app_login_allowed(struct db_conn *rd, struct app_login_try *t,
    int64_t now, int64_t *retry_after);
/* Counts the failed attempt t, in a job of its own. */
enum hd_status app_login_failed(const struct app_login_try *t);

/*
 * Begins a session of user_id after the login t succeeded: forgets the
 * failures of t's device cookie and stores the session, in one job.
 * token (the cookie's value) and csrf receive the new session's tokens.
 */
enum hd_status app_session_open(int64_t user_id, const struct app_login_try *t,
    char token[HD_TOKEN_MAX], char csrf[HD_TOKEN_MAX]);
/* Ends session id (logging out). */
enum hd_status app_session_close(int64_t session_id);

/*
 * The value of a new device cookie for email into buf (size n >=
 * HD_DEVICE_VALUE_MAX). HD_OK, or HD_EIO when the key cannot be had.
 * Call it outside a job: it may need the writer itself.
 */
enum hd_status app_device_cookie_new(
    struct db_conn *rd, const char *email, char *buf, size_t n);

#endif
