/* SPDX-License-Identifier: MIT */
/* The mails of events (notify.h). */
#include "app/notify.h"

#include "core/event.h"
#include "mail/message.h"
#include "mail/msgid.h"
#include "store/attachment.h"
#include "store/outbox.h"
#include "store/throttle.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The name of the secret in server_keys. */
#define MSGID_KEY "msgid"

/* The installation's secret for Message-IDs, read once per process (it
 * never changes once made). */
static pthread_mutex_t secret_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char secret[APP_MSGID_SECRET];
static bool have_secret;

enum hd_status
app_notify_secret(struct db_conn *c, unsigned char out[APP_MSGID_SECRET])
{
	unsigned char fresh[APP_MSGID_SECRET];
	char hex[2 * APP_MSGID_SECRET + 1];
	enum hd_status st = HD_OK;
	size_t len = 0;

	pthread_mutex_lock(&secret_lock);
	if (!have_secret) {
		st = store_server_key_get(c, MSGID_KEY, hex, sizeof(hex));
		if (st == HD_ENOTFOUND) {
			/* The first mail of the installation: make it; of
			 * two processes at once, the first one's stays. */
			randombytes_buf(fresh, sizeof(fresh));
			sodium_bin2hex(hex, sizeof(hex), fresh, sizeof(fresh));
			st = store_server_key_put(c, MSGID_KEY, hex);
			if (st == HD_OK)
				st = store_server_key_get(
				    c, MSGID_KEY, hex, sizeof(hex));
		}
		if (st == HD_OK && (sodium_hex2bin(secret, sizeof(secret), hex,
					strlen(hex), NULL, &len, NULL) != 0 ||
				       len != sizeof(secret)))
			st = HD_EIO;
		have_secret = st == HD_OK;
	}
	if (st == HD_OK)
		memcpy(out, secret, sizeof(secret));
	pthread_mutex_unlock(&secret_lock);
	return st;
}

/* Puts the domain of the sender address after the '@' of the id in buf
 * (the domain is not signed), as the ids before signed ones had; leaves
 * "@hausdesk" when there is none or it does not fit. */
static void
msgid_domain(char *buf, size_t n)
{
	const char *from = hd_cfg.mail_from;
	const char *dom = from != NULL ? strrchr(from, '@') : NULL;
	char *at = strrchr(buf, '@');
	size_t len;

	if (dom == NULL || at == NULL || dom[1] == '\0')
		return;
	dom++;
	len = strlen(dom);
	if (strcspn(dom, "<>()[]\\,;:\" \t\r\n") != len ||
	    (size_t)(at - buf) + 1 + len + 2 > n)
		return;
	memcpy(at + 1, dom, len);
	at[1 + len] = '>';
	at[2 + len] = '\0';
}

enum hd_status
app_notify_msgid(struct db_conn *c, int64_t process_id, char *buf, size_t n)
{
	unsigned char key[APP_MSGID_SECRET];
	struct timespec ts;
	enum hd_status st;
	uint64_t unique;

	if ((st = app_notify_secret(c, key)) != HD_OK)
		return st;
	/* The microsecond it was made, then three random digits: 19
	 * digits until the year 2286, so that the ids of one Vorgang sort
	 * as they were written (as the unsigned ids before them did). */
	clock_gettime(CLOCK_REALTIME, &ts);
	unique =
	    ((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u) *
		1000u +
	    randombytes_uniform(1000);
	st = mail_msgid_make(key, sizeof(key), process_id, unique, buf, n);
	sodium_memzero(key, sizeof(key));
	if (st == HD_OK)
		msgid_domain(buf, n);
	return st;
}

enum hd_status
app_notify_queue(struct db_conn *c, int64_t org_id, const char *to_addr,
    const char *to_name, const char *kind, int64_t process_id,
    struct mail_text *t)
{
	enum hd_status st;
	char mid[MAIL_MSGID_MAX];

	/* Signed, so that a reply threads back (app/inbound.c); the row
	 * keeps it, so every retry sends the same. */
	st = app_notify_msgid(c, process_id, mid, sizeof(mid));
	if (st == HD_OK)
		st = store_outbox_add(c, org_id, to_addr, to_name, kind,
		    process_id, t->subject, t->body, mid);
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
	mv->n_attachments = 0;
}

enum hd_status
app_notify_assigned(struct db_conn *c, const struct pctx *p, const char *email,
    const char *name, int lang, const struct event *reason,
    const struct event *why)
{
	char link[512], text[EVENT_TEXT_MAX];
	int64_t n_files = 0;
	struct mail_vorgang mv;
	struct mail_text t = {0};
	bool en = lang == HD_LANG_EN;
	enum hd_status st;

	if (email[0] == '\0')
		return HD_OK;
	app_notify_link(p->id, false, link, sizeof(link));
	vorgang_view(p, link, &mv);
	if ((st = store_attachment_count(c, p->id, &n_files)) != HD_OK)
		return st;
	mv.n_attachments = n_files;
	if (event_render(why ? why : reason, (enum hd_lang)lang, text,
		sizeof(text)) != HD_OK)
		text[0] = '\0';
	if (why)
		st = en ? mail_tpl_unrouted_en(&t, &mv, name, text)
			: mail_tpl_unrouted(&t, &mv, name, text);
	else
		st = en ? mail_tpl_assigned_en(&t, &mv, name, text)
			: mail_tpl_assigned(&t, &mv, name, text);
	if (st != HD_OK)
		return st;
	return app_notify_queue(c, p->org_id, email, name,
	    why ? "unrouted" : "assigned", p->id, &t);
}

/* A mail to the reporter of p, when a contact with an e-mail address:
 * the receipt (status NULL) or the mail of a status with the comment
 * written with it. */
static enum hd_status
to_reporter(struct db_conn *c, const struct pctx *p, const char *status,
    const char *author, const char *comment)
{
	bool en = p->reporter_lang == HD_LANG_EN;
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	if (!p->reporter_is_contact || p->reporter_email[0] == '\0')
		return HD_OK;
	app_notify_link(p->id, true, link, sizeof(link));
	vorgang_view(p, link, &mv);
	if (status == NULL)
		st = (en ? mail_tpl_receipt_en : mail_tpl_receipt)(
		    &t, &mv, p->reporter_name);
	else
		st = (en ? mail_tpl_status_en : mail_tpl_status)(
		    &t, &mv, p->reporter_name, status, author, comment);
	if (st != HD_OK)
		return st;
	return app_notify_queue(c, p->org_id, p->reporter_email,
	    p->reporter_name, status == NULL ? "receipt" : "status", p->id, &t);
}

enum hd_status
app_notify_receipt(struct db_conn *c, const struct pctx *p)
{
	return to_reporter(c, p, NULL, NULL, NULL);
}

enum hd_status
app_notify_comment(struct db_conn *c, const struct pctx *p, const char *email,
    const char *name, int lang, bool portal, const char *author,
    const char *body)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	app_notify_link(p->id, portal, link, sizeof(link));
	vorgang_view(p, link, &mv);
	/* The reporter's mail speaks of their request; staff's names who
	 * answered. */
	if (lang == HD_LANG_EN)
		st = mail_tpl_comment_en(&t, &mv, name, author, body);
	else
		st = portal ? mail_tpl_comment(&t, &mv, name, author, body)
			    : mail_tpl_reply(&t, &mv, name, author, body);
	if (st != HD_OK)
		return st;
	return app_notify_queue(
	    c, p->org_id, email, name, "comment", p->id, &t);
}

enum hd_status
app_notify_reminder(struct db_conn *c, const struct pctx *p,
    const struct store_addressee *to, int64_t hours, bool escalated)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	if (to->email[0] == '\0')
		return HD_OK;
	app_notify_link(p->id, false, link, sizeof(link));
	vorgang_view(p, link, &mv);
	st = to->lang == HD_LANG_EN
		 ? mail_tpl_reminder_en(&t, &mv, to->name, hours, escalated)
		 : mail_tpl_reminder(&t, &mv, to->name, hours, escalated);
	if (st != HD_OK)
		return st;
	return app_notify_queue(c, p->org_id, to->email, to->name,
	    escalated ? "escalated" : "reminder", p->id, &t);
}

enum hd_status
app_notify_status(struct db_conn *c, const struct pctx *p, const char *status,
    const char *author, const char *comment)
{
	if (status == NULL)
		return HD_EINVAL;
	return to_reporter(c, p, status, author, comment);
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
		/* The account's own language (an invitation goes to someone
		 * who has chosen none yet: German, the default). */
		st = strcmp(u->locale, "en") == 0
			 ? mail_tpl_password_reset_en(&t, org, u->name, link)
			 : mail_tpl_password_reset(&t, org, u->name, link);
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
