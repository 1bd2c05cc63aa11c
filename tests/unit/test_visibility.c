/* SPDX-License-Identifier: MIT */
/*
 * Who may see a Vorgang is stated once (src/core/visibility.c); the SQL
 * filter (VISIBLE, src/store/process_rows.h) and the answer cache's check
 * (visible_cached, src/store/process_read.c) must say the same. First the
 * rule itself, kind of viewer by relation to the Vorgang, against the
 * table of docs/product.md; then, on a real SQLite file, every Vorgang of
 * a small organisation against every viewer (each kind, each relation,
 * and the same users claimed from another organisation): the rule over
 * the facts of the seed, the SQL filter, and the cache's check on a hit.
 */
#include "core/visibility.h"
#include "db/db.h"
#include "store/feed.h"
#include "store/process.h"
#include "store/vcache.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* With cmocka.h (which needs setjmp.h, stdarg.h and stddef.h first). */
#include "writer_db.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the rule alone ------------------------------------------------------ */

enum relation { R_FILER, R_ASSIGNEE, R_STAFF, R_REPORTER, R_NONE, R_OTHER_ORG };

static const char *const relation_names[] = {
    "filer", "assignee", "staff", "reporter", "no relation", "other org"};

/* The facts of a Vorgang of org 1 to which user 7 stands in relation r
 * (from another organisation: in every relation at once). */
static struct vis_facts
facts_of(enum relation r)
{
	struct vis_facts f = {1, 100, 101, VIS_NO, VIS_NO};

	switch (r) {
	case R_FILER:
		f.created_by = 7;
		break;
	case R_ASSIGNEE:
		f.assigned = VIS_YES;
		break;
	case R_STAFF:
		f.staff = VIS_YES;
		break;
	case R_REPORTER:
		f.reporter_id = 7;
		break;
	case R_NONE:
		break;
	case R_OTHER_ORG:
		f = (struct vis_facts){2, 7, 7, VIS_YES, VIS_YES};
		break;
	}
	return f;
}

/* docs/product.md, "Who may see what": admins everything of their
 * organisation; employees what they filed, are assigned to, or is at a
 * property where they hold a role; contacts their own requests. */
static void
the_rule_follows_the_table_of_who_may_see_what(void **state)
{
	static const struct {
		enum view_kind kind;
		bool sees[6]; /* by enum relation */
	} table[] = {
	    {VIEW_ADMIN, {true, true, true, true, true, false}},
	    {VIEW_EMPLOYEE, {true, true, true, false, false, false}},
	    {VIEW_CONTACT, {false, false, false, true, false, false}},
	};

	(void)state;
	for (size_t k = 0; k < N_ELEMS(table); k++) {
		struct viewer v = {1, 7, table[k].kind};

		for (int r = R_FILER; r <= R_OTHER_ORG; r++) {
			struct vis_facts f = facts_of((enum relation)r);
			enum vis_answer want =
			    table[k].sees[r] ? VIS_VISIBLE : VIS_HIDDEN;

			if (visibility_process(&v, &f) != want)
				fail_msg("kind %d, %s: expected %s", v.kind,
				    relation_names[r],
				    want == VIS_VISIBLE ? "visible" : "hidden");
		}
	}
}

/* The kinds are bound into SQL by number: the numbers are the rule's. */
static void
the_viewer_kinds_keep_their_numbers(void **state)
{
	(void)state;
	assert_int_equal(VIEW_ADMIN, 0);
	assert_int_equal(VIEW_EMPLOYEE, 1);
	assert_int_equal(VIEW_CONTACT, 2);
	assert_string_equal(VIEW_SQL_ADMIN, "0");
	assert_string_equal(VIEW_SQL_EMPLOYEE, "1");
	assert_string_equal(VIEW_SQL_CONTACT, "2");
}

/* An unknown fact leaves the answer open only while it could decide. */
static void
an_unknown_fact_matters_only_when_nothing_else_decides(void **state)
{
	struct viewer e = {1, 7, VIEW_EMPLOYEE}, a = {1, 7, VIEW_ADMIN};
	struct vis_facts f = {1, 100, 101, VIS_UNKNOWN, VIS_UNKNOWN};

	(void)state;
	assert_int_equal(visibility_process(&e, &f), VIS_DEPENDS);
	assert_int_equal(visibility_process(&a, &f), VIS_VISIBLE);
	f.staff = VIS_NO;
	assert_int_equal(visibility_process(&e, &f), VIS_DEPENDS);
	f.assigned = VIS_YES;
	assert_int_equal(visibility_process(&e, &f), VIS_VISIBLE);
	f.assigned = VIS_UNKNOWN;
	f.staff = VIS_YES;
	assert_int_equal(visibility_process(&e, &f), VIS_VISIBLE);
	f.assigned = VIS_NO;
	f.staff = VIS_NO;
	assert_int_equal(visibility_process(&e, &f), VIS_HIDDEN);
	f.created_by = 7;
	f.staff = VIS_UNKNOWN;
	assert_int_equal(visibility_process(&e, &f), VIS_VISIBLE);
	f.org_id = 2;
	assert_int_equal(visibility_process(&e, &f), VIS_HIDDEN);
	assert_int_equal(visibility_process(&a, &f), VIS_HIDDEN);
}

/* ---- the rule, the SQL filter and the cache on one database ------------- */

/*
 * Org 1: admin 1; employees 2 (files Vorgänge), 3 (assigned), 4 (staff at
 * property 1), 5 (staff at property 2), 11..19 (assigned to Vorgang 2,
 * so that it has more assignees than a cache entry notes); contacts 6
 * (reports) and 7. Org 2: admin 8, employee 9, contact 10.
 */
static const char seed[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0), "
    " (2, 'XYZ', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, created_at) "
    "VALUES (1, 1, 'employee', 'Admin', 'a@abc.example', 1, 0),"
    " (2, 1, 'employee', 'Filer', 'f@abc.example', 0, 0),"
    " (3, 1, 'employee', 'Assignee', 'as@abc.example', 0, 0),"
    " (4, 1, 'employee', 'Staff', 's@abc.example', 0, 0),"
    " (5, 1, 'employee', 'Elsewhere', 'e@abc.example', 0, 0),"
    " (6, 1, 'contact', 'Reporter', 'r@example.org', 0, 0),"
    " (7, 1, 'contact', 'Other', 'o@example.org', 0, 0),"
    " (8, 2, 'employee', 'X Admin', 'a@xyz.example', 1, 0),"
    " (9, 2, 'employee', 'X Employee', 'e@xyz.example', 0, 0),"
    " (10, 2, 'contact', 'X Contact', 'c@example.org', 0, 0),"
    " (11, 1, 'employee', 'M1', 'm1@abc.example', 0, 0),"
    " (12, 1, 'employee', 'M2', 'm2@abc.example', 0, 0),"
    " (13, 1, 'employee', 'M3', 'm3@abc.example', 0, 0),"
    " (14, 1, 'employee', 'M4', 'm4@abc.example', 0, 0),"
    " (15, 1, 'employee', 'M5', 'm5@abc.example', 0, 0),"
    " (16, 1, 'employee', 'M6', 'm6@abc.example', 0, 0),"
    " (17, 1, 'employee', 'M7', 'm7@abc.example', 0, 0),"
    " (18, 1, 'employee', 'M8', 'm8@abc.example', 0, 0),"
    " (19, 1, 'employee', 'M9', 'm9@abc.example', 0, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Haus 1', 'Weg 1', '80331', 'M', 0),"
    " (2, 1, 'Haus 2', 'Weg 2', '80331', 'M', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 4, 1), (1, 2, 5, 1);"
    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'S');"
    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
    " reporter_kind, reporter_id, created_by, subject, description, "
    " created_at, updated_at) VALUES "
    " (1, 1, 'V-1', 1, 1, 'contact', 6, 2, 's', 'd', 0, 0),"
    " (2, 1, 'V-2', 1, 1, 'contact', 6, 2, 's', 'd', 0, 0),"
    " (3, 1, 'V-3', 1, 2, 'contact', 6, 6, 's', 'd', 0, 0),"
    " (4, 1, 'V-4', 1, 2, 'employee', 5, 5, 's', 'd', 0, 0),"
    " (5, 1, 'V-5', 1, 1, 'contact', 7, 1, 's', 'd', 0, 0),"
    " (6, 1, 'V-6', 1, 1, 'employee', 5, 2, 's', 'd', 0, 0);"
    "INSERT INTO process_assignees(process_id, employee_id, role_id, reason) "
    "VALUES (1, 3, 1, 'r'), (4, 4, 1, 'r'), (2, 11, 1, 'r'), (2, 12, 1, 'r'),"
    " (2, 13, 1, 'r'), (2, 14, 1, 'r'), (2, 15, 1, 'r'), (2, 16, 1, 'r'),"
    " (2, 17, 1, 'r'), (2, 18, 1, 'r'), (2, 19, 1, 'r'), (2, 3, 1, 'r');";

/* The seed as the rule sees it. */
static const struct {
	int64_t id, property_id, created_by, reporter_id;
	int64_t assignees[10];
} vorgaenge[] = {
    {1, 1, 2, 6, {3}},
    {2, 1, 2, 6, {11, 12, 13, 14, 15, 16, 17, 18, 19, 3}},
    {3, 2, 6, 6, {0}},
    {4, 2, 5, 5, {4}},
    {5, 1, 1, 7, {0}},
    {6, 1, 2, 5, {0}},
};
static const struct {
	int64_t property_id, employee_id;
} staff[] = {{1, 4}, {2, 5}};

/* Every user of the seed as who they are, and each of org 1's also as
 * if they were of org 2 (a viewer of another organisation whose id
 * stands in every relation). */
static const struct viewer viewers[] = {
    {1, 1, VIEW_ADMIN},
    {1, 2, VIEW_EMPLOYEE},
    {1, 3, VIEW_EMPLOYEE},
    {1, 4, VIEW_EMPLOYEE},
    {1, 5, VIEW_EMPLOYEE},
    {1, 11, VIEW_EMPLOYEE},
    {1, 6, VIEW_CONTACT},
    {1, 7, VIEW_CONTACT},
    {2, 8, VIEW_ADMIN},
    {2, 9, VIEW_EMPLOYEE},
    {2, 10, VIEW_CONTACT},
    {2, 1, VIEW_ADMIN},
    {2, 2, VIEW_EMPLOYEE},
    {2, 3, VIEW_EMPLOYEE},
    {2, 4, VIEW_EMPLOYEE},
    {2, 6, VIEW_CONTACT},
    /* Kinds the seed does not give them: the rule goes by the kind. */
    {1, 5, VIEW_CONTACT},
    {1, 6, VIEW_EMPLOYEE},
    {1, 2, VIEW_CONTACT},
};

static char dir[64], path[128];
static struct db_conn *rd;

static int
setup(void **state)
{
	(void)state;
	writer_db_create(dir, sizeof(dir), "/tmp/hd-visibility-XXXXXX", path,
	    sizeof(path), "v.db");
	vcache_start(4 * 1024 * 1024);
	if (store_feed_start() != HD_OK || db_writer_open(path) != HD_OK)
		return -1;
	job(seed);
	return db_open(path, DB_EXISTING, &rd) == HD_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	db_close(rd);
	db_writer_close();
	store_feed_stop();
	vcache_stop();
	writer_db_remove(dir, "v.db");
	return 0;
}

/* The facts of Vorgang k of the seed for viewer v, all known. */
static struct vis_facts
seed_facts(size_t k, const struct viewer *v)
{
	struct vis_facts f = {1, vorgaenge[k].created_by,
	    vorgaenge[k].reporter_id, VIS_NO, VIS_NO};

	for (size_t i = 0; i < N_ELEMS(vorgaenge[k].assignees); i++)
		if (vorgaenge[k].assignees[i] == v->user_id)
			f.assigned = VIS_YES;
	for (size_t i = 0; i < N_ELEMS(staff); i++)
		if (staff[i].property_id == vorgaenge[k].property_id &&
		    staff[i].employee_id == v->user_id)
			f.staff = VIS_YES;
	return f;
}

/* Whether the answer cache's check (a hit of store_process_answer) lets
 * v see Vorgang id. */
static bool
cache_says(const struct viewer *v, int64_t id)
{
	struct vc_stats before, after;
	struct hd_buf b;
	enum hd_status st;

	vcache_stats(&before);
	hd_buf_init(&b, 1 << 20);
	st = store_process_answer(rd, v, id, &b);
	hd_buf_cleanup(&b);
	vcache_stats(&after);
	assert_int_equal(after.hits, before.hits + 1); /* it was a hit */
	assert_true(st == HD_OK || st == HD_ENOTFOUND);
	return st == HD_OK;
}

static void
the_sql_filter_and_the_cache_say_what_the_rule_says(void **state)
{
	struct viewer admin = {1, 1, VIEW_ADMIN};
	int seen = 0, hidden = 0;
	struct hd_buf b;

	(void)state;
	/* The admin's reads fill the cache (full answers). */
	for (size_t k = 0; k < N_ELEMS(vorgaenge); k++) {
		hd_buf_init(&b, 1 << 20);
		assert_int_equal(
		    store_process_answer(rd, &admin, vorgaenge[k].id, &b),
		    HD_OK);
		hd_buf_cleanup(&b);
	}
	for (size_t k = 0; k < N_ELEMS(vorgaenge); k++) {
		for (size_t i = 0; i < N_ELEMS(viewers); i++) {
			const struct viewer *v = &viewers[i];
			struct vis_facts f = seed_facts(k, v);
			int64_t id = vorgaenge[k].id;
			bool rule, sql;
			enum hd_status st;

			rule = visibility_process(v, &f) == VIS_VISIBLE;
			st = store_process_visible(rd, v, id);
			assert_true(st == HD_OK || st == HD_ENOTFOUND);
			sql = st == HD_OK;
			if (sql != rule)
				fail_msg("Vorgang %lld, viewer %lld (org %lld, "
					 "kind %d): rule %d, SQL %d",
				    (long long)id, (long long)v->user_id,
				    (long long)v->org_id, v->kind, rule, sql);
			/* Contacts are never answered from the cache. */
			if (v->kind != VIEW_CONTACT &&
			    cache_says(v, id) != rule)
				fail_msg("Vorgang %lld, viewer %lld (org %lld, "
					 "kind %d): rule %d, cache %d",
				    (long long)id, (long long)v->user_id,
				    (long long)v->org_id, v->kind, rule, !rule);
			if (rule)
				seen++;
			else
				hidden++;
		}
	}
	/* Both answers occur, for every kind of case above. */
	assert_true(seen >= 20);
	assert_true(hidden >= 40);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_rule_follows_the_table_of_who_may_see_what),
	    cmocka_unit_test(the_viewer_kinds_keep_their_numbers),
	    cmocka_unit_test(
		an_unknown_fact_matters_only_when_nothing_else_decides),
	    cmocka_unit_test_setup_teardown(
		the_sql_filter_and_the_cache_say_what_the_rule_says, setup,
		teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
