/* SPDX-License-Identifier: MIT */
/* Taking an inbound mail (inbound.h). */
#include "app/inbound.h"

#include "app/attachment.h"
#include "app/notify.h"
#include "app/process.h"
#include "core/event.h"
#include "core/validate.h"
#include "mail/inbound.h"
#include "mail/msgid.h"
#include "mail/templates.h"
#include "store/attachment.h"
#include "store/contact.h"
#include "store/inbound.h"
#include "store/pctx.h"
#include "store/process.h"
#include "store/throttle.h"
#include "store/user.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/str.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The longest list of dropped files named in the reply. */
#define DROPPED_TEXT_MAX 4096
/* The key prefix of the per-sender counters in the throttle table. */
#define CAP_KEY "inbound:"
/* The cap's window: counted until an hour passed without a mail. */
#define CAP_WINDOW_S 3600

static const char *const result_names[] = {
    [APP_INBOUND_CREATED] = "created",
    [APP_INBOUND_COMMENTED] = "commented",
    [APP_INBOUND_IGNORED] = "ignored",
    [APP_INBOUND_DUPLICATE] = "duplicate",
    [APP_INBOUND_UNASSIGNED] = "unassigned",
};

const char *
app_inbound_result_name(enum app_inbound_result r)
{
	return (size_t)r < sizeof(result_names) / sizeof(result_names[0])
		   ? result_names[r]
		   : "ignored";
}

/* What one take works with. */
struct take {
	struct db_conn *c;
	const struct app_inbound_in *in;
	struct mail_in *m;
	struct app_inbound_out *out;
	int64_t org_id;
	int64_t type_id; /* of the mailbox; 0: none */
	char msgid[MAIL_IN_MAX_ID + 8];
	const char *sender;  /* lower-case address, or "" */
	struct store_user u; /* the sender's account in org */
	bool known;	     /* u holds it */
	char subject[HD_MAX_SUBJECT + 1];
	int64_t inbound_id;
};

/* Copies at most n - 1 bytes of s into buf, cut at a UTF-8 character
 * boundary, with CR, LF and tabs made spaces when one_line. */
static void
copy_text(char *buf, size_t n, const char *s, bool one_line)
{
	size_t len = strlen(s), i;

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	for (i = 0; one_line && i < len; i++)
		if (buf[i] == '\r' || buf[i] == '\n' || buf[i] == '\t')
			buf[i] = ' ';
}

/* The same into a fresh heap string of at most max bytes. */
static char *
dup_text(const char *s, size_t max)
{
	char *p = malloc(max + 1);

	if (p != NULL)
		copy_text(p, max + 1, s, false);
	return p;
}

/* The mail's Message-ID, or one made of its bytes when it has none: so
 * that the same mail taken twice is still known. */
static void
message_key(struct take *t)
{
	unsigned char h[32];
	char hex[2 * sizeof(h) + 1];

	if (t->m->message_id != NULL && t->m->message_id[0] != '\0') {
		copy_text(t->msgid, sizeof(t->msgid), t->m->message_id, true);
		return;
	}
	crypto_generichash(h, sizeof(h), (const unsigned char *)t->in->raw,
	    t->in->len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(t->msgid, sizeof(t->msgid), "hash:%s", hex);
}

/* Finds the organisation and the mailbox's type: the envelope
 * recipient's mailbox, else the first of the mail's recipients that is
 * one. HD_ENOTFOUND when no organisation can be told. */
static enum hd_status
find_mailbox(struct take *t)
{
	struct store_mailbox mb;
	enum hd_status st;
	size_t i, n = t->in->recipient != NULL ? 1 : t->m->n_rcpt;

	for (i = 0; i < n; i++) {
		const char *a =
		    t->in->recipient != NULL ? t->in->recipient : t->m->rcpt[i];

		st = store_mailbox_find(t->c, a, &mb);
		if (st == HD_ENOTFOUND || (st == HD_OK && t->in->org_id != 0 &&
					      mb.org_id != t->in->org_id))
			continue;
		if (st != HD_OK)
			return st;
		t->org_id = mb.org_id;
		t->type_id = mb.type_id;
		return HD_OK;
	}
	t->type_id = 0;
	if ((t->org_id = t->in->org_id) != 0)
		return HD_OK;
	return store_inbound_sole_org(t->c, &t->org_id);
}

/* Logs the mail with outcome r (reason, process_id, comment_id as they
 * apply) and fills the answer. */
static enum hd_status
outcome(struct take *t, enum app_inbound_result r, const char *reason,
    int64_t process_id, int64_t comment_id)
{
	t->out->result = r;
	t->out->reason = reason;
	t->out->process_id = process_id;
	t->out->comment_id = comment_id;
	return store_inbound_log(t->c, t->org_id, t->msgid,
	    t->sender[0] ? t->sender : "<>", t->subject,
	    app_inbound_result_name(r), reason, process_id, comment_id,
	    &t->inbound_id);
}

/* Counts the mail against its sender's cap; *over when the cap was
 * reached already (the mail is not counted then). */
static enum hd_status
count_sender(struct take *t, bool *over)
{
	struct store_throttle_rule rule = {
	    .limit = 1 << 30, .base = 1, .max = 1, .quiet = CAP_WINDOW_S};
	char key[STORE_THROTTLE_KEY_MAX];
	int64_t count = 0, retry = 0, now = hd_now();
	int cap = t->in->cap > 0 ? t->in->cap : APP_INBOUND_CAP;
	enum hd_status st;

	snprintf(key, sizeof(key), CAP_KEY "%.*s", HD_MAX_EMAIL,
	    t->sender[0] ? t->sender : "<>");
	if ((st = store_throttle_get(t->c, key, &rule, now, &count, &retry)) !=
	    HD_OK)
		return st;
	if ((*over = count >= cap))
		return HD_OK;
	if ((st = store_throttle_hit(t->c, key, &rule, now)) == HD_OK)
		st = store_throttle_prune(t->c, now);
	return st;
}

/* The sender's account in the organisation, when there is an active
 * one. */
static enum hd_status
find_sender(struct take *t)
{
	enum hd_status st;
	size_t n = 0;

	t->known = false;
	if (t->sender[0] == '\0')
		return HD_OK;
	st = store_user_by_address(
	    t->c, t->sender, t->org_id, false, &t->u, 1, &n);
	t->known = st == HD_OK && n == 1 && t->u.active;
	return st;
}

static struct viewer
viewer_of(const struct store_user *u)
{
	struct viewer v = {.org_id = u->org_id, .user_id = u->id};

	v.kind = !u->is_employee ? VIEW_CONTACT
		 : u->is_admin	 ? VIEW_ADMIN
				 : VIEW_EMPLOYEE;
	return v;
}

/* Whether the sender may comment on Vorgang id, and how: the reporter
 * publicly, an employee who may see it internally. */
static enum hd_status
may_comment(struct take *t, int64_t id, bool *yes, bool *internal)
{
	struct viewer v;
	int64_t org = 0, reporter = 0;
	enum hd_status st;

	*yes = false;
	st = store_inbound_process_owner(t->c, id, &org, &reporter);
	if (st == HD_ENOTFOUND || (st == HD_OK && org != t->org_id))
		return HD_OK;
	if (st != HD_OK)
		return st;
	if (reporter == t->u.id) {
		*yes = true;
		*internal = false;
		return HD_OK;
	}
	if (!t->u.is_employee)
		return HD_OK;
	v = viewer_of(&t->u);
	st = store_process_visible(t->c, &v, id);
	if (st == HD_ENOTFOUND)
		return HD_OK;
	*yes = st == HD_OK;
	*internal = true;
	return st;
}

/* The Vorgang number in the subject ("[V-2026-00007]") into buf. */
static bool
subject_number(const char *s, char *buf, size_t n)
{
	const char *p;

	for (p = strstr(s, "V-"); p != NULL; p = strstr(p + 1, "V-")) {
		size_t k = 2, digits;

		while (k < 6 && p[k] >= '0' && p[k] <= '9')
			k++;
		if (k != 6 || p[k] != '-')
			continue;
		for (digits = 0; p[k + 1 + digits] >= '0' &&
				 p[k + 1 + digits] <= '9' && digits < 12;
		     digits++)
			;
		if (digits < 5 || k + 1 + digits >= n)
			continue;
		memcpy(buf, p, k + 1 + digits);
		buf[k + 1 + digits] = '\0';
		return true;
	}
	return false;
}

/* The Vorgang the mail answers that the sender may comment on: by a
 * reference hausdesk signed (newest first), then by the number in the
 * subject. *id 0 when none. */
static enum hd_status
find_thread(struct take *t, int64_t *id, bool *internal)
{
	unsigned char key[APP_MSGID_SECRET];
	const char *refs[MAIL_IN_MAX_REFS + 1];
	char number[32];
	enum hd_status st;
	size_t n = 0, i;
	bool yes = false;
	int64_t pid;

	*id = 0;
	if (!t->known)
		return HD_OK;
	if ((st = app_notify_secret(t->c, key)) != HD_OK)
		return st;
	if (t->m->in_reply_to != NULL)
		refs[n++] = t->m->in_reply_to;
	for (i = t->m->n_references; i > 0 && n < MAIL_IN_MAX_REFS + 1; i--)
		refs[n++] = t->m->references[i - 1];
	for (i = 0; i < n && st == HD_OK && !yes; i++) {
		/* A forged or foreign id verifies as nothing. */
		if (mail_msgid_verify(key, sizeof(key), refs[i], &pid) !=
			HD_OK ||
		    pid <= 0)
			continue;
		if ((st = may_comment(t, pid, &yes, internal)) == HD_OK && yes)
			*id = pid;
	}
	sodium_memzero(key, sizeof(key));
	if (st != HD_OK || yes ||
	    !subject_number(t->m->subject, number, sizeof(number)))
		return st;
	st = store_inbound_process_by_number(t->c, t->org_id, number, &pid);
	if (st == HD_ENOTFOUND)
		return HD_OK;
	if (st == HD_OK &&
	    (st = may_comment(t, pid, &yes, internal)) == HD_OK && yes)
		*id = pid;
	return st;
}

/* Size in MiB with one decimal, German ("20,0 MiB"). */
static void
mib(size_t bytes, char *buf, size_t n)
{
	unsigned long long tenth =
	    ((unsigned long long)bytes * 10 + 512 * 1024) / (1024 * 1024);

	snprintf(buf, n, "%llu,%llu MiB", tenth / 10, tenth % 10);
}

/*
 * The parts of m for Vorgang id: each becomes an attachment of the
 * Vorgang (app_attachment_add_in; a part of a type not allowed, such as
 * a signature's vCard, or beyond the quota is left out, logged); those
 * too large are noted in its history and named in a reply to the
 * sender. The assignment mails queued with the Vorgang wait for the
 * files, so that they count them.
 */
static enum hd_status
take_parts(struct db_conn *c, int64_t org_id, int64_t id,
    const struct mail_in *m, const char *to, const char *to_name, int *dropped)
{
	char size[32], limit[32], org[256];
	struct viewer v = {.org_id = org_id, .user_id = 0, .kind = VIEW_ADMIN};
	struct mail_text mt = {0};
	int64_t n_data = 0, aid = 0;
	struct hd_buf files;
	enum hd_status st = HD_OK;
	struct pctx p;
	struct event ev;
	size_t i;

	*dropped = 0;
	hd_buf_init(&files, DROPPED_TEXT_MAX);
	mib(APP_INBOUND_MAX_PART, limit, sizeof(limit));
	for (i = 0; i < m->n_parts && st == HD_OK; i++)
		if (m->parts[i].data != NULL)
			n_data++;
	if (n_data > 0)
		st = store_attachment_mails_hold(
		    c, id, n_data, hd_now_ms() + PROCESS_FOLLOW_WAIT_MS);
	for (i = 0; i < m->n_parts && st == HD_OK; i++) {
		const struct mail_in_part *part = &m->parts[i];

		if (part->data != NULL) {
			st = app_attachment_add_in(c, &v, id, part->filename,
			    part->data, part->len, APP_ATT_MAIL, &aid);
			if (st == HD_ETYPE || st == HD_EQUOTA ||
			    st == HD_ETOOBIG) {
				hd_log(HD_LOG_INFO,
				    "inbound mail: part %zu of Vorgang %lld "
				    "not attached: %s",
				    i, (long long)id, hd_status_str(st));
				st = HD_OK;
			}
			continue;
		}
		(*dropped)++;
		event_init(&ev, EVENT_ATTACHMENT_DROPPED);
		ev.text = part->filename;
		ev.size = (int64_t)part->len;
		ev.limit = APP_INBOUND_MAX_PART;
		st = store_history_add(
		    c, id, event_code_name(EVENT_ATTACHMENT_DROPPED), &ev, 0);
		mib(part->len, size, sizeof(size));
		/* A list too long for the reply is cut; the history has all. */
		if (st == HD_OK)
			(void)hd_buf_printf(
			    &files, "- %s (%s)\n", part->filename, size);
	}
	/* Parts that were left out never arrive: the mails go now. */
	if (st == HD_OK && n_data > 0)
		st = store_attachment_mails_hold(c, id, 0, hd_now_ms());
	if (st != HD_OK || *dropped == 0 || to == NULL || to[0] == '\0' ||
	    files.len == 0)
		goto out;
	if ((st = pctx_load(c, id, &p)) != HD_OK)
		goto out;
	st = store_org_name(c, org_id, org, sizeof(org));
	if (st == HD_OK)
		st = mail_tpl_too_large(
		    &mt, org, p.number, to_name, files.data, limit);
	if (st == HD_OK)
		st = app_notify_queue(
		    c, org_id, to, to_name, "inbound_too_large", id, &mt);
	pctx_cleanup(&p);
out:
	hd_buf_cleanup(&files);
	return st;
}

/* The sender's display name: the mail's, else the account's, else the
 * address. */
static const char *
sender_name(const struct take *t)
{
	if (t->m->from_name != NULL && t->m->from_name[0] != '\0')
		return t->m->from_name;
	if (t->known)
		return t->u.name;
	return t->sender;
}

/* Adds the reply to Vorgang id as the sender's comment. */
static enum hd_status
comment(struct take *t, int64_t id, bool internal)
{
	struct viewer v = viewer_of(&t->u);
	const char *text =
	    t->m->text_new[0] != '\0' ? t->m->text_new : t->m->text;
	enum hd_status st;
	int64_t cid = 0;
	char *body;

	if (text[0] == '\0')
		text = t->m->n_parts > 0 ? "(Anhang)" : "(ohne Text)";
	if ((body = dup_text(text, HD_MAX_TEXT)) == NULL)
		return HD_ENOMEM;
	st = app_comment_add_in(t->c, &v, id, body, internal, &cid);
	free(body);
	if (st == HD_OK)
		st = take_parts(t->c, t->org_id, id, t->m, t->sender,
		    sender_name(t), &t->out->dropped);
	if (st == HD_OK)
		st = outcome(t, APP_INBOUND_COMMENTED, NULL, id, cid);
	return st;
}

/*
 * Files the mail as a Vorgang of the sender, a contact living at exactly
 * one property, with the mailbox's type. *filed false (nothing written)
 * when that does not apply or the Vorgang is refused (a type contacts
 * may not file): then it waits for an admin.
 */
static enum hd_status
file(struct take *t, bool *filed)
{
	struct process_new pn = {0};
	struct viewer v;
	const char *field = NULL;
	enum hd_status st;
	int64_t id = 0;
	char *body;

	*filed = false;
	if (!t->known || t->u.is_employee || t->type_id == 0)
		return HD_OK;
	st = store_inbound_sole_property(
	    t->c, t->u.id, &pn.property_id, &pn.unit_id);
	if (st == HD_ENOTFOUND)
		return HD_OK;
	if (st != HD_OK)
		return st;
	if ((body = dup_text(t->m->text, HD_MAX_TEXT)) == NULL)
		return HD_ENOMEM;
	pn.type_id = t->type_id;
	pn.subject = t->subject;
	pn.description = body;
	v = viewer_of(&t->u);
	/* A savepoint: a refused Vorgang leaves nothing behind. */
	if ((st = db_begin(t->c)) != HD_OK)
		goto out;
	st = app_process_file_in(t->c, &v, &pn, &field, &id);
	if (st == HD_EINVAL || st == HD_EFORBIDDEN) {
		db_rollback(t->c);
		st = HD_OK;
		goto out;
	}
	if (st == HD_OK)
		st = db_commit(t->c);
	else
		db_rollback(t->c);
	if (st == HD_OK)
		st = take_parts(t->c, t->org_id, id, t->m, t->sender,
		    sender_name(t), &t->out->dropped);
	if (st == HD_OK)
		st = outcome(t, APP_INBOUND_CREATED, NULL, id, 0);
	*filed = st == HD_OK;
out:
	free(body);
	return st;
}

/* Keeps the mail for an admin ("Nicht zugeordnet"). */
static enum hd_status
keep(struct take *t)
{
	struct store_unassigned_new un = {0};
	enum hd_status st;
	char *body;

	if ((st = outcome(t, APP_INBOUND_UNASSIGNED, NULL, 0, 0)) != HD_OK)
		return st;
	if ((body = dup_text(t->m->text, HD_MAX_TEXT)) == NULL)
		return HD_ENOMEM;
	un.org_id = t->org_id;
	un.inbound_id = t->inbound_id;
	un.sender = t->sender;
	un.sender_name = t->m->from_name != NULL ? t->m->from_name : "";
	un.contact_id = t->known && !t->u.is_employee ? t->u.id : 0;
	un.type_id = t->type_id;
	un.subject = t->subject;
	un.body = body;
	un.raw = t->in->raw;
	un.raw_len = t->in->len;
	st = store_unassigned_insert(t->c, &un, &t->out->unassigned_id);
	free(body);
	return st;
}

/* A bounce of a mail of ours: its outbox row failed with the remote's
 * reason, which the E-Mail-Protokoll shows. */
static enum hd_status
bounce(struct take *t)
{
	char reason[512];
	int64_t pid = 0;
	enum hd_status st = HD_OK;

	snprintf(reason, sizeof(reason), "bounced: %s%s%s",
	    t->m->dsn_status ? t->m->dsn_status : "",
	    t->m->dsn_status && t->m->dsn_diag ? " " : "",
	    t->m->dsn_diag ? t->m->dsn_diag : "");
	if (t->m->dsn_message_id != NULL)
		st = store_outbox_bounced(
		    t->c, t->m->dsn_message_id, reason, &pid);
	if (st != HD_OK && st != HD_ENOTFOUND)
		return st;
	return outcome(t, APP_INBOUND_IGNORED,
	    st == HD_OK ? "bounce of a mail of ours"
			: "bounce of a mail that is not ours",
	    0, 0);
}

/* Whether the From is hausdesk's own sender address. */
static bool
own_mail(const struct take *t)
{
	return hd_cfg.mail_from != NULL && t->sender[0] != '\0' &&
	       strcasecmp(t->sender, hd_cfg.mail_from) == 0;
}

static enum hd_status
decide(struct take *t)
{
	struct store_inbound_seen seen;
	enum hd_status st;
	bool over = false, internal = false, filed = false;
	int64_t id = 0;

	if ((st = find_mailbox(t)) == HD_ENOTFOUND) {
		t->out->result = APP_INBOUND_IGNORED;
		t->out->reason = "no mailbox has the recipient's address";
		return HD_OK;
	}
	if (st != HD_OK)
		return st;
	message_key(t);
	st = store_inbound_seen(t->c, t->org_id, t->msgid, &seen);
	if (st == HD_OK) {
		t->out->result = APP_INBOUND_DUPLICATE;
		t->out->process_id = seen.process_id;
		t->out->comment_id = seen.comment_id;
		return HD_OK;
	}
	if (st != HD_ENOTFOUND)
		return st;
	if ((st = count_sender(t, &over)) != HD_OK)
		return st;
	if (over)
		return outcome(t, APP_INBOUND_IGNORED,
		    "too many mails from this sender within an hour", 0, 0);
	if (t->m->is_dsn)
		return bounce(t);
	if (own_mail(t))
		return outcome(
		    t, APP_INBOUND_IGNORED, "sent by hausdesk itself", 0, 0);
	if (t->m->noise != NULL)
		return outcome(t, APP_INBOUND_IGNORED, t->m->noise, 0, 0);
	if (t->sender[0] == '\0')
		return outcome(
		    t, APP_INBOUND_IGNORED, "no sender address", 0, 0);
	if ((st = find_sender(t)) != HD_OK ||
	    (st = find_thread(t, &id, &internal)) != HD_OK)
		return st;
	if (id != 0)
		return comment(t, id, internal);
	if ((st = file(t, &filed)) != HD_OK || filed)
		return st;
	return keep(t);
}

enum hd_status
app_inbound_take_in(struct db_conn *c, const struct app_inbound_in *in,
    struct app_inbound_out *out)
{
	struct take t;
	enum hd_status st;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.in = in;
	t.out = out;
	st = mail_in_parse(in->raw, in->len, APP_INBOUND_MAX_PART, &t.m);
	if (st != HD_OK)
		return st;
	t.sender = t.m->from_addr != NULL ? t.m->from_addr : "";
	if (strlen(t.sender) > HD_MAX_EMAIL)
		t.sender = "";
	copy_text(t.subject, sizeof(t.subject),
	    t.m->subject[0] ? t.m->subject : "(ohne Betreff)", true);
	st = decide(&t);
	mail_in_free(t.m);
	return st;
}

enum hd_status
app_inbound_take(const struct app_inbound_in *in, struct app_inbound_out *out)
{
	struct mail_in *probe = NULL;
	struct db_conn *c;
	enum hd_status st;

	/* Unparseable mail is refused before the writer is bothered. */
	if (in->len == 0 || in->len > APP_INBOUND_MAX)
		return HD_EINVAL;
	if ((st = mail_in_parse(in->raw, in->len, 0, &probe)) != HD_OK)
		return st;
	mail_in_free(probe);
	if ((c = db_writer_acquire()) == NULL)
		return HD_EUNAVAIL;
	st = app_inbound_take_in(c, in, out);
	return db_writer_release(c, st);
}

/* The reporter for a completed mail: its contact, the contact with its
 * address, or a new contact of that address. 0: file as the admin (the
 * address is an employee's). */
static enum hd_status
reporter_for(struct db_conn *c, int64_t org_id,
    const struct store_unassigned *u, int64_t *reporter)
{
	struct store_contact_in ci = {0};
	struct store_user acct;
	enum hd_status st;
	size_t n = 0;

	*reporter = u->contact_id;
	if (*reporter != 0)
		return HD_OK;
	st = store_user_by_address(c, u->sender, org_id, false, &acct, 1, &n);
	if (st != HD_OK)
		return st;
	if (n == 1) {
		*reporter = acct.is_employee ? 0 : acct.id;
		return HD_OK;
	}
	ci.name = u->sender_name[0] ? u->sender_name : u->sender;
	ci.email = u->sender;
	return store_contact_insert(c, org_id, &ci, reporter);
}

enum hd_status
app_inbound_complete(int64_t org_id, int64_t admin_id, int64_t id,
    int64_t property_id, int64_t type_id, int64_t *process_id,
    const char **field)
{
	struct viewer v = {
	    .org_id = org_id, .user_id = admin_id, .kind = VIEW_ADMIN};
	struct store_unassigned u;
	struct process_new pn = {0};
	struct mail_in *m = NULL;
	struct db_conn *c;
	enum hd_status st;
	int dropped = 0;

	*field = NULL;
	*process_id = 0;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EUNAVAIL;
	if ((st = store_unassigned_get(c, org_id, id, &u)) != HD_OK)
		return db_writer_release(c, st);
	if (u.process_id != 0) {
		store_unassigned_cleanup(&u);
		return db_writer_release(c, HD_ECONFLICT);
	}
	pn.type_id = type_id;
	pn.property_id = property_id;
	pn.subject = u.subject;
	pn.description = u.body;
	pn.reporter_anywhere = true;
	st = reporter_for(c, org_id, &u, &pn.reporter_id);
	if (st == HD_OK)
		st = app_process_file_in(c, &v, &pn, field, process_id);
	if (st == HD_OK)
		st = store_unassigned_done(c, id, *process_id);
	if (st == HD_OK && u.raw != NULL &&
	    mail_in_parse((const char *)u.raw, u.raw_len, APP_INBOUND_MAX_PART,
		&m) == HD_OK)
		st = take_parts(c, org_id, *process_id, m, u.sender,
		    u.sender_name, &dropped);
	mail_in_free(m);
	store_unassigned_cleanup(&u);
	return db_writer_release(c, st);
}
