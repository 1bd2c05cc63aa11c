/* SPDX-License-Identifier: MIT */
/* Loading what routing a Vorgang needs (routing.h). */
#include "store/routing.h"

#include "core/event.h"
#include "store/absence.h"
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
	free(rt->abs);
	free(rt->prows);
	free(rt->people);
	free(rt->picks);
	free(rt->loads);
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

/* Notes how role id picks (mode, stored as core/assign.h's values) and
 * its turn, unless it picks `all` or is noted already. */
static enum hd_status
add_pick(struct store_routing *rt, int64_t id, int64_t mode, int64_t turn)
{
	size_t i;
	void *p;

	if (mode <= ASSIGN_ALL || mode > ASSIGN_LEAST_OPEN)
		return HD_OK;
	for (i = 0; i < rt->n_picks; i++)
		if (rt->picks[i].role_id == id)
			return HD_OK;
	if (rt->n_picks == rt->cap_picks) {
		rt->cap_picks = rt->cap_picks ? rt->cap_picks * 2 : 4;
		p = realloc(rt->picks, rt->cap_picks * sizeof(*rt->picks));
		if (p == NULL)
			return HD_ENOMEM;
		rt->picks = p;
	}
	rt->picks[rt->n_picks++] =
	    (struct route_pick){id, (enum assign_mode)mode, turn};
	return HD_OK;
}

/* The columns of a role's pick mode and its turn at property ?1. */
#define PICK_COLS                                                              \
	"r.assign, coalesce((SELECT t.turn FROM role_turns t "                 \
	"WHERE t.property_id = ?1 AND t.role_id = r.id), 0)"

static enum hd_status
load_type_roles(
    struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;

	st = db_prepare(c,
	    "SELECT r.id, r.name, " PICK_COLS " FROM process_type_roles tr "
	    "JOIN roles r ON r.id = tr.role_id WHERE tr.type_id = ?2 "
	    "ORDER BY tr.position");
	db_bind(st, "ii", p->property_id, p->type_id);
	while (s == HD_OK && db_step(st)) {
		s = add_type_role(rt, db_col_i64(st, 0), db_col_text(st, 1));
		if (s == HD_OK)
			s = add_pick(rt, db_col_i64(st, 0), db_col_i64(st, 2),
			    db_col_i64(st, 3));
	}
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
			   "u.name, r.name, u.email FROM staff s "
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

	st = db_prepare(c, "SELECT id, 0, active, name, '', email FROM users "
			   "WHERE org_id = ? AND kind = 'employee' AND "
			   "is_admin = 1 ORDER BY id");
	db_bind(st, "i", org_id);
	return load_rows(st, rt, &rt->n_admins);
}

static enum hd_status
load_fallback(struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT r.id, r.name, " PICK_COLS " FROM orgs o "
			   "JOIN roles r ON r.id = o.fallback_role_id "
			   "WHERE o.id = ?2");
	db_bind(st, "ii", p->property_id, p->org_id);
	if ((s = db_row(st)) == HD_OK) {
		rt->fallback_role_id = db_col_i64(st, 0);
		hd_strlcpy(rt->fallback_role_name, db_col_text(st, 1),
		    sizeof(rt->fallback_role_name));
		s = add_pick(rt, rt->fallback_role_id, db_col_i64(st, 2),
		    db_col_i64(st, 3));
	}
	db_end(st);
	return s == HD_ENOTFOUND ? HD_OK : s;
}

/* The entry of employee id in rt->people, or NULL. */
static struct route_person *
person_find(struct store_routing *rt, int64_t id)
{
	size_t i;

	for (i = 0; i < rt->n_people; i++)
		if (rt->people[i].employee_id == id)
			return &rt->people[i];
	return NULL;
}

/*
 * Adds employee id to rt->people with their standing on rt->day: active
 * and name from the database, absent, until and substitute from rt->abs.
 * Nothing when they are listed already, or are no employee (a deleted
 * substitute counts as none).
 */
static enum hd_status
add_person(
    struct db_conn *c, int64_t org_id, int64_t id, struct store_routing *rt)
{
	const struct absence *a;
	struct store_staff_row *row;
	struct route_person *pe;
	struct db_stmt *st;
	enum hd_status s;
	int32_t until = 0;
	void *p;

	if (person_find(rt, id) != NULL)
		return HD_OK;
	if (rt->n_people == rt->cap_people) {
		rt->cap_people = rt->cap_people ? rt->cap_people * 2 : 8;
		if ((p = realloc(rt->people,
			 rt->cap_people * sizeof(*rt->people))) == NULL)
			return HD_ENOMEM;
		rt->people = p;
		if ((p = realloc(rt->prows,
			 rt->cap_people * sizeof(*rt->prows))) == NULL)
			return HD_ENOMEM;
		rt->prows = p;
	}
	row = &rt->prows[rt->n_people];
	memset(row, 0, sizeof(*row));
	st = db_prepare(c, "SELECT active, name, email FROM users "
			   "WHERE id = ? AND org_id = ? AND kind = 'employee'");
	db_bind(st, "ii", id, org_id);
	if ((s = db_row(st)) == HD_OK) {
		row->employee_id = id;
		row->active = db_col_int(st, 0);
		hd_strlcpy(row->name, db_col_text(st, 1), sizeof(row->name));
		hd_strlcpy(row->email, db_col_text(st, 2), sizeof(row->email));
	}
	db_end(st);
	if (s != HD_OK)
		return s == HD_ENOTFOUND ? HD_OK : s;
	a = absence_list_find(rt->abs, rt->n_abs, id, rt->day, &until);
	pe = &rt->people[rt->n_people++];
	*pe = (struct route_person){
	    .employee_id = id,
	    .active = row->active,
	    .absent = a != NULL,
	    .absent_until = a != NULL ? until : 0,
	    .substitute_id = a != NULL ? a->substitute_id : 0,
	    .name = NULL, /* set in ready(): prows may still move */
	};
	return HD_OK;
}

/*
 * Everyone among the holders loaded (staff, and admins once loaded) who
 * is away on rt->day, and each substitute they name, into rt->people.
 */
static enum hd_status
load_people(struct db_conn *c, int64_t org_id, struct store_routing *rt)
{
	enum hd_status s = HD_OK;
	size_t i, n;

	if (rt->abs == NULL && (s = store_absence_load(c, org_id, rt->day,
				    &rt->abs, &rt->n_abs)) != HD_OK)
		return s;
	for (i = 0; i < rt->n_staff + rt->n_admins && s == HD_OK; i++)
		if (absence_list_find(rt->abs, rt->n_abs,
			rt->rows[i].employee_id, rt->day, NULL) != NULL)
			s = add_person(c, org_id, rt->rows[i].employee_id, rt);
	n = rt->n_people;
	for (i = 0; i < n && s == HD_OK; i++)
		if (rt->people[i].absent && rt->people[i].substitute_id != 0)
			s = add_person(
			    c, org_id, rt->people[i].substitute_id, rt);
	return s;
}

/* The open Vorgänge (open, in_progress, waiting) of every holder and
 * substitute, other than Vorgang p itself, when a role picks
 * `least_open`. */
static enum hd_status
load_loads(struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	size_t i, n = rt->n_staff + rt->n_admins + rt->n_people, k;
	enum hd_status s = HD_OK;
	bool want = false;
	int64_t id, count;

	for (i = 0; i < rt->n_picks; i++)
		want = want || rt->picks[i].mode == ASSIGN_LEAST_OPEN;
	free(rt->loads);
	rt->loads = NULL;
	rt->n_loads = 0;
	if (!want)
		return HD_OK;
	if ((rt->loads = calloc(n + 1, sizeof(*rt->loads))) == NULL)
		return HD_ENOMEM;
	for (i = 0; i < n && s == HD_OK; i++) {
		id = i < rt->n_staff + rt->n_admins
			 ? rt->rows[i].employee_id
			 : rt->people[i - rt->n_staff - rt->n_admins]
			       .employee_id;
		for (k = 0; k < rt->n_loads && rt->loads[k].employee_id != id;
		     k++)
			;
		if (k < rt->n_loads)
			continue;
		count = 0;
		s = db_scalar(c, &count,
		    "SELECT count(*) FROM process_assignees WHERE "
		    "employee_id = ? AND status IN ('open', 'in_progress', "
		    "'waiting') AND process_id <> ?",
		    "ii", id, p->id);
		rt->loads[rt->n_loads++] = (struct route_load){id, count};
	}
	return s;
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
	for (i = 0; i < rt->n_people; i++)
		rt->people[i].name = rt->prows[i].name;
	in->people = rt->people;
	in->n_people = rt->n_people;
	in->picks = rt->picks;
	in->n_picks = rt->n_picks;
	in->loads = rt->loads;
	in->n_loads = rt->n_loads;
	return HD_OK;
}

enum hd_status
store_routing_load(struct db_conn *c, const struct pctx *p, int32_t day,
    struct store_routing *rt)
{
	enum hd_status st;

	rt->day = day;
	if ((st = load_type_roles(c, p, rt)) != HD_OK ||
	    (st = load_staff(c, p, rt)) != HD_OK ||
	    (st = load_people(c, p->org_id, rt)) != HD_OK ||
	    (st = load_loads(c, p, rt)) != HD_OK)
		return st;
	return ready(p, rt);
}

enum hd_status
store_routing_load_fallback(
    struct db_conn *c, const struct pctx *p, struct store_routing *rt)
{
	enum hd_status st;

	if ((st = load_fallback(c, p, rt)) != HD_OK ||
	    (st = load_admins(c, p->org_id, rt)) != HD_OK ||
	    (st = load_people(c, p->org_id, rt)) != HD_OK ||
	    (st = load_loads(c, p, rt)) != HD_OK)
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
		    "SELECT name, email FROM users WHERE id = ? AND org_id = ? "
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
			a->employee_id = ids[i];
			a->employee_name = row->name;
			manual_reason(
			    a->reason, sizeof(a->reason), row->name, actor);
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
	for (i = 0; i < rt->n_people; i++)
		if (rt->prows[i].employee_id == employee_id)
			return rt->prows[i].email;
	return "";
}

/* The turn rt loaded for role_id (0: none stored). */
static int64_t
turn_loaded(const struct store_routing *rt, int64_t role_id)
{
	size_t i;

	for (i = 0; i < rt->n_picks; i++)
		if (rt->picks[i].role_id == role_id)
			return rt->picks[i].turn;
	return 0;
}

enum hd_status
store_routing_turns_take(struct db_conn *c, const struct pctx *p,
    const struct store_routing *rt, const struct route_result *res, bool *taken)
{
	enum hd_status s;
	size_t i;

	*taken = true;
	if (res->n_turns == 0)
		return HD_OK;
	/* All or none: a savepoint, so that a turn taken before one that
	 * was not does not stay taken while the caller routes again. */
	if ((s = db_begin(c)) != HD_OK)
		return s;
	for (i = 0; i < res->n_turns && s == HD_OK && *taken; i++)
		s = store_turn_take(c, p->property_id, res->turns[i].role_id,
		    turn_loaded(rt, res->turns[i].role_id), res->turns[i].turn,
		    taken);
	if (s == HD_OK && *taken)
		return db_commit(c);
	db_rollback(c);
	if (s != HD_OK)
		*taken = false;
	return s;
}
