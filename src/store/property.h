/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_PROPERTY_H
#define HD_STORE_PROPERTY_H

#include "db/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Liegenschaften with their units (Einheiten), staff assignments
 * (Zuständigkeiten) and residents (tenants and owners).
 *
 * Where a function takes contact_id, 0 means "as staff: everything of
 * the organisation"; a contact id restricts to properties the contact is
 * a resident of, and to the contact's own units.
 */

/*
 * SQL for a LIKE pattern (with ESCAPE '\') matching lower-cased text that
 * contains the bound parameter param literally, in any letter case: %, _
 * and \ in it are escaped. Compare it with lower(column): LIKE is
 * case-sensitive on PostgreSQL, not on SQLite.
 */
#define STORE_LIKE_PATTERN(param)                                              \
	"lower('%' || replace(replace(replace(" param ", '\\', '\\\\'), "      \
	"'%', '\\%'), '_', '\\_') || '%')"

/* The fields of a property; NULL members are absent. */
struct store_property_in {
	const char *name;
	const char *street;
	const char *postal_code;
	const char *city;
	const char *external_id;
};

/* Inserts a property of org (all but external_id required); *id gets its
 * id. HD_ECONFLICT when external_id is taken in org. */
enum hd_status store_property_insert(struct db_conn *c, int64_t org_id,
    const struct store_property_in *in, int64_t *id);
/* Changes the non-NULL fields of property id; with set_external_id,
 * external_id is replaced (NULL removes it). HD_ENOTFOUND, HD_ECONFLICT
 * (external_id taken). */
enum hd_status store_property_update(struct db_conn *c, int64_t org_id,
    int64_t id, const struct store_property_in *in, bool set_external_id);
/* HD_OK when property id of org is visible to contact_id (0: staff),
 * HD_ENOTFOUND otherwise. */
enum hd_status store_property_check(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t contact_id);
/* The API object of property id with its "units" as seen by contact_id
 * into *out (caller owns); HD_ENOTFOUND when not visible. */
enum hd_status store_property_json(struct db_conn *c, int64_t org_id,
    int64_t id, int64_t contact_id, json_t **out);
/* A page of the properties visible to contact_id (id > cursor, by id)
 * matching q (NULL: all) in name, street, postal code, city or external
 * id, in any letter case; for a contact each has "units". Archived ones
 * only for staff asking for them (archived); a contact gets only the
 * properties they have not moved out of. Into *items (caller owns). */
enum hd_status store_property_list(struct db_conn *c, int64_t org_id,
    int64_t contact_id, const char *q, bool archived, int64_t cursor, int limit,
    int64_t *next, json_t **items);

/* Adds unit label of kind to property_id. HD_ENOTFOUND (property),
 * HD_ECONFLICT (label taken in the property). */
enum hd_status store_unit_insert(struct db_conn *c, int64_t org_id,
    int64_t property_id, const char *label, const char *kind, int64_t *id);
/* The API object of unit id into *out (caller owns); HD_ENOTFOUND. */
enum hd_status store_unit_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* A page of the units of property_id visible to contact_id into *items
 * (caller owns); limit < 0: all. Check the property first. */
enum hd_status store_unit_list(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t contact_id, int64_t cursor, int limit,
    int64_t *next, json_t **items);

/*
 * Gives employee_id role_id at property_id. HD_ENOTFOUND (property),
 * HD_EINVAL with *field "employee_id" or "role_id" when that is not an
 * employee / role of org, HD_ECONFLICT when the triple exists.
 */
enum hd_status store_staff_insert(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t employee_id, int64_t role_id, int64_t *id,
    const char **field);
/* The API object of staff assignment id into *out (caller owns);
 * HD_ENOTFOUND. */
enum hd_status store_staff_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* A page of the staff assignments of property_id into *items (caller
 * owns). */
enum hd_status store_staff_list(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t cursor, int limit, int64_t *next,
    json_t **items);
/* Removes staff assignment id of property_id. HD_ENOTFOUND. */
enum hd_status store_staff_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id);

/*
 * Makes contact_id a resident (relation "tenant" or "owner") of
 * property_id, of unit_id (0: the property as a whole). HD_ENOTFOUND
 * (property), HD_EINVAL with *field "contact_id" / "unit_id" for a
 * contact not of org or a unit not of the property, HD_ECONFLICT when
 * the same resident row exists.
 */
enum hd_status store_resident_insert(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t contact_id, int64_t unit_id,
    const char *relation, int64_t *id, const char **field);
/* The API object of resident row id into *out (caller owns);
 * HD_ENOTFOUND. */
enum hd_status store_resident_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* A page of the residents of property_id into *items (caller owns). */
enum hd_status store_resident_list(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t cursor, int limit, int64_t *next,
    json_t **items);
/* All resident rows of contact_id (the contact's residences), by id,
 * into *items (caller owns). */
enum hd_status store_residence_list(
    struct db_conn *c, int64_t org_id, int64_t contact_id, json_t **items);

#endif
