/* SPDX-License-Identifier: MIT */
/*
 * The change feed of the SQLite driver against a real file: every row
 * written on the writing connection is reported — in a rowid table and a
 * WITHOUT ROWID one, by a trigger, by a DELETE without WHERE — with the
 * values of its watched columns and whether its text column changed; and
 * the commit callback follows each transaction once, after the commit or
 * rollback.
 */
#include "db/db.h"
#include "db_tmp.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum { ITEMS, LINKS, LOG, N_WATCH };

static const struct db_watch watch[N_WATCH] = {
    [ITEMS] = {"items", {"id", "owner"}, "name"},
    [LINKS] = {"links", {"a", "b"}, "note"},
    [LOG] = {"log", {"item_id", NULL}, NULL},
};

static const char schema[] =
    "CREATE TABLE items (id INTEGER PRIMARY KEY, owner INTEGER, "
    "  name TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL DEFAULT 0);"
    /* Key columns after another, in the other order. */
    "CREATE TABLE links (note TEXT, b INTEGER NOT NULL, "
    "  a INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;"
    "CREATE TABLE log (id INTEGER PRIMARY KEY, item_id INTEGER);"
    "CREATE TABLE quiet (id INTEGER PRIMARY KEY, v INTEGER);"
    "CREATE TRIGGER items_logged AFTER INSERT ON items BEGIN "
    "  INSERT INTO log(item_id) VALUES (new.id); END;";

#define MAX_ROWS 64

/* What the feed reported. */
struct rec {
	struct db_change rows[MAX_ROWS];
	int n;
	int commits;
	bool committed;
	int rows_at_commit;    /* rows reported before the last commit call */
	struct db_conn *probe; /* counts items at the commit call */
	int64_t items_at_commit;
	struct db_conn *w;
	int depth_at_commit;
};

struct fx {
	struct db_tmp t;
	struct db_conn *w;
	struct rec r;
};

static void
on_row(void *arg, const struct db_change *ch)
{
	struct rec *r = arg;

	assert_true(r->n < MAX_ROWS);
	r->rows[r->n++] = *ch;
}

static void
on_commit(void *arg, bool committed)
{
	struct rec *r = arg;

	r->commits++;
	r->committed = committed;
	r->rows_at_commit = r->n;
	if (r->w != NULL)
		r->depth_at_commit = db_depth(r->w);
	if (r->probe != NULL)
		assert_int_equal(db_scalar(r->probe, &r->items_at_commit,
				     "SELECT count(*) FROM items", ""),
		    HD_OK);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct db_feed feed = {
	    .watch = watch, .n = N_WATCH, .row = on_row, .commit = on_commit};
	struct db_conn *c;

	if (f == NULL)
		return -1;
	db_tmp_make(&f->t);
	if (db_open(f->t.path, 0, &c) != HD_OK || db_script(c, schema) != HD_OK)
		return -1;
	db_close(c);
	feed.arg = &f->r;
	if (db_feed_set(&feed) != HD_OK ||
	    db_open(f->t.path, DB_WRITER, &f->w) != HD_OK)
		return -1;
	f->r.w = f->w;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->w);
	db_close(f->r.probe);
	db_feed_set(NULL);
	db_tmp_remove(&f->t);
	free(f);
	return 0;
}

static void
run(struct fx *f, const char *sql)
{
	assert_int_equal(db_script(f->w, sql), HD_OK);
}

/* The i-th report, checked for table and op. */
static const struct db_change *
nth(struct fx *f, int i, int table, enum db_op op)
{
	assert_true(i < f->r.n);
	assert_int_equal(f->r.rows[i].table, table);
	assert_int_equal(f->r.rows[i].op, op);
	return &f->r.rows[i];
}

static void
rowid_table_insert_update_delete_report_key_and_column(void **state)
{
	struct fx *f = *state;
	const struct db_change *ch;
	int64_t id = 0;

	assert_int_equal(
	    db_insert(f->w, &id, "INSERT INTO items(owner, name) VALUES (?, ?)",
		"it", (int64_t)5, "Heizung"),
	    HD_OK);
	/* The row, then the trigger's row of log. */
	assert_int_equal(f->r.n, 2);
	ch = nth(f, 0, ITEMS, DB_INSERT);
	assert_int_equal(ch->new_v[0], id);
	assert_int_equal(ch->new_v[1], 5);
	assert_int_equal(ch->old_v[0], 0);
	assert_int_equal(ch->old_v[1], 0);
	assert_false(ch->text_changed);

	f->r.n = 0;
	assert_int_equal(
	    db_exec(f->w, "UPDATE items SET owner = ? WHERE id = ?", "ii",
		(int64_t)6, id),
	    HD_OK);
	assert_int_equal(f->r.n, 1);
	ch = nth(f, 0, ITEMS, DB_UPDATE);
	assert_int_equal(ch->old_v[0], id);
	assert_int_equal(ch->old_v[1], 5);
	assert_int_equal(ch->new_v[0], id);
	assert_int_equal(ch->new_v[1], 6);

	/* A new key: old and new rowid. */
	f->r.n = 0;
	assert_int_equal(
	    db_exec(f->w, "UPDATE items SET id = 77 WHERE id = ?", "i", id),
	    HD_OK);
	ch = nth(f, 0, ITEMS, DB_UPDATE);
	assert_int_equal(ch->old_v[0], id);
	assert_int_equal(ch->new_v[0], 77);

	f->r.n = 0;
	assert_int_equal(
	    db_exec(f->w, "UPDATE items SET owner = NULL", ""), HD_OK);
	assert_int_equal(nth(f, 0, ITEMS, DB_UPDATE)->new_v[1], 0);

	f->r.n = 0;
	assert_int_equal(
	    db_exec(f->w, "DELETE FROM items WHERE id = 77", ""), HD_OK);
	assert_int_equal(f->r.n, 1);
	ch = nth(f, 0, ITEMS, DB_DELETE);
	assert_int_equal(ch->old_v[0], 77);
	assert_int_equal(ch->new_v[0], 0);
}

static void
a_text_column_change_is_told_from_an_update_that_keeps_it(void **state)
{
	struct fx *f = *state;

	run(f, "INSERT INTO items(id, name) VALUES (1, 'Heizung')");
	f->r.n = 0;
	run(f, "UPDATE items SET n = n + 1 WHERE id = 1");
	assert_false(nth(f, 0, ITEMS, DB_UPDATE)->text_changed);
	run(f, "UPDATE items SET name = 'Heizung' WHERE id = 1");
	assert_false(nth(f, 1, ITEMS, DB_UPDATE)->text_changed);
	run(f, "UPDATE items SET name = 'Heizung defekt' WHERE id = 1");
	assert_true(nth(f, 2, ITEMS, DB_UPDATE)->text_changed);
	/* 12 is stored as the text '12' (the column's affinity): the
	 * second is no change. */
	run(f, "UPDATE items SET name = '12' WHERE id = 1");
	run(f, "UPDATE items SET name = 12 WHERE id = 1");
	assert_true(nth(f, 3, ITEMS, DB_UPDATE)->text_changed);
	assert_false(nth(f, 4, ITEMS, DB_UPDATE)->text_changed);
	assert_int_equal(f->r.n, 5);
}

static void
a_without_rowid_table_reports_its_key_columns(void **state)
{
	struct fx *f = *state;
	const struct db_change *ch;

	run(f, "INSERT INTO links(note, b, a) VALUES ('x', 20, 10)");
	ch = nth(f, 0, LINKS, DB_INSERT);
	assert_int_equal(ch->new_v[0], 10);
	assert_int_equal(ch->new_v[1], 20);

	run(f, "UPDATE links SET note = 'y' WHERE a = 10");
	ch = nth(f, 1, LINKS, DB_UPDATE);
	assert_int_equal(ch->old_v[0], 10);
	assert_int_equal(ch->old_v[1], 20);
	assert_int_equal(ch->new_v[0], 10);
	assert_int_equal(ch->new_v[1], 20);
	assert_true(ch->text_changed);

	run(f, "DELETE FROM links WHERE a = 10 AND b = 20");
	ch = nth(f, 2, LINKS, DB_DELETE);
	assert_int_equal(ch->old_v[0], 10);
	assert_int_equal(ch->old_v[1], 20);
	assert_int_equal(f->r.n, 3);
}

static void
a_changed_key_of_a_without_rowid_table_shows_old_and_new(void **state)
{
	struct fx *f = *state;
	int64_t old_a = 0, new_a = 0;

	run(f, "INSERT INTO links(note, b, a) VALUES ('x', 20, 10)");
	f->r.n = 0;
	run(f, "UPDATE links SET a = 11 WHERE a = 10");
	/* Whatever SQLite makes of it (an UPDATE, or a DELETE and an
	 * INSERT), both keys are reported. */
	for (int i = 0; i < f->r.n; i++) {
		const struct db_change *ch = &f->r.rows[i];

		assert_int_equal(ch->table, LINKS);
		if (ch->op != DB_INSERT)
			old_a = ch->old_v[0];
		if (ch->op != DB_DELETE)
			new_a = ch->new_v[0];
	}
	assert_int_equal(old_a, 10);
	assert_int_equal(new_a, 11);
}

static void
rows_a_trigger_writes_are_reported(void **state)
{
	struct fx *f = *state;
	const struct db_change *ch;

	run(f, "INSERT INTO items(id) VALUES (3), (4)");
	assert_int_equal(f->r.n, 4);
	assert_int_equal(nth(f, 0, ITEMS, DB_INSERT)->new_v[0], 3);
	ch = nth(f, 1, LOG, DB_INSERT);
	assert_int_equal(ch->new_v[0], 3);
	assert_int_equal(ch->new_v[1], 0); /* cols[1] unused */
	assert_int_equal(nth(f, 3, LOG, DB_INSERT)->new_v[0], 4);
}

static void
a_delete_without_where_reports_every_row(void **state)
{
	struct fx *f = *state;
	bool seen[4] = {false};

	run(f, "INSERT INTO items(id, owner) VALUES (1, 11), (2, 12), "
	       "(3, 13)");
	run(f, "INSERT INTO links(note, b, a) VALUES ('x', 1, 1), "
	       "('y', 2, 2)");
	f->r.n = 0;
	run(f, "DELETE FROM items");
	assert_int_equal(f->r.n, 3);
	for (int i = 0; i < 3; i++) {
		const struct db_change *ch = nth(f, i, ITEMS, DB_DELETE);

		assert_int_equal(ch->old_v[1], ch->old_v[0] + 10);
		seen[ch->old_v[0]] = true;
	}
	assert_true(seen[1] && seen[2] && seen[3]);
	run(f, "DELETE FROM links");
	assert_int_equal(f->r.n, 5);
	/* Unwatched tables and temporary ones are not reported. */
	run(f, "INSERT INTO quiet(v) VALUES (1); DELETE FROM quiet;"
	       "CREATE TEMP TABLE items(id INTEGER PRIMARY KEY, owner, "
	       "name); INSERT INTO temp.items(id) VALUES (9);");
	assert_int_equal(f->r.n, 5);
}

static void
commit_follows_each_transaction_once_after_it_committed(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_open(f->t.path, DB_READONLY, &f->r.probe), HD_OK);
	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO items(id) VALUES (1)");
	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO items(id) VALUES (2)");
	assert_int_equal(db_commit(f->w), HD_OK);
	assert_int_equal(f->r.commits, 0); /* not at a savepoint */
	assert_int_equal(db_commit(f->w), HD_OK);
	assert_int_equal(f->r.commits, 1);
	assert_true(f->r.committed);
	assert_int_equal(f->r.rows_at_commit, 4);
	assert_int_equal(f->r.depth_at_commit, 0);
	/* Called after the commit: another connection sees the rows. */
	assert_int_equal(f->r.items_at_commit, 2);

	/* Closing in a transaction rolls it back, and says so. */
	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO items(id) VALUES (3)");
	db_close(f->w);
	f->r.w = NULL;
	assert_int_equal(f->r.commits, 2);
	assert_false(f->r.committed);
	assert_int_equal(db_open(f->t.path, DB_WRITER, &f->w), HD_OK);
	f->r.w = f->w;
	f->r.commits = 1;

	/* A transaction that changed nothing watched: no call. */
	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO quiet(v) VALUES (1)");
	assert_int_equal(db_commit(f->w), HD_OK);
	assert_int_equal(f->r.commits, 1);

	/* A statement outside a transaction is a transaction. */
	assert_int_equal(
	    db_exec(f->w, "UPDATE items SET owner = 1 WHERE id = 1", ""),
	    HD_OK);
	assert_int_equal(f->r.commits, 2);
	assert_true(f->r.committed);
	/* Also one that fails after reporting a row (5, then the
	 * duplicate 1, which SQLite refuses before reporting it). */
	assert_int_equal(
	    db_exec(f->w, "INSERT INTO items(id) VALUES (5), (1)", ""),
	    HD_ECONFLICT);
	assert_int_equal(f->r.commits, 3);
	assert_false(f->r.committed);
}

static void
commit_reports_a_rollback_and_rolled_back_savepoints_still_report(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO items(id) VALUES (1)");
	db_rollback(f->w);
	assert_int_equal(f->r.commits, 1);
	assert_false(f->r.committed);

	/* A job's savepoint rolled back inside a committed batch: its rows
	 * were reported (more than needed, never less). */
	f->r.n = 0;
	assert_int_equal(db_begin(f->w), HD_OK);
	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO links(note, b, a) VALUES ('x', 1, 1)");
	db_rollback(f->w);
	assert_int_equal(db_begin(f->w), HD_OK);
	run(f, "INSERT INTO links(note, b, a) VALUES ('y', 2, 2)");
	assert_int_equal(db_commit(f->w), HD_OK);
	assert_int_equal(f->r.commits, 1);
	assert_int_equal(db_commit(f->w), HD_OK);
	assert_int_equal(f->r.commits, 2);
	assert_true(f->r.committed);
	assert_int_equal(f->r.n, 2);
	assert_int_equal(nth(f, 0, LINKS, DB_INSERT)->new_v[0], 1);
	assert_int_equal(nth(f, 1, LINKS, DB_INSERT)->new_v[0], 2);
}

static void
a_transaction_the_database_rolled_back_ends_in_a_rollback_call(void **state)
{
	static unsigned char blob[8192];
	struct fx *f = *state;
	enum hd_status s = HD_OK;
	int64_t pages = 0;
	char sql[64];

	assert_int_equal(
	    db_scalar(f->w, &pages, "PRAGMA page_count", ""), HD_OK);
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
	    (long long)pages + 4);
	run(f, sql);
	memset(blob, 'a', sizeof(blob) - 1);
	assert_int_equal(db_begin(f->w), HD_OK);
	/* links: no trigger, so SQLite keeps no statement journal and a
	 * full disk rolls the whole transaction back. */
	for (int64_t i = 1; i <= 100 && s == HD_OK; i++)
		s = db_exec(f->w,
		    "INSERT INTO links(note, b, a) VALUES (?, ?, ?)", "tii",
		    (const char *)blob, i, i);
	assert_int_equal(s, HD_EFULL);
	assert_int_equal(f->r.commits, 0);
	assert_int_equal(db_commit(f->w), HD_EIO);
	assert_int_equal(f->r.commits, 1);
	assert_false(f->r.committed);
	run(f, "PRAGMA max_page_count = 1000000");
}

static void
the_feed_checks_its_tables_and_names(void **state)
{
	static const struct db_watch missing_col[] = {
	    {"items", {"id", "nosuch"}, NULL}};
	static const struct db_watch missing_table[] = {
	    {"nosuch", {NULL, NULL}, NULL}};
	static const struct db_watch bad_name[] = {
	    {"items; DROP TABLE items", {NULL, NULL}, NULL}};
	struct fx *f = *state;
	struct db_feed feed = {.watch = missing_col,
	    .n = 1,
	    .row = on_row,
	    .commit = on_commit,
	    .arg = &f->r};
	struct db_conn *c = NULL;

	assert_int_equal(db_feed_set(&feed), HD_OK);
	assert_int_equal(db_open(f->t.path, DB_WRITER, &c), HD_EIO);
	assert_null(c);
	feed.watch = missing_table;
	assert_int_equal(db_feed_set(&feed), HD_OK);
	assert_int_equal(db_open(f->t.path, DB_WRITER, &c), HD_EIO);
	feed.watch = bad_name;
	assert_int_equal(db_feed_set(&feed), HD_EINVAL);
	feed.watch = watch;
	feed.row = NULL;
	assert_int_equal(db_feed_set(&feed), HD_EINVAL);
	feed.row = on_row;
	feed.n = DB_FEED_MAX + 1;
	assert_int_equal(db_feed_set(&feed), HD_EINVAL);

	/* Other connections do not report. */
	assert_int_equal(db_open(f->t.path, 0, &c), HD_OK);
	assert_int_equal(
	    db_exec(c, "INSERT INTO items(id) VALUES (1)", ""), HD_OK);
	assert_int_equal(f->r.n, 0);
	assert_int_equal(f->r.commits, 0);
	db_close(c);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(rowid_table_insert_update_delete_report_key_and_column),
	    T(a_text_column_change_is_told_from_an_update_that_keeps_it),
	    T(a_without_rowid_table_reports_its_key_columns),
	    T(a_changed_key_of_a_without_rowid_table_shows_old_and_new),
	    T(rows_a_trigger_writes_are_reported),
	    T(a_delete_without_where_reports_every_row),
	    T(commit_follows_each_transaction_once_after_it_committed),
	    T(commit_reports_a_rollback_and_rolled_back_savepoints_still_report),
	    T(a_transaction_the_database_rolled_back_ends_in_a_rollback_call),
	    T(the_feed_checks_its_tables_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
