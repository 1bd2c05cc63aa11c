/* SPDX-License-Identifier: MIT */
#include "core/route.h"

#include <stdlib.h>
#include <string.h>

/*
 * A reason under construction in a ROUTE_REASON_MAX buffer. Text that does
 * not fit is cut at a UTF-8 character boundary and everything added after
 * the cut is dropped, so a reason never ends in half a character or in a
 * stray fragment of a later part.
 */
struct reason {
	char *buf;
	size_t len;
	bool full;
};

static void
reason_init(struct reason *r, char *buf)
{
	r->buf = buf;
	r->len = 0;
	r->full = false;
	buf[0] = '\0';
}

static void
reason_add(struct reason *r, const char *s)
{
	size_t n, room;

	if (r->full)
		return;
	if (s == NULL)
		s = "?";
	n = strlen(s);
	room = ROUTE_REASON_MAX - 1 - r->len;
	if (n > room) {
		/* s[n] is the first byte left out: not a continuation byte. */
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		r->full = true;
	}
	memcpy(r->buf + r->len, s, n);
	r->len += n;
	r->buf[r->len] = '\0';
}

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

static bool
role_in(int64_t role, const int64_t *roles, size_t n_roles)
{
	size_t i;

	for (i = 0; i < n_roles; i++)
		if (roles[i] == role)
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

/*
 * Counts the type's distinct roles that are held (held == true) or not
 * held by any staff entry; *known is false when one of them has no name.
 */
static size_t
count_roles(const struct route_input *in, bool held, bool *known)
{
	size_t j, n = 0;

	*known = true;
	for (j = 0; j < in->n_type_roles; j++) {
		if (role_repeated(in->type_role_ids, j) ||
		    (staff_with_role(in, in->type_role_ids[j]) != NULL) != held)
			continue;
		if (type_role_name(in, j) == NULL)
			*known = false;
		n++;
	}
	return n;
}

/* Appends "Rolle A" or "Rollen A, B" for the roles counted as above. */
static void
add_roles(struct reason *r, const struct route_input *in, bool held, size_t n)
{
	size_t j, k = 0;

	reason_add(r, n == 1 ? "Rolle " : "Rollen ");
	for (j = 0; j < in->n_type_roles; j++) {
		if (role_repeated(in->type_role_ids, j) ||
		    (staff_with_role(in, in->type_role_ids[j]) != NULL) != held)
			continue;
		if (k++ > 0)
			reason_add(r, ", ");
		reason_add(r, type_role_name(in, j));
	}
}

/*
 * Writes why nobody active holds a role of the type. Only called when no
 * active staff entry matches. Roles held only by deactivated employees
 * are the actionable part, so they win over roles nobody holds.
 */
static void
explain_unrouted(const struct route_input *in, char *buf)
{
	struct reason r;
	bool known;
	size_t n;

	reason_init(&r, buf);
	if (in->n_type_roles == 0) {
		reason_add(&r, "Vorgangstyp hat keine Mitarbeiterrolle");
		return;
	}
	if ((n = count_roles(in, true, &known)) > 0) {
		reason_add(&r, "Alle Mitarbeiter mit ");
		if (known) {
			reason_add(&r, n == 1 ? "der " : "den ");
			add_roles(&r, in, true, n);
		} else
			reason_add(&r, "einer passenden Mitarbeiterrolle");
		reason_add(&r, " in ");
		reason_add(&r, in->property_name);
		reason_add(&r, " sind deaktiviert");
		return;
	}
	n = count_roles(in, false, &known);
	if (known) {
		reason_add(&r, "Niemand hat die ");
		add_roles(&r, in, false, n);
	} else
		reason_add(&r, "Niemand hat eine passende Mitarbeiterrolle");
	reason_add(&r, " in ");
	reason_add(&r, in->property_name);
}

/* Active staff entries holding one of roles. */
static size_t
count_staff(const struct route_input *in, const int64_t *roles, size_t n_roles)
{
	size_t i, n = 0;

	for (i = 0; i < in->n_staff; i++)
		if (in->staff[i].active &&
		    role_in(in->staff[i].role_id, roles, n_roles))
			n++;
	return n;
}

static int
cmp_assignee(const void *a, const void *b)
{
	const struct route_assignee *x = a, *y = b;

	if (x->employee_id != y->employee_id)
		return x->employee_id < y->employee_id ? -1 : 1;
	if (x->role_id != y->role_id)
		return x->role_id < y->role_id ? -1 : 1;
	return 0;
}

/* The entry of run[0..n_run) for role, or NULL. */
static const struct route_assignee *
run_find(const struct route_assignee *run, size_t n_run, int64_t role)
{
	size_t i;

	for (i = 0; i < n_run; i++)
		if (run[i].role_id == role)
			return &run[i];
	return NULL;
}

/*
 * Builds one assignee from run[0..n_run), the entries of one employee;
 * *dst may alias run[0]. The role is the first matching one in the order
 * of roles. why is NULL when routed; else roles is the fallback role and
 * why ends the reason.
 */
static void
make_staff_assignee(const struct route_input *in, const int64_t *roles,
    size_t n_roles, const struct route_assignee *run, size_t n_run,
    const char *why, struct route_assignee *dst)
{
	const struct route_assignee *m;
	struct route_assignee a = {0};
	struct reason r;
	size_t j, n = 0;

	for (j = 0; j < n_roles; j++) {
		if (role_repeated(roles, j) ||
		    (m = run_find(run, n_run, roles[j])) == NULL)
			continue;
		if (n++ == 0)
			a = *m;
	}
	reason_init(&r, a.reason);
	reason_add(&r, a.employee_name);
	if (why != NULL) {
		if (in->fallback_role_name != NULL)
			a.role_name = in->fallback_role_name;
		reason_add(&r, ": Ersatzzuständigkeit (Rolle ");
		reason_add(&r, a.role_name);
		reason_add(&r, ") in ");
		reason_add(&r, in->property_name);
		reason_add(&r, " – ");
		reason_add(&r, why);
		*dst = a;
		return;
	}
	reason_add(&r, n == 1 ? ": Rolle " : ": Rollen ");
	for (j = 0, n = 0; j < n_roles; j++) {
		if (role_repeated(roles, j) ||
		    (m = run_find(run, n_run, roles[j])) == NULL)
			continue;
		if (n++ > 0)
			reason_add(&r, ", ");
		reason_add(&r, m->role_name);
	}
	reason_add(&r, " in ");
	reason_add(&r, in->property_name);
	*dst = a;
}

/* Assigns the active holders of roles (cap > 0 of them, with repeats). */
static enum hd_status
assign_staff(const struct route_input *in, const int64_t *roles, size_t n_roles,
    size_t cap, const char *why, struct route_result *out)
{
	struct route_assignee *items;
	size_t i, k = 0, end;
	int64_t id;

	if ((items = calloc(cap, sizeof(*items))) == NULL)
		return HD_ENOMEM;
	for (i = 0; i < in->n_staff; i++) {
		const struct route_staff *s = &in->staff[i];

		if (!s->active || !role_in(s->role_id, roles, n_roles))
			continue;
		items[k].employee_id = s->employee_id;
		items[k].role_id = s->role_id;
		items[k].employee_name = s->employee_name;
		items[k].role_name = s->role_name;
		k++;
	}
	qsort(items, k, sizeof(*items), cmp_assignee);
	/* Each run of one employee's entries becomes one assignee. */
	for (i = 0; i < k; i = end) {
		end = i + 1;
		id = items[i].employee_id;
		while (end < k && items[end].employee_id == id)
			end++;
		make_staff_assignee(in, roles, n_roles, &items[i], end - i, why,
		    &items[out->n++]);
	}
	out->items = items;
	return HD_OK;
}

/* Assigns every active admin, once each; none at all is not an error. */
static enum hd_status
assign_admins(const struct route_input *in, struct route_result *out)
{
	struct route_assignee *items;
	struct reason r;
	size_t i, k = 0;

	for (i = 0; i < in->n_admins; i++)
		if (in->admins[i].active)
			k++;
	if (k == 0)
		return HD_OK;
	if ((items = calloc(k, sizeof(*items))) == NULL)
		return HD_ENOMEM;
	k = 0;
	for (i = 0; i < in->n_admins; i++) {
		if (!in->admins[i].active)
			continue;
		items[k].employee_id = in->admins[i].employee_id;
		items[k].employee_name = in->admins[i].name;
		k++;
	}
	qsort(items, k, sizeof(*items), cmp_assignee);
	for (i = 0; i < k; i++) {
		if (out->n > 0 &&
		    items[out->n - 1].employee_id == items[i].employee_id)
			continue;
		items[out->n] = items[i];
		reason_init(&r, items[out->n].reason);
		reason_add(&r, items[out->n].employee_name);
		reason_add(&r, ": Administrator – ");
		reason_add(&r, out->why_unrouted);
		out->n++;
	}
	out->items = items;
	return HD_OK;
}

enum hd_status
route_compute(const struct route_input *in, struct route_result *out)
{
	enum hd_status rc = HD_EINVAL;
	size_t cap;

	if (out == NULL)
		return HD_EINVAL;
	memset(out, 0, sizeof(*out));
	if (in == NULL || (in->type_role_ids == NULL && in->n_type_roles > 0) ||
	    (in->staff == NULL && in->n_staff > 0) ||
	    (in->admins == NULL && in->n_admins > 0))
		goto out;

	cap = count_staff(in, in->type_role_ids, in->n_type_roles);
	if (cap > 0) {
		rc = assign_staff(
		    in, in->type_role_ids, in->n_type_roles, cap, NULL, out);
		goto out;
	}
	out->unrouted = true;
	explain_unrouted(in, out->why_unrouted);
	if (in->fallback_role_id != 0 &&
	    (cap = count_staff(in, &in->fallback_role_id, 1)) > 0)
		rc = assign_staff(
		    in, &in->fallback_role_id, 1, cap, out->why_unrouted, out);
	else
		rc = assign_admins(in, out);
out:
	if (rc != HD_OK)
		route_result_cleanup(out);
	return rc;
}

void
route_result_cleanup(struct route_result *out)
{
	if (out == NULL)
		return;
	free(out->items);
	memset(out, 0, sizeof(*out));
}
