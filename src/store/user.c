/* SPDX-License-Identifier: MIT */
#include "store/user.h"

#include "core/fold.h"
#include "store/page.h"
#include "util/clock.h"
#include "util/str.h"

#include <string.h>

#define USER_COLS STORE_USER_COLS("")

void
store_user_row(struct db_stmt *st, struct store_user *u)
{
	u->id = db_col_i64(st, 0);
	u->org_id = db_col_i64(st, 1);
	u->is_employee = db_col_int(st, 2);
	u->is_admin = db_col_int(st, 3);
	u->active = db_col_int(st, 4);
	u->has_password = db_col_int(st, 5);
	hd_strlcpy(u->name, db_col_text(st, 6), sizeof(u->name));
	hd_strlcpy(u->email, db_col_text(st, 7), sizeof(u->email));
	hd_strlcpy(
	    u->password_hash, db_col_text(st, 8), sizeof(u->password_hash));
	hd_strlcpy(u->locale, db_col_text(st, 9), sizeof(u->locale));
}

enum hd_status
store_user_set_locale(struct db_conn *c, int64_t id, const char *locale)
{
	int64_t k = 0;
	enum hd_status s;

	if (strcmp(locale, "de") != 0 && strcmp(locale, "en") != 0)
		return HD_EINVAL;
	s = db_update(c, &k, "UPDATE users SET locale = ? WHERE id = ?", "ti",
	    locale, id);
	return s == HD_OK && k == 0 ? HD_ENOTFOUND : s;
}

/* One row of st (bound) into u: HD_ENOTFOUND when there is none. */
static enum hd_status
read_user(struct db_stmt *st, struct store_user *u)
{
	enum hd_status s;

	if ((s = db_row(st)) == HD_OK)
		store_user_row(st, u);
	db_end(st);
	return s;
}

enum hd_status
store_user_get(struct db_conn *c, int64_t id, struct store_user *out)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " USER_COLS "FROM users WHERE id = ?");

	db_bind(st, "i", id);
	return read_user(st, out);
}

/* Addresses compare in any letter case: lower() on both sides, which the
 * index users_email_lower (migration 009) serves. */
enum hd_status
store_user_by_email(
    struct db_conn *c, const char *email, struct store_user *out)
{
	struct db_stmt *st = db_prepare(c,
	    "SELECT " USER_COLS
	    "FROM users WHERE lower(email) = lower(?) ORDER BY id");

	db_bind(st, "t", email);
	return read_user(st, out);
}

enum hd_status
store_user_by_address(struct db_conn *c, const char *email, int64_t org_id,
    bool with_password, struct store_user *out, size_t max, size_t *n)
{
	struct db_stmt *st;

	*n = 0;
	st = db_prepare(c, "SELECT " USER_COLS "FROM users "
			   "WHERE lower(email) = lower(?1) "
			   "AND (?2 = 0 OR org_id = ?2) "
			   "AND (?3 = 0 OR password_hash IS NOT NULL) "
			   "ORDER BY id LIMIT ?4");
	db_bind(st, "tibi", email, org_id, (int)with_password, (int64_t)max);
	while (*n < max && db_step(st))
		store_user_row(st, &out[(*n)++]);
	return db_end(st);
}

enum hd_status
store_user_set_password(struct db_conn *c, int64_t id, const char *hash)
{
	return db_exec(c, "UPDATE users SET password_hash = ? WHERE id = ?",
	    "ti", hash, id);
}

enum hd_status
store_employee_insert(struct db_conn *c, int64_t org_id, const char *name,
    const char *email, bool is_admin, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO users(org_id, kind, name, email, is_admin, "
	    "created_at) VALUES (?, 'employee', ?, ?, ?, ?)",
	    "ittbi", org_id, name, email, (int)is_admin, hd_now());
}

/* The employee of the current row; NULL when out of memory. */
static json_t *
employee_row(struct db_stmt *st)
{
	const char *status = !db_col_int(st, 4)	  ? "inactive"
			     : !db_col_int(st, 5) ? "invited"
						  : "active";

	return json_pack("{s:I,s:s,s:s,s:b,s:b,s:s}", "id",
	    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1), "email",
	    db_col_text(st, 2), "is_admin", db_col_int(st, 3), "active",
	    db_col_int(st, 4), "status", status);
}

#define EMPLOYEE_COLS                                                          \
	"SELECT id, name, email, is_admin, active, CASE WHEN password_hash "   \
	"IS NOT NULL THEN 1 ELSE 0 END FROM users "

enum hd_status
store_employee_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    EMPLOYEE_COLS "WHERE org_id = ? AND id = ? AND kind = 'employee'",
	    org_id, id, employee_row, out);
}

enum hd_status
store_employee_list(struct db_conn *c, int64_t org_id, int64_t cursor,
    int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c,
	    EMPLOYEE_COLS "WHERE org_id = ? AND kind = 'employee' AND id > ? "
			  "ORDER BY id LIMIT ?");
	db_bind(st, "iii", org_id, cursor, (int64_t)limit + 1);
	return store_page(st, limit, next, employee_row, items);
}

/* The folded text of a name or address (fits: both are capped). */
#define FOLDED_MAX 1024

/* Whether every word of the folded query fq occurs in name or email
 * (folded). */
static bool
employee_matches(const char *fq, const char *name, const char *email)
{
	char fn[FOLDED_MAX], fe[FOLDED_MAX], word[FOLDED_MAX];
	const char *s = fq;
	size_t n;

	fold_text(name, strlen(name), fn, sizeof(fn));
	fold_text(email, strlen(email), fe, sizeof(fe));
	for (;;) {
		s += strspn(s, " ");
		if (*s == '\0')
			return true;
		n = strcspn(s, " ");
		memcpy(word, s, n);
		word[n] = '\0';
		if (strstr(fn, word) == NULL && strstr(fe, word) == NULL)
			return false;
		s += n;
	}
}

enum hd_status
store_employee_search(struct db_conn *c, int64_t org_id, const char *q,
    int active, int64_t cursor, int limit, int64_t *next, json_t **items)
{
	char fq[FOLDED_MAX];
	struct db_stmt *st;
	enum hd_status s;
	json_t *row;
	int n = 0;

	*next = 0;
	*items = NULL;
	if (q == NULL)
		q = "";
	if (fold_text(q, strlen(q), fq, sizeof(fq)) >= sizeof(fq))
		return HD_EINVAL;
	if ((*items = json_array()) == NULL)
		return HD_ENOMEM;
	st = db_prepare(c, EMPLOYEE_COLS
	    "WHERE org_id = ? AND kind = 'employee' AND id > ? AND "
	    "(?3 = -1 OR active = ?3) ORDER BY id");
	db_bind(st, "iii", org_id, cursor, (int64_t)active);
	while (db_step(st)) {
		if (!employee_matches(
			fq, db_col_text(st, 1), db_col_text(st, 2)))
			continue;
		if (n == limit) {
			*next = json_integer_value(json_object_get(
			    json_array_get(*items, (size_t)n - 1), "id"));
			break;
		}
		if ((row = employee_row(st)) == NULL ||
		    json_array_append_new(*items, row) != 0)
			break;
		n++;
	}
	s = db_end(st);
	if (s == HD_OK && json_array_size(*items) != (size_t)n)
		s = HD_ENOMEM;
	if (s != HD_OK) {
		json_decref(*items);
		*items = NULL;
	}
	return s;
}

enum hd_status
store_employee_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const bool *is_admin, const bool *active)
{
	/* -1 keeps the column as it is. */
	int64_t adm = is_admin ? *is_admin : -1, act = active ? *active : -1;

	return db_update_one(c,
	    "UPDATE users SET name = coalesce(?1, name), "
	    "is_admin = CASE ?2 WHEN -1 THEN is_admin ELSE ?2 END, "
	    "active = CASE ?3 WHEN -1 THEN active ELSE ?3 END "
	    "WHERE org_id = ?4 AND id = ?5 AND kind = 'employee'",
	    "tiiii", name, adm, act, org_id, id);
}

enum hd_status
store_org_name(struct db_conn *c, int64_t org_id, char *buf, size_t n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT name FROM orgs WHERE id = ?");

	db_bind(st, "i", org_id);
	return store_text_read(st, buf, n);
}
