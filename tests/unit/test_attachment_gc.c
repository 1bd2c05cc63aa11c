/* SPDX-License-Identifier: MIT */
/*
 * Deleting attachments and the collector below HTTP (docs/attachments.md,
 * "Garbage collection"): a content still named is never claimed; an upload
 * of the same bytes while the content is claimed is told to wait
 * (HD_EBUSY) and writes nothing; after the forget it is stored anew; and
 * a file the collector removed after an upload's blob_put found it is
 * linked again in the upload's job. A real SQLite file and directory.
 */
#include "app/attachment.h"
#include "app/process.h"
#include "db/db.h"
#include "store/attachment.h"
#include "store/attachment_gc.h"
#include "store/blob.h"
#include "util/config.h"
#include "util/filetype.h"
#include "util/str.h"

#include <fcntl.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
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

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
    0x90, 0x77, 0x53, 0xde};

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

/* The file of content sha256 of organisation 1 is there. */
static bool
present(const unsigned char *sha256)
{
	return blob_file_present(1, sha256);
}

/* The content of the only attachment row just added. */
static void
sha_of(struct fx *f, int64_t id, unsigned char *out)
{
	struct store_attachment a;
	const struct viewer v_admin = {1, 1, VIEW_ADMIN};

	assert_int_equal(store_attachment_get(f->c, &v_admin, id, &a), HD_OK);
	memcpy(out, a.sha256, 32);
}

/* Deleted, then claimed by the collector: returns the claimed ref. */
static void
delete_and_claim(struct fx *f, int64_t id, struct store_blob_ref *ref)
{
	struct store_attachment a;
	size_t n = 0;
	bool claimed = false;

	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(store_attachment_delete(f->c, 1, id, 1000, &a), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(
	    store_blob_unreferenced(f->c, 1000, 8, ref, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_memory_equal(ref->sha256, a.sha256, 32);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(store_blob_claim(f->c, ref, 1000, &claimed), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_true(claimed);
}

static void
a_content_still_named_is_never_claimed(void **state)
{
	struct fx *f = *state;
	struct store_attachment a;
	struct store_blob_ref ref[4];
	int64_t one = 0, two = 0;
	size_t n = 9;

	assert_int_equal(
	    add(f, &v_mueller, "a.png", png, sizeof(png), &one), HD_OK);
	assert_int_equal(
	    add(f, &v_mueller, "b.png", png, sizeof(png), &two), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_attachment_delete(f->c, 1, one, 1000, &a), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(
	    store_blob_unreferenced(f->c, 5000, 4, ref, &n), HD_OK);
	assert_int_equal(n, 0);
	assert_true(present(a.sha256));
	assert_int_equal(count(f, "SELECT bytes FROM attachment_usage"),
	    (int64_t)sizeof(png));
	/* Deleted twice: not found the second time. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(
	    store_attachment_delete(f->c, 1, one, 1000, &a), HD_ENOTFOUND);
	db_rollback(f->c);
}

static void
an_upload_during_the_claim_waits_and_one_after_the_forget_stores_anew(
    void **state)
{
	struct fx *f = *state;
	struct store_blob_ref ref;
	unsigned char sha[32];
	int64_t id = 0, again = 0;

	assert_int_equal(
	    add(f, &v_mueller, "a.png", png, sizeof(png), &id), HD_OK);
	sha_of(f, id, sha);
	delete_and_claim(f, id, &ref);
	/* Claimed ('gone'), its file not yet removed: the same bytes meet
	 * the row and are told to try again; nothing is written. */
	assert_int_equal(
	    add(f, &v_mueller, "b.png", png, sizeof(png), &again), HD_EBUSY);
	assert_int_equal(count(f, "SELECT count(*) FROM attachments"), 0);
	assert_int_equal(blob_remove_file(1, sha), HD_OK);
	assert_false(present(sha));
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(store_blob_forget(f->c, &ref), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM blobs"), 0);
	assert_int_equal(
	    add(f, &v_mueller, "b.png", png, sizeof(png), &again), HD_OK);
	assert_true(present(sha));
}

static void
a_file_removed_after_blob_put_found_it_is_linked_again_in_the_job(void **state)
{
	struct fx *f = *state;
	struct store_blob_ref ref;
	struct blob_spool s;
	unsigned char sha[32];
	int64_t id = 0;

	assert_int_equal(
	    add(f, &v_mueller, "a.png", png, sizeof(png), &id), HD_OK);
	sha_of(f, id, sha);
	delete_and_claim(f, id, &ref);
	/* An upload's blob_put finds the claimed file (EEXIST) ... */
	assert_int_equal(blob_spool_open(&s), HD_OK);
	assert_int_equal(blob_spool_write(&s, png, sizeof(png)), HD_OK);
	blob_spool_finish(&s);
	assert_int_equal(blob_put(&s, 1), HD_OK);
	/* ... then the collector removes it and forgets the row ... */
	assert_int_equal(blob_remove_file(1, sha), HD_OK);
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(store_blob_forget(f->c, &ref), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_false(present(sha));
	/* ... and the upload's job links its spool again. */
	assert_int_equal(db_begin(f->c), HD_OK);
	assert_int_equal(blob_put_in(f->c, &s, 1, 2000), HD_OK);
	assert_int_equal(db_commit(f->c), HD_OK);
	blob_spool_close(&s);
	assert_true(present(sha));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		a_content_still_named_is_never_claimed, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		an_upload_during_the_claim_waits_and_one_after_the_forget_stores_anew,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(
		a_file_removed_after_blob_put_found_it_is_linked_again_in_the_job,
		setup, teardown),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
