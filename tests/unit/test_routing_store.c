/* SPDX-License-Identifier: MIT */
/*
 * Routing as the server does it (src/app/process.c over
 * src/store/routing.c) against a real SQLite file: every role of a type is
 * loaded, however many, and a read that fails while routing fails the
 * create instead of routing as if the row were not there. A failed read is
 * provoked with sqlite3_interrupt() from a trace callback at the start of the
 * one statement chosen by a piece of its SQL, so the step itself fails, as it
 * would on an I/O error.
 */
#include "app/process.h"
#include "db/db.h"
#include "db_sqlite_h.h"
#include "store/process.h"
#include "util/config.h"
#include "util/str.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
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
	bool pending;	      /* the statement just begun is to fail */
};

enum { U_ADMIN = 1, U_HUBER, U_SCHMIDT, U_MUELLER };
enum { R_BUCH = 1, R_SACH };
enum { P_MPS = 1 };
enum { T_INVOICE = 1, T_NOROLE };

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES "
    " (1, 'ABC Hausverwaltung', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0),"
    " (3, 1, 'employee', 'Herr Schmidt', 'schmidt@abc.example', 0, 1, 0),"
    " (4, 1, 'contact', 'Herr Müller', 'mueller@example.org', 0, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES "
    " (1, 1, 'Buchhaltung'), (2, 1, 'Sachbearbeitung');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Max-Planck-Straße 12', "
    " 'Max-Planck-Straße 12', '80331', 'München', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1), (1, 1, 3, 2);"
    "INSERT INTO process_types(id, org_id, name, portal) VALUES "
    " (1, 1, 'Frage zur Rechnung', 1), (2, 1, 'Sonstiges', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) VALUES "
    " (1, 1, 0);"
    "INSERT INTO residents(org_id, property_id, contact_id, relation, "
    " created_at) VALUES (1, 1, 4, 'tenant', 0);";

static const struct viewer v_mueller = {1, U_MUELLER, VIEW_CONTACT};
static const struct viewer v_admin = {1, U_ADMIN, VIEW_ADMIN};

/* ---- fixture ----------------------------------------------------------- */

static void
remove_db(struct fx *f)
{
	char p[160];

	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
}

/* At the start of each statement: marks the chosen one, which the
 * progress handler then interrupts, so that its sqlite3_step() returns
 * SQLITE_INTERRUPT. Not sqlite3_interrupt(): its flag stays set while any
 * statement of the connection is active, and FTS5 (migration 016) keeps a
 * blob handle open until the transaction ends, so the ROLLBACK after
 * the failure would fail too. */
static int
on_stmt(unsigned type, void *cls, void *p, void *x)
{
	struct fx *f = cls;

	(void)p;
	if (type == SQLITE_TRACE_STMT && f->fail_sql != NULL &&
	    strstr((const char *)x, f->fail_sql) != NULL) {
		f->failed++;
		f->pending = true;
	}
	return 0;
}

static int
on_progress(void *cls)
{
	struct fx *f = cls;

	if (!f->pending)
		return 0;
	f->pending = false;
	return 1;
}

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-routing-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK ||
	    sqlite3_exec(test_sqlite(f->c), seed_sql, NULL, NULL, NULL) !=
		SQLITE_OK) {
		db_close(f->c);
		remove_db(f);
		free(f);
		return -1;
	}
	sqlite3_trace_v2(test_sqlite(f->c), SQLITE_TRACE_STMT, on_stmt, f);
	sqlite3_progress_handler(test_sqlite(f->c), 1, on_progress, f);
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

static void
exec_sql(struct fx *f, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(test_sqlite(f->c), sql, NULL, NULL, &err) !=
	    SQLITE_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", err ? err : "?");
		sqlite3_free(err);
		fail_msg("SQL failed: %s", msg);
	}
}

/* The integer in the first column of the first row (-1: no row). */
static int64_t q_int(struct fx *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int64_t
q_int(struct fx *f, const char *fmt, ...)
{
	char sql[1024];
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(test_sqlite(f->c), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg(
		    "prepare %s: %s", sql, sqlite3_errmsg(test_sqlite(f->c)));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Rows written for Vorgänge in any table. */
static int64_t
count_process_rows(struct fx *f)
{
	return q_int(f, "SELECT (SELECT count(*) FROM processes) + "
			"(SELECT count(*) FROM process_counters) + "
			"(SELECT count(*) FROM process_assignees) + "
			"(SELECT count(*) FROM history) + "
			"(SELECT count(*) FROM outbox)");
}

/* Files a request in its own transaction, as the HTTP layer would. */
static enum hd_status
file_request(struct fx *f, const struct viewer *v, int64_t type_id,
    int64_t reporter_id, int64_t *id)
{
	struct process_new in = {0};
	const char *field = NULL;
	enum hd_status st;

	in.type_id = type_id;
	in.property_id = P_MPS;
	in.reporter_id = reporter_id;
	in.subject = "Nebenkostenabrechnung 2025";
	in.description = "Die Position Hausmeister ist doppelt berechnet.";
	*id = 0;
	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_process_file_in(f->c, v, &in, &field, id);
	if (st == HD_OK)
		st = db_commit(f->c);
	else
		db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 0);
	return st;
}

/* ---- every role of a type counts --------------------------------------- */

/* Gives type 3 n roles (new, ids 101..100+n, in that order) of which only
 * the last is held at the property, by Frau Huber. */
static void
type_with_roles(struct fx *f, int n)
{
	char sql[256];
	int i;

	exec_sql(f, "BEGIN; INSERT INTO process_types(id, org_id, name, "
		    "portal) VALUES (3, 1, 'Viele Rollen', 1)");
	for (i = 1; i <= n; i++) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO roles(id, org_id, name) VALUES "
		    "(%d, 1, 'Rolle %d');"
		    "INSERT INTO process_type_roles(type_id, role_id, "
		    "position) VALUES (3, %d, %d)",
		    100 + i, i, 100 + i, i - 1);
		exec_sql(f, sql);
	}
	snprintf(sql, sizeof(sql),
	    "INSERT INTO staff(org_id, property_id, employee_id, role_id) "
	    "VALUES (1, 1, %d, %d); COMMIT",
	    U_HUBER, 100 + n);
	exec_sql(f, sql);
}

static void
assigned_to_huber_for_the_last_role(struct fx *f, int64_t pid, int n)
{
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    0);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id * 1000 + role_id FROM "
			     "process_assignees WHERE process_id = %lld",
			     (long long)pid),
	    U_HUBER * 1000 + 100 + n);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM outbox WHERE process_id = "
			     "%lld AND kind = 'assigned' AND to_addr = "
			     "'huber@abc.example'",
			     (long long)pid),
	    1);
	/* Nobody else: the admins are not the fallback here. */
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM outbox WHERE process_id = "
			     "%lld AND to_addr = 'admin@abc.example'",
			     (long long)pid),
	    0);
}

/* The API accepts up to 100 roles per type (STORE_PTYPE_MAX_ROLES): the
 * 100th must route like the first. */
static void
type_with_100_roles_routes_to_the_holder_of_the_100th(void **state)
{
	struct fx *f = *state;
	int64_t pid;

	type_with_roles(f, 100);
	assert_int_equal(file_request(f, &v_mueller, 3, 0, &pid), HD_OK);
	assigned_to_huber_for_the_last_role(f, pid, 100);
}

/* No cap at all: a type written past the API's limit (by an import or an
 * older version) still routes by every role it has. */
static void
type_with_300_roles_routes_to_the_holder_of_the_300th(void **state)
{
	struct fx *f = *state;
	int64_t pid;

	type_with_roles(f, 300);
	assert_int_equal(file_request(f, &v_mueller, 3, 0, &pid), HD_OK);
	assigned_to_huber_for_the_last_role(f, pid, 300);
}

/* ---- a failed read fails the create ------------------------------------ */

/* Files with the statement containing sql failing; the create must fail
 * with a server error and leave nothing behind. */
static void
create_fails_when(struct fx *f, int64_t type_id, const char *sql)
{
	int64_t pid = 0;
	enum hd_status st;

	f->fail_sql = sql;
	f->failed = 0;
	st = file_request(f, &v_mueller, type_id, 0, &pid);
	f->fail_sql = NULL;
	if (f->failed == 0)
		fail_msg("no statement ran with \"%s\"", sql);
	if (st != HD_EIO)
		fail_msg("create returned %d with \"%s\" failing, want HD_EIO",
		    (int)st, sql);
	assert_int_equal(count_process_rows(f), 0);
}

static void
failed_read_of_the_fallback_role_fails_the_create(void **state)
{
	struct fx *f = *state;
	int64_t pid;

	exec_sql(f, "UPDATE orgs SET fallback_role_id = 2 WHERE id = 1");
	/* Without the failure it goes to Herr Schmidt (the fallback role),
	 * not to the admins: routing as if no fallback were set is wrong. */
	create_fails_when(f, T_NOROLE, "o.fallback_role_id");
	assert_int_equal(file_request(f, &v_mueller, T_NOROLE, 0, &pid), HD_OK);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_SCHMIDT);
}

static void
failed_read_of_the_type_roles_staff_or_admins_fails_the_create(void **state)
{
	struct fx *f = *state;

	create_fails_when(f, T_INVOICE, "FROM process_type_roles tr");
	create_fails_when(f, T_INVOICE, "WHERE s.property_id = ?");
	create_fails_when(f, T_NOROLE, "AND is_admin");
}

/* Setting assignees: an employee who is not there is the caller's
 * mistake (HD_EINVAL, 422); a read that fails is not. */
static void
failed_read_of_a_new_assignee_is_an_error_not_a_bad_id(void **state)
{
	struct fx *f = *state;
	const int64_t ids[] = {U_SCHMIDT};
	const int64_t nobody[] = {999};
	const char *field = NULL;
	int64_t pid;
	enum hd_status st;

	assert_int_equal(
	    file_request(f, &v_mueller, T_INVOICE, 0, &pid), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	st =
	    app_process_change_in(f->c, &v_admin, pid, NULL, nobody, 1, &field);
	db_rollback(f->c);
	assert_int_equal(st, HD_EINVAL);
	f->fail_sql =
	    "SELECT name, email, locale FROM users WHERE id = ? AND org_id";
	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_process_change_in(f->c, &v_admin, pid, NULL, ids, 1, &field);
	db_rollback(f->c);
	f->fail_sql = NULL;
	assert_int_equal(f->failed, 1);
	assert_int_equal(st, HD_EIO);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_HUBER);
}

/* The name of whoever changes a Vorgang goes into its history: a read
 * that fails is an error, not "no such user". */
static void
failed_read_of_the_actors_name_is_an_error(void **state)
{
	struct fx *f = *state;
	const enum hd_pstatus to = HD_PS_CLOSED;
	const char *field = NULL;
	int64_t pid;
	enum hd_status st;

	assert_int_equal(
	    file_request(f, &v_mueller, T_INVOICE, 0, &pid), HD_OK);
	f->fail_sql = "SELECT name FROM users WHERE id = ?";
	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_process_change_in(f->c, &v_admin, pid, &to, NULL, 0, &field);
	db_rollback(f->c);
	f->fail_sql = NULL;
	assert_true(f->failed >= 1);
	assert_int_equal(st, HD_EIO);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(type_with_100_roles_routes_to_the_holder_of_the_100th),
	    T(type_with_300_roles_routes_to_the_holder_of_the_300th),
	    T(failed_read_of_the_fallback_role_fails_the_create),
	    T(failed_read_of_the_type_roles_staff_or_admins_fails_the_create),
	    T(failed_read_of_a_new_assignee_is_an_error_not_a_bad_id),
	    T(failed_read_of_the_actors_name_is_an_error),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
