/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of issue 13's people parts in the store: the folded
 * employee search (store_employee_search) and the wait for an answer
 * (processes.awaiting_since, migration 019) kept by comments.
 */
#include "store/handover.h"
#include "store_fx.h"

static const char people_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0), "
    " (2, 'XYZ', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Weiß-Müller', 'wm@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Herr Schmidt', 'schmidt@abc.example', 0, 1, 0),"
    " (3, 1, 'employee', 'Herr Lang', 'lang@abc.example', 0, 0, 0),"
    " (4, 2, 'employee', 'Herr Mueller', 'm@xyz.example', 0, 1, 0),"
    " (5, 1, 'contact', 'Frau Müller', 'fm@example.org', 0, 1, 0);"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Au 1', 'Au 1', '80331', 'München', 0);"
    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'S');";

static int
setup_people(void **state)
{
	struct fx *f;

	if (setup(state) != 0)
		return -1;
	f = *state;
	exec_sql(f, people_sql);
	return 0;
}

/* The names found for q (active: 1, 0 or -1), joined by "|". */
static const char *
found(struct fx *f, const char *q, int active, char *buf, size_t n)
{
	int64_t next = 0;
	json_t *items = NULL, *e;
	size_t i;

	assert_int_equal(
	    store_employee_search(f->c, 1, q, active, 0, 50, &next, &items),
	    HD_OK);
	buf[0] = '\0';
	json_array_foreach(items, i, e)
	{
		size_t at = strlen(buf);

		snprintf(buf + at, n - at, "%s%s", i > 0 ? "|" : "",
		    json_string_value(json_object_get(e, "name")));
	}
	json_decref(items);
	return buf;
}

static void
employee_search_folds_umlauts_and_sharp_s_and_keeps_to_the_org(void **state)
{
	struct fx *f = *state;
	char b[512];

	for (const char *const *q = (const char *const[]){"mueller", "muller",
		 "MÜLLER", "weiss", "weiß m", NULL};
	     *q != NULL; q++)
		assert_string_equal(
		    found(f, *q, -1, b, sizeof(b)), "Frau Weiß-Müller");
	/* the e-mail too; contacts and other organisations never */
	assert_string_equal(
	    found(f, "schmidt@", -1, b, sizeof(b)), "Herr Schmidt");
	assert_string_equal(
	    found(f, "herr", -1, b, sizeof(b)), "Herr Schmidt|Herr Lang");
	assert_string_equal(found(f, "herr", 1, b, sizeof(b)), "Herr Schmidt");
	assert_string_equal(found(f, NULL, 0, b, sizeof(b)), "Herr Lang");
	assert_string_equal(found(f, "nobody", -1, b, sizeof(b)), "");
}

static void
employee_search_pages_by_id(void **state)
{
	struct fx *f = *state;
	int64_t next = 0;
	json_t *items = NULL;

	assert_int_equal(
	    store_employee_search(f->c, 1, "herr", -1, 0, 1, &next, &items),
	    HD_OK);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(next, 2);
	json_decref(items);
	assert_int_equal(
	    store_employee_search(f->c, 1, "herr", -1, next, 1, &next, &items),
	    HD_OK);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(items, 0), "id")),
	    3);
	assert_int_equal(next, 0);
	json_decref(items);
}

static void
the_wait_for_an_answer_follows_public_comments(void **state)
{
	struct fx *f = *state;
	struct viewer staff = {1, 2, VIEW_EMPLOYEE};
	struct viewer tenant = {1, 5, VIEW_CONTACT};
	int64_t c;

	exec_sql(f, "INSERT INTO processes(id, org_id, number, type_id, "
		    "property_id, reporter_kind, reporter_id, created_by, "
		    "subject, description, created_at, updated_at, "
		    "awaiting_since) VALUES (1, 1, 'V-2026-00001', 1, 1, "
		    "'contact', 5, 5, 's', 'd', 100, 100, 100)");
	/* an internal note answers nobody */
	assert_int_equal(
	    store_comment_insert(f->c, &staff, 1, "intern", true, &c), HD_OK);
	assert_int_equal(
	    q_int(f, "SELECT awaiting_since FROM processes WHERE id = 1"), 100);
	/* staff's public answer ends the wait */
	assert_int_equal(
	    store_comment_insert(f->c, &staff, 1, "Wir kommen", false, &c),
	    HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM processes WHERE id = "
				  "1 AND awaiting_since IS NULL"),
	    1);
	/* the reporter's reply starts a new one, a second keeps it */
	assert_int_equal(
	    store_comment_insert(f->c, &tenant, 1, "Wann?", false, &c), HD_OK);
	exec_sql(f, "UPDATE processes SET awaiting_since = 200 WHERE id = 1");
	assert_int_equal(
	    store_comment_insert(f->c, &tenant, 1, "Hallo?", false, &c), HD_OK);
	assert_int_equal(
	    q_int(f, "SELECT awaiting_since FROM processes WHERE id = 1"), 200);
}

static void
handover_reads_the_state_and_the_open_assignments(void **state)
{
	struct fx *f = *state;
	int64_t ids[4];
	size_t n = 0;
	bool active = true;

	assert_int_equal(store_employee_active(f->c, 1, 3, &active), HD_OK);
	assert_false(active);
	assert_int_equal(
	    store_employee_active(f->c, 1, 4, &active), HD_ENOTFOUND);
	assert_int_equal(
	    store_employee_active(f->c, 1, 5, &active), HD_ENOTFOUND);
	exec_sql(f,
	    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
	    "reporter_kind, reporter_id, created_by, subject, description, "
	    "status, created_at, updated_at) VALUES "
	    "(1, 1, 'V-1', 1, 1, 'contact', 5, 5, 's', 'd', 'open', 0, 0),"
	    "(2, 1, 'V-2', 1, 1, 'contact', 5, 5, 's', 'd', 'resolved', 0, 0),"
	    "(3, 1, 'V-3', 1, 1, 'contact', 5, 5, 's', 'd', 'waiting', 0, 0);"
	    "INSERT INTO process_assignees(process_id, employee_id, status) "
	    "VALUES (1, 3, 'open'), (2, 3, 'resolved'), (3, 3, 'waiting'), "
	    "(3, 2, 'waiting');");
	assert_int_equal(store_handover_open(f->c, 1, 3, ids, 4, &n), HD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 3);
	assert_int_equal(store_handover_open(f->c, 2, 3, ids, 4, &n), HD_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
#define P(fn) cmocka_unit_test_setup_teardown(fn, setup_people, teardown)
	const struct CMUnitTest tests[] = {
	    P(employee_search_folds_umlauts_and_sharp_s_and_keeps_to_the_org),
	    P(employee_search_pages_by_id),
	    P(the_wait_for_an_answer_follows_public_comments),
	    P(handover_reads_the_state_and_the_open_assignments),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
