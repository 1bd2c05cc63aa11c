/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_ROUTING_H
#define HD_STORE_ROUTING_H

/*
 * What routing a Vorgang needs from the database: the inputs of
 * core/route.h's route_compute (the type's roles, the staff at the
 * property; the fallback role and the admins only when nobody else can
 * take it), loaded in a handful of indexed queries, and the addresses of
 * the people in them for the mails app/ sends. The decision itself is
 * core's; app/ asks it (app/process.c).
 */
#include "core/absence.h"
#include "core/route.h"
#include "db/db.h"
#include "store/pctx.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One employee in the inputs: a holder of a role at the property, an
 * admin, or somebody assigned by hand. */
struct store_staff_row {
	int64_t employee_id, role_id;
	bool active;
	char name[256], role_name[256], email[256];
};

/*
 * The inputs, owned, and in `in` the views route_compute takes. The
 * roles of the type, in order: as many as it has (the API allows
 * STORE_PTYPE_MAX_ROLES, but a type routes by all it holds, however
 * many), so arrays on the heap rather than a cap that would drop the
 * rest. Zero it before the first load; free with store_routing_cleanup.
 */
struct store_routing {
	int64_t *role_ids;
	char (*role_names)[256];
	const char **role_name_ptrs;
	size_t n_roles, cap_roles;
	struct store_staff_row *rows; /* staff at the property, then admins */
	size_t n_staff, n_admins;
	struct route_staff *staff;
	struct route_admin *admins;
	int64_t fallback_role_id;
	char fallback_role_name[256];
	/* Absences and pick modes (docs/routing.md): the routing day, the
	 * organisation's absences that have not ended by then, everyone
	 * away and their substitutes (with addresses, for the mails), the
	 * roles that do not pick `all` with their turns at the property,
	 * and the open Vorgänge of the holders when a role picks the least
	 * loaded. */
	int32_t day;
	struct absence *abs;
	size_t n_abs;
	struct store_staff_row *prows; /* parallel to people */
	struct route_person *people;
	size_t n_people, cap_people;
	struct route_pick *picks;
	size_t n_picks, cap_picks;
	struct route_load *loads;
	size_t n_loads;
	struct route_input in;
};

/* Loads the roles of p's type (with how each picks, and its turn at
 * p's property), the staff at p's property, who of them is away on day
 * (core/day.h) and their substitutes, and (for `least_open`) their open
 * Vorgänge into rt (zeroed), and readies rt->in. HD_OK or the
 * database's error. */
enum hd_status store_routing_load(struct db_conn *c, const struct pctx *p,
    int32_t day, struct store_routing *rt);
/* Adds what routing falls back to when nobody holds a role of the type:
 * the organisation's fallback role (if one is set) and its admins, and
 * readies rt->in again. A failed read is an error: routing as if no
 * fallback role were set would hand the Vorgang to the admins instead
 * of the fallback role's holders. */
enum hd_status store_routing_load_fallback(
    struct db_conn *c, const struct pctx *p, struct store_routing *rt);

/*
 * An assignment by hand: the employees ids[0..n) of org_id into rt
 * (zeroed) and, as if routing had chosen them, into res (zeroed; free
 * with route_result_cleanup), each with the reason "<name>: manuell
 * zugewiesen von <actor>". HD_EINVAL when one is no active employee of
 * org_id, or n is 0.
 */
enum hd_status store_routing_manual(struct db_conn *c, int64_t org_id,
    const int64_t *ids, size_t n, const char *actor, struct store_routing *rt,
    struct route_result *res);

/*
 * Stores the round-robin turns res->turns of the roles at p's property,
 * each only if it is still the one rt loaded (compare and set, in the
 * caller's write job). *taken is false when another create took one
 * first: then nothing more is stored, and the caller routes again.
 */
enum hd_status store_routing_turns_take(struct db_conn *c, const struct pctx *p,
    const struct store_routing *rt, const struct route_result *res,
    bool *taken);

/* The e-mail address of employee_id in rt ("" when none is known). */
const char *store_routing_email(
    const struct store_routing *rt, int64_t employee_id);

void store_routing_cleanup(struct store_routing *rt);

#endif
