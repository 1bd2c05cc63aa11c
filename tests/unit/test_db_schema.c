/* SPDX-License-Identifier: MIT */
/*
 * What `hausdesk migrate-db` asks of src/db/ (db_schema_read,
 * db_bind_values, db_copy_triggers, db_ids_sync), on SQLite files: the
 * tables ordered after those they refer to, column kinds and the id
 * column, what cannot be described refused, values bound from an array.
 * The PostgreSQL side runs in tests/api/migrate-db.test.js.
 */
#include "db/db.h"
#include "db_tmp.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct fx {
	struct db_tmp t;
	struct db_conn *c;
	struct db_schema *s;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->s = calloc(1, sizeof(*f->s))) == NULL)
		return -1;
	db_tmp_make(&f->t);
	if (db_open(f->t.path, 0, &f->c) != HD_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	db_tmp_remove(&f->t);
	free(f->s);
	free(f);
	return 0;
}

static const struct db_table *
table(const struct db_schema *s, const char *name)
{
	int i = db_schema_find(s, name);

	assert_true(i >= 0);
	return &s->t[i];
}

static void
tables_follow_the_tables_they_refer_to(void **state)
{
	struct fx *f = *state;
	const struct db_table *t;

	/* Named so that the alphabet would put each child first. */
	assert_int_equal(
	    db_script(f->c,
		"CREATE TABLE c_parent (id INTEGER PRIMARY KEY, "
		"  name TEXT NOT NULL, up INTEGER REFERENCES "
		"  c_parent(id));"
		"CREATE TABLE b_child (id INTEGER PRIMARY KEY, "
		"  p INTEGER NOT NULL REFERENCES c_parent(id), "
		"  data BLOB, note VARCHAR(20));"
		"CREATE TABLE a_grandchild (b INTEGER NOT NULL "
		"  REFERENCES b_child(id), p BIGINT REFERENCES "
		"  c_parent(id), PRIMARY KEY (b, p)) WITHOUT ROWID;"),
	    HD_OK);
	assert_int_equal(db_schema_read(f->c, f->s), HD_OK);
	assert_int_equal(f->s->n, 3);
	assert_string_equal(f->s->t[0].name, "c_parent");
	assert_string_equal(f->s->t[1].name, "b_child");
	assert_string_equal(f->s->t[2].name, "a_grandchild");

	t = table(f->s, "c_parent");
	assert_int_equal(t->n_cols, 3);
	assert_string_equal(t->col[1], "name");
	assert_int_equal(t->kind[0], DB_KIND_INT);
	assert_int_equal(t->kind[1], DB_KIND_TEXT);
	assert_int_equal(t->id_col, 0);
	assert_int_equal(t->n_refs, 0); /* the reference to itself */

	t = table(f->s, "b_child");
	assert_int_equal(t->kind[2], DB_KIND_BLOB);
	assert_int_equal(t->kind[3], DB_KIND_TEXT);
	assert_int_equal(t->n_refs, 1);
	assert_int_equal(t->ref[0], 0);

	t = table(f->s, "a_grandchild");
	assert_int_equal(t->id_col, -1); /* no key of its own */
	assert_int_equal(t->n_refs, 2);
}

static void
what_it_cannot_describe_is_refused(void **state)
{
	struct fx *f = *state;

	/* SQLite takes a reference to a table made later: a cycle. */
	assert_int_equal(
	    db_script(f->c, "CREATE TABLE x (id INTEGER PRIMARY KEY, "
			    "  y INTEGER REFERENCES y(id));"
			    "CREATE TABLE y (id INTEGER PRIMARY KEY, "
			    "  x INTEGER REFERENCES x(id));"),
	    HD_OK);
	assert_int_equal(db_schema_read(f->c, f->s), HD_EINVAL);
	assert_int_equal(f->s->n, 0);
	assert_int_equal(
	    db_script(f->c, "DROP TABLE x; DROP TABLE y;"
			    "CREATE TABLE m (id INTEGER PRIMARY KEY, v REAL);"),
	    HD_OK);
	assert_int_equal(db_schema_read(f->c, f->s), HD_EINVAL);
}

static void
values_bind_from_an_array(void **state)
{
	struct fx *f = *state;
	static const char blob[] = {'a', 0, 'b'};
	struct db_value v[4] = {
	    {.kind = DB_KIND_INT, .i = 7},
	    {.kind = DB_KIND_TEXT, .p = "Grüße"},
	    {.kind = DB_KIND_BLOB, .p = blob, .len = sizeof(blob)},
	    {.kind = DB_KIND_INT, .null = true},
	};
	struct db_stmt *st;
	const void *b;
	size_t n;

	assert_int_equal(db_script(f->c, "CREATE TABLE v (id INTEGER PRIMARY "
					 "KEY, t TEXT, x BLOB, n INTEGER);"),
	    HD_OK);
	st =
	    db_prepare(f->c, "INSERT INTO v (id, t, x, n) VALUES (?, ?, ?, ?)");
	assert_int_equal(db_bind_values(st, v, 4), HD_OK);
	db_step(st);
	assert_int_equal(db_end(st), HD_OK);
	/* The count must be the statement's. */
	st =
	    db_prepare(f->c, "INSERT INTO v (id, t, x, n) VALUES (?, ?, ?, ?)");
	assert_int_equal(db_bind_values(st, v, 3), HD_EINVAL);
	assert_false(db_step(st));
	assert_int_equal(db_end(st), HD_EINVAL);

	st = db_prepare(f->c, "SELECT id, t, x, n FROM v");
	assert_int_equal(db_row(st), HD_OK);
	assert_int_equal(db_col_i64(st, 0), 7);
	assert_string_equal(db_col_text(st, 1), "Grüße");
	b = db_col_blob(st, 2, &n);
	assert_int_equal(n, sizeof(blob));
	assert_memory_equal(b, blob, sizeof(blob));
	assert_true(db_col_null(st, 3));
	assert_int_equal(db_end(st), HD_OK);
}

static void
sqlite_keeps_its_triggers_and_needs_no_sequences(void **state)
{
	struct fx *f = *state;
	int n = -1;

	assert_int_equal(db_copy_triggers(f->c, false), HD_EINVAL);
	assert_int_equal(db_ids_sync(f->c, &n), HD_OK);
	assert_int_equal(n, 0);
}

static void
the_real_schema_is_read_in_an_order_that_can_be_copied(void **state)
{
	struct fx *f = *state;
	const struct db_table *p;
	int i, j;

	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(db_schema_read(f->c, f->s), HD_OK);
	assert_true(f->s->n >= 20);
	for (i = 0; i < f->s->n; i++)
		for (j = 0; j < f->s->t[i].n_refs; j++)
			assert_true(f->s->t[i].ref[j] < i);
	p = table(f->s, "processes");
	assert_int_equal(p->id_col, 0);
	assert_true(
	    db_schema_find(f->s, "orgs") < db_schema_find(f->s, "processes"));
	assert_true(
	    db_schema_find(f->s, "processes") < db_schema_find(f->s, "outbox"));
	assert_true(db_schema_find(f->s, "schema_version") >= 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		tables_follow_the_tables_they_refer_to, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		what_it_cannot_describe_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		values_bind_from_an_array, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		sqlite_keeps_its_triggers_and_needs_no_sequences, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		the_real_schema_is_read_in_an_order_that_can_be_copied, setup,
		teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
