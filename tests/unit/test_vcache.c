/* SPDX-License-Identifier: MIT */
/*
 * The answer cache (src/store/vcache.c) with the real writer on a real
 * SQLite file: what a reader read before a change was committed is never
 * stored after it, every kind of change a cached Vorgang shows drops it
 * before the changing job is answered, other Vorgänge stay, and the
 * cache keeps to its size.
 */
#include "db/db.h"
#include "store/feed.h"
#include "store/vcache.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* With cmocka.h (which needs setjmp.h, stdarg.h and stddef.h first). */
#include "writer_db.h"

#define ITEM "{\"id\":1,\"assignees\":[],\"history\":[],\"comments\":[]}"
#define SPLIT 22 /* up to the end of "assignees":[] */

static char dir[64], path[128];
static const struct vc_meta meta = {1, 1, 1, 0, {0}};

static int
setup(void **state)
{
	(void)state;
	writer_db_create(dir, sizeof(dir), "/tmp/hd-vcache-XXXXXX", path,
	    sizeof(path), "v.db");
	vcache_start(1024 * 1024);
	if (store_feed_start() != HD_OK || db_writer_open(path) != HD_OK)
		return -1;
	job("INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
	    "INSERT INTO users(id, org_id, kind, name, email, created_at) "
	    "VALUES (1, 1, 'employee', 'Frau Huber', 'h@abc.example', 0);"
	    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
	    "INSERT INTO properties(id, org_id, name, street, postal_code, "
	    "city, created_at) VALUES (1, 1, 'Haus', 'Weg 1', '80331', 'M', 0);"
	    "INSERT INTO units(id, org_id, property_id, label) "
	    "VALUES (1, 1, 1, 'Whg 1');"
	    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'S');"
	    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
	    "reporter_kind, reporter_id, created_by, subject, description, "
	    "created_at, updated_at) VALUES (1, 1, '2026-1', 1, 1, "
	    "'employee', 1, 1, 's', 'd', 0, 0), (2, 1, '2026-2', 1, 1, "
	    "'employee', 1, 1, 's', 'd', 0, 0)");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_writer_close();
	store_feed_stop();
	vcache_stop();
	writer_db_remove(dir, "v.db");
	return 0;
}

/* Whether Vorgang id is cached (full or as a list item). */
static bool
cached(int64_t id, bool full)
{
	struct hd_buf b;
	struct vc_meta m;
	bool hit;

	hd_buf_init(&b, 4096);
	hit = vcache_get(id, full, &m, &b);
	if (hit && full)
		assert_string_equal(b.data, ITEM);
	else if (hit)
		assert_string_equal(b.data, "{\"id\":1,\"assignees\":[]}");
	if (hit)
		assert_int_equal(m.org_id, meta.org_id);
	hd_buf_cleanup(&b);
	return hit;
}

static void
put(int64_t id, uint64_t ticket, bool full)
{
	vcache_put(id, ticket, &meta, ITEM, strlen(ITEM), SPLIT, full);
}

static void
a_list_item_is_no_full_answer_and_a_full_one_serves_both(void **state)
{
	(void)state;
	put(1, vcache_ticket(), false);
	assert_true(cached(1, false));
	assert_false(cached(1, true));
	put(1, vcache_ticket(), true);
	assert_true(cached(1, true));
	assert_true(cached(1, false));
	assert_false(cached(2, false));
}

/* Each change drops Vorgang 1 before the job is answered, and what was
 * read under the ticket from before it is not stored afterwards. */
static void
expect_dropped_by(const char *sql, bool drops_2)
{
	uint64_t before;

	put(1, vcache_ticket(), true);
	put(2, vcache_ticket(), true);
	assert_true(cached(1, true));
	before = vcache_ticket();
	job(sql);
	assert_false(cached(1, true));
	assert_int_equal(cached(2, true), !drops_2);
	put(1, before, true); /* read before the commit */
	assert_false(cached(1, true));
	put(1, vcache_ticket(), true); /* read after it */
	assert_true(cached(1, true));
}

static void
every_change_a_vorgang_shows_drops_it_and_no_other(void **state)
{
	(void)state;
	expect_dropped_by(
	    "UPDATE processes SET status = 'closed' WHERE id = 1", false);
	/* WITHOUT ROWID tables: no update hook, the pre-update hook (the
	 * SQLite driver's feed) sees them. */
	expect_dropped_by("INSERT INTO process_assignees(process_id, "
			  "employee_id, role_id, reason) VALUES (1, 1, 1, 'r')",
	    false);
	expect_dropped_by("UPDATE process_assignees SET status = 'closed' "
			  "WHERE process_id = 1",
	    false);
	expect_dropped_by("INSERT INTO history(process_id, id, at, event, "
			  "text) VALUES (1, 1, 0, 'status', 'x')",
	    false);
	expect_dropped_by("INSERT INTO comments(process_id, author_id, body, "
			  "created_at) VALUES (1, 1, 'Danke', 0)",
	    false);
	expect_dropped_by(
	    "DELETE FROM process_assignees WHERE process_id = 1", false);
	/* Deletes without WHERE, which SQLite may do without visiting the
	 * rows, and rows a trigger writes (the comment count). */
	expect_dropped_by("DELETE FROM history", false);
	expect_dropped_by("DELETE FROM comments", false);
	/* Names any entry may show drop them all. */
	expect_dropped_by("UPDATE users SET name = 'Frau Dr. Huber'", true);
	expect_dropped_by("UPDATE properties SET name = 'Haus A'", true);
	expect_dropped_by("UPDATE units SET label = 'Whg. 1'", true);
	expect_dropped_by("UPDATE process_types SET name = 'Schaden'", true);
	expect_dropped_by("UPDATE roles SET name = 'Haustechnik'", true);
}

/* A database without the tables the feed watches is refused (the writer
 * then does not open: "cannot open"), and the writer already open goes
 * on reporting. */
static void
a_schema_without_the_watched_columns_is_refused(void **state)
{
	static const char *const ends[] = {"", "-wal", "-shm"};
	char other[160], p[200];
	struct db_conn *c;

	(void)state;
	snprintf(other, sizeof(other), "%s/other.db", dir);
	assert_int_equal(db_open(other, DB_WRITER, &c), HD_EIO);
	assert_int_equal(db_open(other, 0, &c), HD_OK);
	assert_int_equal(db_script(c, "CREATE TABLE process_assignees "
				      "(status, process_id)"),
	    HD_OK);
	db_close(c);
	assert_int_equal(db_open(other, DB_WRITER, &c), HD_EIO);
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", other, ends[i]);
		unlink(p);
	}
	job("INSERT INTO users(id, org_id, kind, name, email, created_at) "
	    "VALUES (77, 1, 'employee', 'Frau Vogt', 'v@abc.example', 0)");
	expect_dropped_by(
	    "INSERT INTO process_assignees(process_id, "
	    "employee_id, role_id, reason) VALUES (1, 77, 1, 'r')",
	    false);
	job("DELETE FROM process_assignees WHERE process_id = 1");
}

static void
other_changes_keep_what_is_cached(void **state)
{
	uint64_t t;

	(void)state;
	put(1, vcache_ticket(), true);
	t = vcache_ticket();
	job("UPDATE users SET active = 1 WHERE id = 1");
	/* A name written again unchanged is no change of a name. */
	job("UPDATE users SET name = name WHERE id = 1");
	job("INSERT INTO sessions(id, token_hash, user_id, csrf_token, "
	    "created_at, expires_at) VALUES (1, 'h1', 1, 'c', 0, 9)");
	assert_true(cached(1, true));
	/* Nothing it shows changed: what was read under t is still true. */
	put(2, t, true);
	assert_true(cached(2, true));
}

static void
a_failed_job_drops_too(void **state)
{
	struct db_conn *c;

	(void)state;
	put(1, vcache_ticket(), true);
	c = db_writer_acquire();
	assert_non_null(c);
	assert_int_equal(db_exec(c,
			     "UPDATE processes SET subject = 'x' "
			     "WHERE id = 1",
			     ""),
	    HD_OK);
	assert_int_equal(db_writer_release(c, HD_EINVAL), HD_EINVAL);
	assert_false(cached(1, true));
}

static void
the_cache_keeps_to_its_size(void **state)
{
	struct vc_stats s;
	char item[2048];

	(void)state;
	memset(item, ' ', sizeof(item));
	item[0] = '{';
	item[sizeof(item) - 1] = '}';
	/* 4 MB of entries into a 1 MB cache. */
	for (int64_t id = 100; id < 100 + 2048; id++)
		vcache_put(
		    id, vcache_ticket(), &meta, item, sizeof(item), 100, true);
	vcache_stats(&s);
	assert_true(s.bytes <= 1024 * 1024);
	assert_true(s.entries > 100);
}

#define PAGE "{\"items\":[],\"next\":null}"

/* Whether a page is kept for the key; checks what it holds. */
static bool
page_kept(int64_t employee, int64_t org_id, const char *status, int limit)
{
	size_t len = 0;
	void *ref = NULL;
	const char *a =
	    vcache_page_share(employee, org_id, status, limit, &len, &ref);

	if (a == NULL)
		return false;
	assert_int_equal(len, strlen(PAGE));
	assert_memory_equal(a, PAGE, len);
	vcache_page_release(ref);
	return true;
}

static bool
page_cached(int64_t employee)
{
	return page_kept(employee, 1, "open", 50);
}

static void
page_put(int64_t employee, uint64_t ticket)
{
	static const int64_t ids[] = {1};
	vcache_page_put(
	    employee, 1, "open", 50, ticket, ids, 1, PAGE, strlen(PAGE));
}

static void
a_queue_page_holds_until_its_employee_or_a_vorgang_on_it_changes(void **state)
{
	uint64_t before;

	(void)state;
	job("INSERT INTO users(id, org_id, kind, name, email, created_at) "
	    "VALUES (2, 1, 'employee', 'Herr Schmidt', 's@abc.example', 0)");
	page_put(1, vcache_ticket());
	assert_true(page_cached(1));
	/* Another key: another status, limit, organisation. */
	assert_false(page_kept(1, 1, "closed", 50));
	assert_false(page_kept(1, 1, "open", 20));
	assert_false(page_kept(1, 2, "open", 50));

	/* Herr Schmidt's assignments are not Frau Huber's queue. */
	job("INSERT INTO process_assignees(process_id, employee_id, role_id, "
	    "reason) VALUES (2, 2, 1, 'r')");
	assert_true(page_cached(1));

	/* Her own: a Vorgang joins (or leaves) her queue. */
	before = vcache_ticket();
	job("INSERT INTO process_assignees(process_id, employee_id, role_id, "
	    "reason) VALUES (2, 1, 1, 'r')");
	assert_false(page_cached(1));
	page_put(1, before); /* built before that commit */
	assert_false(page_cached(1));

	/* A Vorgang on the page changes. */
	page_put(1, vcache_ticket());
	assert_true(page_cached(1));
	job("UPDATE processes SET subject = 'Heizung' WHERE id = 1");
	assert_false(page_cached(1));

	/* A name any page may show. */
	page_put(1, vcache_ticket());
	job("UPDATE properties SET name = 'Haus B'");
	assert_false(page_cached(1));
}

/* An answer being sent keeps its page after the cache let go of it (the
 * ASan run of this test catches a page freed too early). */
static void
a_shared_page_outlives_its_slot(void **state)
{
	const char *a;
	size_t len = 0;
	void *ref = NULL;

	(void)state;
	page_put(1, vcache_ticket());
	a = vcache_page_share(1, 1, "open", 50, &len, &ref);
	assert_non_null(a);
	job("UPDATE processes SET subject = 'Heizung kalt' WHERE id = 1");
	assert_false(page_cached(1)); /* the slot lets go */
	assert_int_equal(len, strlen(PAGE));
	assert_memory_equal(a, PAGE, len);
	vcache_page_release(ref);
}

static void
queue_pages_take_at_most_half_of_the_cache(void **state)
{
	static char answer[20 * 1024];
	static const int64_t ids[] = {1};
	struct vc_stats st;

	(void)state;
	memset(answer, ' ', sizeof(answer));
	/* 4,000 employees' pages of 20 KB (80 MB) into the 1 MB cache. */
	for (int64_t e = 10; e < 4010; e++)
		vcache_page_put(e, 1, "open", 50, vcache_ticket(), ids, 1,
		    answer, sizeof(answer));
	vcache_stats(&st);
	assert_true(st.page_bytes > 0);
	assert_true(st.page_bytes <= 512 * 1024);
	assert_true(st.bytes <= 1024 * 1024);
	/* Vorgänge still find room. */
	put(1, vcache_ticket(), true);
	assert_true(cached(1, true));
}

/* The race the tickets are for: readers read a Vorgang's subject and
 * offer it to the cache while the writer changes it. Once all is quiet,
 * whatever the cache holds is what the database holds. */
#define RACE_IDS 8
#define RACE_WRITES 400

static atomic_bool race_done;

static void
race_item(char *buf, size_t n, int64_t id, const char *subject, size_t *split)
{
	*split = (size_t)snprintf(buf, n,
	    "{\"id\":%lld,\"s\":\"%s\",\"assignees\":[]", (long long)id,
	    subject);
	snprintf(buf + *split, n - *split, "}");
}

static void *
race_reader(void *arg)
{
	struct db_conn *c;
	char item[128];
	size_t split;
	unsigned seed = (unsigned)(uintptr_t)arg;

	assert_int_equal(db_open(path, DB_READONLY, &c), HD_OK);
	while (!atomic_load(&race_done)) {
		int64_t id = 1000 + rand_r(&seed) % RACE_IDS;
		uint64_t t = vcache_ticket(); /* before the snapshot */
		struct db_stmt *st;
		struct hd_buf hit;
		struct vc_meta m;
		bool was_cached;

		/* As the server does: read the database only on a miss. */
		hd_buf_init(&hit, 4096);
		was_cached = vcache_get(id, false, &m, &hit);
		hd_buf_cleanup(&hit);
		if (was_cached) {
			usleep(20); /* leave the writer room, even under
				       valgrind */
			continue;
		}
		st =
		    db_prepare(c, "SELECT subject FROM processes WHERE id = ?");
		db_bind(st, "i", id);
		assert_int_equal(db_row(st), HD_OK);
		race_item(item, sizeof(item), id, db_col_text(st, 0), &split);
		assert_int_equal(db_end(st), HD_OK);
		/* Rendering takes a while: the writer may commit meanwhile. */
		usleep((useconds_t)(rand_r(&seed) % 200));
		vcache_put(id, t, &meta, item, strlen(item), split, false);
	}
	db_close(c);
	return NULL;
}

static void *
race_writer(void *arg)
{
	unsigned seed = 7;

	(void)arg;
	for (int i = 0; i < RACE_WRITES; i++) {
		struct db_conn *c = db_writer_acquire();

		assert_non_null(c);
		assert_int_equal(
		    db_exec(c,
			"UPDATE processes SET subject = ? "
			"WHERE id = ?",
			"ii", (int64_t)i,
			(int64_t)(1000 + rand_r(&seed) % RACE_IDS)),
		    HD_OK);
		assert_int_equal(db_writer_release(c, HD_OK), HD_OK);
	}
	atomic_store(&race_done, true);
	return NULL;
}

static void
what_stays_cached_after_racing_changes_is_what_was_committed(void **state)
{
	pthread_t rd[4], wr;
	struct db_conn *c;
	int64_t cached_n = 0;

	(void)state;
	for (int64_t id = 1000; id < 1000 + RACE_IDS; id++) {
		char sql[256];

		snprintf(sql, sizeof(sql),
		    "INSERT INTO processes(id, org_id, number, type_id, "
		    "property_id, reporter_kind, reporter_id, created_by, "
		    "subject, description, created_at, updated_at) VALUES "
		    "(%lld, 1, 'r-%lld', 1, 1, 'employee', 1, 1, 'start', "
		    "'d', 0, 0)",
		    (long long)id, (long long)id);
		job(sql);
	}
	for (uintptr_t i = 0; i < 4; i++)
		assert_int_equal(
		    pthread_create(&rd[i], NULL, race_reader, (void *)i), 0);
	assert_int_equal(pthread_create(&wr, NULL, race_writer, NULL), 0);
	pthread_join(wr, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(rd[i], NULL);

	assert_int_equal(db_open(path, DB_READONLY, &c), HD_OK);
	for (int64_t id = 1000; id < 1000 + RACE_IDS; id++) {
		char want[128];
		size_t split;
		struct hd_buf b;
		struct vc_meta m;
		struct db_stmt *st =
		    db_prepare(c, "SELECT subject FROM processes WHERE id = ?");

		db_bind(st, "i", id);
		assert_int_equal(db_row(st), HD_OK);
		race_item(want, sizeof(want), id, db_col_text(st, 0), &split);
		assert_int_equal(db_end(st), HD_OK);
		hd_buf_init(&b, 4096);
		if (vcache_get(id, false, &m, &b)) {
			assert_string_equal(b.data, want);
			cached_n++;
		}
		hd_buf_cleanup(&b);
	}
	db_close(c);
	/* Most Vorgänge were read again after their last change. */
	assert_true(cached_n > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		a_list_item_is_no_full_answer_and_a_full_one_serves_both),
	    cmocka_unit_test(
		every_change_a_vorgang_shows_drops_it_and_no_other),
	    cmocka_unit_test(a_schema_without_the_watched_columns_is_refused),
	    cmocka_unit_test(other_changes_keep_what_is_cached),
	    cmocka_unit_test(a_failed_job_drops_too),
	    cmocka_unit_test(the_cache_keeps_to_its_size),
	    cmocka_unit_test(
		what_stays_cached_after_racing_changes_is_what_was_committed),
	    cmocka_unit_test(
		a_queue_page_holds_until_its_employee_or_a_vorgang_on_it_changes),
	    cmocka_unit_test(a_shared_page_outlives_its_slot),
	    cmocka_unit_test(queue_pages_take_at_most_half_of_the_cache),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
