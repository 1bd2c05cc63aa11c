/* SPDX-License-Identifier: MIT */
/*
 * "Not found" and "broken" stay apart (issue 11): a store read that
 * fails on the database answers the failure, never HD_ENOTFOUND, and a
 * read of what is not there answers HD_ENOTFOUND. A failed read is
 * provoked with sqlite3_interrupt() from a trace callback at the start
 * of the one statement chosen by a piece of its SQL, so the step itself
 * fails, as on an I/O error.
 */
#include "db/db.h"
#include "db_sqlite_h.h"
#include "store/contact.h"
#include "store/outbox.h"
#include "store/pctx.h"
#include "store/process.h"
#include "store/property.h"
#include "store/ptype.h"
#include "store/role.h"
#include "store/setting.h"
#include "store/token.h"
#include "store/user.h"
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

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
	const char *fail_sql; /* interrupt statements containing this */
	int failed;	      /* how often that happened */
};

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0),"
    " (4, 1, 'contact', 'Herr Müller', 'mueller@example.org', 0, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Haus', 'Weg 1', '80331', 'München', 0);"
    "INSERT INTO units(id, org_id, property_id, label) "
    " VALUES (1, 1, 1, 'Whg 1');"
    "INSERT INTO staff(id, org_id, property_id, employee_id, role_id) "
    " VALUES (1, 1, 1, 2, 1);"
    "INSERT INTO residents(id, org_id, property_id, contact_id, unit_id, "
    " relation, created_at) VALUES (1, 1, 1, 4, 1, 'tenant', 0);"
    "INSERT INTO process_types(id, org_id, name, portal) "
    " VALUES (1, 1, 'Schaden', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) "
    " VALUES (1, 1, 0);"
    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
    " unit_id, reporter_kind, reporter_id, created_by, subject, "
    " description, created_at, updated_at) VALUES (1, 1, 'V-2026-00001', "
    " 1, 1, 1, 'contact', 4, 4, 'Wasser', 'Fleck', 0, 0);"
    "INSERT INTO process_assignees(process_id, employee_id, role_id, "
    " reason) VALUES (1, 2, 1, 'Technik');"
    "INSERT INTO history(process_id, id, at, event, text) "
    " VALUES (1, 1, 0, 'created', 'x');"
    "INSERT INTO outbox(id, org_id, to_addr, subject, body, kind, "
    " message_id, next_attempt_at, created_at) VALUES (1, 1, "
    " 'huber@abc.example', 's', 'b', 'assigned', '<m1@abc>', 0, 0);"
    "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, "
    " expires_at) VALUES ('sess', 2, 'c', 0, 9999999999);"
    "INSERT INTO api_tokens(id, org_id, user_id, name, token_hash, "
    " created_at) VALUES (1, 1, 1, 'ERP', 'tok', 0);";

static const struct viewer v_admin = {1, 1, VIEW_ADMIN};
static const struct viewer v_huber = {1, 2, VIEW_EMPLOYEE};
static const struct viewer v_mueller = {1, 4, VIEW_CONTACT};

static void
remove_db(struct fx *f)
{
	static const char *const ends[] = {"", "-wal", "-shm"};
	char p[160];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, ends[i]);
		unlink(p);
	}
	rmdir(f->dir);
}

/* At the start of each statement: interrupts the chosen one, so that its
 * sqlite3_step() returns SQLITE_INTERRUPT. */
static int
on_stmt(unsigned type, void *cls, void *p, void *x)
{
	struct fx *f = cls;

	(void)p;
	if (type == SQLITE_TRACE_STMT && f->fail_sql != NULL &&
	    strstr((const char *)x, f->fail_sql) != NULL) {
		f->failed++;
		sqlite3_interrupt(test_sqlite(f->c));
	}
	return 0;
}

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-errors-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK ||
	    db_script(f->c, seed_sql) != HD_OK) {
		db_close(f->c);
		remove_db(f);
		free(f);
		return -1;
	}
	sqlite3_trace_v2(test_sqlite(f->c), SQLITE_TRACE_STMT, on_stmt, f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	remove_db(f);
	free(f);
	return 0;
}

/* Makes the statements containing sql fail from now on (NULL: none). */
static void
fail_on(struct fx *f, const char *sql)
{
	f->fail_sql = sql;
	f->failed = 0;
}

/* st is a failure (not "not found"), and the chosen statement ran. */
static void
is_failure(struct fx *f, enum hd_status st)
{
	assert_int_not_equal(st, HD_OK);
	assert_int_not_equal(st, HD_ENOTFOUND);
	assert_true(f->failed > 0);
	f->fail_sql = NULL;
}

/* One object read: found, not found for a missing id, failed. */
#define READ_CASE(f, call_ok, call_missing, sql)                               \
	do {                                                                   \
		json_t *j = NULL;                                              \
		assert_int_equal(call_ok, HD_OK);                              \
		assert_non_null(j);                                            \
		json_decref(j);                                                \
		j = NULL;                                                      \
		assert_int_equal(call_missing, HD_ENOTFOUND);                  \
		assert_null(j);                                                \
		fail_on(f, sql);                                               \
		is_failure(f, call_ok);                                        \
		assert_null(j);                                                \
	} while (0)

static void
reads_of_one_object_tell_missing_from_failed(void **state)
{
	struct fx *f = *state;

	READ_CASE(f, store_contact_json(f->c, 1, 4, true, &j),
	    store_contact_json(f->c, 1, 2, true, &j), "kind = 'contact'");
	/* A contact's residences are part of it: their failure too. */
	READ_CASE(f, store_contact_json(f->c, 1, 4, true, &j),
	    store_contact_json(f->c, 1, 99, true, &j), "x.contact_id = ?");
	READ_CASE(f, store_employee_json(f->c, 1, 2, &j),
	    store_employee_json(f->c, 1, 4, &j), "kind = 'employee'");
	READ_CASE(f, store_role_json(f->c, 1, 1, &j),
	    store_role_json(f->c, 1, 99, &j), "FROM roles r");
	READ_CASE(f, store_property_json(f->c, 1, 1, 0, &j),
	    store_property_json(f->c, 1, 99, 0, &j), "FROM properties p");
	/* The property's units, read after it. */
	READ_CASE(f, store_property_json(f->c, 1, 1, 0, &j),
	    store_property_json(f->c, 1, 99, 0, &j), "FROM units u");
	READ_CASE(f, store_unit_json(f->c, 1, 1, &j),
	    store_unit_json(f->c, 1, 99, &j), "FROM units");
	READ_CASE(f, store_staff_json(f->c, 1, 1, &j),
	    store_staff_json(f->c, 1, 99, &j), "FROM staff s");
	READ_CASE(f, store_resident_json(f->c, 1, 1, &j),
	    store_resident_json(f->c, 1, 99, &j), "FROM residents x");
	READ_CASE(f, store_ptype_json(f->c, 1, 1, false, &j),
	    store_ptype_json(f->c, 1, 99, false, &j), "FROM process_types");
	READ_CASE(f, store_ptype_json(f->c, 1, 1, false, &j),
	    store_ptype_json(f->c, 1, 99, false, &j),
	    "FROM process_type_roles");
	READ_CASE(f, store_settings_json(f->c, 1, &j),
	    store_settings_json(f->c, 99, &j), "FROM orgs");
	READ_CASE(f, store_outbox_json(f->c, 1, 1, &j),
	    store_outbox_json(f->c, 1, 99, &j), "FROM outbox");
	READ_CASE(f, store_apitoken_json(f->c, 1, 1, &j),
	    store_apitoken_json(f->c, 1, 99, &j), "FROM api_tokens");
}

/* One page of a list: a failure is no empty page. */
#define LIST_CASE(f, call, sql)                                                \
	do {                                                                   \
		json_t *items = NULL;                                          \
		int64_t next = -1;                                             \
		assert_int_equal(call, HD_OK);                                 \
		assert_true(json_array_size(items) > 0);                       \
		json_decref(items);                                            \
		items = NULL;                                                  \
		fail_on(f, sql);                                               \
		is_failure(f, call);                                           \
		assert_null(items);                                            \
		(void)next;                                                    \
	} while (0)

static void
lists_fail_rather_than_answer_an_empty_page(void **state)
{
	struct fx *f = *state;

	LIST_CASE(f,
	    store_contact_list(f->c, 1, NULL, false, 0, 50, &next, &items),
	    "kind = 'contact'");
	LIST_CASE(f, store_employee_list(f->c, 1, 0, 50, &next, &items),
	    "kind = 'employee'");
	LIST_CASE(
	    f, store_role_list(f->c, 1, 0, 50, &next, &items), "FROM roles r");
	LIST_CASE(f,
	    store_property_list(f->c, 1, 0, NULL, false, 0, 50, &next, &items),
	    "FROM properties p");
	LIST_CASE(f, store_unit_list(f->c, 1, 1, 0, 0, 50, &next, &items),
	    "FROM units");
	LIST_CASE(f, store_staff_list(f->c, 1, 1, 0, 50, &next, &items),
	    "FROM staff s");
	LIST_CASE(f, store_resident_list(f->c, 1, 1, 0, 50, &next, &items),
	    "FROM residents x");
	LIST_CASE(f,
	    store_ptype_list(f->c, 1, false, false, 0, 50, &next, &items),
	    "FROM process_types");
	LIST_CASE(f, store_outbox_list(f->c, 1, 0, NULL, 0, 50, &next, &items),
	    "FROM outbox");
	LIST_CASE(f, store_apitoken_list(f->c, 1, 0, 50, &next, &items),
	    "FROM api_tokens");
}

/* A Vorgang read (as an employee does, and as a contact does, which the
 * answer cache never serves), a check of visibility and a list. */
static void
vorgang_reads_fail_rather_than_say_not_visible(void **state)
{
	struct fx *f = *state;
	const struct viewer *vs[] = {&v_admin, &v_huber, &v_mueller};
	struct process_filter flt = {0};
	struct hd_buf b;
	struct hd_jw w;
	struct pctx p;

	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		hd_buf_init(&b, 1 << 20);
		assert_int_equal(
		    store_process_answer(f->c, vs[i], 1, &b), HD_OK);
		hd_buf_cleanup(&b);
		hd_buf_init(&b, 1 << 20);
		assert_int_equal(
		    store_process_answer(f->c, vs[i], 99, &b), HD_ENOTFOUND);
		hd_buf_cleanup(&b);
		fail_on(f, "FROM processes p");
		hd_buf_init(&b, 1 << 20);
		is_failure(f, store_process_answer(f->c, vs[i], 1, &b));
		assert_int_equal(b.len, 0);
		hd_buf_cleanup(&b);
		/* Its history, read after the Vorgang itself. */
		fail_on(f, "FROM history");
		hd_buf_init(&b, 1 << 20);
		is_failure(f, store_process_answer(f->c, vs[i], 1, &b));
		hd_buf_cleanup(&b);

		assert_int_equal(store_process_visible(f->c, vs[i], 1), HD_OK);
		fail_on(f, "FROM processes p");
		is_failure(f, store_process_visible(f->c, vs[i], 1));

		hd_buf_init(&b, 1 << 20);
		hd_jw_init(&w, &b);
		assert_int_equal(
		    store_process_list_write(f->c, vs[i], &flt, 0, 50, &w),
		    HD_OK);
		hd_buf_cleanup(&b);
		fail_on(f, "FROM processes p");
		hd_buf_init(&b, 1 << 20);
		hd_jw_init(&w, &b);
		is_failure(
		    f, store_process_list_write(f->c, vs[i], &flt, 0, 50, &w));
		hd_buf_cleanup(&b);
	}
	assert_int_equal(pctx_load(f->c, 1, &p), HD_OK);
	pctx_cleanup(&p);
	assert_int_equal(pctx_load(f->c, 99, &p), HD_ENOTFOUND);
	fail_on(f, "JOIN users cu");
	is_failure(f, pctx_load(f->c, 1, &p));
}

/* A credential that cannot be looked up is no unknown credential (401):
 * the caller answers the failure. */
static void
credential_lookups_fail_rather_than_say_unknown(void **state)
{
	struct fx *f = *state;
	char csrf[64];
	struct store_user u;
	int64_t sid, exp;

	assert_int_equal(
	    store_session_lookup(f->c, "sess", 1, &u, &sid, csrf, &exp), HD_OK);
	assert_int_equal(
	    store_session_lookup(f->c, "nope", 1, &u, &sid, csrf, &exp),
	    HD_EUNAUTH);
	fail_on(f, "FROM sessions s");
	is_failure(
	    f, store_session_lookup(f->c, "sess", 1, &u, &sid, csrf, &exp));
	assert_int_equal(
	    store_apitoken_lookup(f->c, "tok", 1, &u, NULL, NULL, NULL), HD_OK);
	assert_int_equal(
	    store_apitoken_lookup(f->c, "nope", 1, &u, NULL, NULL, NULL),
	    HD_EUNAUTH);
	fail_on(f, "FROM api_tokens t");
	is_failure(
	    f, store_apitoken_lookup(f->c, "tok", 1, &u, NULL, NULL, NULL));
	assert_int_equal(store_user_get(f->c, 99, &u), HD_ENOTFOUND);
	fail_on(f, "FROM users WHERE id");
	is_failure(f, store_user_get(f->c, 2, &u));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(reads_of_one_object_tell_missing_from_failed),
	    T(lists_fail_rather_than_answer_an_empty_page),
	    T(vorgang_reads_fail_rather_than_say_not_visible),
	    T(credential_lookups_fail_rather_than_say_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
