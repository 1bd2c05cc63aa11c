/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the store: the seed scenario at store level: filing, routing,
 * numbers, visibility.
 */
#include "store_fx.h"

/* ---- process: the seed scenario at store level ------------------------- */

enum {
	U_ADMIN = 1,
	U_HUBER,
	U_SCHMIDT,
	U_MUELLER,
	U_MEIER,
	U_ALT, /* a deactivated admin */
	U_NEU, /* an employee without any Zuständigkeit */
	U_XYZ_ADMIN,
};
enum { R_BUCH = 1, R_SACH, R_TECH, R_XYZ };
enum { P_MPS = 1, P_GOETHE, P_XYZ };
enum { T_INVOICE = 1, T_DAMAGE, T_INTERNAL, T_NOROLE, T_LIFT, T_XYZ };

#define MPS "Max-Planck-Straße 12"

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES "
    " (1, 'ABC Hausverwaltung', 0), (2, 'XYZ Immobilien', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0),"
    " (3, 1, 'employee', 'Herr Schmidt', 'schmidt@abc.example', 0, 1, 0),"
    " (4, 1, 'contact', 'Herr Müller', 'mueller@example.org', 0, 1, 0),"
    " (5, 1, 'contact', 'Frau Meier', 'meier@example.org', 0, 1, 0),"
    " (6, 1, 'employee', 'Herr Alt', 'alt@abc.example', 1, 0, 0),"
    " (7, 1, 'employee', 'Frau Neu', 'neu@abc.example', 0, 1, 0),"
    " (8, 2, 'employee', 'Herr Fremd', 'admin@xyz.example', 1, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES "
    " (1, 1, 'Buchhaltung'), (2, 1, 'Sachbearbeitung'), (3, 1, 'Technik'),"
    " (4, 2, 'Buchhaltung');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES "
    " (1, 1, 'Max-Planck-Straße 12', 'Max-Planck-Straße 12', '80331', "
    "  'München', 0),"
    " (2, 1, 'Goethestraße 5', 'Goethestraße 5', '80336', 'München', 0),"
    " (3, 2, 'Fremdweg 1', 'Fremdweg 1', '10115', 'Berlin', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1), (1, 1, 3, 2);"
    "INSERT INTO process_types(id, org_id, name, portal) VALUES "
    " (1, 1, 'Frage zur Rechnung', 1), (2, 1, 'Schadensmeldung', 1),"
    " (3, 1, 'Interne Prüfung', 0), (4, 1, 'Sonstiges', 1),"
    " (5, 1, 'Aufzugsstörung', 1), (6, 2, 'Frage zur Rechnung', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) VALUES "
    " (1, 1, 0), (2, 2, 0), (3, 1, 0), (5, 3, 0), (6, 4, 0);"
    "INSERT INTO residents(org_id, property_id, contact_id, relation, "
    " created_at) VALUES (1, 1, 4, 'tenant', 0), (1, 1, 5, 'tenant', 0);";

static const struct viewer v_mueller = {1, U_MUELLER, VIEW_CONTACT};
static const struct viewer v_meier = {1, U_MEIER, VIEW_CONTACT};
static const struct viewer v_admin = {1, U_ADMIN, VIEW_ADMIN};
static const struct viewer v_huber = {1, U_HUBER, VIEW_EMPLOYEE};
static const struct viewer v_schmidt = {1, U_SCHMIDT, VIEW_EMPLOYEE};
static const struct viewer v_neu = {1, U_NEU, VIEW_EMPLOYEE};
static const struct viewer v_xyz_admin = {2, U_XYZ_ADMIN, VIEW_ADMIN};

static int
setup_seed(void **state)
{
	struct fx *f;

	if (setup(state) != 0)
		return -1;
	f = *state;
	if (sqlite3_exec(test_sqlite(f->c), seed_sql, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		fprintf(
		    stderr, "seed: %s\n", sqlite3_errmsg(test_sqlite(f->c)));
		teardown(state);
		return -1;
	}
	return 0;
}

/* Files a request in its own transaction, as the HTTP layer would. */
static enum hd_status
file_request(struct fx *f, const struct viewer *v, int64_t type_id,
    int64_t property_id, int64_t reporter_id, int64_t *id, const char **field)
{
	struct process_new in = {0};
	enum hd_status st;

	in.type_id = type_id;
	in.property_id = property_id;
	in.reporter_id = reporter_id;
	in.subject = "Nebenkostenabrechnung 2025";
	in.description = "Die Position Hausmeister ist doppelt berechnet.";
	*field = NULL;
	*id = 0;
	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_process_file_in(f->c, v, &in, field, id);
	if (st == HD_OK)
		st = db_commit(f->c);
	else
		db_rollback(f->c);
	assert_int_equal(db_depth(f->c), 0);
	return st;
}

static int64_t
contact_files(struct fx *f, int64_t type_id)
{
	const char *field;
	int64_t id = 0;

	assert_int_equal(
	    file_request(f, &v_mueller, type_id, P_MPS, 0, &id, &field), HD_OK);
	assert_true(id > 0);
	return id;
}

static int64_t
count_assignees(struct fx *f, int64_t pid)
{
	return q_int(f,
	    "SELECT count(*) FROM process_assignees WHERE process_id = %lld",
	    (long long)pid);
}

static int64_t
count_mails(struct fx *f, int64_t pid, const char *kind, const char *to)
{
	return q_int(f,
	    "SELECT count(*) FROM outbox WHERE process_id = %lld AND "
	    "kind = '%s' AND to_addr = '%s'",
	    (long long)pid, kind, to);
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

/* Writes Vorgang id as v sees it into a NUL-terminated heap string. */
static char *
written(struct fx *f, const struct viewer *v, int64_t id)
{
	struct hd_buf b;
	struct hd_jw w;
	char *out = NULL;
	size_t len;

	hd_buf_init(&b, 1 << 20);
	hd_jw_init(&w, &b);
	assert_int_equal(store_process_write(f->c, v, id, true, &w), HD_OK);
	assert_int_equal(hd_buf_take(&b, &out, &len), HD_OK);
	return out;
}

/*
 * Opening a Vorgang skips the comments query when its count (kept by the
 * triggers of migration 005) is 0: the count must follow every comment
 * however it is written, and the answer must still show each comment to
 * exactly those who may see it.
 */
static void
comment_count_follows_every_comment_and_the_answer_shows_them(void **state)
{
	struct fx *f = *state;
	int64_t id = contact_files(f, T_DAMAGE), cid = 0;
	char sql[256], *j;

	assert_int_equal(q_int(f,
			     "SELECT comment_count FROM processes WHERE "
			     "id = %lld",
			     (long long)id),
	    0);
	j = written(f, &v_schmidt, id);
	assert_non_null(strstr(j, "\"comments\":[]"));
	free(j);
	assert_int_equal(app_comment_add_in(f->c, &v_mueller, id,
			     "Bitte schnell kommen", false, &cid),
	    HD_OK);
	assert_int_equal(app_comment_add_in(f->c, &v_schmidt, id,
			     "Intern: Dachdecker fragen", true, &cid),
	    HD_OK);
	snprintf(sql, sizeof(sql),
	    "INSERT INTO comments(process_id, author_id, body, internal, "
	    "created_at) VALUES (%lld, %d, 'Nachtrag', 0, 0)",
	    (long long)id, U_MUELLER);
	exec_sql(f, sql); /* as the demo generator writes them */
	assert_int_equal(q_int(f,
			     "SELECT comment_count FROM processes WHERE "
			     "id = %lld",
			     (long long)id),
	    3);
	j = written(f, &v_schmidt, id);
	assert_non_null(strstr(j, "Bitte schnell kommen"));
	assert_non_null(strstr(j, "Dachdecker"));
	assert_non_null(strstr(j, "Nachtrag"));
	free(j);
	j = written(f, &v_mueller, id);
	assert_non_null(strstr(j, "Bitte schnell kommen"));
	assert_null(strstr(j, "Dachdecker"));
	free(j);
	exec_sql(f, "DELETE FROM comments WHERE body = 'Nachtrag'");
	assert_int_equal(q_int(f,
			     "SELECT comment_count FROM processes WHERE "
			     "id = %lld",
			     (long long)id),
	    2);
}

static void
invoice_request_is_assigned_to_huber_alone_with_reason_in_history(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_INVOICE);
	char buf[512];

	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_HUBER);
	assert_int_equal(q_int(f,
			     "SELECT role_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    R_BUCH);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reason FROM process_assignees WHERE "
				"process_id = %lld",
				(long long)pid),
	    "Frau Huber: Rolle Buchhaltung in " MPS);
	/* History entries are events (migration 011), read in German. */
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM history WHERE process_id = "
			     "%lld AND event = 'routed' AND text = ''",
			     (long long)pid),
	    1);
	assert_string_equal(q_event(f, buf, sizeof(buf),
				"SELECT data FROM history WHERE process_id = "
				"%lld AND event = 'routed'",
				(long long)pid),
	    "Frau Huber: Rolle Buchhaltung in " MPS);
	assert_string_equal(q_event(f, buf, sizeof(buf),
				"SELECT data FROM history WHERE process_id = "
				"%lld AND event = 'created'",
				(long long)pid),
	    "Vorgang angelegt von Herrn Müller im Kundenportal");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reporter_kind || ' ' || reporter_id || "
				"' ' || created_by || ' ' || status || ' ' || "
				"unrouted FROM processes WHERE id = %lld",
				(long long)pid),
	    "contact 4 4 open 0");
}

static void
damage_report_is_assigned_to_schmidt_alone(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_DAMAGE);
	char buf[512];

	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_SCHMIDT);
	assert_string_equal(q_event(f, buf, sizeof(buf),
				"SELECT data FROM history WHERE process_id = "
				"%lld AND event = 'routed'",
				(long long)pid),
	    "Herr Schmidt: Rolle Sachbearbeitung in " MPS);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    0);
}

static void
seed_mails_each_assignee_once_and_the_tenant_a_receipt_each(void **state)
{
	struct fx *f = *state;
	int64_t invoice = contact_files(f, T_INVOICE);
	int64_t damage = contact_files(f, T_DAMAGE);
	char buf[512], want[64];

	assert_int_equal(
	    count_mails(f, invoice, "assigned", "huber@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, invoice, "receipt", "mueller@example.org"), 1);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM outbox WHERE process_id = "
			     "%lld",
			     (long long)invoice),
	    2);
	assert_int_equal(
	    count_mails(f, damage, "assigned", "schmidt@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, damage, "receipt", "mueller@example.org"), 1);
	assert_int_equal(q_int(f,
			     "SELECT count(*) FROM outbox WHERE process_id = "
			     "%lld",
			     (long long)damage),
	    2);
	/* Nobody else, and nothing outside these Vorgänge. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 4);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'huber@abc.example'"),
	    1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'schmidt@abc.example'"),
	    1);
	assert_int_equal(
	    q_int(f, "SELECT count(DISTINCT message_id) FROM outbox"), 4);
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM outbox WHERE state = 'queued'"), 4);

	/* The subject carries the number for threading; links point to the
	 * back office for staff and to the portal for the tenant. */
	snprintf(want, sizeof(want), "[V-%d-00001] ", hd_time_year(hd_now()));
	q_text(f, buf, sizeof(buf),
	    "SELECT subject FROM outbox WHERE process_id = %lld AND kind = "
	    "'assigned'",
	    (long long)invoice);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	assert_int_equal(q_int(f,
			     "SELECT instr(body, 'http://test/vorgaenge/%lld') "
			     "> 0 FROM outbox WHERE process_id = %lld AND "
			     "kind = 'assigned'",
			     (long long)invoice, (long long)invoice),
	    1);
	assert_int_equal(q_int(f,
			     "SELECT instr(body, "
			     "'http://test/portal/anfragen/%lld') > 0 FROM "
			     "outbox WHERE process_id = %lld AND kind = "
			     "'receipt'",
			     (long long)invoice, (long long)invoice),
	    1);
}

static void
numbers_count_up_per_organisation_and_year(void **state)
{
	struct fx *f = *state;
	int year = hd_time_year(hd_now());
	int64_t first = contact_files(f, T_INVOICE);
	int64_t second = contact_files(f, T_DAMAGE), other = 0;
	const char *field;
	char buf[64], want[64];

	snprintf(want, sizeof(want), "V-%d-00001", year);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT number FROM processes WHERE id = %lld",
				(long long)first),
	    want);
	snprintf(want, sizeof(want), "V-%d-00002", year);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT number FROM processes WHERE id = %lld",
				(long long)second),
	    want);
	/* Each organisation counts on its own. */
	assert_int_equal(
	    file_request(f, &v_xyz_admin, T_XYZ, P_XYZ, 0, &other, &field),
	    HD_OK);
	snprintf(want, sizeof(want), "V-%d-00001", year);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT number FROM processes WHERE id = %lld",
				(long long)other),
	    want);
}

static void
contact_cannot_file_for_a_property_they_do_not_live_in(void **state)
{
	struct fx *f = *state;
	struct process_new in = {0};
	const char *field = NULL;
	int64_t id = 0, pid;
	char buf[64], want[64];

	in.type_id = T_INVOICE;
	in.property_id = P_GOETHE;
	in.subject = "Rechnung";
	in.description = "Frage";
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_file_in(f->c, &v_mueller, &in, &field, &id),
	    HD_EFORBIDDEN);
	/* Nothing was written, even before the caller rolls back. */
	assert_int_equal(count_process_rows(f), 0);
	db_rollback(f->c);
	assert_int_equal(count_process_rows(f), 0);

	/* A property of another organisation is no better. */
	assert_int_equal(
	    file_request(f, &v_mueller, T_INVOICE, P_XYZ, 0, &id, &field),
	    HD_EINVAL);
	assert_string_equal(field, "property_id");
	assert_int_equal(count_process_rows(f), 0);

	/* The refused attempts did not use up a number. */
	pid = contact_files(f, T_INVOICE);
	snprintf(want, sizeof(want), "V-%d-00001", hd_time_year(hd_now()));
	assert_string_equal(
	    q_text(f, buf, sizeof(buf),
		"SELECT number FROM processes WHERE id = %lld", (long long)pid),
	    want);
}

static void
contact_cannot_use_a_type_outside_the_portal(void **state)
{
	struct fx *f = *state;
	struct process_new in = {0};
	const char *field = NULL;
	int64_t id = 0;

	in.type_id = T_INTERNAL;
	in.property_id = P_MPS;
	in.subject = "Prüfung";
	in.description = "Bitte prüfen";
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_file_in(f->c, &v_mueller, &in, &field, &id), HD_EINVAL);
	assert_non_null(field);
	assert_string_equal(field, "type_id");
	assert_int_equal(count_process_rows(f), 0);
	db_rollback(f->c);
	assert_int_equal(count_process_rows(f), 0);
}

static void
unknown_or_foreign_type_is_invalid_type_id(void **state)
{
	struct fx *f = *state;
	const char *field = NULL;
	int64_t id = 0;

	assert_int_equal(
	    file_request(f, &v_mueller, 999, P_MPS, 0, &id, &field), HD_EINVAL);
	assert_string_equal(field, "type_id");
	assert_int_equal(
	    file_request(f, &v_mueller, T_XYZ, P_MPS, 0, &id, &field),
	    HD_EINVAL);
	assert_string_equal(field, "type_id");
	assert_int_equal(
	    file_request(f, &v_admin, T_XYZ, P_MPS, 0, &id, &field), HD_EINVAL);
	assert_string_equal(field, "type_id");
	assert_int_equal(count_process_rows(f), 0);
}

static void
employee_may_file_an_internal_type_for_a_tenant(void **state)
{
	struct fx *f = *state;
	const char *field = NULL;
	int64_t id = 0;

	assert_int_equal(file_request(f, &v_schmidt, T_INTERNAL, P_MPS,
			     U_MUELLER, &id, &field),
	    HD_OK);
	assert_int_equal(q_int(f,
			     "SELECT reporter_id * 100 + created_by FROM "
			     "processes WHERE id = %lld",
			     (long long)id),
	    U_MUELLER * 100 + U_SCHMIDT);
	assert_int_equal(
	    count_mails(f, id, "assigned", "huber@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, id, "receipt", "mueller@example.org"), 1);
	/* An employee is not a reporter to file for. */
	assert_int_equal(file_request(f, &v_schmidt, T_INTERNAL, P_MPS, U_HUBER,
			     &id, &field),
	    HD_EINVAL);
	assert_string_equal(field, "reporter_contact_id");
}

static void
type_without_roles_goes_unrouted_to_active_admins(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_NOROLE);
	char buf[512];

	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	/* Frau Admin only: Herr Alt is deactivated, Herr Fremd is of
	 * another organisation. */
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld AND role_id IS NULL",
			     (long long)pid),
	    U_ADMIN);
	q_text(f, buf, sizeof(buf),
	    "SELECT reason FROM process_assignees WHERE process_id = %lld",
	    (long long)pid);
	assert_non_null(strstr(buf, "Frau Admin"));
	assert_non_null(strstr(buf, "Vorgangstyp hat keine Mitarbeiterrolle"));
	assert_non_null(strstr(q_event(f, buf, sizeof(buf),
				   "SELECT data FROM history WHERE process_id "
				   "= %lld AND event = 'routed'",
				   (long long)pid),
	    "Vorgangstyp hat keine Mitarbeiterrolle"));
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "admin@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, pid, "receipt", "mueller@example.org"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 2);
}

static void
type_without_roles_goes_to_the_fallback_role_when_set(void **state)
{
	struct fx *f = *state;
	int64_t pid;
	char buf[512];

	assert_int_equal(
	    store_settings_set_fallback(f->c, 1, R_XYZ), HD_EINVAL);
	assert_int_equal(store_settings_set_fallback(f->c, 1, R_SACH), HD_OK);
	pid = contact_files(f, T_NOROLE);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	assert_int_equal(count_assignees(f, pid), 1);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reason FROM process_assignees WHERE "
				"process_id = %lld AND employee_id = %d",
				(long long)pid, U_SCHMIDT),
	    "Herr Schmidt: Ersatzzuständigkeit (Rolle Sachbearbeitung) in " MPS
	    " – Vorgangstyp hat keine Mitarbeiterrolle");
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "schmidt@abc.example"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'admin@abc.example'"),
	    0);
}

static void
employee_holding_two_matching_roles_is_assigned_and_mailed_once(void **state)
{
	struct fx *f = *state;
	int64_t pid;
	char buf[512];

	exec_sql(f, "INSERT INTO staff(org_id, property_id, employee_id, "
		    "role_id) VALUES (1, 1, 2, 2);"
		    "INSERT INTO process_types(id, org_id, name) VALUES "
		    "(7, 1, 'Mietvertrag');"
		    "INSERT INTO process_type_roles(type_id, role_id, "
		    "position) VALUES (7, 1, 0), (7, 2, 1)");
	pid = contact_files(f, 7);
	assert_int_equal(count_assignees(f, pid), 2);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT reason FROM process_assignees WHERE "
				"process_id = %lld AND employee_id = %d",
				(long long)pid, U_HUBER),
	    "Frau Huber: Rollen Buchhaltung, Sachbearbeitung in " MPS);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld AND employee_id != %d",
			     (long long)pid, U_HUBER),
	    U_SCHMIDT);
	assert_int_equal(
	    count_mails(f, pid, "assigned", "huber@abc.example"), 1);
	assert_int_equal(
	    count_mails(f, pid, "assigned", "schmidt@abc.example"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 3);
}

static void
deactivated_role_holder_is_skipped_and_the_vorgang_goes_unrouted(void **state)
{
	struct fx *f = *state;
	const bool no = false;
	int64_t pid;
	char buf[512];

	assert_int_equal(
	    store_employee_update(f->c, 1, U_HUBER, NULL, NULL, &no), HD_OK);
	pid = contact_files(f, T_INVOICE);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	assert_int_equal(count_assignees(f, pid), 1);
	q_text(f, buf, sizeof(buf),
	    "SELECT reason FROM process_assignees WHERE process_id = %lld AND "
	    "employee_id = %d",
	    (long long)pid, U_ADMIN);
	assert_non_null(
	    strstr(buf, "Alle Mitarbeiter mit der Rolle Buchhaltung in " MPS
			" sind deaktiviert"));
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'huber@abc.example'"),
	    0);
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "admin@abc.example"), 1);
}

static void
vorgang_with_nobody_to_route_to_is_kept_with_the_reason(void **state)
{
	struct fx *f = *state;
	int64_t pid;
	char buf[512];

	exec_sql(f, "UPDATE users SET active = 0 WHERE id = 1");
	pid = contact_files(f, T_NOROLE);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    1);
	assert_int_equal(count_assignees(f, pid), 0);
	assert_string_equal(q_event(f, buf, sizeof(buf),
				"SELECT data FROM history WHERE process_id = "
				"%lld AND event = 'unrouted'",
				(long long)pid),
	    "Vorgangstyp hat keine Mitarbeiterrolle");
	/* The tenant still gets a receipt; no employee is mailed. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(
	    count_mails(f, pid, "receipt", "mueller@example.org"), 1);
}

static void
reroute_applies_current_staff_and_mails_only_the_newly_assigned(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_LIFT);
	char buf[512];

	/* Nobody holds Technik: the admin has it. */
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_ADMIN);
	assert_int_equal(
	    count_mails(f, pid, "unrouted", "admin@abc.example"), 1);

	/* New staff does not silently move the existing Vorgang. */
	exec_sql(f, "INSERT INTO staff(org_id, property_id, employee_id, "
		    "role_id) VALUES (1, 1, 7, 3)");
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld",
			     (long long)pid),
	    U_ADMIN);

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(app_process_reroute_in(f->c, &v_admin, pid), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f,
			     "SELECT employee_id FROM process_assignees WHERE "
			     "process_id = %lld AND role_id = %d",
			     (long long)pid, R_TECH),
	    U_NEU);
	assert_int_equal(
	    q_int(f, "SELECT unrouted FROM processes WHERE id = %lld",
		(long long)pid),
	    0);
	assert_string_equal(q_event(f, buf, sizeof(buf),
				"SELECT data FROM history WHERE process_id = "
				"%lld AND event = 'rerouted' AND actor_id = 1",
				(long long)pid),
	    "Frau Neu: Rolle Technik in " MPS);
	assert_int_equal(count_mails(f, pid, "assigned", "neu@abc.example"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox WHERE to_addr = "
				  "'admin@abc.example'"),
	    1);

	/* Re-routing again changes nothing and mails nobody. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(app_process_reroute_in(f->c, &v_admin, pid), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count_assignees(f, pid), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 3);
}

static void
reroute_of_a_closed_or_invisible_vorgang_is_refused(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_INVOICE);

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_reroute_in(f->c, &v_xyz_admin, pid), HD_ENOTFOUND);
	assert_int_equal(
	    app_process_reroute_in(f->c, &v_admin, pid + 1000), HD_ENOTFOUND);
	db_rollback(f->c);
	exec_sql(f, "UPDATE processes SET status = 'closed'");
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    app_process_reroute_in(f->c, &v_admin, pid), HD_ECONFLICT);
	db_rollback(f->c);
	assert_int_equal(count_assignees(f, pid), 1);
}

static void
vorgang_is_visible_only_to_its_people(void **state)
{
	struct fx *f = *state;
	int64_t pid = contact_files(f, T_INVOICE), hers = 0;
	const char *field;

	assert_int_equal(store_process_visible(f->c, &v_mueller, pid), HD_OK);
	assert_int_equal(store_process_visible(f->c, &v_admin, pid), HD_OK);
	assert_int_equal(store_process_visible(f->c, &v_huber, pid), HD_OK);
	/* Schmidt holds a role at the property. */
	assert_int_equal(store_process_visible(f->c, &v_schmidt, pid), HD_OK);
	/* Another tenant of the same house, with a Vorgang of her own,
	 * sees nothing of his, nor he of hers. */
	assert_int_equal(
	    file_request(f, &v_meier, T_DAMAGE, P_MPS, 0, &hers, &field),
	    HD_OK);
	assert_int_equal(store_process_visible(f->c, &v_meier, hers), HD_OK);
	assert_int_equal(
	    store_process_visible(f->c, &v_meier, pid), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_mueller, hers), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_neu, pid), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_xyz_admin, pid), HD_ENOTFOUND);
	assert_int_equal(
	    store_process_visible(f->c, &v_admin, pid + 1000), HD_ENOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define S(fn) cmocka_unit_test_setup_teardown(fn, setup_seed, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    S(comment_count_follows_every_comment_and_the_answer_shows_them),
	    S(invoice_request_is_assigned_to_huber_alone_with_reason_in_history),
	    S(damage_report_is_assigned_to_schmidt_alone),
	    S(seed_mails_each_assignee_once_and_the_tenant_a_receipt_each),
	    S(numbers_count_up_per_organisation_and_year),
	    S(contact_cannot_file_for_a_property_they_do_not_live_in),
	    S(contact_cannot_use_a_type_outside_the_portal),
	    S(unknown_or_foreign_type_is_invalid_type_id),
	    S(employee_may_file_an_internal_type_for_a_tenant),
	    S(type_without_roles_goes_unrouted_to_active_admins),
	    S(type_without_roles_goes_to_the_fallback_role_when_set),
	    S(employee_holding_two_matching_roles_is_assigned_and_mailed_once),
	    S(deactivated_role_holder_is_skipped_and_the_vorgang_goes_unrouted),
	    S(vorgang_with_nobody_to_route_to_is_kept_with_the_reason),
	    S(reroute_applies_current_staff_and_mails_only_the_newly_assigned),
	    S(reroute_of_a_closed_or_invisible_vorgang_is_refused),
	    S(vorgang_is_visible_only_to_its_people),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
