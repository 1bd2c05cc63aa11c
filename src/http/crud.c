/* SPDX-License-Identifier: MIT */
#include "http/crud.h"

#include "store/process.h"

struct viewer
hd_viewer(const struct hd_req *r)
{
	struct viewer v = {r->auth.org_id, r->auth.user_id, VIEW_EMPLOYEE};

	if (r->auth.kind == HD_CONTACT)
		v.kind = VIEW_CONTACT;
	else if (r->auth.is_admin)
		v.kind = VIEW_ADMIN;
	return v;
}

void
hd_crud_get(struct hd_req *r, struct hd_resp *w, hd_get_fn get, int64_t id,
    unsigned status, const char *what)
{
	json_t *j = NULL;
	enum hd_status st = get(r->rd, r->auth.org_id, id, &j);

	hd_resp_read(w, status, st, j, what);
}

void
hd_crud_list(
    struct hd_req *r, struct hd_resp *w, hd_page_fn list, const char *what)
{
	int64_t cursor, next = 0;
	json_t *items = NULL;
	enum hd_status st;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor))
		return;
	st = list(r->rd, r->auth.org_id, cursor, limit, &next, &items);
	hd_resp_page(w, st, items, next, what);
}

bool
hd_process_shown(struct hd_req *r, struct hd_resp *w, const struct viewer *v,
    unsigned status)
{
	enum hd_status st = store_process_visible(r->rd, v, r->id[0]);

	if (st == HD_OK)
		return true;
	hd_resp_read(w, status, st, NULL, "Vorgang");
	return false;
}
