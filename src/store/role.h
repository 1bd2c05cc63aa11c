/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_ROLE_H
#define HD_STORE_ROLE_H

#include "core/assign.h"
#include "db/db.h"

#include <jansson.h>
#include <stdint.h>

/* Mitarbeiterrollen of an organisation. */

/* Inserts role name with description (NULL: empty) into org; *id gets
 * its id. HD_ECONFLICT when org already has a role of that name. */
enum hd_status store_role_insert(struct db_conn *c, int64_t org_id,
    const char *name, const char *description, int64_t *id);
/* HD_OK when id is a role of org, HD_ENOTFOUND otherwise (also for a
 * role of another organisation). */
enum hd_status store_role_check(struct db_conn *c, int64_t org_id, int64_t id);
/* The API object {id, name, description, assign, in_use} of role id in org into
 * *out (caller owns); HD_ENOTFOUND when there is no such role. */
enum hd_status store_role_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* A page of the roles of org with id > cursor, by id, as API objects
 * into *items (caller owns). *next is the cursor of the following page
 * or 0. */
enum hd_status store_role_list(struct db_conn *c, int64_t org_id,
    int64_t cursor, int limit, int64_t *next, json_t **items);
/* Changes name, description and/or how the role picks its holders
 * (NULL: unchanged, "" clears the description). HD_ENOTFOUND for no such role
 * in org, HD_ECONFLICT for a name another role of org has. */
enum hd_status store_role_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const char *description, const enum assign_mode *assign);
/* Deletes role id of org. HD_ENOTFOUND when there is none, HD_ECONFLICT
 * while it is in use: by a staff assignment, a process type, an assignee
 * of a Vorgang, or as the organisation's fallback role. */
enum hd_status store_role_delete(struct db_conn *c, int64_t org_id, int64_t id);

#endif
