/* SPDX-License-Identifier: MIT */
#include "mail/notify.h"

#include "store/outbox.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"

#include <stdio.h>
#include <string.h>

enum hd_status
notify_queue(struct db_conn *c, int64_t org_id, const char *to_addr,
    const char *to_name, const char *kind, int64_t process_id,
    struct mail_text *t)
{
	enum hd_status st;

	st = store_outbox_add(
	    c, org_id, to_addr, to_name, kind, process_id, t->subject, t->body);
	mail_text_cleanup(t);
	return st;
}

void
notify_process_link(int64_t process_id, bool portal, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s/%lld", hd_cfg.base_url,
	    portal ? "/portal/anfragen" : "/vorgaenge", (long long)process_id);
}

enum hd_status
notify_user_token(
    struct db_conn *c, const struct store_user *u, const char *purpose)
{
	char token[HD_TOKEN_MAX], hash[HD_HASH_MAX], link[512], org[256];
	bool reset = strcmp(purpose, "reset") == 0;
	struct mail_text t = {0};
	enum hd_status st;
	const char *kind;

	if (u->email[0] == '\0')
		return HD_EINVAL;
	hd_token_new(token);
	hd_token_hash(token, hash);
	st = store_usertoken_create(c, u->id, purpose, hash,
	    hd_now() + (reset ? HD_RESET_TTL : HD_INVITE_TTL));
	if (st != HD_OK)
		return st;
	if ((st = store_org_name(c, u->org_id, org, sizeof(org))) != HD_OK)
		return st;
	snprintf(link, sizeof(link), "%s%s?token=%s", hd_cfg.base_url,
	    reset	     ? "/reset"
	    : u->is_employee ? "/invite"
			     : "/portal/invite",
	    token);
	if (reset) {
		kind = "password_reset";
		st = mail_tpl_password_reset(&t, org, u->name, link);
	} else if (u->is_employee) {
		kind = "invite_employee";
		st = mail_tpl_invite_employee(&t, org, u->name, link);
	} else {
		kind = "invite_contact";
		st = mail_tpl_invite_contact(&t, org, u->name, link);
	}
	if (st != HD_OK)
		return st;
	return notify_queue(c, u->org_id, u->email, u->name, kind, 0, &t);
}

enum hd_status
notify_invite(struct db_conn *c, int64_t org_id, int64_t user_id, bool employee)
{
	struct store_user u;
	enum hd_status st;

	st = store_user_get(c, user_id, &u);
	if (st == HD_OK && (u.org_id != org_id || u.is_employee != employee))
		st = HD_ENOTFOUND;
	if (st == HD_OK && u.email[0] == '\0')
		st = HD_EINVAL;
	if (st == HD_OK && (u.has_password || !u.active))
		st = HD_ECONFLICT;
	return st == HD_OK ? notify_user_token(c, &u, "invite") : st;
}
