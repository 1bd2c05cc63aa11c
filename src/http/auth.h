/* SPDX-License-Identifier: MIT */
#ifndef HD_AUTH_H
#define HD_AUTH_H

#include "http/http.h"

/*
 * Identifies the caller from "Authorization: Bearer <token>" or the
 * hd_session cookie and fills r->auth (kind HD_ANON when neither is
 * present or valid), with the session's CSRF token ("" for bearer
 * tokens) in r->auth.csrf, through app_auth_resolve (app/auth.h), whose
 * cache answers a credential resolved recently without a query. Call it before
 * anything reads on r->rd, so that the lookup's snapshot is newer than the auth
 * epoch it is cached with. HD_OK, also for an unknown or invalid
 * credential (HD_ANON); the database's error when the lookup failed:
 * answer that, not 401.
 */
enum hd_status hd_auth_resolve(struct hd_req *r);

/* Checks the route's access level and, for cookie sessions on state
 * changes, the X-CSRF-Token header. HD_OK or the error to answer. */
enum hd_status hd_auth_check(struct hd_req *r, enum hd_access access);

#endif
