/* SPDX-License-Identifier: MIT */
#include "store/sample.h"

#include "util/str.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
store_ids_cleanup(struct store_ids *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static bool
ids_push(struct store_ids *a, int64_t x)
{
	int64_t *p;
	size_t cap;

	if (a->n == a->cap) {
		cap = a->cap ? a->cap * 2 : 256;
		if ((p = realloc(a->v, cap * sizeof(*p))) == NULL)
			return false;
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return true;
}

/* Appends the ncol integer columns of every row of st to a; ends st. */
static enum hd_status
ids_query(struct db_stmt *st, int ncol, struct store_ids *a)
{
	enum hd_status s = HD_OK, e;
	int i;

	while (s == HD_OK && db_step(st))
		for (i = 0; i < ncol && s == HD_OK; i++)
			if (!ids_push(a, db_col_i64(st, i)))
				s = HD_ENOMEM;
	e = db_end(st);
	return s != HD_OK ? s : e;
}

enum hd_status
store_sample_tenants(struct db_conn *c, int64_t org_id, struct store_ids *out)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT r.contact_id, r.property_id, "
			   "coalesce(r.unit_id, 0) FROM residents r "
			   "JOIN users u ON u.id = r.contact_id "
			   "WHERE r.org_id = ? AND r.relation = 'tenant' "
			   "AND u.active = 1 ORDER BY r.id");
	db_bind(st, "i", org_id);
	return ids_query(st, 3, out);
}

enum hd_status
store_sample_employees(struct db_conn *c, int64_t org_id, struct store_ids *out)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT id FROM users WHERE org_id = ? AND "
			   "kind = 'employee' AND active = 1 ORDER BY id");
	db_bind(st, "i", org_id);
	return ids_query(st, 1, out);
}

enum hd_status
store_sample_assigned(
    struct db_conn *c, int64_t employee_id, struct store_ids *out)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT process_id FROM process_assignees "
			   "WHERE employee_id = ? ORDER BY process_id");
	db_bind(st, "i", employee_id);
	return ids_query(st, 1, out);
}

/*
 * One login from st (bound; columns email, name, then what: text, and
 * for an employee the number of properties) into *l, what prefixed by
 * one of two words by the name's "Frau " (NULL: no prefix). HD_OK with
 * a login, HD_ENOTFOUND without, or the error. Ends st.
 */
static enum hd_status
login(struct db_stmt *st, const char *frau, const char *herr,
    struct store_login *l)
{
	enum hd_status s = db_row(st);
	const char *name, *what;

	if (s == HD_OK) {
		name = db_col_text(st, 1);
		what = db_col_text(st, 2);
		hd_strlcpy(l->email, db_col_text(st, 0), sizeof(l->email));
		hd_strlcpy(l->name, name, sizeof(l->name));
		if (frau == NULL)
			snprintf(l->what, sizeof(l->what), "%s, %lld Objekte",
			    what, (long long)db_col_i64(st, 3));
		else
			snprintf(l->what, sizeof(l->what), "%s, %s",
			    strncmp(name, "Frau ", 5) == 0 ? frau : herr, what);
	}
	db_end(st);
	return s;
}

/* The first resident of org with relation, as login(). */
static enum hd_status
resident(struct db_conn *c, int64_t org_id, const char *relation,
    const char *frau, const char *herr, struct store_login *l)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT u.email, u.name, p.name FROM residents r "
			   "JOIN users u ON u.id = r.contact_id "
			   "JOIN properties p ON p.id = r.property_id "
			   "WHERE r.org_id = ? AND r.relation = ? "
			   "ORDER BY r.id LIMIT 1");
	db_bind(st, "it", org_id, relation);
	return login(st, frau, herr, l);
}

enum hd_status
store_sample_logins(struct db_conn *c, int64_t org_id,
    struct store_login out[STORE_LOGINS], size_t *n)
{
	enum hd_status s;
	struct db_stmt *st;

	*n = 0;
	st = db_prepare(c, "SELECT email, name FROM users WHERE org_id = ? "
			   "AND is_admin = 1 ORDER BY id LIMIT 1");
	db_bind(st, "i", org_id);
	if ((s = db_row(st)) == HD_OK) {
		hd_strlcpy(
		    out[*n].email, db_col_text(st, 0), sizeof(out[*n].email));
		hd_strlcpy(
		    out[*n].name, db_col_text(st, 1), sizeof(out[*n].name));
		hd_strlcpy(
		    out[*n].what, "Administration", sizeof(out[*n].what));
		(*n)++;
	}
	db_end(st);
	if (s != HD_OK && s != HD_ENOTFOUND)
		return s;
	/* GROUP BY the keys: name, email and the role's name follow from
	 * them (PostgreSQL accepts that as well). */
	st = db_prepare(c, "SELECT u.email, u.name, r.name, "
			   "count(DISTINCT s.property_id) FROM users u "
			   "JOIN staff s ON s.employee_id = u.id "
			   "JOIN roles r ON r.id = s.role_id "
			   "WHERE u.org_id = ? AND u.is_admin = 0 "
			   "GROUP BY u.id, r.id ORDER BY u.id, r.id LIMIT 1");
	db_bind(st, "i", org_id);
	if ((s = login(st, NULL, NULL, &out[*n])) == HD_OK)
		(*n)++;
	if (s != HD_OK && s != HD_ENOTFOUND)
		return s;
	if ((s = resident(
		 c, org_id, "tenant", "Mieterin", "Mieter", &out[*n])) == HD_OK)
		(*n)++;
	if (s != HD_OK && s != HD_ENOTFOUND)
		return s;
	if ((s = resident(c, org_id, "owner", "Eigentümerin", "Eigentümer",
		 &out[*n])) == HD_OK)
		(*n)++;
	return s == HD_ENOTFOUND ? HD_OK : s;
}
