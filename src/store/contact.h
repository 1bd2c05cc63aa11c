/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_CONTACT_H
#define HD_STORE_CONTACT_H

#include "db/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Contacts (tenants, owners): rows of users with kind 'contact'. An
 * e-mail address names one login across all organisations.
 */

/* The fields of a contact. name NULL: unchanged (update only); email and
 * phone NULL: none, or unchanged on update unless set_email / set_phone
 * say to replace them (NULL then removes). */
struct store_contact_in {
	const char *name;
	const char *email;
	const char *phone;
	bool set_email;
	bool set_phone;
};

/* Inserts a contact of org; *id gets its id. HD_ECONFLICT when the
 * e-mail address is in use by any user (in any letter case). */
enum hd_status store_contact_insert(struct db_conn *c, int64_t org_id,
    const struct store_contact_in *in, int64_t *id);
/*
 * Changes contact id of org. A changed e-mail address voids unused
 * invitation and reset tokens and ends the contact's sessions, so links
 * and logins sent to the old address stop working. HD_ENOTFOUND,
 * HD_ECONFLICT (e-mail in use).
 */
enum hd_status store_contact_update(struct db_conn *c, int64_t org_id,
    int64_t id, const struct store_contact_in *in);
/* HD_OK when id is a contact of org, HD_ENOTFOUND otherwise. */
enum hd_status store_contact_check(
    struct db_conn *c, int64_t org_id, int64_t id);
/* The API object {id, name, email, phone, status} of contact id, with
 * "residences" when asked, into *out (caller owns); HD_ENOTFOUND when
 * it is no contact of org. */
enum hd_status store_contact_json(struct db_conn *c, int64_t org_id, int64_t id,
    bool residences, json_t **out);
/* A page of the contacts of org (id > cursor, by id) matching q (NULL:
 * all) in name, e-mail or phone, in any letter case, into *items
 * (caller owns); archived ones only when asked for (archived). */
enum hd_status store_contact_list(struct db_conn *c, int64_t org_id,
    const char *q, bool archived, int64_t cursor, int limit, int64_t *next,
    json_t **items);

#endif
