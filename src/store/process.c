/* SPDX-License-Identifier: MIT */
/* Writing Vorgänge: create, re-route, status and assignee changes. */
#include "store/process.h"

#include "core/route.h"
#include "mail/notify.h"
#include "store/pctx.h"
#include "util/clock.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

/* Everything routing needs about one property and type. */
struct staff_row {
	int64_t employee_id, role_id;
	bool active;
	char name[256], role_name[256], email[256];
};

/* The roles of the type, in order: as many as it has (the API allows
 * STORE_PTYPE_MAX_ROLES, but a type routes by all it holds, however many),
 * so arrays on the heap rather than a cap that would drop the rest. */
struct routing {
	int64_t *role_ids;
	char (*role_names)[256];
	const char **role_name_ptrs;
	size_t n_roles, cap_roles;
	struct staff_row *rows; /* staff at the property, then admins */
	size_t n_staff, n_admins;
	struct route_staff *staff;
	struct route_admin *admins;
	int64_t fallback_role_id;
	char fallback_role_name[256];
	struct route_result res;
};

static void
routing_cleanup(struct routing *rt)
{
	free(rt->role_ids);
	free(rt->role_names);
	free(rt->role_name_ptrs);
	free(rt->rows);
	free(rt->staff);
	free(rt->admins);
	route_result_cleanup(&rt->res);
}

/* Appends role id (named name) to the type's roles in rt. */
static enum hd_status
add_type_role(struct routing *rt, int64_t id, const char *name)
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
load_type_roles(struct db_conn *c, int64_t type_id, struct routing *rt)
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

/* Appends the rows of st (employee_id, role_id, active, name, role name,
 * email) to rt->rows, and ends st. */
static enum hd_status
load_rows(struct db_stmt *st, struct routing *rt, size_t *count)
{
	size_t cap = rt->n_staff + rt->n_admins, n = cap;
	enum hd_status s = HD_OK, e;
	struct staff_row *p;

	while (s == HD_OK && db_step(st)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(rt->rows, cap * sizeof(*p))) == NULL) {
				s = HD_ENOMEM;
				break;
			}
			rt->rows = p;
		}
		p = &rt->rows[n++];
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
load_staff(struct db_conn *c, const struct pctx *p, struct routing *rt)
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
load_admins(struct db_conn *c, int64_t org_id, struct routing *rt)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT id, 0, active, name, '', email FROM users "
			   "WHERE org_id = ? AND kind = 'employee' AND "
			   "is_admin = 1 ORDER BY id");
	db_bind(st, "i", org_id);
	return load_rows(st, rt, &rt->n_admins);
}

/* The organisation's fallback role, if one is set. A failed read is an
 * error: routing as if none were set would hand the Vorgang to the admins
 * instead of the fallback role's holders. */
static enum hd_status
load_fallback(struct db_conn *c, int64_t org_id, struct routing *rt)
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

/* Builds the route_input views over rt->rows and computes. */
static enum hd_status
compute(const struct pctx *p, struct routing *rt)
{
	struct route_input in = {0};
	size_t i;

	free(rt->staff);
	free(rt->admins);
	rt->staff = calloc(rt->n_staff + 1, sizeof(*rt->staff));
	rt->admins = calloc(rt->n_admins + 1, sizeof(*rt->admins));
	if (rt->staff == NULL || rt->admins == NULL)
		return HD_ENOMEM;
	for (i = 0; i < rt->n_staff; i++) {
		const struct staff_row *s = &rt->rows[i];
		rt->staff[i] = (struct route_staff){s->employee_id, s->role_id,
		    s->active, s->name, s->role_name};
	}
	for (i = 0; i < rt->n_admins; i++) {
		const struct staff_row *s = &rt->rows[rt->n_staff + i];
		rt->admins[i] =
		    (struct route_admin){s->employee_id, s->active, s->name};
	}
	in.property_name = p->property_name;
	in.type_role_ids = rt->role_ids;
	in.type_role_names = rt->role_name_ptrs;
	in.n_type_roles = rt->n_roles;
	in.staff = rt->staff;
	in.n_staff = rt->n_staff;
	in.fallback_role_id = rt->fallback_role_id;
	in.fallback_role_name =
	    rt->fallback_role_id ? rt->fallback_role_name : NULL;
	in.admins = rt->admins;
	in.n_admins = rt->n_admins;
	route_result_cleanup(&rt->res);
	return route_compute(&in, &rt->res);
}

/* Routes Vorgang p: type roles, staff at the property, fallback; the
 * admins are loaded only when nobody else can take it. */
static enum hd_status
route(struct db_conn *c, const struct pctx *p, struct routing *rt)
{
	enum hd_status st;

	memset(rt, 0, sizeof(*rt));
	if ((st = load_type_roles(c, p->type_id, rt)) != HD_OK ||
	    (st = load_staff(c, p, rt)) != HD_OK ||
	    (st = compute(p, rt)) != HD_OK)
		return st;
	if (!rt->res.unrouted)
		return HD_OK;
	if ((st = load_fallback(c, p->org_id, rt)) != HD_OK ||
	    (st = load_admins(c, p->org_id, rt)) != HD_OK)
		return st;
	return compute(p, rt);
}

static const char *
email_of(const struct routing *rt, int64_t employee_id)
{
	size_t i;

	for (i = 0; i < rt->n_staff + rt->n_admins; i++)
		if (rt->rows[i].employee_id == employee_id)
			return rt->rows[i].email;
	return "";
}

static enum hd_status
history(struct db_conn *c, int64_t process_id, const char *event,
    const char *text, int64_t actor_id)
{
	return db_exec(c,
	    "INSERT INTO history(process_id, id, at, event, text, actor_id) "
	    "VALUES (?1, " HISTORY_NEXT_ID ", ?5, ?2, ?3, ?4)",
	    "ittIi", process_id, event, text, actor_id, hd_now());
}

/* Mails one assignee about Vorgang p (kind "assigned" or "unrouted"). */
static enum hd_status
mail_assignee(struct db_conn *c, const struct pctx *p, const char *email,
    const char *name, const char *reason, const char *why)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	if (email[0] == '\0')
		return HD_OK;
	notify_process_link(p->id, false, link, sizeof(link));
	pctx_mail_view(p, link, &mv);
	st = why ? mail_tpl_unrouted(&t, &mv, name, why)
		 : mail_tpl_assigned(&t, &mv, name, reason);
	if (st != HD_OK)
		return st;
	return notify_queue(c, p->org_id, email, name,
	    why ? "unrouted" : "assigned", p->id, &t);
}

/*
 * Replaces the assignees of p (none when fresh: just created) with the
 * routing result, writes history (event) and mails each assignee not in
 * before[] (n_before entries).
 */
static enum hd_status
apply_routing(struct db_conn *c, const struct pctx *p, struct routing *rt,
    const char *event, bool fresh, const int64_t *before, size_t n_before,
    int64_t actor_id)
{
	const struct route_result *res = &rt->res;
	enum hd_status st;
	size_t i, k;

	/* A Vorgang just created has nobody to remove. */
	if (!fresh)
		st = db_exec(c,
		    "DELETE FROM process_assignees WHERE process_id = ?", "i",
		    p->id);
	else
		st = HD_OK;
	if (st == HD_OK)
		st = db_exec(c,
		    "UPDATE processes SET unrouted = ?, updated_at = ? "
		    "WHERE id = ?",
		    "bii", (int)res->unrouted, hd_now(), p->id);
	if (st == HD_OK && res->n == 0)
		st = history(c, p->id, "unrouted", res->why_unrouted, actor_id);
	for (i = 0; i < res->n && st == HD_OK; i++) {
		const struct route_assignee *a = &res->items[i];
		bool known = false;

		st = db_exec(c,
		    "INSERT INTO process_assignees(process_id, employee_id, "
		    "role_id, reason, status) VALUES (?1, ?2, ?3, ?4, "
		    "(SELECT status FROM processes WHERE id = ?1))",
		    "iiIt", p->id, a->employee_id, a->role_id, a->reason);
		if (st == HD_OK)
			st = history(c, p->id, event, a->reason, actor_id);
		for (k = 0; k < n_before; k++)
			known = known || before[k] == a->employee_id;
		if (st == HD_OK && !known)
			st = mail_assignee(c, p, email_of(rt, a->employee_id),
			    a->employee_name, a->reason,
			    res->unrouted ? res->why_unrouted : NULL);
	}
	return st;
}

static enum hd_status
mail_receipt(struct db_conn *c, const struct pctx *p)
{
	struct mail_vorgang mv;
	struct mail_text t = {0};
	char link[512];
	enum hd_status st;

	if (!p->reporter_is_contact || p->reporter_email[0] == '\0')
		return HD_OK;
	notify_process_link(p->id, true, link, sizeof(link));
	pctx_mail_view(p, link, &mv);
	if ((st = mail_tpl_receipt(&t, &mv, p->reporter_name)) != HD_OK)
		return st;
	return notify_queue(c, p->org_id, p->reporter_email, p->reporter_name,
	    "receipt", p->id, &t);
}

/* Checks the references of a new Vorgang; HD_EINVAL names the field. */
static enum hd_status
check_new(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, int64_t *reporter, const char **field)
{
	enum hd_status st;
	int64_t x;

	*field = "type_id";
	st = db_scalar(c, &x,
	    "SELECT portal FROM process_types WHERE id = ? AND org_id = ?",
	    "ii", in->type_id, v->org_id);
	if (st != HD_OK || (v->kind == VIEW_CONTACT && !x))
		return st == HD_OK || st == HD_ENOTFOUND ? HD_EINVAL : st;
	*field = "property_id";
	st = db_scalar(c, &x,
	    "SELECT id FROM properties WHERE id = ? AND org_id = ?", "ii",
	    in->property_id, v->org_id);
	if (st != HD_OK)
		return st == HD_ENOTFOUND ? HD_EINVAL : st;
	*field = "unit_id";
	if (in->unit_id != 0) {
		st = db_scalar(c, &x,
		    "SELECT id FROM units WHERE id = ? AND property_id = ?",
		    "ii", in->unit_id, in->property_id);
		if (st != HD_OK)
			return st == HD_ENOTFOUND ? HD_EINVAL : st;
	}
	*reporter = v->user_id;
	if (v->kind == VIEW_CONTACT) {
		*field = "property_id";
		st = db_scalar(c, &x,
		    "SELECT id FROM residents WHERE contact_id = ?1 AND "
		    "property_id = ?2 AND (?3 = 0 OR unit_id IS NULL OR "
		    "unit_id = ?3) LIMIT 1",
		    "iii", v->user_id, in->property_id, in->unit_id);
		if (st == HD_ENOTFOUND && in->unit_id != 0)
			*field = "unit_id";
		return st == HD_ENOTFOUND ? HD_EFORBIDDEN : st;
	}
	/* Staff file where they may see Vorgänge (docs/product.md, "Who
	 * may see what"): admins anywhere in their organisation, employees
	 * only at a property where they hold a role. */
	if (v->kind == VIEW_EMPLOYEE) {
		*field = "property_id";
		st = db_scalar(c, &x,
		    "SELECT 1 FROM staff WHERE property_id = ? AND "
		    "employee_id = ? LIMIT 1",
		    "ii", in->property_id, v->user_id);
		if (st != HD_OK)
			return st == HD_ENOTFOUND ? HD_EFORBIDDEN : st;
	}
	/* On behalf of a tenant or owner of that property only. */
	if (in->reporter_id != 0) {
		*field = "reporter_contact_id";
		st = db_scalar(c, &x,
		    "SELECT u.id FROM users u JOIN residents x ON "
		    "x.contact_id = u.id WHERE u.id = ? AND u.org_id = ? AND "
		    "u.kind = 'contact' AND x.property_id = ? LIMIT 1",
		    "iii", in->reporter_id, v->org_id, in->property_id);
		if (st != HD_OK)
			return st == HD_ENOTFOUND ? HD_EINVAL : st;
		*reporter = in->reporter_id;
	}
	*field = NULL;
	return HD_OK;
}

enum hd_status
store_process_create(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, const char **field, int64_t *id)
{
	char number[HD_NUMBER_MAX], text[EVENT_TEXT_MAX];
	struct routing rt;
	struct event ev;
	struct pctx p;
	enum hd_status st;
	int64_t reporter, seq, now = hd_now();
	int year = hd_time_year(now);

	memset(&rt, 0, sizeof(rt));
	if ((st = check_new(c, v, in, &reporter, field)) != HD_OK)
		return st;
	/* Two statements rather than one with RETURNING, which SQLite
	 * buffers in a temporary table (5 % of a create's time). */
	st = db_exec(c,
	    "INSERT INTO process_counters(org_id, year, last) VALUES (?, ?, 1) "
	    "ON CONFLICT(org_id, year) DO UPDATE SET last = "
	    "process_counters.last + 1",
	    "ii", v->org_id, (int64_t)year);
	if (st == HD_OK)
		st = db_scalar(c, &seq,
		    "SELECT last FROM process_counters WHERE org_id = ? AND "
		    "year = ?",
		    "ii", v->org_id, (int64_t)year);
	if (st != HD_OK)
		return st;
	hd_process_number(year, seq, number, sizeof(number));
	st = db_insert(c, id,
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "unit_id, reporter_kind, reporter_id, created_by, subject, "
	    "description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
	    "(SELECT kind FROM users WHERE id = ?6), ?6, ?, ?, ?, ?, ?)",
	    "itiiIiittii", v->org_id, number, in->type_id, in->property_id,
	    in->unit_id, reporter, v->user_id, in->subject, in->description,
	    now, now);
	if (st != HD_OK)
		return st;
	if ((st = pctx_load(c, *id, &p)) != HD_OK)
		return st;
	event_init(&ev, EVENT_CREATED);
	ev.actor = p.creator_name;
	ev.portal = v->kind == VIEW_CONTACT;
	st = event_de_render(&ev, text, sizeof(text));
	if (st == HD_OK)
		st = history(c, *id, "created", text, v->user_id);
	if (st == HD_OK)
		st = route(c, &p, &rt);
	if (st == HD_OK)
		st = apply_routing(c, &p, &rt, "routed", true, NULL, 0, 0);
	if (st == HD_OK)
		st = mail_receipt(c, &p);
	routing_cleanup(&rt);
	pctx_cleanup(&p);
	return st;
}

/* Loads the current assignee ids of Vorgang id into a heap array. */
static enum hd_status
current_assignees(struct db_conn *c, int64_t id, int64_t **out, size_t *n)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;
	size_t cap = 0;
	int64_t *p;

	*out = NULL;
	*n = 0;
	st = db_prepare(c, "SELECT employee_id FROM process_assignees "
			   "WHERE process_id = ?");
	db_bind(st, "i", id);
	while (s == HD_OK && db_step(st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(*out, cap * sizeof(*p))) == NULL) {
				s = HD_ENOMEM;
				break;
			}
			*out = p;
		}
		(*out)[(*n)++] = db_col_i64(st, 0);
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
}

enum hd_status
store_process_reroute(struct db_conn *c, const struct viewer *v, int64_t id)
{
	struct routing rt;
	struct pctx p;
	enum hd_status st;
	enum hd_pstatus ps;
	int64_t *before = NULL;
	size_t n_before = 0;

	memset(&rt, 0, sizeof(rt));
	if ((st = store_process_visible(c, v, id)) != HD_OK)
		return st;
	if ((st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	if (!hd_pstatus_parse(p.status, &ps) || !hd_pstatus_is_open(ps))
		st = HD_ECONFLICT;
	if (st == HD_OK)
		st = current_assignees(c, id, &before, &n_before);
	if (st == HD_OK)
		st = route(c, &p, &rt);
	if (st == HD_OK)
		st = apply_routing(c, &p, &rt, "rerouted", false, before,
		    n_before, v->user_id);
	free(before);
	routing_cleanup(&rt);
	pctx_cleanup(&p);
	return st;
}

static enum hd_status
set_status(struct db_conn *c, const struct viewer *v, const struct pctx *p,
    enum hd_pstatus to, const char *actor)
{
	enum hd_pstatus from;
	char text[EVENT_TEXT_MAX];
	struct event ev;
	enum hd_status st;

	if (!hd_pstatus_parse(p->status, &from) || from == to)
		return HD_OK;
	st = db_exec(c,
	    "UPDATE processes SET status = ?, updated_at = ? WHERE id = ?",
	    "tii", hd_pstatus_name(to), hd_now(), p->id);
	if (st == HD_OK)
		st = db_exec(c,
		    "UPDATE process_assignees SET status = ? WHERE "
		    "process_id = ?",
		    "ti", hd_pstatus_name(to), p->id);
	event_init(&ev, EVENT_STATUS);
	ev.from = from;
	ev.to = to;
	ev.actor = actor;
	if (st == HD_OK)
		st = event_de_render(&ev, text, sizeof(text));
	if (st == HD_OK)
		st = history(c, p->id, "status", text, v->user_id);
	return st;
}

/* "Frau Huber: manuell zugewiesen von Frau Admin" (cut when too long). */
static void
manual_reason(char *buf, size_t n, const char *name, const char *actor)
{
	struct event ev;

	event_init(&ev, EVENT_MANUAL);
	ev.who = name;
	ev.actor = actor;
	event_de_render(&ev, buf, n);
}

static enum hd_status
set_assignees(struct db_conn *c, const struct viewer *v, const struct pctx *p,
    const int64_t *ids, size_t n, const char *actor)
{
	struct routing rt;
	enum hd_status st = HD_OK;
	int64_t *before = NULL;
	size_t n_before = 0, i;

	memset(&rt, 0, sizeof(rt));
	if ((rt.res.items = calloc(n + 1, sizeof(*rt.res.items))) == NULL)
		return HD_ENOMEM;
	rt.rows = calloc(n + 1, sizeof(*rt.rows));
	if (rt.rows == NULL) {
		routing_cleanup(&rt);
		return HD_ENOMEM;
	}
	for (i = 0; i < n && st == HD_OK; i++) {
		struct db_stmt *q = db_prepare(c,
		    "SELECT name, email FROM users WHERE id = ? AND org_id = ? "
		    "AND kind = 'employee' AND active = 1");
		struct route_assignee *a = &rt.res.items[i];

		db_bind(q, "ii", ids[i], v->org_id);
		/* Only "no such employee" is the caller's mistake; a failed
		 * read is an error, not a 422. */
		if ((st = db_row(q)) == HD_OK) {
			rt.rows[i].employee_id = ids[i];
			hd_strlcpy(rt.rows[i].name, db_col_text(q, 0), 256);
			hd_strlcpy(rt.rows[i].email, db_col_text(q, 1), 256);
			a->employee_id = ids[i];
			a->employee_name = rt.rows[i].name;
			manual_reason(a->reason, sizeof(a->reason),
			    rt.rows[i].name, actor);
		} else if (st == HD_ENOTFOUND) {
			st = HD_EINVAL;
		}
		db_end(q);
	}
	rt.res.n = n;
	rt.n_staff = n;
	if (st == HD_OK)
		st = current_assignees(c, p->id, &before, &n_before);
	if (st == HD_OK && n == 0)
		st = HD_EINVAL;
	if (st == HD_OK)
		st = apply_routing(
		    c, p, &rt, "assigned", false, before, n_before, v->user_id);
	free(before);
	routing_cleanup(&rt);
	return st;
}

enum hd_status
store_process_update(struct db_conn *c, const struct viewer *v, int64_t id,
    const enum hd_pstatus *to, const int64_t *ids, size_t n_ids,
    const char **field)
{
	char actor[256];
	struct pctx p;
	enum hd_status st;

	*field = NULL;
	if ((st = store_process_visible(c, v, id)) != HD_OK)
		return st;
	if ((st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	st = store_org_user_name(c, v->user_id, actor, sizeof(actor));
	if (st == HD_OK && to != NULL)
		st = set_status(c, v, &p, *to, actor);
	if (st == HD_OK && ids != NULL) {
		st = set_assignees(c, v, &p, ids, n_ids, actor);
		if (st == HD_EINVAL)
			*field = "assignee_ids";
	}
	pctx_cleanup(&p);
	return st;
}
