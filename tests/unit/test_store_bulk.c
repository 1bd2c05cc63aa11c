/* SPDX-License-Identifier: MIT */
/*
 * Bulk loads (store/bulk.h): rows kept and written STORE_BULK_ROWS to a
 * statement land whole and in order, whatever the number; a text too
 * long to keep is written alone; an error comes back and the load is
 * rolled back to its last commit; the connection's normal settings
 * (foreign keys checked) come back after it.
 */
#include "db/db.h"
#include "db_tmp.h"
#include "store/bulk.h"
#include "store/property.h"

#include <stdint.h>
#include <string.h>

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Haus', 'Weg 1', '80331', 'München', 0);"
    "INSERT INTO process_types(id, org_id, name, portal) "
    " VALUES (1, 1, 'Schaden', 1);";

struct fx {
	struct db_tmp t;
	struct db_conn *c;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	db_tmp_make(&f->t);
	assert_int_equal(db_open(f->t.path, 0, &f->c), HD_OK);
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(db_script(f->c, seed_sql), HD_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	db_tmp_remove(&f->t);
	free(f);
	return 0;
}

static int64_t
count(struct db_conn *c, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_scalar(c, &n, sql, ""), HD_OK);
	return n;
}

/* A Vorgang of the seed's organisation, numbered n. */
static int64_t
process(struct store_bulk *b, int n)
{
	struct store_bulk_process p = {0};
	char number[32];
	int64_t id = 0;

	snprintf(number, sizeof(number), "V-2026-%05d", n);
	p.org_id = 1;
	p.number = number;
	p.type_id = 1;
	p.property_id = 1;
	p.reporter_id = 2;
	p.created_by = 2;
	p.subject = "Wasser";
	p.description = "Fleck";
	p.status = "open";
	p.created_at = p.updated_at = 1000 + n;
	assert_int_equal(store_bulk_process(b, &p, &id), HD_OK);
	assert_true(id > 0);
	return id;
}

/* 70 rows of each kept table: two full statements and a rest, all with
 * their values, in order. */
static void
test_kept_rows_all_land_with_their_values(void **state)
{
	struct fx *f = *state;
	struct store_bulk *b;
	struct store_bulk_user u = {1, false, false, NULL, NULL, NULL, "h", 7};
	char text[64], email[64];
	struct db_stmt *st;
	int64_t pid, uid;
	int i;

	assert_int_equal(store_bulk_begin(f->c, &b), HD_OK);
	pid = process(b, 1);
	for (i = 1; i <= 70; i++) {
		snprintf(text, sizeof(text), "Eintrag %d", i);
		assert_int_equal(
		    store_bulk_history(b, pid, i, 2000 + i,
			i % 2 ? "routed" : "status", text, i % 3 ? 2 : 0),
		    HD_OK);
		snprintf(email, sizeof(email), "m%d@example.org", i);
		u.name = text;
		u.email = email;
		u.phone = i % 2 ? "0151 1" : NULL;
		assert_int_equal(store_bulk_user(b, &u, &uid), HD_OK);
		assert_int_equal(store_bulk_resident(b, 1, 1, uid, 0,
				     i % 2 ? "tenant" : "owner", 5),
		    HD_OK);
		assert_int_equal(
		    store_bulk_comment(b, pid, uid, text, i % 2 == 0, 3000 + i),
		    HD_OK);
		assert_int_equal(store_bulk_assignee(b, process(b, 1 + i), 2,
				     i % 2 ? 1 : 0, text, "open"),
		    HD_OK);
		assert_int_equal(store_bulk_staff(b, 1, 1, uid, 1), HD_OK);
	}
	assert_int_equal(store_bulk_end(b, HD_OK), HD_OK);
	assert_int_equal(count(f->c, "SELECT count(*) FROM history"), 70);
	assert_int_equal(count(f->c, "SELECT count(*) FROM residents"), 70);
	assert_int_equal(count(f->c, "SELECT count(*) FROM comments"), 70);
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM process_assignees"), 70);
	assert_int_equal(count(f->c, "SELECT count(*) FROM staff"), 70);
	/* Every row as it was given, in order. */
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM history WHERE text <> "
			"'Eintrag ' || id OR at <> 2000 + id OR event <> "
			"CASE id % 2 WHEN 1 THEN 'routed' ELSE 'status' "
			"END OR coalesce(actor_id, 0) <> CASE WHEN id % "
			"3 = 0 THEN 0 ELSE 2 END"),
	    0);
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM comments c JOIN users u ON "
			"u.id = c.author_id WHERE c.body <> u.name OR "
			"c.created_at <> 3000 + c.id OR c.internal <> "
			"1 - c.id % 2"),
	    0);
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM residents r JOIN users u ON "
			"u.id = r.contact_id WHERE r.unit_id IS NOT NULL "
			"OR r.created_at <> 5 OR r.relation <> CASE "
			"r.id % 2 WHEN 1 THEN 'tenant' ELSE 'owner' END "
			"OR u.kind <> 'contact' OR u.password_hash <> "
			"'h' OR u.created_at <> 7 OR u.email <> 'm' || "
			"r.id || '@example.org' OR coalesce(u.phone, "
			"'-') <> CASE r.id % 2 WHEN 1 THEN '0151 1' ELSE "
			"'-' END"),
	    0);
	assert_int_equal(
	    count(f->c, "SELECT count(*) FROM process_assignees a JOIN "
			"processes p ON p.id = a.process_id WHERE "
			"a.reason <> 'Eintrag ' || (p.id - 1) OR "
			"coalesce(a.role_id, 0) <> (p.id - 1) % 2 OR "
			"a.status "
			"<> 'open'"),
	    0);
	/* The comment counter follows the comments, as for every comment. */
	st = db_prepare(f->c, "SELECT comment_count FROM processes WHERE "
			      "id = ?");
	db_bind(st, "i", pid);
	assert_int_equal(db_row(st), HD_OK);
	assert_int_equal(db_col_i64(st, 0), 70);
	db_end(st);
}

/* A text longer than what is kept is written alone, whole, and texts
 * that fill the buffer before the rows do are all written. */
static void
test_long_texts_are_written_whole(void **state)
{
	struct fx *f = *state;
	static char big[40000], mid[3000];
	struct store_bulk *b;
	int64_t pid;
	int i;

	memset(big, 'x', sizeof(big) - 1);
	memset(mid, 'y', sizeof(mid) - 1);
	assert_int_equal(store_bulk_begin(f->c, &b), HD_OK);
	pid = process(b, 1);
	for (i = 1; i <= 20; i++)
		assert_int_equal(store_bulk_history(b, pid, i, 0, "routed",
				     i == 7 ? big : mid, 0),
		    HD_OK);
	assert_int_equal(store_bulk_end(b, HD_OK), HD_OK);
	assert_int_equal(count(f->c, "SELECT count(*) FROM history"), 20);
	assert_int_equal(
	    count(f->c, "SELECT length(text) FROM history WHERE id = 7"),
	    (int64_t)sizeof(big) - 1);
	assert_int_equal(count(f->c, "SELECT count(*) FROM history WHERE "
				     "length(text) = 2999"),
	    19);
}

/* A kept row that fails (a second entry 5 of one Vorgang) fails the
 * load: store_bulk_end answers the error and nothing after the last
 * store_bulk_commit stays. */
static void
test_an_error_comes_back_and_rolls_back_to_the_last_commit(void **state)
{
	struct fx *f = *state;
	struct store_bulk *b;
	int64_t pid;
	int i;

	assert_int_equal(store_bulk_begin(f->c, &b), HD_OK);
	pid = process(b, 1);
	assert_int_equal(
	    store_bulk_history(b, pid, 1, 0, "created", "a", 0), HD_OK);
	assert_int_equal(store_bulk_commit(b), HD_OK);
	process(b, 2);
	for (i = 2; i <= 6; i++)
		assert_int_equal(
		    store_bulk_history(b, pid, i, 0, "routed", "b", 0), HD_OK);
	assert_int_equal(
	    store_bulk_history(b, pid, 5, 0, "routed", "c", 0), HD_OK);
	assert_int_equal(store_bulk_end(b, HD_OK), HD_ECONFLICT);
	assert_int_equal(count(f->c, "SELECT count(*) FROM processes"), 1);
	assert_int_equal(count(f->c, "SELECT count(*) FROM history"), 1);
}

/* During the load references are not checked (the loader's rows are
 * consistent by construction); afterwards they are again. */
static void
test_foreign_keys_are_checked_again_after_the_load(void **state)
{
	struct fx *f = *state;
	struct store_bulk *b;

	assert_int_equal(store_bulk_begin(f->c, &b), HD_OK);
	assert_int_equal(
	    store_bulk_history(b, 999, 1, 0, "created", "nobody's", 0), HD_OK);
	assert_int_equal(store_bulk_flush(b), HD_OK);
	assert_int_equal(store_bulk_end(b, HD_EINVAL), HD_EINVAL);
	assert_int_equal(count(f->c, "SELECT count(*) FROM history"), 0);
	assert_int_equal(db_exec(f->c,
			     "INSERT INTO history(process_id, id, at, event, "
			     "text) VALUES (999, 1, 0, 'created', 'x')",
			     ""),
	    HD_ECONFLICT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_kept_rows_all_land_with_their_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_long_texts_are_written_whole, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_error_comes_back_and_rolls_back_to_the_last_commit,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_foreign_keys_are_checked_again_after_the_load, setup,
		teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
