/* SPDX-License-Identifier: MIT */
/* The intake addresses (inbound.h): one write job each. */
#include "app/inbound.h"
#include "store/inbound.h"

enum hd_status
app_mailbox_add(
    int64_t org_id, const char *address, int64_t type_id, int64_t *id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_mailbox_insert(c, org_id, address, type_id, id));
}

enum hd_status
app_mailbox_change(int64_t org_id, int64_t id, const char *address,
    bool set_type, int64_t type_id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_mailbox_update(c, org_id, id, address, set_type, type_id));
}

enum hd_status
app_mailbox_remove(int64_t org_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_mailbox_delete(c, org_id, id));
}
