/* SPDX-License-Identifier: MIT */
#ifndef HD_PROCESS_ROWS_H
#define HD_PROCESS_ROWS_H

/* Inside the store: the rows of a Vorgang as the API writes them, shared
 * by reading one (process_read.c) and lists (process_list.c). */
#include "store/process.h"
#include "store/vcache.h"
#include "util/jsonw.h"

/*
 * The visibility rule (core/visibility.h) as SQL, shared by every query
 * reading Vorgänge: ?1 org, ?2 viewer kind (enum view_kind's numbers),
 * ?3 viewer id. Each branch is one case of visibility_process;
 * tests/unit/test_visibility.c checks them against it.
 */
#define VISIBLE(p)                                                             \
	p ".org_id = ?1 AND (?2 = " VIEW_SQL_ADMIN                             \
	  " OR (?2 = " VIEW_SQL_CONTACT " AND " p                              \
	  ".reporter_id = ?3) OR (?2 = " VIEW_SQL_EMPLOYEE " AND (" p          \
	  ".created_by = ?3 OR EXISTS (SELECT "                                \
	  "1 FROM process_assignees a WHERE a.process_id = " p ".id AND "      \
	  "a.employee_id = ?3) OR EXISTS (SELECT 1 FROM staff s WHERE "        \
	  "s.property_id = " p ".property_id AND s.employee_id = ?3))))"

/* Vorgang p is overdue: still open and unanswered after the reminder
 * job found it past its type's response time (docs/routing.md). */
#define OVERDUE(p)                                                             \
	"(" p ".status = 'open' AND " p ".responded_at IS NULL AND " p         \
	".remind_level > 0)"

/* Columns: process id, employee id, name, role id, role name, reason. */
#define ASSIGNEE_COLS                                                          \
	"SELECT a.process_id, a.employee_id, u.name, a.role_id, r.name, "      \
	"a.reason, a.reason_data FROM process_assignees a "                    \
	"JOIN users u ON u.id = a.employee_id "                                \
	"LEFT JOIN roles r ON r.id = a.role_id "

/* The columns of a Vorgang as process_fields reads them, the number of
 * its comments (kept by triggers, migration 005) and, for process_meta,
 * who filed it. */
#define PROCESS_COLS                                                           \
	"SELECT p.id, p.number, p.type_id, t.name, p.property_id, pr.name, "   \
	"p.unit_id, un.label, p.reporter_kind, p.reporter_id, ru.name, "       \
	"p.subject, p.description, p.status, p.unrouted, p.created_at, "       \
	"p.updated_at, p.comment_count, p.org_id, p.created_by, "              \
	"CASE WHEN " OVERDUE(                                                  \
	    "p") " THEN 1 ELSE 0 END "                                         \
		 "FROM processes p "                                           \
		 "JOIN process_types t ON t.id = p.type_id "                   \
		 "JOIN properties pr ON pr.id = p.property_id "                \
		 "LEFT JOIN units un ON un.id = p.unit_id "                    \
		 "JOIN users ru ON ru.id = p.reporter_id "

/* The members of a Vorgang up to updated_at, inside its open object. */
void process_fields(struct hd_jw *w, struct db_stmt *st);
/* What the answer cache keeps beside a Vorgang read with PROCESS_COLS. */
void process_meta(struct db_stmt *st, struct vc_meta *m);
/* One row of ASSIGNEE_COLS as an array element. */
void assignee_row(struct hd_jw *w, struct db_stmt *st, const struct viewer *v);

#endif
