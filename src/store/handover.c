/* SPDX-License-Identifier: MIT */
/* What handing over a deactivated employee's work reads (handover.h). */
#include "store/handover.h"

enum hd_status
store_employee_active(
    struct db_conn *c, int64_t org_id, int64_t id, bool *active)
{
	struct db_stmt *st = db_prepare(c,
	    "SELECT active FROM users WHERE id = ? AND org_id = ? AND kind "
	    "= 'employee'");
	enum hd_status s;

	*active = false;
	db_bind(st, "ii", id, org_id);
	if ((s = db_row(st)) == HD_OK)
		*active = db_col_int(st, 0) != 0;
	db_end(st);
	return s;
}

enum hd_status
store_handover_open(struct db_conn *c, int64_t org_id, int64_t employee,
    int64_t *ids, size_t max, size_t *n)
{
	/* The assignments carry their Vorgang's status (migration 004). */
	struct db_stmt *st = db_prepare(c,
	    "SELECT x.process_id FROM process_assignees x CROSS JOIN "
	    "processes p WHERE p.id = x.process_id AND x.employee_id = ? AND "
	    "x.status IN ('open', 'in_progress', 'waiting') AND p.org_id = ? "
	    "ORDER BY x.process_id LIMIT ?");

	*n = 0;
	db_bind(st, "iii", employee, org_id, (int64_t)max);
	while (*n < max && db_step(st))
		ids[(*n)++] = db_col_i64(st, 0);
	return db_end(st);
}
