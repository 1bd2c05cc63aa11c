/* SPDX-License-Identifier: MIT */
#ifndef HD_AUTH_H
#define HD_AUTH_H

#include "http/http.h"
#include "store/user.h"

/*
 * Identifies the caller from "Authorization: Bearer <token>" or the
 * hd_session cookie and fills r->auth (kind HD_ANON when neither is
 * present or valid). csrf (size >= HD_TOKEN_MAX) receives the session's
 * CSRF token, "" for bearer tokens.
 */
void hd_auth_resolve(struct hd_req *r, char *csrf);

/* Checks the route's access level and, for cookie sessions on state
 * changes, the X-CSRF-Token header. HD_OK or the error to answer. */
enum hd_status hd_auth_check(
    struct hd_req *r, enum hd_access access, const char *csrf);

/* Fills auth from a loaded user. */
void hd_auth_from_user(struct hd_auth *a, const struct store_user *u);

#endif
