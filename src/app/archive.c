/* SPDX-License-Identifier: MIT */
#include "app/archive.h"

enum hd_status
app_archive_set(
    int64_t org_id, enum store_archivable what, int64_t id, bool archived)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_archive_set(c, org_id, what, id, archived));
}

enum hd_status
app_unit_change(int64_t org_id, int64_t property_id, int64_t id,
    const char *label, const char *kind)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_unit_update(c, org_id, property_id, id, label, kind));
}

enum hd_status
app_unit_remove(int64_t org_id, int64_t property_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_unit_delete(c, org_id, property_id, id));
}

enum hd_status
app_resident_change(int64_t org_id, int64_t property_id, int64_t id,
    const struct store_resident_change *in, const char **field)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_resident_update(c, org_id, property_id, id, in, field));
}

enum hd_status
app_resident_remove(int64_t org_id, int64_t property_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_resident_delete(c, org_id, property_id, id));
}
