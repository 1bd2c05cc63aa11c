/* SPDX-License-Identifier: MIT */
/* The reminder job's reads and writes (remind.h). */
#include "store/remind.h"

#include <stdlib.h>

int
store_remind_level_at(const struct remind_due *d, int64_t now)
{
	int64_t after = d->hours * 3600;

	if (d->hours <= 0 || now < d->created_at + after)
		return 0;
	return now >= d->created_at + 2 * after ? 2 : 1;
}

enum hd_status
store_remind_due(struct db_conn *c, int64_t now, struct remind_due *due,
    size_t cap, size_t *n)
{
	struct db_stmt *st;

	*n = 0;
	/* The partial index processes_waiting holds exactly the open,
	 * unanswered, not yet escalated Vorgänge (migration 011). */
	st = db_prepare(c,
	    "SELECT p.id, t.response_hours, p.remind_level, p.created_at "
	    "FROM processes p JOIN process_types t ON t.id = p.type_id "
	    "WHERE p.status = 'open' AND p.responded_at IS NULL AND "
	    "p.remind_level < 2 AND t.response_hours > 0 AND "
	    "p.created_at + t.response_hours * 3600 * "
	    "(p.remind_level + 1) <= ?1 "
	    "ORDER BY p.created_at, p.id LIMIT ?2");
	db_bind(st, "ii", now, (int64_t)cap);
	while (*n < cap && db_step(st)) {
		struct remind_due *d = &due[(*n)++];

		d->id = db_col_i64(st, 0);
		d->hours = db_col_i64(st, 1);
		d->level = db_col_int(st, 2);
		d->created_at = db_col_i64(st, 3);
	}
	return db_end(st);
}

enum hd_status
store_remind_set_level(struct db_conn *c, int64_t id, int level)
{
	return db_exec(c,
	    "UPDATE processes SET remind_level = ? WHERE id = ? AND "
	    "remind_level < ?",
	    "iii", (int64_t)level, id, (int64_t)level);
}

enum hd_status
store_remind_escalation_to(
    struct db_conn *c, int64_t id, struct store_addressee **out, size_t *n)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c,
	    "SELECT DISTINCT u.name, coalesce(u.email, ''), u.locale, u.id "
	    "FROM processes p JOIN orgs o ON o.id = p.org_id "
	    "JOIN staff s ON s.property_id = p.property_id AND "
	    "s.role_id = o.fallback_role_id "
	    "JOIN users u ON u.id = s.employee_id "
	    "WHERE p.id = ? AND u.active = 1 ORDER BY u.name, u.id");
	db_bind(st, "i", id);
	if ((s = store_addressees_read(st, out, n)) != HD_OK || *n > 0)
		return s;
	free(*out);
	st = db_prepare(c,
	    "SELECT u.name, coalesce(u.email, ''), u.locale, u.id "
	    "FROM processes p JOIN users u ON u.org_id = p.org_id "
	    "WHERE p.id = ? AND u.kind = 'employee' AND u.is_admin = 1 "
	    "AND u.active = 1 ORDER BY u.name, u.id");
	db_bind(st, "i", id);
	return store_addressees_read(st, out, n);
}
