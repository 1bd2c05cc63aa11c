/* SPDX-License-Identifier: MIT */
/*
 * Attachments below HTTP (issue 14, docs/attachments.md): the byte store's
 * spool and content-addressed files (store/blob.c), the type from the bytes
 * (util/filetype.c), the cleaning of file names, the quota, and
 * app_attachment_add_in as inbound mail calls it inside its own job —
 * against a real SQLite file and its attachments directory.
 */
#include "app/attachment.h"
#include "app/process.h"
#include "db/db.h"
#include "store/attachment.h"
#include "store/blob.h"
#include "util/config.h"
#include "util/filetype.h"
#include "util/str.h"

#include <fcntl.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
	int64_t pid; /* Herr Müller's Vorgang */
};

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES "
    " (1, 'ABC Hausverwaltung', 0), (2, 'XYZ Verwaltung', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0),"
    " (4, 1, 'contact', 'Herr Müller', 'mueller@example.org', 0, 1, 0),"
    " (5, 1, 'contact', 'Frau Nachbar', 'nachbar@example.org', 0, 1, 0),"
    " (6, 2, 'employee', 'Herr Fremd', 'admin@xyz.example', 1, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Gartenstraße 3', 'Gartenstraße 3', "
    " '80331', 'München', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1);"
    "INSERT INTO process_types(id, org_id, name, portal) VALUES "
    " (1, 1, 'Schadensmeldung', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) VALUES "
    " (1, 1, 0);"
    "INSERT INTO residents(org_id, property_id, contact_id, relation, "
    " created_at) VALUES (1, 1, 4, 'tenant', 0), (1, 1, 5, 'tenant', 0);";

static const struct viewer v_mueller = {1, 4, VIEW_CONTACT};
static const struct viewer v_nachbar = {1, 5, VIEW_CONTACT};
static const struct viewer v_fremd = {2, 6, VIEW_ADMIN};
static const struct viewer v_mail = {1, 0, VIEW_CONTACT};

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
    0x90, 0x77, 0x53, 0xde};
static const char html[] = "<!DOCTYPE html><html><body>x</body></html>\n";
static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static void
rm_tree(const char *dir)
{
	char cmd[256];

	/* Only the fixture's own mkdtemp directory. */
	assert_true(strncmp(dir, "/tmp/hausdesk-test-attach-", 26) == 0);
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct process_new in = {0};
	const char *field = NULL;

	if (f == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-attach-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK ||
	    db_script(f->c, seed_sql) != HD_OK ||
	    blob_setup(f->path, NULL) != HD_OK)
		return -1;
	in.type_id = 1;
	in.property_id = 1;
	in.subject = "Wasserfleck an der Decke";
	in.description = "Im Bad.";
	if (db_begin(f->c) != HD_OK ||
	    app_process_file_in(f->c, &v_mueller, &in, &field, &f->pid) !=
		HD_OK ||
	    db_commit(f->c) != HD_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	rm_tree(f->dir);
	free(f);
	return 0;
}

/* app_attachment_add_in in a transaction of its own, as a caller's job. */
static enum hd_status
add(struct fx *f, const struct viewer *v, const char *name, const void *data,
    size_t n, int64_t *id)
{
	enum hd_status st;

	assert_int_equal(db_begin(f->c), HD_OK);
	st = app_attachment_add_in(
	    f->c, v, f->pid, name, data, n, APP_ATT_MAIL, id);
	if (st == HD_OK)
		assert_int_equal(db_commit(f->c), HD_OK);
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

/* The final file of data for organisation 1. */
static void
final_of(struct fx *f, const void *data, size_t n, char *out, size_t cap)
{
	unsigned char sha[32];
	char hex[65];

	crypto_hash_sha256(sha, data, n);
	blob_hex(sha, hex);
	snprintf(out, cap, "%s/attachments/1/%.2s/%s", f->dir, hex, hex);
}

static void
types_come_from_the_bytes_never_the_name(void **state)
{
	char type[HD_FILETYPE_MAX];

	(void)state;
	assert_int_equal(hd_filetype_of(png, sizeof(png), type), HD_OK);
	assert_string_equal(type, "image/png");
	assert_true(hd_filetype_allowed(type) && hd_filetype_inline(type));
	assert_int_equal(hd_filetype_of(pdf, strlen(pdf), type), HD_OK);
	assert_string_equal(type, "application/pdf");
	assert_true(hd_filetype_allowed(type) && !hd_filetype_inline(type));
	assert_int_equal(hd_filetype_of(html, strlen(html), type), HD_OK);
	assert_string_equal(type, "text/html");
	assert_false(hd_filetype_allowed(type));
	assert_false(hd_filetype_allowed("image/svg+xml"));
}

static void
file_names_are_cleaned_for_display_and_headers(void **state)
{
	char out[APP_ATT_NAME_MAX + 1], longer[400];

	(void)state;
	app_attachment_clean_name("../../etc/\"pa\r\nss\\wd\".png", out);
	assert_string_equal(out, "....etcpasswd.png");
	app_attachment_clean_name("Wasserfleck Küche.jpg", out);
	assert_string_equal(out, "Wasserfleck Küche.jpg");
	app_attachment_clean_name("..", out);
	assert_string_equal(out, "Anhang");
	app_attachment_clean_name("\xff\xfe.jpg", out);
	assert_string_equal(out, ".jpg");
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	app_attachment_clean_name(longer, out);
	assert_int_equal(strlen(out), APP_ATT_NAME_MAX);
}

static void
an_attached_file_is_a_durable_content_addressed_file_and_a_row(void **state)
{
	struct fx *f = *state;
	char file[512];
	struct stat sb;
	int64_t id = 0, id2 = 0;
	struct store_attachment a;
	int fd = -1;

	assert_int_equal(
	    add(f, &v_mueller, "decke.png", png, sizeof(png), &id), HD_OK);
	assert_true(id > 0);
	final_of(f, png, sizeof(png), file, sizeof(file));
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_size, (off_t)sizeof(png));
	/* The same content again: a second row, one file, one blob. */
	assert_int_equal(
	    add(f, &v_mail, "nochmal.png", png, sizeof(png), &id2), HD_OK);
	assert_true(id2 > id);
	assert_int_equal(count(f, "SELECT count(*) FROM blobs"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments WHERE "
				  "uploaded_by IS NULL AND source = 'mail'"),
	    1);
	assert_int_equal(count(f, "SELECT bytes FROM attachment_usage WHERE "
				  "org_id = 1"),
	    (int64_t)(2 * sizeof(png)));
	/* Read back as the server serves it. */
	assert_int_equal(store_attachment_get(f->c, &v_mueller, id, &a), HD_OK);
	assert_string_equal(a.content_type, "image/png");
	assert_string_equal(a.filename, "decke.png");
	assert_int_equal(blob_open_file(1, a.sha256, a.size, &fd), HD_OK);
	close(fd);
	/* Nothing is left in the spool. */
	snprintf(file, sizeof(file), "%s/attachments/tmp", f->dir);
	assert_int_equal(rmdir(file), 0);
	assert_int_equal(mkdir(file, 0750), 0);
}

static void
a_file_of_another_size_is_not_served(void **state)
{
	struct fx *f = *state;
	struct store_attachment a;
	char file[512];
	int64_t id = 0;
	int fd = -1;

	assert_int_equal(
	    add(f, &v_mueller, "x.pdf", pdf, strlen(pdf), &id), HD_OK);
	assert_int_equal(store_attachment_get(f->c, &v_mueller, id, &a), HD_OK);
	final_of(f, pdf, strlen(pdf), file, sizeof(file));
	assert_int_equal(chmod(file, 0640), 0);
	assert_int_equal(truncate(file, 3), 0);
	assert_int_equal(blob_open_file(1, a.sha256, a.size, &fd), HD_EIO);
	assert_int_equal(unlink(file), 0);
	assert_int_equal(blob_open_file(1, a.sha256, a.size, &fd), HD_EIO);
}

static void
refusals_leave_nothing_behind(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;
	char *big;

	assert_int_equal(
	    add(f, &v_mueller, "x.jpg", html, strlen(html), &id), HD_ETYPE);
	assert_int_equal(id, 0);
	big = calloc(1, (size_t)APP_ATT_MAX + 1);
	assert_non_null(big);
	memcpy(big, png, sizeof(png));
	assert_int_equal(
	    add(f, &v_mueller, "big.png", big, (size_t)APP_ATT_MAX + 1, &id),
	    HD_ETOOBIG);
	free(big);
	/* Whoever cannot see the Vorgang attaches nothing to it. */
	assert_int_equal(
	    add(f, &v_nachbar, "x.png", png, sizeof(png), &id), HD_ENOTFOUND);
	assert_int_equal(
	    add(f, &v_fremd, "x.png", png, sizeof(png), &id), HD_ENOTFOUND);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM blobs WHERE "
				  "org_id = 2"),
	    0);
}

static void
the_quota_is_counted_in_the_job(void **state)
{
	struct fx *f = *state;
	int64_t id = 0, bytes = 0, quota = 0;

	assert_int_equal(db_exec(f->c,
			     "INSERT INTO attachment_usage(org_id, bytes, "
			     "quota) VALUES (1, 0, ?)",
			     "i", (int64_t)(sizeof(png) + 10)),
	    HD_OK);
	assert_int_equal(
	    add(f, &v_mueller, "a.png", png, sizeof(png), &id), HD_OK);
	assert_int_equal(
	    add(f, &v_mueller, "b.png", png, sizeof(png), &id), HD_EQUOTA);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments"), 1);
	assert_int_equal(store_attachment_room(f->c, 1, &bytes, &quota), HD_OK);
	assert_int_equal(bytes, (int64_t)sizeof(png));
	assert_int_equal(quota, (int64_t)sizeof(png) + 10);
}

static void
a_waiting_assignment_mail_counts_the_files_that_arrive(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;

	/* Huber's assignment mail (queued by the filing) waits for two. */
	assert_int_equal(store_attachment_mails_hold(
			     f->c, f->pid, 2, INT64_C(4102444800000)),
	    HD_OK);
	assert_int_equal(
	    add(f, &v_mueller, "a.png", png, sizeof(png), &id), HD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
				  "'assigned' AND body LIKE "
				  "'%Anhänge:      1 Datei (im Vorgang)%' AND "
				  "wait_attachments = 1 AND next_attempt_at = "
				  "4102444800000"),
	    1);
	assert_int_equal(
	    add(f, &v_mueller, "b.pdf", pdf, strlen(pdf), &id), HD_OK);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM outbox WHERE kind = "
		     "'assigned' AND body LIKE "
		     "'%Anhänge:      2 Dateien (im Vorgang)%' AND "
		     "wait_attachments = 0 AND next_attempt_at < "
		     "4102444800000"),
	    1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(types_come_from_the_bytes_never_the_name),
	    T(file_names_are_cleaned_for_display_and_headers),
	    T(an_attached_file_is_a_durable_content_addressed_file_and_a_row),
	    T(a_file_of_another_size_is_not_served),
	    T(refusals_leave_nothing_behind),
	    T(the_quota_is_counted_in_the_job),
	    T(a_waiting_assignment_mail_counts_the_files_that_arrive),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
