/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_TOKEN_H
#define HD_STORE_TOKEN_H

#include "db/db.h"
#include "store/user.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define HD_SESSION_TTL (14 * 24 * 3600)
#define HD_INVITE_TTL (72 * 3600)
#define HD_RESET_TTL (3600)

/* Creates a session for user_id; token_hash is the hex SHA-256. */
enum hd_status store_session_create(struct db_conn *c, int64_t user_id,
    const char *token_hash, const char *csrf, int64_t expires_at);
/* Finds a live session by token hash; fills the user (must be active),
 * its id, CSRF token (size >= HD_TOKEN_MAX) and, unless expires_at is
 * NULL, its expiry (Unix seconds). HD_EUNAUTH when there is none (or its
 * user is inactive); a database error otherwise. */
enum hd_status store_session_lookup(struct db_conn *c, const char *token_hash,
    int64_t now, struct store_user *user, int64_t *session_id, char *csrf,
    int64_t *expires_at);
enum hd_status store_session_delete(struct db_conn *c, int64_t session_id);
/* Ends every session of user_id (deactivation, password change). */
enum hd_status store_session_delete_user(struct db_conn *c, int64_t user_id);

/* The scopes of an API token (migration 020): acting as its user, or
 * only posting inbound mail (an intake token). */
#define STORE_TOKEN_ALL "all"
#define STORE_TOKEN_INBOUND "inbound-mail"

/* Creates an API token of user_id; expires_at in Unix seconds, 0 for
 * none; scope one of the above (NULL: STORE_TOKEN_ALL). */
enum hd_status store_apitoken_create(struct db_conn *c, int64_t org_id,
    int64_t user_id, const char *name, const char *token_hash,
    int64_t expires_at, const char *scope, int64_t *id);
/*
 * Finds the API token by hash, unexpired at now, and its user (must be
 * active); unless NULL, *id is the token's id and *expires_at its expiry
 * (INT64_MAX for none), and *intake whether it is an intake token
 * (STORE_TOKEN_INBOUND). HD_EUNAUTH when there is none (or its user is
 * inactive); a database error otherwise.
 */
enum hd_status store_apitoken_lookup(struct db_conn *c, const char *token_hash,
    int64_t now, struct store_user *user, int64_t *id, int64_t *expires_at,
    bool *intake);
/*
 * A page of org's API tokens (id > cursor) as API objects {id, name,
 * user: {id, name}, created_at, expires_at, last_used_at, scope} into *items
 * (caller owns); *next is the cursor of the following page or 0.
 */
enum hd_status store_apitoken_list(struct db_conn *c, int64_t org_id,
    int64_t cursor, int limit, int64_t *next, json_t **items);
/* The API object of token id of org into *out (caller owns);
 * HD_ENOTFOUND when org has none. */
enum hd_status store_apitoken_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* Revokes (deletes) token id of org. HD_ENOTFOUND when org has none. */
enum hd_status store_apitoken_delete(
    struct db_conn *c, int64_t org_id, int64_t id);
/* Revokes every API token of user_id (deactivation). */
enum hd_status store_apitoken_delete_user(struct db_conn *c, int64_t user_id);
/* Notes that token id was last used at t (Unix seconds); a token deleted
 * meanwhile is skipped. Not in api_tokens: see migration 008. */
enum hd_status store_apitoken_touch(struct db_conn *c, int64_t id, int64_t t);

/*
 * Invitation and reset tokens (purpose "invite" or "reset"). Creating one
 * voids the user's earlier unused tokens of that purpose.
 */
enum hd_status store_usertoken_create(struct db_conn *c, int64_t user_id,
    const char *purpose, const char *token_hash, int64_t expires_at);
/* Marks the token used and returns its user. HD_EBADTOKEN when unknown,
 * HD_EGONE when used or expired. */
enum hd_status store_usertoken_consume(struct db_conn *c, const char *purpose,
    const char *token_hash, int64_t now, int64_t *user_id);

#endif
