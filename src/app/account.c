/* SPDX-License-Identifier: MIT */
/* The use cases of accounts (account.h). */
#include "app/account.h"

#include "app/notify.h"
#include "db/db.h"
#include "store/throttle.h"
#include "store/token.h"
#include "util/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The throttle's rules for resets (store/throttle.h). */
static const struct store_throttle_rule rule_reset_mail = {
    HD_RESET_MAILS, HD_RESET_COOLDOWN, 3600, 3600};
static const struct store_throttle_rule rule_reset_ip = {
    HD_RESET_LIMIT_IP, 3600, 3600, 3600};

enum hd_status
app_employee_add(int64_t org_id, const char *name, const char *email,
    bool is_admin, int64_t *id)
{
	struct store_user u;
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_employee_insert(c, org_id, name, email, is_admin, id);
	if (st == HD_OK)
		st = store_user_get(c, *id, &u);
	if (st == HD_OK)
		st = app_notify_user_token(c, &u, "invite");
	return db_writer_release(c, st);
}

enum hd_status
app_invite_send(int64_t org_id, int64_t user_id, bool employee)
{
	struct store_user u;
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_user_get(c, user_id, &u);
	if (st == HD_OK && (u.org_id != org_id || u.is_employee != employee))
		st = HD_ENOTFOUND;
	if (st == HD_OK && u.email[0] == '\0')
		st = HD_EINVAL;
	if (st == HD_OK && (u.has_password || !u.active))
		st = HD_ECONFLICT;
	if (st == HD_OK)
		st = app_notify_user_token(c, &u, "invite");
	return db_writer_release(c, st);
}

/* The throttle's key prefix + value into buf (STORE_THROTTLE_KEY_MAX). */
static void
key_of(char *buf, const char *prefix, const char *value)
{
	snprintf(buf, STORE_THROTTLE_KEY_MAX, "%s%s", prefix, value);
}

/* Counts a reset request of client_ip: HD_ERATE (*retry_after) beyond
 * HD_RESET_LIMIT_IP an hour. Before anything is written. */
static enum hd_status
take_ip(
    struct db_conn *c, const char *client_ip, int64_t now, int64_t *retry_after)
{
	char key[STORE_THROTTLE_KEY_MAX];
	enum hd_status st;
	int64_t count;

	key_of(key, "reset:ip:", client_ip);
	st = store_throttle_get(
	    c, key, &rule_reset_ip, now, &count, retry_after);
	if (st != HD_OK)
		return st;
	if (*retry_after > 0)
		return HD_ERATE;
	if ((st = store_throttle_prune(c, now)) != HD_OK)
		return st;
	return store_throttle_hit(c, key, &rule_reset_ip, now);
}

/* Whether a reset mail may go to email now (*may_send), and counts it
 * when it may: HD_RESET_MAILS, then slower. */
static enum hd_status
take_mail(struct db_conn *c, const char *email, int64_t now, bool *may_send)
{
	char key[STORE_THROTTLE_KEY_MAX], lower[256];
	int64_t count, wait = 0;
	enum hd_status st;
	size_t i;

	*may_send = false;
	for (i = 0; email[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	lower[i] = '\0';
	key_of(key, "reset:addr:", lower);
	st = store_throttle_get(c, key, &rule_reset_mail, now, &count, &wait);
	if (st != HD_OK || wait > 0)
		return st;
	*may_send = true;
	return store_throttle_hit(c, key, &rule_reset_mail, now);
}

/* Queues a reset mail to each active account of email (of org, unless
 * 0) — unless the address had its share. */
static enum hd_status
queue_resets(struct db_conn *c, const char *email, int64_t org)
{
	struct store_user u[STORE_USER_ADDRESS_MAX];
	bool may = false, queued = false;
	enum hd_status st;
	size_t n = 0;

	st = store_user_by_address(
	    c, email, org, false, u, STORE_USER_ADDRESS_MAX, &n);
	for (size_t i = 0; st == HD_OK && i < n; i++) {
		if (!u[i].active)
			continue;
		/* Counted per address, whatever its accounts. */
		if (!queued &&
		    (st = take_mail(c, email, hd_now(), &may)) != HD_OK)
			break;
		if (!may)
			break;
		if ((st = app_notify_user_token(c, &u[i], "reset")) == HD_OK)
			queued = true;
	}
	return st;
}

enum hd_status
app_password_reset_request(const char *client_ip, const char *email,
    int64_t org_id, int64_t *retry_after)
{
	struct db_conn *c;
	enum hd_status st;

	*retry_after = 0;
	/* Known and unknown addresses take the same path, one write job:
	 * neither the answer nor its time tells them apart. */
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = take_ip(c, client_ip, hd_now(), retry_after);
	if (st == HD_OK)
		st = queue_resets(c, email, org_id);
	return db_writer_release(c, st);
}

enum hd_status
app_password_set(const char *purpose, const char *token, const char *password,
    struct app_session *out)
{
	char hash[HD_HASH_MAX], pwhash[160], session_hash[HD_HASH_MAX];
	struct db_conn *c;
	enum hd_status st;
	int64_t uid = 0;

	memset(out, 0, sizeof(*out));
	/* Argon2id before the job: it takes a while, and holds nothing. */
	if ((st = hd_password_hash(password, pwhash, sizeof(pwhash))) != HD_OK)
		return st;
	hd_token_hash(token, hash);
	hd_token_new(out->token);
	hd_token_hash(out->token, session_hash);
	hd_token_new(out->csrf);
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_usertoken_consume(c, purpose, hash, hd_now(), &uid);
	if (st == HD_OK)
		st = store_user_get(c, uid, &out->user);
	if (st == HD_OK && !out->user.active)
		st = HD_EGONE;
	if (st == HD_OK)
		st = store_user_set_password(c, uid, pwhash);
	if (st == HD_OK)
		st = store_session_delete_user(c, uid);
	if (st == HD_OK)
		st = store_session_create(
		    c, uid, session_hash, out->csrf, hd_now() + HD_SESSION_TTL);
	return db_writer_release(c, st);
}

enum hd_status
app_account_locale_set(int64_t user_id, const char *locale)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_user_set_locale(c, user_id, locale));
}
