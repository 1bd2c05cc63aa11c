/* SPDX-License-Identifier: MIT */
/* Loading what routing a Vorgang needs (routing.h). */
#include "store/routing.h"

#include "core/event.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
store_routing_cleanup(struct store_routing *rt)
{
	free(rt->role_ids);
	free(rt->role_names);
	free(rt->role_name_ptrs);
	free(rt->rows);
	free(rt->staff);
	free(rt->admins);
	memset(rt, 0, sizeof(*rt));
}

/* Appends role id (named name) to the type's roles in rt. */
static enum hd_status
add_type_role(struct store_routing *rt, int64_t id, const char *name)
{
	size_t i, cap;
	void *p;

	if (rt->n_roles == rt->cap_roles) {
		cap = rt->cap_roles ? rt->cap_roles * 2 : 8;
		if ((p = realloc(rt->role_ids, cap * sizeof(*rt->role_ids))) ==
		    NULL)
			return HD_ENOMEM;
		rt->role_ids = p;
		if ((p = realloc(rt->role_names,
			 cap * sizeof(*rt->role_names))) == NULL)
			return HD_ENOMEM;
		rt->role_names = p;
		if ((p = realloc(rt->role_name_ptrs,
			 cap * sizeof(*rt->role_name_ptrs))) == NULL)
			return HD_ENOMEM;
		rt->role_name_ptrs = p;
		rt->cap_roles = cap;
		/* The names moved: point at them again. */
		for (i = 0; i < rt->n_roles; i++)
			rt->role_name_ptrs[i] = rt->role_names[i];
	}
	rt->role_ids[rt->n_roles] = id;
	hd_strlcpy(rt->role_names[rt->n_roles], name,
	    sizeof(rt->role_names[rt->n_roles]));
	rt->role_name_ptrs[rt->n_roles] = rt->role_names[rt->n_roles];
	rt->n_roles++;
	return HD_OK;
}

static enum hd_status
load_type_roles(struct db_conn *c, int64_t type_id, struct store_routing *rt)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;

	st = db_prepare(c,
	    "SELECT r.id, r.name FROM process_type_roles tr "
	    "JOIN roles r ON r.id = tr.role_id WHERE tr.type_id = ? "
	    "ORDER BY tr.position");
	db_bind(st, "i", type_id);
	while (s == HD_OK && db_step(st))
		s = add_type_role(rt, db_col_i64(st, 0), db_col_text(st, 1));
	e = db_end(st);
	return s != HD_OK ? s : e;
}

/* Room for one more row in rt->rows, of which n are used: *row, or
 * HD_ENOMEM. */
static enum hd_status
grow_rows(struct store_routing *rt, size_t n, size_t *cap,
    struct store_staff_row **row)
{
	struct store_staff_row *p;

	if (n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		if ((p = realloc(rt->rows, *cap * sizeof(*p))) == NULL)
			return HD_ENOMEM;
		rt->rows = p;
	}
	*row = &rt->rows[n];
	return HD_OK;
}

/* Appends the rows of st (employee_id, role_id, active, name, role name,
 * email) to rt->rows, and ends st. */
static enum hd_status
load_rows(struct db_stmt *st, struct store_routing *rt, size_t *count)
{
	size_t cap = rt->n_staff + rt->n_admins, n = cap;
	enum hd_status s = HD_OK, e;
	struct store_staff_row *p;

	while (s == HD_OK && db_step(st)) {
		if ((s = grow_rows(rt, n, &cap, &p)) != HD_OK)
			break;
		n++;
		p->employee_id = db_col_i64(st, 0);
		p->role_id = db_col_i64(st, 1);
		p->active = db_col_int(st, 2);
		hd_strlcpy(p->name, db_col_text(st, 3), sizeof(p->name));
		hd_strlcpy(
		    p->role_name, db_col_text(st, 4), sizeof(p->role_name));
		hd_strlcpy(p->email, db_col_text(st, 5), sizeof(p->email));
		p->lang = store_lang_of(db_col_text(st, 6));
		(*count)++;
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
}

static enum hd_status
load_staff(struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT s.employee_id, s.role_id, u.active, "
			   "u.name, r.name, u.email, u.locale FROM staff s "
			   "JOIN users u ON u.id = s.employee_id "
			   "JOIN roles r ON r.id = s.role_id "
			   "WHERE s.property_id = ? ORDER BY s.id");
	db_bind(st, "i", p->property_id);
	return load_rows(st, rt, &rt->n_staff);
}

static enum hd_status
load_admins(struct db_conn *c, int64_t org_id, struct store_routing *rt)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT id, 0, active, name, '', email, locale "
			   "FROM users "
			   "WHERE org_id = ? AND kind = 'employee' AND "
			   "is_admin = 1 ORDER BY id");
	db_bind(st, "i", org_id);
	return load_rows(st, rt, &rt->n_admins);
}

static enum hd_status
load_fallback(struct db_conn *c, int64_t org_id, struct store_routing *rt)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT r.id, r.name FROM orgs o "
			   "JOIN roles r ON r.id = o.fallback_role_id "
			   "WHERE o.id = ?");
	db_bind(st, "i", org_id);
	if ((s = db_row(st)) == HD_OK) {
		rt->fallback_role_id = db_col_i64(st, 0);
		hd_strlcpy(rt->fallback_role_name, db_col_text(st, 1),
		    sizeof(rt->fallback_role_name));
	}
	db_end(st);
	return s == HD_ENOTFOUND ? HD_OK : s;
}

/* Builds the route_input views over rt->rows. */
static enum hd_status
ready(const struct pctx *p, struct store_routing *rt)
{
	struct route_input *in = &rt->in;
	size_t i;

	free(rt->staff);
	free(rt->admins);
	rt->staff = calloc(rt->n_staff + 1, sizeof(*rt->staff));
	rt->admins = calloc(rt->n_admins + 1, sizeof(*rt->admins));
	if (rt->staff == NULL || rt->admins == NULL)
		return HD_ENOMEM;
	for (i = 0; i < rt->n_staff; i++) {
		const struct store_staff_row *s = &rt->rows[i];
		rt->staff[i] = (struct route_staff){s->employee_id, s->role_id,
		    s->active, s->name, s->role_name};
	}
	for (i = 0; i < rt->n_admins; i++) {
		const struct store_staff_row *s = &rt->rows[rt->n_staff + i];
		rt->admins[i] =
		    (struct route_admin){s->employee_id, s->active, s->name};
	}
	memset(in, 0, sizeof(*in));
	in->property_name = p->property_name;
	in->type_role_ids = rt->role_ids;
	in->type_role_names = rt->role_name_ptrs;
	in->n_type_roles = rt->n_roles;
	in->staff = rt->staff;
	in->n_staff = rt->n_staff;
	in->fallback_role_id = rt->fallback_role_id;
	in->fallback_role_name =
	    rt->fallback_role_id ? rt->fallback_role_name : NULL;
	in->admins = rt->admins;
	in->n_admins = rt->n_admins;
	return HD_OK;
}

enum hd_status
store_routing_load(
    struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	enum hd_status st;

	if ((st = load_type_roles(c, p->type_id, rt)) != HD_OK ||
	    (st = load_staff(c, p, rt)) != HD_OK)
		return st;
	return ready(p, rt);
}

enum hd_status
store_routing_load_fallback(
    struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	enum hd_status st;

	if ((st = load_fallback(c, p->org_id, rt)) != HD_OK ||
	    (st = load_admins(c, p->org_id, rt)) != HD_OK)
		return st;
	return ready(p, rt);
}

/* "Frau Huber: manuell zugewiesen von Frau Admin" (cut when too long). */
static void
manual_reason(char *buf, size_t n, const char *name, const char *actor)
{
	struct event ev;

	event_init(&ev, EVENT_MANUAL);
	ev.who = name;
	ev.actor = actor;
	if (event_de_render(&ev, buf, n) != HD_OK)
		buf[0] = '\0';
}

enum hd_status
store_routing_manual(struct db_conn *c, int64_t org_id, const int64_t *ids,
    size_t n, const char *actor, struct store_routing *rt,
    struct route_result *res)
{
	enum hd_status st = HD_OK;
	size_t i;

	if (n == 0)
		return HD_EINVAL;
	if ((res->items = calloc(n, sizeof(*res->items))) == NULL ||
	    (rt->rows = calloc(n, sizeof(*rt->rows))) == NULL)
		return HD_ENOMEM;
	for (i = 0; i < n && st == HD_OK; i++) {
		struct db_stmt *q = db_prepare(c,
		    "SELECT name, email, locale FROM users WHERE id = ? AND "
		    "org_id = ? "
		    "AND kind = 'employee' AND active = 1");
		struct route_assignee *a = &res->items[i];
		struct store_staff_row *row = &rt->rows[i];

		db_bind(q, "ii", ids[i], org_id);
		/* Only "no such employee" is the caller's mistake; a failed
		 * read is an error, not a 422. */
		if ((st = db_row(q)) == HD_OK) {
			row->employee_id = ids[i];
			row->active = true;
			hd_strlcpy(
			    row->name, db_col_text(q, 0), sizeof(row->name));
			hd_strlcpy(
			    row->email, db_col_text(q, 1), sizeof(row->email));
			row->lang = store_lang_of(db_col_text(q, 2));
			a->employee_id = ids[i];
			a->employee_name = row->name;
			manual_reason(
			    a->reason, sizeof(a->reason), row->name, actor);
			event_init(&a->ev, EVENT_MANUAL);
			a->ev.who = row->name;
			a->ev.actor = actor;
			rt->n_staff++;
			res->n++;
		} else if (st == HD_ENOTFOUND) {
			st = HD_EINVAL;
		}
		db_end(q);
	}
	return st;
}

const char *
store_routing_email(const struct store_routing *rt, int64_t employee_id)
{
	size_t i;

	for (i = 0; i < rt->n_staff + rt->n_admins; i++)
		if (rt->rows[i].employee_id == employee_id)
			return rt->rows[i].email;
	return "";
}

int
store_routing_lang(const struct store_routing *rt, int64_t employee_id)
{
	size_t i;

	for (i = 0; i < rt->n_staff + rt->n_admins; i++)
		if (rt->rows[i].employee_id == employee_id)
			return rt->rows[i].lang;
	return HD_LANG_DE;
}
