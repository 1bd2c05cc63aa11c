/* SPDX-License-Identifier: MIT */
/* The use cases of the work queue (queue.h). */
#include "app/queue.h"

#include "app/process.h"
#include "store/process.h"

enum hd_status
app_process_seen(const struct viewer *v, int64_t id)
{
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_process_visible(c, v, id);
	if (st == HD_OK)
		st = store_process_seen(c, v, id);
	return db_writer_release(c, st);
}

enum hd_status
app_process_bulk(const struct viewer *v, const int64_t *ids, size_t n,
    const struct app_bulk *b, struct app_bulk_result *out, const char **field)
{
	struct db_conn *c;
	enum hd_status st = HD_OK, one;
	int64_t comment;

	*field = NULL;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	for (size_t i = 0; i < n && st == HD_OK; i++) {
		out[i].id = ids[i];
		one = store_process_visible(c, v, ids[i]);
		if (one == HD_OK && b->note != NULL)
			one = app_comment_add_in(
			    c, v, ids[i], b->note, true, &comment);
		if (one == HD_OK)
			one = app_process_reassign_in(c, v, ids[i], b->to,
			    b->assignee_ids, b->n_assignees, b->note, field);
		out[i].st = one;
		if (one != HD_ENOTFOUND)
			st = one;
	}
	return db_writer_release(c, st);
}
