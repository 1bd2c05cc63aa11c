/* SPDX-License-Identifier: MIT */
#ifndef HD_ROUTE_H
#define HD_ROUTE_H

#include "core/assign.h"
#include "core/event.h"
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Routing of a Vorgang: a pure function of its inputs (the roles on the
 * process type, the staff assignments at the property, the active flags,
 * the organisation's fallback). No I/O of any kind.
 *
 * Rules (docs/product.md, "Routing rules"):
 *  1. Responsible roles R = roles on the type.
 *  2. Assignees = every active employee holding (P, e, r) for some r in R;
 *     an employee holding two matching roles appears once, with the first
 *     matching role in type order, and the reason names all matching roles.
 *  3. No match: the fallback role's active holders at P, else all active
 *     admins; result flagged unrouted.
 *  4. Every assignee carries the reason, in German, for the history, and
 *     the same reason as an event (core/event.h) for any language.
 *
 * Absences and pick modes (docs/routing.md; both optional inputs, and
 * without them routing is the seed's, to the byte):
 *  5. An absent holder is replaced by their substitute when the
 *     substitute is active and not absent themself; otherwise the holder
 *     is skipped like a deactivated one. A substitute's own substitute is
 *     never followed, so chains stop after one step and cannot loop.
 *  6. Each role picks among its active holders at P by its mode: `all`
 *     (every holder; absent ones by their substitutes), `round_robin`
 *     (the next present holder after the turn, by id) or `least_open`
 *     (the present holder with the fewest open Vorgänge, ties: lowest
 *     id). A picking role takes an absent holder's substitute only when
 *     none of its holders is present.
 *  7. The same holds for the fallback role's holders; absent admins are
 *     replaced or skipped too, unless that leaves no admin at all.
 */

/* One staff assignment at the property: employee e holds role r. */
struct route_staff {
	int64_t employee_id;
	int64_t role_id;
	bool active;		   /* employee active? */
	const char *employee_name; /* borrowed */
	const char *role_name;	   /* borrowed */
};

/* One admin of the organisation (for the last-resort fallback). */
struct route_admin {
	int64_t employee_id;
	bool active;
	const char *name; /* borrowed */
};

/*
 * An employee's standing on the routing day. Holders keep their active
 * flag in route_staff / route_admin; this entry's active flag counts when
 * the employee stands in for somebody.
 */
struct route_person {
	int64_t employee_id;
	bool active;
	bool absent;	       /* away on the routing day (core/absence.h) */
	int32_t absent_until;  /* last day away, when absent (core/day.h) */
	int64_t substitute_id; /* 0: none */
	const char *name;      /* borrowed */
};

/* How role_id picks among its holders at the property. */
struct route_pick {
	int64_t role_id;
	enum assign_mode mode;
	int64_t turn; /* round_robin: the holder picked last; 0: none yet */
};

/* Open Vorgänge (open, in_progress, waiting) of an employee. */
struct route_load {
	int64_t employee_id;
	int64_t open;
};

struct route_input {
	const char *property_name;    /* borrowed, for the reasons */
	const int64_t *type_role_ids; /* roles on the type, in order */
	size_t n_type_roles;
	const struct route_staff *staff; /* all assignments at the property */
	size_t n_staff;
	int64_t fallback_role_id;	/* 0: no fallback role configured */
	const char *fallback_role_name; /* borrowed; NULL when id is 0 */
	const struct route_admin *admins;
	size_t n_admins;
	/*
	 * Optional, may be NULL: the names of the type's roles, parallel to
	 * type_role_ids (an entry may be NULL). A role nobody holds at the
	 * property has no staff entry to take its name from; with this the
	 * reason can still say "Niemand hat die Rolle Buchhaltung in ...".
	 */
	const char *const *type_role_names; /* borrowed */
	/*
	 * Optional (NULL, 0: nobody away, every role `all`, no counts):
	 * people: everyone absent on the routing day, and every substitute
	 * they name (a substitute not listed here counts as none);
	 * picks: the mode of each role not `all`, and its turn;
	 * loads: open Vorgänge per employee, for `least_open` (missing: 0).
	 */
	const struct route_person *people;
	size_t n_people;
	const struct route_pick *picks;
	size_t n_picks;
	const struct route_load *loads;
	size_t n_loads;
};

#define ROUTE_REASON_MAX 512

struct route_assignee {
	int64_t employee_id;
	int64_t role_id;	   /* 0 when assigned as admin fallback */
	const char *employee_name; /* borrowed from the input */
	const char *role_name;	   /* borrowed from the input; NULL for admin */
	char reason[ROUTE_REASON_MAX]; /* e.g. "Frau Huber: Rolle Buchhaltung in
					  Max-Planck-Straße 12" */
	int64_t stands_in_for; /* the first absent holder replaced; 0: none */
	struct event ev;       /* the reason as data; borrows from the input */
};

/* The turn to store for a round_robin role that picked somebody. */
struct route_turn {
	int64_t role_id;
	int64_t turn; /* the holder picked (for a substitute: whom for) */
};

struct route_result {
	struct route_assignee
	    *items; /* owned; free with route_result_cleanup */
	size_t n;
	bool unrouted; /* true when the fallback was used */
	char why_unrouted[ROUTE_REASON_MAX]; /* German, empty when routed */
	struct event why; /* EVENT_UNROUTED when unrouted; borrows input */
	struct route_turn *turns; /* owned; one per round_robin role used */
	size_t n_turns;
};

/*
 * Computes the assignees for in into *out (caller-owned struct; items are
 * heap-allocated; call route_result_cleanup). Assignees are ordered by
 * employee_id. Returns HD_OK, HD_ENOMEM, or HD_EINVAL for a NULL argument.
 * An empty result (no fallback holder and no active admin) is HD_OK with
 * n == 0 and unrouted == true: the caller still keeps the Vorgang.
 * The caller stores out->turns (compare-and-set against the turn it
 * passed in, so two creates at once never take the same turn).
 */
enum hd_status route_compute(
    const struct route_input *in, struct route_result *out);

/* Frees out->items and out->turns and zeroes *out. Accepts an
 * already-clean result. */
void route_result_cleanup(struct route_result *out);

#endif
