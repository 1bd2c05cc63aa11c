/* SPDX-License-Identifier: MIT */
/*
 * The reminder job's store (src/store/remind.c) against a real SQLite
 * file: which Vorgänge are due at a time and for which level, that a
 * level is written once, that an answer (responded_at) or another status
 * takes a Vorgang out, and whom an escalation goes to. The job's rounds
 * end to end are tests/api/reminders.test.js.
 */
#include "db/db.h"
#include "db_sqlite_h.h"
#include "store/remind.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define H 3600

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
};

/* Max-Planck-Straße 12: Herr Schmidt (2) assignee; Herr Lang (3) holds
 * the fallback role Verwaltung; Frau Admin (1) admin. Type 1 answers in
 * 24 h, type 2 has no response time. Vorgänge 1..4 filed at 0. */
static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at, locale) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'a@abc.example', 1, 1, 0, 'de'),"
    " (2, 1, 'employee', 'Herr Schmidt', 's@abc.example', 0, 1, 0, 'de'),"
    " (3, 1, 'employee', 'Herr Lang', 'l@abc.example', 0, 1, 0, 'en'),"
    " (4, 1, 'contact', 'Herr Müller', 'm@example.org', 0, 1, 0, 'de');"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Sachbearbeitung'),"
    " (2, 1, 'Verwaltung');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Max-Planck-Straße 12', 'MPS 12', "
    " '80331', 'München', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1), (1, 1, 3, 2);"
    "INSERT INTO process_types(id, org_id, name, response_hours) VALUES "
    " (1, 1, 'Schadensmeldung', 24), (2, 1, 'Sonstiges', NULL);"
    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
    " reporter_kind, reporter_id, created_by, subject, description, "
    " created_at, updated_at, status) VALUES "
    " (1, 1, 'V-1', 1, 1, 'contact', 4, 4, 'a', 'b', 0, 0, 'open'),"
    " (2, 1, 'V-2', 2, 1, 'contact', 4, 4, 'a', 'b', 0, 0, 'open'),"
    " (3, 1, 'V-3', 1, 1, 'contact', 4, 4, 'a', 'b', 0, 0, 'waiting'),"
    " (4, 1, 'V-4', 1, 1, 'contact', 4, 4, 'a', 'b', 0, 0, 'open');"
    "UPDATE processes SET responded_at = 3600 WHERE id = 4;"
    "INSERT INTO process_assignees(process_id, employee_id, role_id) "
    " VALUES (1, 2, 1);";

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-remind-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK ||
	    sqlite3_exec(test_sqlite(f->c), seed_sql, NULL, NULL, NULL) !=
		SQLITE_OK) {
		db_close(f->c);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[160];

	db_close(f->c);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static size_t
due_at(struct fx *f, int64_t now, struct remind_due *due)
{
	size_t n = 0;

	assert_int_equal(store_remind_due(f->c, now, due, 8, &n), HD_OK);
	return n;
}

static void
levels_follow_the_response_time(void **state)
{
	struct remind_due d = {
	    .id = 1, .hours = 24, .level = 0, .created_at = 1000};

	(void)state;
	assert_int_equal(store_remind_level_at(&d, 1000 + 24 * H - 1), 0);
	assert_int_equal(store_remind_level_at(&d, 1000 + 24 * H), 1);
	assert_int_equal(store_remind_level_at(&d, 1000 + 48 * H - 1), 1);
	assert_int_equal(store_remind_level_at(&d, 1000 + 48 * H), 2);
	d.hours = 0;
	assert_int_equal(store_remind_level_at(&d, 1000 + 480 * H), 0);
}

static void
only_open_unanswered_vorgaenge_past_their_time_are_due_each_level_once(
    void **state)
{
	struct fx *f = *state;
	struct remind_due due[8];

	assert_int_equal(due_at(f, 24 * H - 1, due), 0);
	/* 2 has no response time, 3 is waiting, 4 was answered. */
	assert_int_equal(due_at(f, 24 * H, due), 1);
	assert_int_equal(due[0].id, 1);
	assert_int_equal(due[0].hours, 24);
	assert_int_equal(due[0].level, 0);
	assert_int_equal(store_remind_set_level(f->c, 1, 1), HD_OK);
	assert_int_equal(due_at(f, 24 * H + 10, due), 0);
	assert_int_equal(due_at(f, 48 * H, due), 1);
	assert_int_equal(due[0].level, 1);
	assert_int_equal(store_remind_set_level(f->c, 1, 2), HD_OK);
	/* Never lowered. */
	assert_int_equal(store_remind_set_level(f->c, 1, 1), HD_OK);
	assert_int_equal(due_at(f, 480 * H, due), 0);
}

static void
an_escalation_goes_to_the_fallback_roles_holders_else_the_admins(void **state)
{
	struct fx *f = *state;
	struct store_addressee *to = NULL;
	size_t n = 0;

	assert_int_equal(
	    db_script(f->c, "UPDATE orgs SET fallback_role_id = 2"), HD_OK);
	assert_int_equal(store_remind_escalation_to(f->c, 1, &to, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(to[0].name, "Herr Lang");
	assert_string_equal(to[0].email, "l@abc.example");
	assert_int_equal(to[0].lang, 1); /* English */
	free(to);
	/* Herr Lang deactivated: the admins. */
	assert_int_equal(
	    db_script(f->c, "UPDATE users SET active = 0 WHERE id = 3"), HD_OK);
	assert_int_equal(store_remind_escalation_to(f->c, 1, &to, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(to[0].name, "Frau Admin");
	free(to);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(levels_follow_the_response_time),
	    T(only_open_unanswered_vorgaenge_past_their_time_are_due_each_level_once),
	    T(an_escalation_goes_to_the_fallback_roles_holders_else_the_admins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
