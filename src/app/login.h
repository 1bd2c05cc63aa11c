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
#include "store/user.h"
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

/* A session begun for a user (the cookie's token and its CSRF token). */
struct app_session {
	struct store_user user;
	char token[HD_TOKEN_MAX];
	char csrf[HD_TOKEN_MAX];
};

/* What a login gives besides a session. */
struct app_login {
	int64_t retry_after; /* HD_ERATE: seconds to wait */
	/* HD_EAMBIGUOUS: the organisations of the accounts the password
	 * fits (whoever sent it has each of them). */
	int64_t org_ids[STORE_USER_ADDRESS_MAX];
	size_t n_orgs;
};

/*
 * Logs in with email and password (accounts of org_id only, unless 0)
 * for the attempt t: HD_OK with the new session in *s (the device
 * cookie's failures forgotten); HD_ERATE (out->retry_after) when the
 * throttle refuses the attempt — before any password is hashed;
 * HD_EUNAUTH, the failure counted, when no active account of the address
 * has this password (the same work and answer for every cause);
 * HD_EAMBIGUOUS (out->org_ids) when accounts of several organisations
 * have it. Reads on rd; writes in jobs of its own. docs/operations.md,
 * "Logins and organisations".
 */
enum hd_status app_login(struct db_conn *rd, struct app_login_try *t,
    const char *email, const char *password, int64_t org_id,
    struct app_login *out, struct app_session *s);

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
