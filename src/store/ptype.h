/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_PTYPE_H
#define HD_STORE_PTYPE_H

#include "db/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Process types (Vorgangstypen) with their responsible roles, in routing
 * order (process_type_roles.position = index in role_ids).
 */

/* Most roles one process type can have. */
#define STORE_PTYPE_MAX_ROLES 100

/*
 * Inserts a process type of org with roles role_ids[0..n) in this order
 * (distinct; the caller checks that). description NULL: none. HD_ECONFLICT
 * on a duplicate name in org, HD_EINVAL when a role id is not a role of
 * org.
 */
enum hd_status store_ptype_insert(struct db_conn *c, int64_t org_id,
    const char *name, const char *description, bool portal,
    const int64_t *role_ids, size_t n, int64_t *id);
/*
 * Changes process type id of org: name, description (NULL: unchanged),
 * portal (NULL: unchanged) and, when role_ids is not NULL, replaces its
 * roles by role_ids[0..n). HD_ENOTFOUND, HD_ECONFLICT (name),
 * HD_EINVAL (a role id not of org).
 */
enum hd_status store_ptype_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const char *description, const bool *portal,
    const int64_t *role_ids, size_t n);
/*
 * The API object {id, name, description, portal, role_ids, roles} of
 * process type id into *out (caller owns); HD_ENOTFOUND when there is
 * none in org. For a contact (for_contact) only portal types are found,
 * without role_ids and roles.
 */
enum hd_status store_ptype_json(struct db_conn *c, int64_t org_id, int64_t id,
    bool for_contact, json_t **out);
/* A page of the process types of org (id > cursor, by id), as
 * store_ptype_json answers them, into *items (caller owns); archived ones
 * only for staff asking for them (archived). */
enum hd_status store_ptype_list(struct db_conn *c, int64_t org_id,
    bool for_contact, bool archived, int64_t cursor, int limit, int64_t *next,
    json_t **items);

/* Sets type id's response time in hours (0: none), after which the
 * reminder job reminds (docs/routing.md). HD_ENOTFOUND when not in org. */
enum hd_status store_ptype_set_response_hours(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t hours);
/* The longest response time: a year. */
#define STORE_PTYPE_MAX_RESPONSE_HOURS 8760

#endif
