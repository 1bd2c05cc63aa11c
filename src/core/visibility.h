/* SPDX-License-Identifier: MIT */
#ifndef HD_CORE_VISIBILITY_H
#define HD_CORE_VISIBILITY_H

/*
 * Who may see a Vorgang (docs/product.md, "Who may see what"), stated
 * once. Pure: the facts come from the caller.
 *
 *   - nobody outside the Vorgang's organisation;
 *   - an admin: every Vorgang of the organisation;
 *   - an employee: those they filed, those they are assigned to, and
 *     those at a property where they hold a role (staff);
 *   - a contact: those they reported.
 *
 * The SQL filter (store/process_rows.h, VISIBLE) is written from the
 * same rule with the same numbers, and the answer cache's check
 * (store/process_read.c) asks visibility_process; tests/unit/
 * test_visibility.c checks all three against each other, case by case.
 */
#include <stdbool.h>
#include <stdint.h>

/* The kinds of viewer. Their numbers are bound into SQL (VISIBLE): they
 * are part of the rule, never renumber them. VIEW_SQL_* are the same
 * numbers as SQL text ("2"), for SQL that names a kind. */
#define VIEW_KIND_ADMIN 0
#define VIEW_KIND_EMPLOYEE 1
#define VIEW_KIND_CONTACT 2
#define VIS_SQL_(x) #x
#define VIS_SQL(x) VIS_SQL_(x)
#define VIEW_SQL_ADMIN VIS_SQL(VIEW_KIND_ADMIN)
#define VIEW_SQL_EMPLOYEE VIS_SQL(VIEW_KIND_EMPLOYEE)
#define VIEW_SQL_CONTACT VIS_SQL(VIEW_KIND_CONTACT)
enum view_kind {
	VIEW_ADMIN = VIEW_KIND_ADMIN,
	VIEW_EMPLOYEE = VIEW_KIND_EMPLOYEE,
	VIEW_CONTACT = VIEW_KIND_CONTACT,
};

/* Who is looking: decides visibility of Vorgänge and their parts. */
struct viewer {
	int64_t org_id;
	int64_t user_id;
	enum view_kind kind;
};

/* A fact the rule may be asked about before it is known: the answer
 * cache reads the staff of a property only when nothing else decides. */
enum vis_fact { VIS_NO = 0, VIS_YES = 1, VIS_UNKNOWN = 2 };

/* What is known about one Vorgang and the viewer. */
struct vis_facts {
	int64_t org_id;		/* the Vorgang's organisation */
	int64_t created_by;	/* who filed it */
	int64_t reporter_id;	/* whom it is about: a contact, or the filer */
	enum vis_fact assigned; /* the viewer is one of its assignees */
	enum vis_fact staff;	/* the viewer holds a role at its property */
};

/* The answer: visible, not visible, or it depends on a fact still
 * VIS_UNKNOWN (read it and ask again). */
enum vis_answer { VIS_HIDDEN = 0, VIS_VISIBLE = 1, VIS_DEPENDS = 2 };

/* Whether v may see the Vorgang of f. Never VIS_DEPENDS when no fact
 * is VIS_UNKNOWN. */
enum vis_answer visibility_process(
    const struct viewer *v, const struct vis_facts *f);

#endif
