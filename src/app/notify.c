/* SPDX-License-Identifier: MIT */
/* The mails of events (notify.h). */
#include "app/notify.h"

#include "mail/message.h"
#include "store/outbox.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"

#include <stdio.h>
#include <string.h>

enum hd_status
app_notify_queue(struct db_conn *c, int64_t org_id, const char *to_addr,
    const char *to_name, const char *kind, int64_t process_id,
    struct mail_text *t)
{
	enum hd_status st;
	char mid[128];

	mail_message_id_new(hd_cfg.mail_from, mid, sizeof(mid));
	st = store_outbox_add(c, org_id, to_addr, to_name, kind, process_id,
	    t->subject, t->body, mid);
	mail_text_cleanup(t);
	return st;
}

void
app_notify_link(int64_t process_id, bool portal, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s/%lld", hd_cfg.base_url,
	    portal ? "/portal/anfragen" : "/vorgaenge", (long long)process_id);
}

/* Fills mv with borrowed views of p for a mail with link. */
static void
vorgang_view(const struct pctx *p, const char *link, struct mail_vorgang *mv)
{
	mv->org_name = p->org_name;
	mv->number = p->number;
	mv->type_name = p->type_name;
	mv->property_name = p->property_name;
	mv->unit_label = p->unit_label[0] ? p->unit_label : NULL;
	mv->reporter_name = p->reporter_name;
	mv->subject = p->subject;
	mv->description = p->description;
	mv->link = link;
}

enum hd_status
app_notify_assigned(struct db_conn *c, const struct pctx *p, const char *email,
    const char *name, const char *reason, const char *why)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	if (email[0] == '\0')
		return HD_OK;
	app_notify_link(p->id, false, link, sizeof(link));
	vorgang_view(p, link, &mv);
	st = why ? mail_tpl_unrouted(&t, &mv, name, why)
		 : mail_tpl_assigned(&t, &mv, name, reason);
	if (st != HD_OK)
		return st;
	return app_notify_queue(c, p->org_id, email, name,
	    why ? "unrouted" : "assigned", p->id, &t);
}

enum hd_status
app_notify_receipt(struct db_conn *c, const struct pctx *p)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	if (!p->reporter_is_contact || p->reporter_email[0] == '\0')
		return HD_OK;
	app_notify_link(p->id, true, link, sizeof(link));
	vorgang_view(p, link, &mv);
	if ((st = mail_tpl_receipt(&t, &mv, p->reporter_name)) != HD_OK)
		return st;
	return app_notify_queue(c, p->org_id, p->reporter_email,
	    p->reporter_name, "receipt", p->id, &t);
}

enum hd_status
app_notify_comment(struct db_conn *c, const struct pctx *p, const char *email,
    const char *name, bool portal, const char *author, const char *body)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	app_notify_link(p->id, portal, link, sizeof(link));
	vorgang_view(p, link, &mv);
	/* The reporter's mail speaks of their request; staff's names who
	 * answered. */
	st = portal ? mail_tpl_comment(&t, &mv, name, author, body)
		    : mail_tpl_reply(&t, &mv, name, author, body);
	if (st != HD_OK)
		return st;
	return app_notify_queue(
	    c, p->org_id, email, name, "comment", p->id, &t);
}

enum hd_status
app_notify_user_token(
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
	return app_notify_queue(c, u->org_id, u->email, u->name, kind, 0, &t);
}
