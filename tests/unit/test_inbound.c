/* SPDX-License-Identifier: MIT */
/*
 * Taking inbound mail (src/app/inbound.c over src/store/inbound.c) against
 * a real SQLite file, inside one transaction per take as `mail-in` does:
 * what a mail becomes, that a take twice changes nothing, that the receipt
 * carries a Message-ID the installation's secret verifies and a reply to
 * it threads back while a forged one does not, and the lease of the IMAP
 * poller.
 */
#include "app/inbound.h"
#include "app/notify.h"
#include "db/db.h"
#include "db_tmp.h"
#include "mail/msgid.h"
#include "store/inbound.h"
#include "util/config.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Herr Schmidt', 'schmidt@abc.example', 0, 1, 0),"
    " (3, 1, 'contact', 'Herr Müller', 'mueller@example.org', 0, 1, 0),"
    " (4, 1, 'contact', 'Frau Zwei', 'zwei@example.org', 0, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'MPS 12', 'MPS 12', '80331', 'M', 0),"
    " (2, 1, 'Gartenstr. 3', 'Gartenstr. 3', '80331', 'M', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1);"
    "INSERT INTO process_types(id, org_id, name, portal) VALUES "
    " (1, 1, 'Schadensmeldung', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) VALUES "
    " (1, 1, 0);"
    "INSERT INTO residents(org_id, property_id, contact_id, relation, "
    " created_at) VALUES (1, 1, 3, 'tenant', 0), (1, 1, 4, 'tenant', 0), "
    " (1, 2, 4, 'owner', 0);"
    "INSERT INTO mailboxes(org_id, address, type_id, created_at) VALUES "
    " (1, 'schaden@abc.example', 1, 0);";

struct fx {
	struct db_tmp t;
	struct db_conn *c;
};

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	hd_cfg.base_url = "http://127.0.0.1:8080";
	hd_cfg.mail_from = "noreply@abc.example";
	db_tmp_make(&f.t);
	assert_int_equal(db_open(f.t.path, 0, &f.c), HD_OK);
	assert_int_equal(db_migrate(f.c), HD_OK);
	assert_int_equal(db_script(f.c, seed_sql), HD_OK);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	db_tmp_remove(&f->t);
	return 0;
}

/* Takes raw in one transaction, as mail-in does. */
static enum hd_status
take(struct fx *f, const char *raw, struct app_inbound_out *out)
{
	struct app_inbound_in in = {
	    .raw = raw, .len = strlen(raw), .recipient = NULL, .cap = 0};
	enum hd_status st;

	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_inbound_take_in(f->c, &in, out);
	if (st == HD_OK)
		st = db_commit(f->c);
	else
		db_rollback(f->c);
	return st;
}

static int64_t
count(struct fx *f, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_scalar(f->c, &n, sql, ""), HD_OK);
	return n;
}

/* A mail from from with the extra header lines extra. */
static void
mail(char *buf, size_t n, const char *from, const char *id, const char *extra,
    const char *body)
{
	snprintf(buf, n,
	    "From: %s\r\nTo: schaden@abc.example\r\nSubject: Wasserfleck\r\n"
	    "Message-ID: <%s@example.org>\r\n%sMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
	    from, id, extra, body);
}

static void
a_tenant_at_one_property_files_a_vorgang_once(void **state)
{
	struct fx *f = *state;
	struct app_inbound_out out;
	char raw[1024];

	mail(raw, sizeof(raw), "mueller@example.org", "a1", "", "Es tropft.");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_CREATED);
	assert_true(out.process_id > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM process_assignees "
				  "WHERE employee_id = 2"),
	    1);
	/* The same mail again: nothing changes. */
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_DUPLICATE);
	assert_int_equal(count(f, "SELECT count(*) FROM processes"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM inbound_mail"), 1);
}

static void
the_receipt_is_signed_and_a_reply_threads_back_a_forged_one_not(void **state)
{
	struct fx *f = *state;
	unsigned char key[APP_MSGID_SECRET];
	struct app_inbound_out out;
	char raw[2048], extra[512], mid[256];
	struct db_stmt *st;
	int64_t pid = 0, vorgang;
	char *at;

	mail(raw, sizeof(raw), "mueller@example.org", "b1", "", "Neu.");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_CREATED);
	vorgang = out.process_id;
	st = db_prepare(f->c, "SELECT message_id FROM outbox WHERE kind = "
			      "'receipt' AND process_id = ?");
	db_bind(st, "i", vorgang);
	assert_int_equal(db_row(st), HD_OK);
	snprintf(mid, sizeof(mid), "%s", db_col_text(st, 0));
	assert_int_equal(db_end(st), HD_OK);
	assert_int_equal(app_notify_secret(f->c, key), HD_OK);
	assert_int_equal(mail_msgid_verify(key, sizeof(key), mid, &pid), HD_OK);
	assert_int_equal(pid, vorgang);

	snprintf(extra, sizeof(extra), "In-Reply-To: %s\r\n", mid);
	mail(raw, sizeof(raw), "mueller@example.org", "b2", extra, "Danke.");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_COMMENTED);
	assert_int_equal(out.process_id, vorgang);

	/* The same id with the last letter of its MAC changed. */
	at = strrchr(mid, '@');
	assert_non_null(at);
	at[-1] = at[-1] == 'a' ? 'b' : 'a';
	snprintf(extra, sizeof(extra), "In-Reply-To: %s\r\n", mid);
	mail(raw, sizeof(raw), "mueller@example.org", "b3", extra, "Hallo?");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_CREATED);
	assert_true(out.process_id != vorgang);
}

static void
a_contact_at_two_properties_and_a_stranger_wait_for_an_admin(void **state)
{
	struct fx *f = *state;
	struct app_inbound_out out;
	char raw[1024];

	mail(raw, sizeof(raw), "zwei@example.org", "c1", "", "Wo?");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_UNASSIGNED);
	mail(raw, sizeof(raw), "fremd@example.net", "c2", "", "Wer?");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_UNASSIGNED);
	assert_int_equal(count(f, "SELECT count(*) FROM inbound_unassigned "
				  "WHERE process_id IS NULL"),
	    2);
	assert_int_equal(count(f, "SELECT count(*) FROM processes"), 0);
}

static void
noise_and_the_cap_are_ignored_with_a_reason(void **state)
{
	struct fx *f = *state;
	struct app_inbound_out out;
	char raw[1024], id[32];
	int i;

	mail(raw, sizeof(raw), "mueller@example.org", "d1",
	    "Auto-Submitted: auto-replied\r\n", "Bin weg.");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_IGNORED);
	assert_non_null(out.reason);
	for (i = 0; i < APP_INBOUND_CAP; i++) {
		snprintf(id, sizeof(id), "flood%d", i);
		mail(raw, sizeof(raw), "flut@example.com", id, "", "x");
		assert_int_equal(take(f, raw, &out), HD_OK);
		assert_int_equal(out.result, APP_INBOUND_UNASSIGNED);
	}
	mail(raw, sizeof(raw), "flut@example.com", "flood-last", "", "x");
	assert_int_equal(take(f, raw, &out), HD_OK);
	assert_int_equal(out.result, APP_INBOUND_IGNORED);
}

static void
no_message_at_all_is_einval_and_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct app_inbound_out out;

	assert_int_equal(take(f, "\r\n\r\n", &out), HD_EINVAL);
	assert_int_equal(count(f, "SELECT count(*) FROM inbound_mail"), 0);
}

static void
one_process_holds_the_lease_until_it_runs_out(void **state)
{
	struct fx *f = *state;

	assert_int_equal(store_lease_take(f->c, "imap", "a", 1000, 60), HD_OK);
	assert_int_equal(
	    store_lease_take(f->c, "imap", "b", 1030, 60), HD_ECONFLICT);
	assert_int_equal(store_lease_take(f->c, "imap", "a", 1030, 60), HD_OK);
	assert_int_equal(
	    store_lease_take(f->c, "imap", "b", 1089, 60), HD_ECONFLICT);
	assert_int_equal(store_lease_take(f->c, "imap", "b", 1091, 60), HD_OK);
}

static void
an_address_names_one_mailbox_in_any_letter_case(void **state)
{
	struct fx *f = *state;
	struct store_mailbox mb;
	int64_t id = 0;

	assert_int_equal(
	    store_mailbox_insert(f->c, 1, "Schaden@ABC.example", 0, &id),
	    HD_ECONFLICT);
	assert_int_equal(
	    store_mailbox_insert(f->c, 1, "neu@abc.example", 99, &id),
	    HD_EINVAL);
	assert_int_equal(
	    store_mailbox_find(f->c, "SCHADEN@abc.example", &mb), HD_OK);
	assert_int_equal(mb.type_id, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(a_tenant_at_one_property_files_a_vorgang_once),
	    T(the_receipt_is_signed_and_a_reply_threads_back_a_forged_one_not),
	    T(a_contact_at_two_properties_and_a_stranger_wait_for_an_admin),
	    T(noise_and_the_cap_are_ignored_with_a_reason),
	    T(no_message_at_all_is_einval_and_writes_nothing),
	    T(one_process_holds_the_lease_until_it_runs_out),
	    T(an_address_names_one_mailbox_in_any_letter_case),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
