/* SPDX-License-Identifier: MIT */
#include "store/archive.h"

#include "core/day.h"
#include "util/clock.h"

/* Seconds of a day, for a zone core does not know. */
#define ARCHIVE_DAY_SECONDS 86400

enum hd_status
store_archive_set(struct db_conn *c, int64_t org_id, enum store_archivable what,
    int64_t id, bool archived)
{
	static const char *const sql[] = {
	    [STORE_ARCHIVE_PTYPE] = "UPDATE process_types SET archived = ? "
				    "WHERE id = ? AND org_id = ?",
	    [STORE_ARCHIVE_PROPERTY] = "UPDATE properties SET archived = ? "
				       "WHERE id = ? AND org_id = ?",
	    [STORE_ARCHIVE_CONTACT] = "UPDATE users SET archived = ? WHERE "
				      "id = ? AND org_id = ? AND kind = "
				      "'contact'",
	};
	enum hd_status s;
	int64_t n = 0;

	s = db_update(c, &n, sql[what], "bii", (int)archived, id, org_id);
	return s == HD_OK && n == 0 ? HD_ENOTFOUND : s;
}

int32_t
store_today(void)
{
	int64_t now = hd_now();
	int32_t day = 0;

	if (day_local_get(NULL, now, &day) == HD_OK)
		return day;
	return (int32_t)(now / ARCHIVE_DAY_SECONDS);
}

enum hd_status
store_unit_update(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t id, const char *label, const char *kind)
{
	enum hd_status s;
	int64_t n = 0, found;

	if (label != NULL) {
		s = db_scalar(c, &found,
		    "SELECT id FROM units WHERE property_id = ? AND label = ? "
		    "AND id <> ?",
		    "iti", property_id, label, id);
		if (s != HD_ENOTFOUND)
			return s == HD_OK ? HD_ECONFLICT : s;
	}
	s = db_update(c, &n,
	    "UPDATE units SET label = coalesce(?1, label), "
	    "kind = coalesce(?2, kind) WHERE id = ?3 AND property_id = ?4 "
	    "AND org_id = ?5",
	    "ttiii", label, kind, id, property_id, org_id);
	return s == HD_OK && n == 0 ? HD_ENOTFOUND : s;
}

enum hd_status
store_unit_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id)
{
	enum hd_status s;
	int64_t n = 0, found;

	s = db_scalar(c, &found,
	    "SELECT id FROM units WHERE id = ? AND property_id = ? AND "
	    "org_id = ?",
	    "iii", id, property_id, org_id);
	if (s != HD_OK)
		return s;
	s = db_scalar(c, &found,
	    "SELECT 1 WHERE EXISTS (SELECT 1 FROM processes WHERE unit_id = "
	    "?1) OR EXISTS (SELECT 1 FROM residents WHERE unit_id = ?1)",
	    "i", id);
	if (s != HD_ENOTFOUND)
		return s == HD_OK ? HD_ECONFLICT : s;
	s = db_update(c, &n, "DELETE FROM units WHERE id = ?", "i", id);
	return s == HD_OK && n == 0 ? HD_ENOTFOUND : s;
}

enum hd_status
store_resident_update(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t id, const struct store_resident_change *in, const char **field)
{
	enum hd_status s;
	int64_t n = 0, found;

	*field = NULL;
	s = db_scalar(c, &found,
	    "SELECT id FROM residents WHERE id = ? AND property_id = ? AND "
	    "org_id = ?",
	    "iii", id, property_id, org_id);
	if (s != HD_OK)
		return s;
	if (in->set_unit && in->unit_id != 0) {
		s = db_scalar(c, &found,
		    "SELECT id FROM units WHERE id = ? AND property_id = ?",
		    "ii", in->unit_id, property_id);
		if (s == HD_ENOTFOUND)
			*field = "unit_id";
		if (s != HD_OK)
			return s == HD_ENOTFOUND ? HD_EINVAL : s;
	}
	s = db_update(c, &n,
	    "UPDATE residents SET relation = coalesce(?1, relation), "
	    "unit_id = CASE WHEN ?2 = 1 THEN ?3 ELSE unit_id END, "
	    "moved_out_on = CASE WHEN ?4 = 1 THEN ?5 ELSE moved_out_on END "
	    "WHERE id = ?6",
	    "tbIbIi", in->relation, (int)in->set_unit, in->unit_id,
	    (int)in->set_moved_out,
	    in->has_moved_out ? (int64_t)in->moved_out_on : (int64_t)0, id);
	if (s != HD_OK)
		return s;
	/* The same contact, unit and relation twice: refused. */
	s = db_scalar(c, &found,
	    "SELECT y.id FROM residents x JOIN residents y ON y.contact_id = "
	    "x.contact_id AND y.property_id = x.property_id AND y.unit_id IS "
	    "NOT DISTINCT FROM x.unit_id AND y.relation = x.relation AND "
	    "y.id <> x.id WHERE x.id = ?",
	    "i", id);
	if (s != HD_ENOTFOUND)
		return s == HD_OK ? HD_ECONFLICT : s;
	return n == 0 ? HD_ENOTFOUND : HD_OK;
}

enum hd_status
store_resident_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id)
{
	enum hd_status s;
	int64_t n = 0;

	s = db_update(c, &n,
	    "DELETE FROM residents WHERE id = ? AND property_id = ? AND "
	    "org_id = ?",
	    "iii", id, property_id, org_id);
	return s == HD_OK && n == 0 ? HD_ENOTFOUND : s;
}
