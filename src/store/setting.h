/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_SETTING_H
#define HD_STORE_SETTING_H

#include "db/db.h"

#include <jansson.h>
#include <stdint.h>

/* The organisation's settings as an API object {fallback_role_id} into
 * *out (caller owns); HD_ENOTFOUND when there is no such organisation. */
enum hd_status store_settings_json(
    struct db_conn *c, int64_t org_id, json_t **out);
/* Sets the fallback role (0: none). HD_EINVAL for a role of another
 * organisation or an unknown one. */
enum hd_status store_settings_set_fallback(
    struct db_conn *c, int64_t org_id, int64_t role_id);

/*
 * Creates organisation name with its first admin, or, when it exists,
 * leaves it as it is. *created tells which. The admin's address may have
 * accounts in other organisations: a login is unique per organisation.
 */
enum hd_status store_org_ensure(struct db_conn *c, const char *name,
    const char *admin_email, const char *admin_name, const char *password_hash,
    int64_t *org_id, bool *created);

/* The id of organisation name into *org_id; HD_ENOTFOUND when there is
 * none. */
enum hd_status store_org_find(
    struct db_conn *c, const char *name, int64_t *org_id);

#endif
