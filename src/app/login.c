/* SPDX-License-Identifier: MIT */
/* Logging in and out (login.h). */
#include "app/login.h"

#include "store/throttle.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/log.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The rules of the keys (store/throttle.h). */
static const struct store_throttle_rule rule_account = {
    HD_LOGIN_LIMIT_ACCOUNT, HD_LOGIN_DELAY, HD_LOGIN_DELAY_MAX, HD_LOGIN_QUIET};
static const struct store_throttle_rule rule_ip = {
    HD_LOGIN_LIMIT_IP, HD_LOGIN_DELAY, HD_LOGIN_DELAY_MAX, HD_LOGIN_QUIET};
static const struct store_throttle_rule rule_net = {
    HD_LOGIN_LIMIT_NET, HD_LOGIN_DELAY, HD_LOGIN_DELAY_MAX, HD_LOGIN_QUIET};
/* A device cookie that failed this often is not trusted for 15 minutes. */
static const struct store_throttle_rule rule_device = {HD_LOGIN_LIMIT_DEVICE,
    HD_LOGIN_DELAY_MAX, HD_LOGIN_DELAY_MAX, HD_LOGIN_QUIET};

/* ---- device cookies ---------------------------------------------------- */

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char device_key[crypto_auth_hmacsha256_KEYBYTES];
static bool have_key;

/* Loads this installation's device-cookie key into device_key: from the
 * database, or made now and stored by the writer (any process that
 * stored one first wins; all then read the same). */
static enum hd_status
load_key(struct db_conn *rd)
{
	char hex[2 * sizeof(device_key) + 1];
	unsigned char raw[sizeof(device_key)];
	struct db_conn *c;
	enum hd_status st;
	size_t len = 0;

	pthread_mutex_lock(&key_lock);
	if (have_key) {
		pthread_mutex_unlock(&key_lock);
		return HD_OK;
	}
	st = store_server_key_get(rd, "device_cookie", hex, sizeof(hex));
	if (st == HD_ENOTFOUND) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
		if ((c = db_writer_acquire()) == NULL) {
			st = HD_EIO;
		} else {
			st = store_server_key_put(c, "device_cookie", hex);
			if (st == HD_OK)
				st = store_server_key_get(
				    c, "device_cookie", hex, sizeof(hex));
			st = db_writer_release(c, st);
		}
	}
	if (st == HD_OK && (sodium_hex2bin(device_key, sizeof(device_key), hex,
				strlen(hex), NULL, &len, NULL) != 0 ||
			       len != sizeof(device_key)))
		st = HD_EIO;
	have_key = st == HD_OK;
	pthread_mutex_unlock(&key_lock);
	if (st != HD_OK)
		hd_log(HD_LOG_ERROR, "the device-cookie key cannot be had: %s",
		    hd_status_str(st));
	return st;
}

/* The hex HMAC of (email, nonce) into mac (size 65). */
static void
device_mac(const char *email, const char *nonce, char mac[65])
{
	crypto_auth_hmacsha256_state s;
	unsigned char out[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&s, device_key, sizeof(device_key));
	crypto_auth_hmacsha256_update(
	    &s, (const unsigned char *)"hd_device", 10);
	crypto_auth_hmacsha256_update(
	    &s, (const unsigned char *)email, strlen(email) + 1);
	crypto_auth_hmacsha256_update(
	    &s, (const unsigned char *)nonce, strlen(nonce));
	crypto_auth_hmacsha256_final(&s, out);
	sodium_bin2hex(mac, 65, out, sizeof(out));
}

/* Whether value ("<nonce>.<mac>") is a device cookie of this
 * installation for email; copies its nonce. */
static bool
device_valid(const char *value, const char *email, char *nonce)
{
	char mac[65];
	const char *dot;

	if (value == NULL || strlen(value) != HD_DEVICE_NONCE_MAX + 64 ||
	    (dot = strchr(value, '.')) == NULL ||
	    dot - value != HD_DEVICE_NONCE_MAX - 1)
		return false;
	memcpy(nonce, value, HD_DEVICE_NONCE_MAX - 1);
	nonce[HD_DEVICE_NONCE_MAX - 1] = '\0';
	device_mac(email, nonce, mac);
	if (sodium_memcmp(mac, dot + 1, 64) == 0)
		return true;
	nonce[0] = '\0';
	return false;
}

enum hd_status
app_device_cookie_new(
    struct db_conn *rd, const char *email, char *buf, size_t n)
{
	unsigned char raw[(HD_DEVICE_NONCE_MAX - 1) / 2];
	char nonce[HD_DEVICE_NONCE_MAX], mac[65], lower[256];
	enum hd_status st;
	size_t i;

	if ((st = load_key(rd)) != HD_OK)
		return st;
	for (i = 0; email[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	lower[i] = '\0';
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(nonce, sizeof(nonce), raw, sizeof(raw));
	device_mac(lower, nonce, mac);
	snprintf(buf, n, "%s.%s", nonce, mac);
	return HD_OK;
}

/* ---- login ------------------------------------------------------------- */

/* key = prefix + value into buf. */
static void
key_of(char *buf, const char *prefix, const char *value)
{
	snprintf(buf, STORE_THROTTLE_KEY_MAX, "%s%s", prefix, value);
}

enum hd_status
app_login_try_init(struct db_conn *rd, const char *email, const char *ip,
    const char *net, const char *device, struct app_login_try *t)
{
	enum hd_status st;
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; email[i] && i + 1 < sizeof(t->email); i++)
		t->email[i] = (char)tolower((unsigned char)email[i]);
	t->email[i] = '\0';
	snprintf(t->ip, sizeof(t->ip), "%s", ip);
	snprintf(t->net, sizeof(t->net), "%s", net);
	if (device == NULL)
		return HD_OK;
	if ((st = load_key(rd)) != HD_OK)
		return st;
	device_valid(device, t->email, t->nonce);
	return HD_OK;
}

/* The longest wait of key under rule, into *wait. */
static enum hd_status
wait_of(struct db_conn *c, const char *prefix, const char *value,
    const struct store_throttle_rule *rule, int64_t now, int64_t *wait)
{
	char key[STORE_THROTTLE_KEY_MAX];
	int64_t count, retry;
	enum hd_status st;

	key_of(key, prefix, value);
	st = store_throttle_get(c, key, rule, now, &count, &retry);
	if (st == HD_OK && retry > *wait)
		*wait = retry;
	return st;
}

/*
 * Whether the attempt t may be checked now (a read on c): HD_OK, or
 * HD_ERATE with *retry_after in seconds. A device cookie that has failed
 * too often counts as none (t->nonce is cleared).
 */
static enum hd_status
login_allowed(struct db_conn *c, struct app_login_try *t, int64_t now,
    int64_t *retry_after)
{
	enum hd_status st;

	*retry_after = 0;
	if (t->nonce[0] != '\0') {
		st = wait_of(
		    c, "login:dev:", t->nonce, &rule_device, now, retry_after);
		if (st != HD_OK)
			return st;
		if (*retry_after == 0)
			return HD_OK; /* a trusted device: nothing else */
		t->nonce[0] = '\0';
		*retry_after = 0;
	}
	if ((st = wait_of(c, "login:acct:", t->email, &rule_account, now,
		 retry_after)) != HD_OK ||
	    (st = wait_of(c, "login:ip:", t->ip, &rule_ip, now, retry_after)) !=
		HD_OK ||
	    (st = wait_of(c, "login:net:", t->net, &rule_net, now,
		 retry_after)) != HD_OK)
		return st;
	return *retry_after > 0 ? HD_ERATE : HD_OK;
}

/* Counts one event of key prefix+value under rule. */
static enum hd_status
hit(struct db_conn *c, const char *prefix, const char *value,
    const struct store_throttle_rule *rule, int64_t now)
{
	char key[STORE_THROTTLE_KEY_MAX];

	key_of(key, prefix, value);
	return store_throttle_hit(c, key, rule, now);
}

/* Counts the failed attempt t (in the writer's transaction c). */
static enum hd_status
count_failed(struct db_conn *c, const struct app_login_try *t, int64_t now)
{
	enum hd_status st = store_throttle_prune(c, now);

	if (st != HD_OK)
		return st;
	/* A trusted device's failures are its own: they neither slow its
	 * owner's address nor the network it shares with others. */
	if (t->nonce[0] != '\0')
		return hit(c, "login:dev:", t->nonce, &rule_device, now);
	if ((st = hit(c, "login:acct:", t->email, &rule_account, now)) !=
		HD_OK ||
	    (st = hit(c, "login:ip:", t->ip, &rule_ip, now)) != HD_OK)
		return st;
	return hit(c, "login:net:", t->net, &rule_net, now);
}

/* Counts the failed attempt t, in a job of its own. */
static enum hd_status
login_failed(const struct app_login_try *t)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, count_failed(c, t, hd_now()));
}

/* Begins a session of user_id after the login t succeeded: forgets the
 * failures of t's device cookie and stores the session, in one job. */
static enum hd_status
session_open(int64_t user_id, const struct app_login_try *t,
    char token[HD_TOKEN_MAX], char csrf[HD_TOKEN_MAX])
{
	char key[STORE_THROTTLE_KEY_MAX], hash[HD_HASH_MAX];
	enum hd_status st = HD_OK;
	struct db_conn *c;

	hd_token_new(token);
	hd_token_hash(token, hash);
	hd_token_new(csrf);
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	/* The device that logged in is trusted again from its first
	 * failure on. */
	if (t->nonce[0] != '\0') {
		key_of(key, "login:dev:", t->nonce);
		st = store_throttle_forget(c, key);
	}
	if (st == HD_OK)
		st = store_session_create(
		    c, user_id, hash, csrf, hd_now() + HD_SESSION_TTL);
	return db_writer_release(c, st);
}

enum hd_status
app_session_close(int64_t session_id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_session_delete(c, session_id));
}

static char dummy_hash[160];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
	hd_password_hash(
	    "not-a-password-of-anyone", dummy_hash, sizeof(dummy_hash));
}

enum hd_status
app_login(struct db_conn *rd, struct app_login_try *t, const char *email,
    const char *password, int64_t org_id, struct app_login *out,
    struct app_session *s)
{
	struct store_user cand[STORE_USER_ADDRESS_MAX];
	size_t match[STORE_USER_ADDRESS_MAX];
	size_t n = 0, m = 0, i;
	enum hd_status st;

	memset(out, 0, sizeof(*out));
	memset(s, 0, sizeof(*s));
	/* Refused before any hashing: a refused guess costs a read. */
	if ((st = login_allowed(rd, t, hd_now(), &out->retry_after)) != HD_OK)
		return st;
	st = store_user_by_address(
	    rd, email, org_id, true, cand, STORE_USER_ADDRESS_MAX, &n);
	if (st != HD_OK)
		return st;
	if (n == 0) {
		/* Same work as a real check: no account enumeration. */
		pthread_once(&dummy_once, make_dummy_hash);
		hd_password_verify(dummy_hash, password);
	}
	/* Every candidate is checked, active or not, so that the time
	 * taken does not tell which are. */
	for (i = 0; i < n; i++)
		if (hd_password_verify(cand[i].password_hash, password) &&
		    cand[i].active)
			match[m++] = i;
	if (m == 0) {
		st = login_failed(t);
		return st == HD_OK ? HD_EUNAUTH : st;
	}
	if (m > 1) {
		for (i = 0; i < m; i++)
			out->org_ids[i] = cand[match[i]].org_id;
		out->n_orgs = m;
		return HD_EAMBIGUOUS;
	}
	s->user = cand[match[0]];
	return session_open(s->user.id, t, s->token, s->csrf);
}
