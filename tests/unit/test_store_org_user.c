/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the store: organisations (store_org_ensure) and employees.
 */
#include "store_fx.h"

/* ---- setting: store_org_ensure ----------------------------------------- */

#define FAKE_HASH "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"

static void
org_ensure_creates_org_and_admin_once(void **state)
{
	struct fx *f = *state;
	struct store_user u;
	int64_t org = 0, org2 = 0;
	bool created = false;
	char buf[256];

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@abc.example",
		"Frau Admin", FAKE_HASH, &org, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_true(created);
	assert_true(org > 0);
	assert_int_equal(count_orgs(f), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 1);
	assert_int_equal(
	    store_user_by_email(f->c, "admin@abc.example", &u), HD_OK);
	assert_int_equal(u.org_id, org);
	assert_true(u.is_employee);
	assert_true(u.is_admin);
	assert_true(u.active);
	assert_true(u.has_password);
	assert_string_equal(u.name, "Frau Admin");
	assert_string_equal(u.password_hash, FAKE_HASH);
	assert_int_equal(store_org_name(f->c, org, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, "ABC Hausverwaltung");

	/* Again: nothing new, not even for a different admin address. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@abc.example",
		"Frau Admin", FAKE_HASH, &org2, &created),
	    HD_OK);
	assert_false(created);
	assert_int_equal(org2, org);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "chef@abc.example",
		"Herr Chef", FAKE_HASH, &org2, &created),
	    HD_OK);
	assert_false(created);
	assert_int_equal(org2, org);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_orgs(f), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 1);
}

static void
org_ensure_gives_an_admin_email_of_another_org_its_own_account(void **state)
{
	struct fx *f = *state;
	struct store_user u[2];
	int64_t abc = 0, xyz = 0;
	bool created = false;
	size_t n = 0;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@abc.example",
		"Frau Admin", FAKE_HASH, &abc, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);

	/* A new organisation whose admin is ABC's admin too: a login is
	 * unique per organisation, so that is a second account. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "XYZ Immobilien", "Admin@ABC.example",
		"Herr X", FAKE_HASH, &xyz, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_true(created);
	assert_int_not_equal(xyz, abc);
	assert_int_equal(count_orgs(f), 2);
	assert_int_equal(
	    store_user_by_address(f->c, "admin@abc.example", 0, true, u, 2, &n),
	    HD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(u[0].org_id, abc);
	assert_int_equal(u[1].org_id, xyz);
	assert_true(u[1].is_admin);

	/* An existing organisation named with another admin address is
	 * left as it is. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_org_ensure(f->c, "ABC Hausverwaltung", "admin@xyz.example",
		"Herr X", FAKE_HASH, &abc, &created),
	    HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_false(created);
	assert_int_equal(count_orgs(f), 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 2);
}

/* ---- user: employees --------------------------------------------------- */

static void
employee_email_is_unique_per_org_regardless_of_case(void **state)
{
	struct fx *f = *state;
	struct store_user u;
	int64_t id = 0, id2 = 0, id3 = 0;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Huber",
			     "huber@abc.example", false, &id),
	    HD_OK);
	assert_true(id > 0);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Huber 2",
			     "HUBER@abc.EXAMPLE", false, &id2),
	    HD_ECONFLICT);
	/* Another organisation may have an account with the address. */
	assert_int_equal(store_employee_insert(f->c, 2, "Frau Huber",
			     "Huber@Abc.Example", true, &id3),
	    HD_OK);
	assert_int_not_equal(id3, id);
	assert_int_equal(store_employee_insert(f->c, 2, "Frau Huber 3",
			     "huber@abc.example", false, &id2),
	    HD_ECONFLICT);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 2);
	/* Lookups ignore case as well (the first account: lowest id). */
	assert_int_equal(
	    store_user_by_email(f->c, "HuBeR@aBc.ExAmPlE", &u), HD_OK);
	assert_int_equal(u.id, id);
	assert_false(u.is_admin);
	assert_false(u.has_password);
	assert_string_equal(u.email, "huber@abc.example");
	assert_int_equal(
	    store_user_by_email(f->c, "schmidt@abc.example", &u), HD_ENOTFOUND);
}

static void
employee_email_may_not_be_a_contacts_email(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;

	two_orgs(f);
	exec_sql(f, "INSERT INTO users(org_id, kind, name, email, created_at) "
		    "VALUES (1, 'contact', 'Herr Müller', "
		    "'mueller@example.org', 0)");
	assert_int_equal(store_employee_insert(f->c, 1, "Herr Müller",
			     "Mueller@Example.org", false, &id),
	    HD_ECONFLICT);
	assert_int_equal(q_int(f, "SELECT count(*) FROM users"), 1);
}

static void
employee_update_false_is_stored_and_null_leaves_unchanged(void **state)
{
	struct fx *f = *state;
	const bool no = false, yes = true;
	struct store_user u;
	int64_t id = 0;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Admin",
			     "admin@abc.example", true, &id),
	    HD_OK);

	/* is_admin = false really stores false. */
	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, &no, NULL), HD_OK);
	assert_int_equal(q_int(f, "SELECT is_admin FROM users WHERE id = %lld",
			     (long long)id),
	    0);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_false(u.is_admin);
	assert_true(u.active);
	assert_string_equal(u.name, "Frau Admin");

	/* NULL everywhere but the name: flags stay as they are. */
	assert_int_equal(
	    store_employee_update(f->c, 1, id, "Frau Dr. Admin", NULL, NULL),
	    HD_OK);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_string_equal(u.name, "Frau Dr. Admin");
	assert_false(u.is_admin);
	assert_true(u.active);

	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, &yes, NULL), HD_OK);
	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, NULL, &no), HD_OK);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_true(u.is_admin);
	assert_false(u.active);
	assert_string_equal(u.name, "Frau Dr. Admin");
	assert_int_equal(
	    q_int(f, "SELECT active FROM users WHERE id = %lld", (long long)id),
	    0);

	assert_int_equal(
	    store_employee_update(f->c, 1, id, NULL, NULL, &yes), HD_OK);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_true(u.is_admin);
	assert_true(u.active);
}

static void
employee_update_of_unknown_or_foreign_employee_is_not_found(void **state)
{
	struct fx *f = *state;
	const bool no = false;
	struct store_user u;
	int64_t id = 0, contact;

	two_orgs(f);
	assert_int_equal(store_employee_insert(f->c, 1, "Frau Admin",
			     "admin@abc.example", true, &id),
	    HD_OK);
	exec_sql(f, "INSERT INTO users(org_id, kind, name, email, created_at) "
		    "VALUES (1, 'contact', 'Herr Müller', "
		    "'mueller@example.org', 0)");
	contact = q_int(f, "SELECT id FROM users WHERE kind = 'contact'");

	assert_int_equal(
	    store_employee_update(f->c, 2, id, "Gekapert", &no, &no),
	    HD_ENOTFOUND);
	assert_int_equal(
	    store_employee_update(f->c, 1, id + 1000, NULL, &no, NULL),
	    HD_ENOTFOUND);
	assert_int_equal(
	    store_employee_update(f->c, 1, contact, "X", NULL, NULL),
	    HD_ENOTFOUND);
	assert_int_equal(store_user_get(f->c, id, &u), HD_OK);
	assert_string_equal(u.name, "Frau Admin");
	assert_true(u.is_admin);
	assert_true(u.active);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(org_ensure_creates_org_and_admin_once),
	    T(org_ensure_gives_an_admin_email_of_another_org_its_own_account),
	    T(employee_email_is_unique_per_org_regardless_of_case),
	    T(employee_email_may_not_be_a_contacts_email),
	    T(employee_update_false_is_stored_and_null_leaves_unchanged),
	    T(employee_update_of_unknown_or_foreign_employee_is_not_found),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
