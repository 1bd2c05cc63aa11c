/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_USER_H
#define HD_STORE_USER_H

#include "db/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A login: an employee or a contact. */
struct store_user {
	int64_t id;
	int64_t org_id;
	bool is_employee;
	bool is_admin;
	bool active;
	bool has_password;
	char name[256];
	char email[256];
	char password_hash[160];
	char locale[8]; /* "de" or "en": the language of their mails */
};

/* The columns store_user_row reads, from a users table aliased p ("u."
 * or ""): select them first, add further columns after them. */
#define STORE_USER_COLS(p)                                                     \
	p "id, " p "org_id, CASE WHEN " p "kind = 'employee' THEN 1 ELSE 0 "   \
	  "END, " p "is_admin, " p "active, CASE WHEN " p "password_hash IS "  \
	  "NOT NULL THEN 1 ELSE 0 END, " p "name, coalesce(" p "email, ''), "  \
	  "coalesce(" p "password_hash, ''), " p "locale "
#define STORE_USER_NCOLS 10

/* Sets user id's locale ("de" or "en"; HD_EINVAL otherwise). */
enum hd_status store_user_set_locale(
    struct db_conn *c, int64_t id, const char *locale);

/* Fills u from the current row of st (columns STORE_USER_COLS). */
void store_user_row(struct db_stmt *st, struct store_user *u);

/* Loads user id (any organisation). HD_ENOTFOUND when unknown. */
enum hd_status store_user_get(
    struct db_conn *c, int64_t id, struct store_user *out);
/* Loads the first account (lowest id, any organisation) with this e-mail
 * (case-insensitive); for tools and tests — logins go by
 * store_user_by_address. */
enum hd_status store_user_by_email(
    struct db_conn *c, const char *email, struct store_user *out);

/* An address has at most one account per organisation; this many are
 * looked at for one login or reset. */
#define STORE_USER_ADDRESS_MAX 8
/*
 * The accounts with this e-mail (case-insensitive), lowest id first: of
 * organisation org_id only, unless it is 0; only those with a password
 * when with_password. At most max into out, their number in *n. HD_OK
 * (also for none) or HD_EIO.
 */
enum hd_status store_user_by_address(struct db_conn *c, const char *email,
    int64_t org_id, bool with_password, struct store_user *out, size_t max,
    size_t *n);
/* Sets the Argon2id hash of user id. */
enum hd_status store_user_set_password(
    struct db_conn *c, int64_t id, const char *hash);

/* Inserts an employee; HD_ECONFLICT when the e-mail is taken. */
enum hd_status store_employee_insert(struct db_conn *c, int64_t org_id,
    const char *name, const char *email, bool is_admin, int64_t *id);
/* The API object of employee id in org into *out (caller owns).
 * HD_ENOTFOUND when org has no such employee. */
enum hd_status store_employee_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* A page of employees of org (id > cursor), as API objects, into *items
 * (caller owns). *next is the cursor for the following page or 0. */
enum hd_status store_employee_list(struct db_conn *c, int64_t org_id,
    int64_t cursor, int limit, int64_t *next, json_t **items);
/* The employees of org (id > cursor) whose folded name or e-mail holds
 * every word of q folded (core/fold.h: "mueller" finds "Müller"; NULL or
 * "": all), only the active (active 1) or deactivated ones (0; -1:
 * either), up to limit, as
 * store_employee_list. The organisation's employees are folded one by
 * one (hundreds, not millions: no index). HD_EINVAL for a q too long. */
enum hd_status store_employee_search(struct db_conn *c, int64_t org_id,
    const char *q, int active, int64_t cursor, int limit, int64_t *next,
    json_t **items);
/* Updates the given fields (NULL / no-flag: unchanged). HD_ENOTFOUND
 * when org has no such employee. */
enum hd_status store_employee_update(struct db_conn *c, int64_t org_id,
    int64_t id, const char *name, const bool *is_admin, const bool *active);

/* Name of org id into buf. HD_ENOTFOUND when there is none. */
enum hd_status store_org_name(
    struct db_conn *c, int64_t org_id, char *buf, size_t n);

#endif
