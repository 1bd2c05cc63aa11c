/* SPDX-License-Identifier: MIT */
/* Comments on Vorgänge, and who hears of them. */
#include "store/pctx.h"
#include "store/process.h"
#include "store/search.h"
#include "util/clock.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

enum hd_status
store_comment_insert(struct db_conn *c, const struct viewer *v,
    int64_t process_id, const char *body, bool internal, int64_t *id)
{
	enum hd_status st;

	if (internal && v->kind == VIEW_CONTACT)
		return HD_EFORBIDDEN;
	st = db_insert(c, id,
	    "INSERT INTO comments(process_id, author_id, body, "
	    "internal, created_at) VALUES (?, ?, ?, ?, ?)",
	    "iitbi", process_id, v->user_id, body, (int)internal, hd_now());
	/* A public answer by staff is a response: no reminder after it
	 * (docs/routing.md, "Reminders"). */
	/* And it answers whoever waited (?sort=unanswered, migration 019);
	 * the reporter writing publicly waits from their first message on. */
	if (st == HD_OK)
		st = db_exec(c,
		    "UPDATE processes SET updated_at = ?1, responded_at = "
		    "CASE WHEN ?3 = 1 THEN coalesce(responded_at, ?1) ELSE "
		    "responded_at END, awaiting_since = CASE WHEN ?3 = 1 THEN "
		    "NULL WHEN ?4 = 1 AND reporter_id = ?5 THEN "
		    "coalesce(awaiting_since, ?1) ELSE awaiting_since END "
		    "WHERE id = ?2",
		    "iibbi", hd_now(), process_id,
		    (int)(!internal && v->kind != VIEW_CONTACT),
		    (int)(!internal && v->kind == VIEW_CONTACT), v->user_id);
	if (st == HD_OK)
		st = store_search_index(c, process_id);
	return st;
}

enum hd_status
store_addressees_read(
    struct db_stmt *st, struct store_addressee **out, size_t *n)
{
	struct store_addressee *p;
	enum hd_status s = HD_OK, e;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (s == HD_OK && db_step(st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			if ((p = realloc(*out, cap * sizeof(*p))) == NULL) {
				s = HD_ENOMEM;
				break;
			}
			*out = p;
		}
		p = &(*out)[(*n)++];
		hd_strlcpy(p->name, db_col_text(st, 0), sizeof(p->name));
		hd_strlcpy(p->email, db_col_text(st, 1), sizeof(p->email));
		p->lang = store_lang_of(db_col_text(st, 2));
		p->id = db_col_i64(st, 3);
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
}

enum hd_status
store_process_addressees(
    struct db_conn *c, int64_t id, struct store_addressee **out, size_t *n)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT u.name, coalesce(u.email, ''), u.locale, "
			   "u.id FROM process_assignees a "
			   "JOIN users u ON u.id = a.employee_id "
			   "WHERE a.process_id = ? AND u.active = 1 "
			   "ORDER BY u.name, u.id");
	db_bind(st, "i", id);
	return store_addressees_read(st, out, n);
}

enum hd_status
store_process_participants(
    struct db_conn *c, int64_t id, struct store_addressee **out, size_t *n)
{
	struct db_stmt *st;

	/* The assignees and every employee who wrote on it (issue 13: who
	 * asked the reporter a question gets the answer, also after the
	 * Vorgang was handed on). */
	st = db_prepare(c,
	    "SELECT u.name, u.email, u.locale, u.id FROM users u WHERE "
	    "u.active = 1 AND u.kind = 'employee' AND u.email IS NOT "
	    "NULL AND u.id IN "
	    "(SELECT a.employee_id FROM process_assignees a "
	    "WHERE a.process_id = ?1 UNION SELECT k.author_id "
	    "FROM comments k WHERE k.process_id = ?1) "
	    "ORDER BY u.id");
	db_bind(st, "i", id);
	return store_addressees_read(st, out, n);
}
