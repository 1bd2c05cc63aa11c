/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_ARCHIVE_H
#define HD_STORE_ARCHIVE_H

/*
 * Ending things (issue 13, item 4): archiving Vorgangstypen, properties
 * and contacts (hidden from choosers and lists unless asked for, refused
 * for new Vorgänge, kept on existing ones and in the history); editing
 * and removing units and residents, and a resident's move-out date.
 */
#include "db/db.h"

#include <stdbool.h>
#include <stdint.h>

enum store_archivable {
	STORE_ARCHIVE_PTYPE,
	STORE_ARCHIVE_PROPERTY,
	STORE_ARCHIVE_CONTACT,
};

/* Archives (or restores) the type, property or contact id of org.
 * HD_ENOTFOUND when there is none. */
enum hd_status store_archive_set(struct db_conn *c, int64_t org_id,
    enum store_archivable what, int64_t id, bool archived);

/* Today as a day number (core/day.h) in the organisation's zone. */
int32_t store_today(void);

/* Changes unit id of property_id: label (NULL: unchanged), kind (NULL:
 * unchanged). HD_ENOTFOUND, HD_ECONFLICT (label taken). */
enum hd_status store_unit_update(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t id, const char *label, const char *kind);
/* Removes unit id of property_id. HD_ENOTFOUND; HD_ECONFLICT while a
 * Vorgang or a resident names it (change or remove them first). */
enum hd_status store_unit_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id);

/* A change of a resident row; what is not "set" stays. */
struct store_resident_change {
	const char *relation; /* NULL: unchanged */
	bool set_unit;
	int64_t unit_id; /* 0: the property as a whole */
	bool set_moved_out;
	int32_t moved_out_on; /* day number; with has_moved_out false: none */
	bool has_moved_out;
};
/* Changes resident row id of property_id. HD_ENOTFOUND; HD_EINVAL with
 * *field "unit_id" for a unit not of the property; HD_ECONFLICT when the
 * same contact, unit and relation exist in another row. */
enum hd_status store_resident_update(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t id, const struct store_resident_change *in,
    const char **field);
/* Removes resident row id of property_id (the contact keeps their
 * Vorgänge). HD_ENOTFOUND. */
enum hd_status store_resident_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id);

#endif
