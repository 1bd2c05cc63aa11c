/* SPDX-License-Identifier: MIT */
#include "store/pctx.h"

#include "core/event.h"
#include "store/page.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

enum hd_status
pctx_load(struct db_conn *c, int64_t id, struct pctx *p)
{
	struct db_stmt *st;
	enum hd_status s;

	memset(p, 0, sizeof(*p));
	st = db_prepare(c,
	    "SELECT p.id, p.org_id, p.type_id, p.property_id, "
	    "coalesce(p.unit_id, 0), p.reporter_id, CASE WHEN "
	    "p.reporter_kind = 'contact' THEN 1 ELSE 0 END, p.number, "
	    "p.status, o.name, t.name, pr.name, "
	    "coalesce(un.label, ''), ru.name, coalesce(ru.email, ''), "
	    "cu.name, p.subject, p.description, ru.locale FROM processes p "
	    "JOIN orgs o ON o.id = p.org_id "
	    "JOIN process_types t ON t.id = p.type_id "
	    "JOIN properties pr ON pr.id = p.property_id "
	    "LEFT JOIN units un ON un.id = p.unit_id "
	    "JOIN users ru ON ru.id = p.reporter_id "
	    "JOIN users cu ON cu.id = p.created_by WHERE p.id = ?");
	db_bind(st, "i", id);
	if ((s = db_row(st)) == HD_OK) {
		p->id = db_col_i64(st, 0);
		p->org_id = db_col_i64(st, 1);
		p->type_id = db_col_i64(st, 2);
		p->property_id = db_col_i64(st, 3);
		p->unit_id = db_col_i64(st, 4);
		p->reporter_id = db_col_i64(st, 5);
		p->reporter_is_contact = db_col_int(st, 6);
		hd_strlcpy(p->number, db_col_text(st, 7), sizeof(p->number));
		hd_strlcpy(p->status, db_col_text(st, 8), sizeof(p->status));
		hd_strlcpy(
		    p->org_name, db_col_text(st, 9), sizeof(p->org_name));
		hd_strlcpy(
		    p->type_name, db_col_text(st, 10), sizeof(p->type_name));
		hd_strlcpy(p->property_name, db_col_text(st, 11),
		    sizeof(p->property_name));
		hd_strlcpy(
		    p->unit_label, db_col_text(st, 12), sizeof(p->unit_label));
		hd_strlcpy(p->reporter_name, db_col_text(st, 13),
		    sizeof(p->reporter_name));
		hd_strlcpy(p->reporter_email, db_col_text(st, 14),
		    sizeof(p->reporter_email));
		hd_strlcpy(p->creator_name, db_col_text(st, 15),
		    sizeof(p->creator_name));
		p->reporter_lang = store_lang_of(db_col_text(st, 18));
		p->subject = strdup(db_col_text(st, 16));
		p->description = strdup(db_col_text(st, 17));
		if (!p->subject || !p->description)
			s = HD_ENOMEM;
	}
	db_end(st);
	if (s != HD_OK)
		pctx_cleanup(p);
	return s;
}

void
pctx_cleanup(struct pctx *p)
{
	free(p->subject);
	free(p->description);
	p->subject = NULL;
	p->description = NULL;
}

enum hd_status
store_org_user_name(struct db_conn *c, int64_t id, char *buf, size_t n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT name FROM users WHERE id = ?");

	db_bind(st, "i", id);
	return store_text_read(st, buf, n);
}

int
store_lang_of(const char *locale)
{
	return locale != NULL && strcmp(locale, "en") == 0 ? HD_LANG_EN
							   : HD_LANG_DE;
}
