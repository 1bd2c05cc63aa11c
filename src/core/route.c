/* SPDX-License-Identifier: MIT */
#include "core/route.h"

#include <stdlib.h>
#include <string.h>

/*
 * One reason somebody gets the Vorgang: they hold role_id themselves
 * (absent == NULL) or stand in for the absent holder absent. Grants are
 * collected per role, then merged per employee into assignees.
 */
struct grant {
	int64_t employee_id;
	const char *name;
	int64_t role_id;
	const char *role_name;
	size_t pos; /* the role's place in the type's order */
	const struct route_person *absent;
	enum assign_mode mode;
};

/* Everything one route_compute call builds; freed at the end. */
struct work {
	const struct route_input *in;
	struct grant *grants;
	size_t n_grants;
	const struct route_staff **holders; /* scratch, one role at a time */
	int64_t *ids, *open;		    /* scratch for the pick */
	size_t *cand;			    /* scratch: holder index */
	const struct route_person **eff;    /* scratch: who acts */
	struct route_result *out;
};

/* True when roles[j] already occurs before j (a role is listed once). */
static bool
role_repeated(const int64_t *roles, size_t j)
{
	size_t i;

	for (i = 0; i < j; i++)
		if (roles[i] == roles[j])
			return true;
	return false;
}

/* The first staff entry (active or not) for role, or NULL. */
static const struct route_staff *
staff_with_role(const struct route_input *in, int64_t role)
{
	size_t i;

	for (i = 0; i < in->n_staff; i++)
		if (in->staff[i].role_id == role)
			return &in->staff[i];
	return NULL;
}

/* Name of the type's j-th role; NULL when nothing in the input names it. */
static const char *
type_role_name(const struct route_input *in, size_t j)
{
	const struct route_staff *s;

	if (in->type_role_names != NULL && in->type_role_names[j] != NULL)
		return in->type_role_names[j];
	s = staff_with_role(in, in->type_role_ids[j]);
	return s != NULL ? s->role_name : NULL;
}

static const struct route_person *
person_of(const struct route_input *in, int64_t id)
{
	size_t i;

	for (i = 0; id != 0 && i < in->n_people; i++)
		if (in->people[i].employee_id == id)
			return &in->people[i];
	return NULL;
}

static bool
away(const struct route_input *in, int64_t id)
{
	const struct route_person *p = person_of(in, id);

	return p != NULL && p->absent;
}

/*
 * The substitute who takes absent holder p's place: listed, active, not
 * absent, not p. Their own substitute is never looked at, so a chain
 * A → B → C stops at B and A → B → A cannot loop.
 */
static const struct route_person *
usable_substitute(const struct route_input *in, const struct route_person *p)
{
	const struct route_person *s = person_of(in, p->substitute_id);

	if (s == NULL || !s->active || s->absent ||
	    s->employee_id == p->employee_id)
		return NULL;
	return s;
}

static const struct route_pick *
pick_of(const struct route_input *in, int64_t role)
{
	size_t i;

	for (i = 0; i < in->n_picks; i++)
		if (in->picks[i].role_id == role)
			return &in->picks[i];
	return NULL;
}

static int64_t
open_of(const struct route_input *in, int64_t id)
{
	size_t i;

	for (i = 0; i < in->n_loads; i++)
		if (in->loads[i].employee_id == id)
			return in->loads[i].open;
	return 0;
}

static int
cmp_holder(const void *a, const void *b)
{
	const struct route_staff *x = *(const struct route_staff *const *)a;
	const struct route_staff *y = *(const struct route_staff *const *)b;

	if (x->employee_id != y->employee_id)
		return x->employee_id < y->employee_id ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The active holders of role, one entry per employee, by id. */
static size_t
holders_of(struct work *w, int64_t role)
{
	const struct route_input *in = w->in;
	size_t i, n = 0, k = 0;

	for (i = 0; i < in->n_staff; i++)
		if (in->staff[i].active && in->staff[i].role_id == role)
			w->holders[n++] = &in->staff[i];
	qsort(w->holders, n, sizeof(*w->holders), cmp_holder);
	for (i = 0; i < n; i++)
		if (k == 0 || w->holders[k - 1]->employee_id !=
				  w->holders[i]->employee_id)
			w->holders[k++] = w->holders[i];
	return k;
}

static void
add_grant(struct work *w, const struct route_staff *h,
    const struct route_person *sub, const struct route_person *absent,
    size_t pos, enum assign_mode mode)
{
	struct grant *g = &w->grants[w->n_grants++];

	g->employee_id = sub != NULL ? sub->employee_id : h->employee_id;
	g->name = sub != NULL ? sub->name : h->employee_name;
	g->role_id = h->role_id;
	g->role_name = h->role_name;
	g->pos = pos;
	g->absent = absent;
	g->mode = mode;
}

static void
add_turn(struct work *w, int64_t role, int64_t turn)
{
	struct route_result *out = w->out;
	size_t i;

	for (i = 0; i < out->n_turns; i++)
		if (out->turns[i].role_id == role)
			break;
	out->turns[i].role_id = role;
	out->turns[i].turn = turn;
	if (i == out->n_turns)
		out->n_turns++;
}

/*
 * Picks one of the candidates w->cand[0..n) (indexes into w->holders,
 * acting through w->eff) by mode, and grants it.
 */
static void
pick_one(struct work *w, size_t n, int64_t role, size_t pos,
    enum assign_mode mode, int64_t turn)
{
	const struct route_staff *h;
	const struct route_person *e;
	size_t i, k;

	for (i = 0; i < n; i++) {
		h = w->holders[w->cand[i]];
		e = w->eff[w->cand[i]];
		/* Turns go by holder, loads by whoever does the work. */
		w->ids[i] = mode == ASSIGN_ROUND_ROBIN || e == NULL
				? h->employee_id
				: e->employee_id;
		w->open[i] = open_of(w->in, w->ids[i]);
	}
	if (mode == ASSIGN_ROUND_ROBIN) {
		k = assign_turn_next(w->ids, n, turn);
		add_turn(w, role, w->ids[k]);
	} else
		k = assign_load_least(w->ids, w->open, n);
	h = w->holders[w->cand[k]];
	e = w->eff[w->cand[k]];
	add_grant(w, h, e, e != NULL ? person_of(w->in, h->employee_id) : NULL,
	    pos, mode);
}

/*
 * Grants role (the pos-th of the type, or the fallback role) to its
 * holders at the property as its mode says.
 */
static void
grant_role(struct work *w, int64_t role, size_t pos)
{
	const struct route_input *in = w->in;
	const struct route_pick *pk = pick_of(in, role);
	enum assign_mode mode = pk != NULL ? pk->mode : ASSIGN_ALL;
	const struct route_person *p;
	size_t i, n, k = 0;

	n = holders_of(w, role);
	for (i = 0; i < n; i++) {
		/* eff: NULL when the holder acts, else the substitute. */
		p = person_of(in, w->holders[i]->employee_id);
		w->eff[i] = NULL;
		if (p != NULL && p->absent)
			w->eff[i] = usable_substitute(in, p);
	}
	if (mode != ASSIGN_ROUND_ROBIN && mode != ASSIGN_LEAST_OPEN) {
		for (i = 0; i < n; i++) {
			if (!away(in, w->holders[i]->employee_id))
				add_grant(w, w->holders[i], NULL, NULL, pos,
				    ASSIGN_ALL);
			else if (w->eff[i] != NULL)
				add_grant(w, w->holders[i], w->eff[i],
				    person_of(in, w->holders[i]->employee_id),
				    pos, ASSIGN_ALL);
		}
		return;
	}
	/* Present holders share the work; substitutes only stand in when
	 * every holder is away. */
	for (i = 0; i < n; i++)
		if (!away(in, w->holders[i]->employee_id))
			w->cand[k++] = i;
	if (k == 0)
		for (i = 0; i < n; i++)
			if (w->eff[i] != NULL)
				w->cand[k++] = i;
	if (k > 0)
		pick_one(w, k, role, pos, mode, pk->turn);
}

static int
cmp_grant(const void *a, const void *b)
{
	const struct grant *x = a, *y = b;

	if (x->employee_id != y->employee_id)
		return x->employee_id < y->employee_id ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	/* Own right before standing in, then by whom. */
	if ((x->absent != NULL) != (y->absent != NULL))
		return x->absent != NULL ? 1 : -1;
	if (x->absent != NULL && x->absent != y->absent)
		return x->absent->employee_id < y->absent->employee_id ? -1 : 1;
	return 0;
}

static unsigned
pick_bit(enum assign_mode mode)
{
	if (mode == ASSIGN_ROUND_ROBIN)
		return EVENT_PICK_ROUND_ROBIN;
	if (mode == ASSIGN_LEAST_OPEN)
		return EVENT_PICK_LEAST_OPEN;
	return 0;
}

/* Adds absent holder p to ev once (by id). */
static void
event_absent_add(struct event *ev, const struct route_person *p)
{
	size_t i;

	for (i = 0; i < ev->n_absent; i++)
		if (ev->absent[i].name == p->name &&
		    ev->absent[i].until == p->absent_until)
			return;
	if (ev->n_absent == EVENT_NAMES_MAX)
		return;
	ev->absent[ev->n_absent].name = p->name;
	ev->absent[ev->n_absent].until = p->absent_until;
	ev->n_absent++;
}

/*
 * Builds one assignee from g[0..n), the grants of one employee sorted by
 * role order. code is EVENT_ROUTED or EVENT_FALLBACK.
 */
static void
make_assignee(struct work *w, const struct grant *g, size_t n,
    enum event_code code, struct route_assignee *a)
{
	const struct route_input *in = w->in;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->ev.code = code;
	a->employee_id = g[0].employee_id;
	a->employee_name = g[0].name;
	a->role_id = g[0].role_id;
	a->role_name = g[0].role_name;
	a->ev.who = a->employee_name;
	a->ev.property = in->property_name;
	for (i = 0; i < n; i++) {
		a->ev.picks |= pick_bit(g[i].mode);
		if (g[i].absent != NULL) {
			if (a->stands_in_for == 0)
				a->stands_in_for = g[i].absent->employee_id;
			event_absent_add(&a->ev, g[i].absent);
		} else if (code == EVENT_ROUTED &&
			   a->ev.n_roles < EVENT_ROLES_MAX &&
			   (i == 0 || g[i].role_id != g[i - 1].role_id))
			a->ev.roles[a->ev.n_roles++] = g[i].role_name;
	}
	if (code == EVENT_FALLBACK) {
		if (in->fallback_role_name != NULL)
			a->role_name = in->fallback_role_name;
		a->ev.roles[0] = a->role_name;
		a->ev.n_roles = 1;
		a->ev.cause = w->out->why.cause;
		a->ev.n_cause_roles = w->out->why.n_cause_roles;
		memcpy(a->ev.cause_roles, w->out->why.cause_roles,
		    sizeof(a->ev.cause_roles));
	}
	event_de_render(&a->ev, a->reason, sizeof(a->reason));
}

/* Merges the grants, one assignee per employee, ordered by id. */
static enum hd_status
grants_to_assignees(struct work *w, enum event_code code)
{
	struct route_result *out = w->out;
	size_t i, end, k = 0;

	qsort(w->grants, w->n_grants, sizeof(*w->grants), cmp_grant);
	for (i = 0; i < w->n_grants; i = end) {
		for (end = i + 1;
		     end < w->n_grants &&
		     w->grants[end].employee_id == w->grants[i].employee_id;
		     end++)
			;
		k++;
	}
	if ((out->items = calloc(k, sizeof(*out->items))) == NULL)
		return HD_ENOMEM;
	for (i = 0; i < w->n_grants; i = end) {
		for (end = i + 1;
		     end < w->n_grants &&
		     w->grants[end].employee_id == w->grants[i].employee_id;
		     end++)
			;
		make_assignee(
		    w, &w->grants[i], end - i, code, &out->items[out->n++]);
	}
	return HD_OK;
}

/*
 * The names of the type's distinct roles that are held (held == true) by
 * some staff entry, or held by none, into ev->cause_roles; none when one
 * of them has no name (the reason then speaks of "eine passende
 * Mitarbeiterrolle").
 */
static size_t
cause_roles(const struct route_input *in, bool held, struct event *ev)
{
	size_t j, n = 0;
	bool known = true;

	for (j = 0; j < in->n_type_roles; j++) {
		if (role_repeated(in->type_role_ids, j) ||
		    (staff_with_role(in, in->type_role_ids[j]) != NULL) != held)
			continue;
		if (type_role_name(in, j) == NULL)
			known = false;
		if (n < EVENT_ROLES_MAX)
			ev->cause_roles[n] = type_role_name(in, j);
		n++;
	}
	ev->n_cause_roles =
	    known ? (n < EVENT_ROLES_MAX ? n : EVENT_ROLES_MAX) : 0;
	return n;
}

/*
 * Why no holder of the type's roles got the Vorgang. Roles held only by
 * deactivated or absent employees are the actionable part, so they win
 * over roles nobody holds.
 */
static void
explain_unrouted(const struct route_input *in, struct route_result *out)
{
	struct event *ev = &out->why;
	bool active = false, inactive = false;
	size_t i, j;

	event_init(ev, EVENT_UNROUTED);
	ev->property = in->property_name;
	if (in->n_type_roles == 0) {
		ev->cause = CAUSE_NO_ROLE;
	} else if (cause_roles(in, true, ev) > 0) {
		for (i = 0; i < in->n_staff; i++)
			for (j = 0; j < in->n_type_roles; j++)
				if (in->staff[i].role_id ==
				    in->type_role_ids[j]) {
					active |= in->staff[i].active;
					inactive |= !in->staff[i].active;
				}
		ev->cause = !active    ? CAUSE_INACTIVE
			    : inactive ? CAUSE_AWAY_OR_INACTIVE
				       : CAUSE_ABSENT;
	} else {
		memset(ev->cause_roles, 0, sizeof(ev->cause_roles));
		cause_roles(in, false, ev);
		ev->cause = CAUSE_NOBODY;
	}
	event_de_render(ev, out->why_unrouted, sizeof(out->why_unrouted));
}

static int
cmp_admin(const void *a, const void *b)
{
	const struct route_admin *x = *(const struct route_admin *const *)a;
	const struct route_admin *y = *(const struct route_admin *const *)b;

	if (x->employee_id != y->employee_id)
		return x->employee_id < y->employee_id ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* One admin assignee: admin themself (p NULL) or p's substitute s. */
static void
make_admin(struct work *w, int64_t id, const char *name,
    const struct route_person *p, struct route_assignee *a)
{
	memset(a, 0, sizeof(*a));
	a->ev.code = EVENT_ADMIN;
	a->employee_id = id;
	a->employee_name = name;
	a->ev.who = name;
	a->ev.property = w->in->property_name;
	a->ev.cause = w->out->why.cause;
	a->ev.n_cause_roles = w->out->why.n_cause_roles;
	memcpy(a->ev.cause_roles, w->out->why.cause_roles,
	    sizeof(a->ev.cause_roles));
	if (p != NULL) {
		a->stands_in_for = p->employee_id;
		event_absent_add(&a->ev, p);
	}
}

static int
cmp_assignee(const void *a, const void *b)
{
	const struct route_assignee *x = a, *y = b;

	if (x->employee_id != y->employee_id)
		return x->employee_id < y->employee_id ? -1 : 1;
	/* Own right first, then standing in, by whom. */
	if (x->stands_in_for != y->stands_in_for)
		return x->stands_in_for < y->stands_in_for ? -1 : 1;
	return 0;
}

/*
 * A substitute may stand in for two admins, or be an admin: one entry
 * each, standing in only when not an admin in their own right. Then the
 * reasons.
 */
static void
merge_admins(struct route_result *out)
{
	struct route_assignee *a = out->items, *last;
	size_t i, j = 0;

	qsort(a, out->n, sizeof(*a), cmp_assignee);
	for (i = 0; i < out->n; i++) {
		last = j > 0 ? &a[j - 1] : NULL;
		if (last == NULL || last->employee_id != a[i].employee_id) {
			if (j != i)
				a[j] = a[i];
			j++;
		} else if (last->stands_in_for != 0 &&
			   last->ev.n_absent < EVENT_NAMES_MAX) {
			last->ev.absent[last->ev.n_absent++] =
			    a[i].ev.absent[0];
		}
	}
	out->n = j;
	for (i = 0; i < out->n; i++)
		event_de_render(&a[i].ev, a[i].reason, sizeof(a[i].reason));
}

/*
 * Assigns every active admin, once each, absent ones by their substitute
 * or not at all; when that leaves nobody, every active admin regardless
 * (an admin back from holiday beats a Vorgang in nobody's inbox). None
 * at all is not an error.
 */
static enum hd_status
assign_admins(struct work *w)
{
	const struct route_input *in = w->in;
	struct route_result *out = w->out;
	const struct route_admin **ad;
	const struct route_person *p, *s;
	size_t i, j, k = 0, n = 0;
	bool last_resort;

	if ((ad = calloc(in->n_admins + 1, sizeof(*ad))) == NULL)
		return HD_ENOMEM;
	for (i = 0; i < in->n_admins; i++)
		if (in->admins[i].active)
			ad[k++] = &in->admins[i];
	qsort(ad, k, sizeof(*ad), cmp_admin);
	for (i = 0, j = 0; i < k; i++)
		if (j == 0 || ad[j - 1]->employee_id != ad[i]->employee_id)
			ad[j++] = ad[i];
	k = j;
	for (i = 0; i < k; i++)
		if (!away(in, ad[i]->employee_id) ||
		    usable_substitute(in, person_of(in, ad[i]->employee_id)))
			n++;
	last_resort = n == 0;
	if (k == 0 || (out->items = calloc(k, sizeof(*out->items))) == NULL) {
		free(ad);
		return k == 0 ? HD_OK : HD_ENOMEM;
	}
	for (i = 0; i < k; i++) {
		p = person_of(in, ad[i]->employee_id);
		if (last_resort || p == NULL || !p->absent)
			make_admin(w, ad[i]->employee_id, ad[i]->name, NULL,
			    &out->items[out->n++]);
		else if ((s = usable_substitute(in, p)) != NULL)
			make_admin(w, s->employee_id, s->name, p,
			    &out->items[out->n++]);
	}
	free(ad);
	merge_admins(out);
	return HD_OK;
}

/* The scratch space for in; HD_ENOMEM when it cannot be had. */
static enum hd_status
work_init(
    struct work *w, const struct route_input *in, struct route_result *out)
{
	size_t n = in->n_staff + in->n_admins + 1;
	size_t per = sizeof(*w->grants) + 2 * sizeof(int64_t) +
		     sizeof(*w->holders) + sizeof(*w->eff) + sizeof(*w->cand);
	char *p;

	memset(w, 0, sizeof(*w));
	w->in = in;
	w->out = out;
	/* One block, widest members first, so each array stays aligned. */
	if ((p = calloc(n, per)) == NULL)
		return HD_ENOMEM;
	w->grants = (struct grant *)(void *)p;
	w->ids = (int64_t *)(void *)(p += n * sizeof(*w->grants));
	w->open = (int64_t *)(void *)(p += n * sizeof(int64_t));
	w->holders =
	    (const struct route_staff **)(void *)(p += n * sizeof(int64_t));
	w->eff =
	    (const struct route_person **)(void *)(p +=
						   n * sizeof(*w->holders));
	w->cand = (size_t *)(void *)(p + n * sizeof(*w->eff));
	/* Only a round-robin role has a turn to give back. */
	if (in->n_picks > 0 && (out->turns = calloc(in->n_type_roles + 1,
				    sizeof(*out->turns))) == NULL)
		return HD_ENOMEM;
	return HD_OK;
}

static void
work_cleanup(struct work *w)
{
	free(w->grants);
}

static bool
input_valid(const struct route_input *in)
{
	return in != NULL &&
	       (in->type_role_ids != NULL || in->n_type_roles == 0) &&
	       (in->staff != NULL || in->n_staff == 0) &&
	       (in->admins != NULL || in->n_admins == 0) &&
	       (in->people != NULL || in->n_people == 0) &&
	       (in->picks != NULL || in->n_picks == 0) &&
	       (in->loads != NULL || in->n_loads == 0);
}

enum hd_status
route_compute(const struct route_input *in, struct route_result *out)
{
	enum hd_status rc = HD_EINVAL;
	struct work w;
	size_t j;

	if (out == NULL)
		return HD_EINVAL;
	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (!input_valid(in))
		goto out;
	if ((rc = work_init(&w, in, out)) != HD_OK)
		goto out;
	for (j = 0; j < in->n_type_roles; j++)
		if (!role_repeated(in->type_role_ids, j))
			grant_role(&w, in->type_role_ids[j], j);
	if (w.n_grants > 0) {
		rc = grants_to_assignees(&w, EVENT_ROUTED);
		goto out;
	}
	out->unrouted = true;
	explain_unrouted(in, out);
	if (in->fallback_role_id != 0)
		grant_role(&w, in->fallback_role_id, 0);
	if (w.n_grants > 0)
		rc = grants_to_assignees(&w, EVENT_FALLBACK);
	else
		rc = assign_admins(&w);
out:
	work_cleanup(&w);
	if (rc != HD_OK)
		route_result_cleanup(out);
	else if (out->n_turns == 0) {
		free(out->turns);
		out->turns = NULL;
	}
	return rc;
}

void
route_result_cleanup(struct route_result *out)
{
	if (out == NULL)
		return;
	free(out->items);
	free(out->turns);
	memset(out, 0, sizeof(*out));
}
