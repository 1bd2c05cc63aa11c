/* SPDX-License-Identifier: MIT */
/* Handing over a deactivated employee's open Vorgänge (handover.h). */
#include "app/handover.h"

#include "app/process.h"
#include "store/handover.h"
#include "store/process.h"

#include <stdlib.h>

/* The most assignees a Vorgang keeps when one is replaced. */
#define HANDOVER_ASSIGNEES_MAX 64

/* Replaces `from` by `to` among Vorgang id's assignees. */
static enum hd_status
give(struct db_conn *c, const struct viewer *v, int64_t id, int64_t from,
    int64_t to, const char *note)
{
	int64_t keep[HANDOVER_ASSIGNEES_MAX], *now = NULL;
	size_t n_now = 0, k = 0, i;
	const char *field = NULL;
	enum hd_status st;

	if ((st = store_process_assignee_ids(c, id, &now, &n_now)) != HD_OK)
		return st;
	keep[k++] = to;
	for (i = 0; i < n_now && k < HANDOVER_ASSIGNEES_MAX; i++)
		if (now[i] != from && now[i] != to)
			keep[k++] = now[i];
	free(now);
	return app_process_reassign_in(c, v, id, NULL, keep, k, note, &field);
}

enum hd_status
app_employee_handover(const struct viewer *v, int64_t from, int64_t to,
    const char *note, size_t *moved, bool *more)
{
	int64_t *ids = NULL, comment;
	size_t n = 0, i;
	bool rest = false;
	struct db_conn *c;
	enum hd_status st;
	bool active = true;

	*moved = 0;
	*more = false;
	if (note != NULL && *note == '\0')
		note = NULL;
	if (to == from)
		return HD_EINVAL;
	if ((ids = calloc(APP_HANDOVER_MAX + 1, sizeof(*ids))) == NULL)
		return HD_ENOMEM;
	if ((c = db_writer_acquire()) == NULL) {
		free(ids);
		return HD_EIO;
	}
	st = store_employee_active(c, v->org_id, from, &active);
	if (st == HD_OK && active)
		st = HD_ECONFLICT;
	if (st == HD_OK && to != 0) {
		st = store_employee_active(c, v->org_id, to, &active);
		if (st == HD_ENOTFOUND || (st == HD_OK && !active))
			st = HD_EINVAL;
	}
	if (st == HD_OK)
		st = store_handover_open(
		    c, v->org_id, from, ids, APP_HANDOVER_MAX + 1, &n);
	if (n > APP_HANDOVER_MAX) {
		rest = true;
		n = APP_HANDOVER_MAX;
	}
	for (i = 0; i < n && st == HD_OK; i++) {
		if (to != 0) {
			st = give(c, v, ids[i], from, to, note);
			continue;
		}
		st = app_process_reroute_in(c, v, ids[i]);
		if (st == HD_OK && note != NULL)
			st = app_comment_add_in(
			    c, v, ids[i], note, true, &comment);
	}
	st = db_writer_release(c, st);
	free(ids);
	if (st != HD_OK)
		return st;
	*moved = n;
	*more = rest;
	return HD_OK;
}
