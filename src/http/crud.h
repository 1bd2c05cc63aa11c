/* SPDX-License-Identifier: MIT */
#ifndef HD_CRUD_H
#define HD_CRUD_H

/*
 * The shapes most handlers share (parse, one app_* call, answer): the
 * viewer of a request, reading one object back, a page of a list, and
 * the check that a Vorgang is visible before anything of it is shown.
 */
#include "core/visibility.h"
#include "http/http.h"

/* A store read of object id of org into *out (caller owns). */
typedef enum hd_status (*hd_get_fn)(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* A store read of a page of the objects of org (id > cursor). */
typedef enum hd_status (*hd_page_fn)(struct db_conn *c, int64_t org_id,
    int64_t cursor, int limit, int64_t *next, json_t **items);

/* Who asks, for the visibility rule: contact, employee or admin. */
struct viewer hd_viewer(const struct hd_req *r);

/* Answers object id as get reads it: status with it, 404 "no such
 * <what>" or the failure (hd_resp_read). After a write, status is 201
 * (created) or 200 (changed). */
void hd_crud_get(struct hd_req *r, struct hd_resp *w, hd_get_fn get, int64_t id,
    unsigned status, const char *what);

/* GET of a list: reads ?limit= and ?cursor=, answers the page of what
 * list reads (hd_resp_page). */
void hd_crud_list(
    struct hd_req *r, struct hd_resp *w, hd_page_fn list, const char *what);

/* Whether Vorgang r->id[0] is visible to v; answers 404 (or the failure
 * to find out, with status as the code it would have had) when not. */
bool hd_process_shown(struct hd_req *r, struct hd_resp *w,
    const struct viewer *v, unsigned status);

#endif
