/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_ADMIN_H
#define HD_APP_ADMIN_H

/*
 * Changes to an organisation's own data — properties with their units,
 * staff and residents, roles, process types, contacts, employees,
 * settings, API tokens — and sending failed mail again. Each is one write
 * job (durable when it returns HD_OK, rolled back otherwise) around the
 * store function named; its results and errors are that function's
 * (store/). HD_EIO when no write job can be had.
 */
#include "core/assign.h"
#include "store/contact.h"
#include "store/property.h"
#include "util/rand.h"
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* store_property_insert, store_property_update */
enum hd_status app_property_add(
    int64_t org_id, const struct store_property_in *in, int64_t *id);
enum hd_status app_property_change(int64_t org_id, int64_t id,
    const struct store_property_in *in, bool set_external_id);
/* store_unit_insert */
enum hd_status app_unit_add(int64_t org_id, int64_t property_id,
    const char *label, const char *kind, int64_t *id);
/* store_staff_insert, store_staff_delete */
enum hd_status app_staff_add(int64_t org_id, int64_t property_id,
    int64_t employee_id, int64_t role_id, int64_t *id, const char **field);
enum hd_status app_staff_remove(
    int64_t org_id, int64_t property_id, int64_t id);
/* store_resident_insert */
enum hd_status app_resident_add(int64_t org_id, int64_t property_id,
    int64_t contact_id, int64_t unit_id, const char *relation, int64_t *id,
    const char **field);

/* store_role_insert (then store_role_update for assign, unless NULL),
 * store_role_update, store_role_delete */
enum hd_status app_role_add(int64_t org_id, const char *name,
    const char *description, const enum assign_mode *assign, int64_t *id);
enum hd_status app_role_change(int64_t org_id, int64_t id, const char *name,
    const char *description, const enum assign_mode *assign);
enum hd_status app_role_remove(int64_t org_id, int64_t id);

/* store_ptype_insert, store_ptype_update; and the response time in
 * hours (NULL: unchanged, 0: none; store_ptype_set_response_hours). */
enum hd_status app_ptype_add(int64_t org_id, const char *name,
    const char *description, bool portal, const int64_t *role_ids, size_t n,
    const int64_t *response_hours, int64_t *id);
enum hd_status app_ptype_change(int64_t org_id, int64_t id, const char *name,
    const char *description, const bool *portal, const int64_t *role_ids,
    size_t n, const int64_t *response_hours);

/* store_contact_insert, store_contact_update */
enum hd_status app_contact_add(
    int64_t org_id, const struct store_contact_in *in, int64_t *id);
enum hd_status app_contact_change(
    int64_t org_id, int64_t id, const struct store_contact_in *in);

/* store_employee_update; deactivating an employee also ends their
 * sessions and revokes their API tokens for good (reactivating gives
 * back the login, not the old tokens). */
enum hd_status app_employee_change(int64_t org_id, int64_t id, const char *name,
    const bool *is_admin, const bool *active);

/* store_settings_set_fallback */
enum hd_status app_settings_set_fallback(int64_t org_id, int64_t role_id);

/* Creates an API token of user_id named name (expires_at Unix seconds,
 * 0: never; scope STORE_TOKEN_ALL or STORE_TOKEN_INBOUND, NULL: all):
 * *id, and in token the token itself — shown to its owner once, stored
 * only as its hash. */
enum hd_status app_apitoken_add(int64_t org_id, int64_t user_id,
    const char *name, int64_t expires_at, const char *scope,
    char token[HD_TOKEN_MAX], int64_t *id);
/* store_apitoken_delete: the credential cache hears of it through the
 * change feed, so the next request with the token is refused. */
enum hd_status app_apitoken_revoke(int64_t org_id, int64_t id);

/* store_outbox_resend, store_outbox_resend_all (due now). */
enum hd_status app_mail_resend(int64_t org_id, int64_t id);
enum hd_status app_mail_resend_all(int64_t org_id, int64_t *n);

#endif
