/* SPDX-License-Identifier: MIT */
#ifndef HD_ROUTE_H
#define HD_ROUTE_H

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
 *  4. Every assignee carries the reason, in German, for the history.
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
};

#define ROUTE_REASON_MAX 512

struct route_assignee {
	int64_t employee_id;
	int64_t role_id;	   /* 0 when assigned as admin fallback */
	const char *employee_name; /* borrowed from the input */
	const char *role_name;	   /* borrowed from the input; NULL for admin */
	char reason[ROUTE_REASON_MAX]; /* e.g. "Frau Huber: Rolle Buchhaltung in
					  Max-Planck-Straße 12" */
};

struct route_result {
	struct route_assignee
	    *items; /* owned; free with route_result_cleanup */
	size_t n;
	bool unrouted; /* true when the fallback was used */
	char why_unrouted[ROUTE_REASON_MAX]; /* German, empty when routed */
};

/*
 * Computes the assignees for in into *out (caller-owned struct; items are
 * heap-allocated; call route_result_cleanup). Assignees are ordered by
 * employee_id. Returns HD_OK, HD_ENOMEM, or HD_EINVAL for a NULL argument.
 * An empty result (no fallback holder and no active admin) is HD_OK with
 * n == 0 and unrouted == true: the caller still keeps the Vorgang.
 */
enum hd_status route_compute(
    const struct route_input *in, struct route_result *out);

/* Frees out->items and zeroes *out. Accepts an already-clean result. */
void route_result_cleanup(struct route_result *out);

#endif
