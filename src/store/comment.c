/* SPDX-License-Identifier: MIT */
/* Comments on Vorgänge and the mails they cause. */
#include "mail/notify.h"
#include "store/pctx.h"
#include "store/process.h"
#include "util/clock.h"
#include "util/str.h"

#include <string.h>

/* Mails a public comment to the other side: the reporter when staff
 * wrote it, the assignees when the reporter did. */
static enum hd_status
mail_comment(struct db_conn *c, const struct viewer *v, const struct pctx *p,
    const char *author, const char *body)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	struct db_stmt *st;
	enum hd_status s = HD_OK, e;
	char link[512];

	if (v->kind != VIEW_CONTACT) {
		if (!p->reporter_is_contact || p->reporter_email[0] == '\0')
			return HD_OK;
		notify_process_link(p->id, true, link, sizeof(link));
		pctx_mail_view(p, link, &mv);
		s = mail_tpl_comment(&t, &mv, p->reporter_name, author, body);
		if (s != HD_OK)
			return s;
		return notify_queue(c, p->org_id, p->reporter_email,
		    p->reporter_name, "comment", p->id, &t);
	}
	notify_process_link(p->id, false, link, sizeof(link));
	pctx_mail_view(p, link, &mv);
	st = db_prepare(c, "SELECT u.name, u.email FROM process_assignees a "
			   "JOIN users u ON u.id = a.employee_id "
			   "WHERE a.process_id = ? AND u.active = 1");
	db_bind(st, "i", p->id);
	while (s == HD_OK && db_step(st)) {
		char name[256], email[256];

		hd_strlcpy(name, db_col_text(st, 0), sizeof(name));
		hd_strlcpy(email, db_col_text(st, 1), sizeof(email));
		s = mail_tpl_comment(&t, &mv, name, author, body);
		if (s == HD_OK)
			s = notify_queue(
			    c, p->org_id, email, name, "comment", p->id, &t);
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
}

enum hd_status
store_comment_add(struct db_conn *c, const struct viewer *v, int64_t process_id,
    const char *body, bool internal, int64_t *id)
{
	char author[256];
	struct pctx p;
	enum hd_status st;

	if ((st = store_process_visible(c, v, process_id)) != HD_OK)
		return st;
	if (internal && v->kind == VIEW_CONTACT)
		return HD_EFORBIDDEN;
	if ((st = pctx_load(c, process_id, &p)) != HD_OK)
		return st;
	st = store_org_user_name(c, v->user_id, author, sizeof(author));
	if (st == HD_OK)
		st = db_insert(c, id,
		    "INSERT INTO comments(process_id, author_id, body, "
		    "internal, created_at) VALUES (?, ?, ?, ?, ?)",
		    "iitbi", process_id, v->user_id, body, (int)internal,
		    hd_now());
	if (st == HD_OK)
		st = db_exec(c,
		    "UPDATE processes SET updated_at = ? WHERE id = ?", "ii",
		    hd_now(), process_id);
	if (st == HD_OK && !internal)
		st = mail_comment(c, v, &p, author, body);
	pctx_cleanup(&p);
	return st;
}
