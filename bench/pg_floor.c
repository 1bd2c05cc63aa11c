/* SPDX-License-Identifier: MIT */
/*
 * The floor under creates on PostgreSQL (docs/postgresql.md): round
 * trips per statement and per create, and create-shaped transactions
 * (ten writes, as filing a Vorgang makes) per second on ONE connection
 * with durable commits, through db.h (the driver as the store will use
 * it: with and without the change feed's triggers) and through libpq's
 * pipeline mode directly (all ten in one round trip: what a driver that
 * could defer results would reach).
 *
 *	node tests/infra/with-pg.js build/hausdesk-pg-floor [seconds]
 *
 * Needs HAUSDESK_TEST_PG (with-pg.js sets it); the server should run
 * with fsync and synchronous_commit on (with-pg.js does).
 */
#include "db/db.h"
#include "db/pgsql.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
must(enum hd_status s, const char *what)
{
	if (s != HD_OK) {
		fprintf(stderr, "pg_floor: %s: %s\n", what, hd_status_str(s));
		exit(1);
	}
}

/* What store/feed.c watches (as of issue 11), for the feed's cost. */
static const struct db_watch watch[] = {
    {"processes", {"id", "org_id"}, "status"},
    {"process_assignees", {"process_id", "employee_id"}, NULL},
    {"history", {"process_id", NULL}, NULL},
    {"comments", {"process_id", NULL}, NULL},
    {"users", {"id", "org_id"}, "name"},
    {"process_types", {"id", "org_id"}, "name"},
    {"properties", {"id", "org_id"}, "name"},
    {"units", {"id", "property_id"}, "label"},
    {"roles", {"id", "org_id"}, "name"},
    {"staff", {"property_id", "employee_id"}, NULL},
    {"sessions", {"id", "user_id"}, NULL},
    {"api_tokens", {"id", "user_id"}, NULL},
    {"orgs", {"id", NULL}, "name"},
    {"outbox", {"id", "org_id"}, NULL},
};
static int64_t rows_seen;

static void
on_row(void *arg, const struct db_change *ch)
{
	(void)arg;
	(void)ch;
	rows_seen++;
}

static void
on_commit(void *arg, bool committed)
{
	(void)arg;
	(void)committed;
}

static const char fixture[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'Bench', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, created_at) VALUES "
    "  (1, 1, 'employee', 'A', 'a@x.de', 0), "
    "  (2, 1, 'employee', 'B', 'b@x.de', 0), "
    "  (3, 1, 'contact', 'C', 'c@x.de', 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Technik');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    "  created_at) VALUES (1, 1, 'H', 'S 1', '10115', 'Berlin', 0);"
    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'Heizung');"
    "INSERT INTO process_counters(org_id, year, last) VALUES (1, 2026, 0);";

static int64_t seq;

/* One create through db.h: ten statements in a job's savepoint inside a
 * transaction, as the writer runs it. */
static void
create_db(struct db_conn *c)
{
	char num[32], mid[64];
	int64_t n = 0, p = 0, t = hd_now();

	must(db_scalar(c, &n,
		 "UPDATE process_counters SET last = last + 1 "
		 "WHERE org_id = ? AND year = ? RETURNING last",
		 "ii", (int64_t)1, (int64_t)2026),
	    "counter");
	snprintf(num, sizeof(num), "2026-%06lld", (long long)n);
	must(db_insert(c, &p,
		 "INSERT INTO processes(org_id, number, type_id, property_id, "
		 "reporter_kind, reporter_id, created_by, subject, "
		 "description, created_at, updated_at) VALUES (?, ?, 1, 1, "
		 "'contact', 3, 3, ?, ?, ?, ?)",
		 "ittiii", (int64_t)1, num, "Heizung kalt",
		 "Seit gestern kalt.", t, t),
	    "process");
	for (int64_t e = 1; e <= 2; e++)
		must(db_exec(c,
			 "INSERT INTO process_assignees(process_id, "
			 "employee_id, role_id, reason) VALUES (?, ?, 1, ?)",
			 "iit", p, e, "staff"),
		    "assignee");
	for (int64_t h = 1; h <= 2; h++)
		must(db_exec(c,
			 "INSERT INTO history(process_id, id, at, event, text, "
			 "actor_id) VALUES (?, ?, ?, 'created', ?, 3)",
			 "iiit", p, h, t, "angelegt"),
		    "history");
	for (int k = 0; k < 3; k++) {
		snprintf(
		    mid, sizeof(mid), "<%lld.%d@bench>", (long long)++seq, k);
		must(db_exec(c,
			 "INSERT INTO outbox(org_id, to_addr, subject, body, "
			 "kind, message_id, process_id, next_attempt_at, "
			 "created_at) VALUES (1, 'a@x.de', ?, ?, 'created', "
			 "?, ?, ?, ?)",
			 "tttiii", "Neuer Vorgang", "Text der Mail", mid, p,
			 t * 1000, t),
		    "outbox");
	}
	must(db_exec(c, "UPDATE processes SET updated_at = ? WHERE id = ?",
		 "ii", t, p),
	    "touch");
}

/* batch creates per transaction, each in its savepoint, for secs; the
 * creates per second. */
static double
run_db(struct db_conn *c, int batch, double secs)
{
	double t0 = now_s(), t;
	long n = 0;

	do {
		must(db_begin(c), "begin");
		for (int i = 0; i < batch; i++) {
			must(db_begin(c), "savepoint");
			create_db(c);
			must(db_commit(c), "release");
		}
		must(db_commit(c), "commit");
		n += batch;
	} while ((t = now_s() - t0) < secs);
	return (double)n / t;
}

/* The same create in one pipeline: BEGIN, the ten statements (the new
 * Vorgang's id from currval; in the UPDATE's WHERE as a subquery, so
 * that the volatile function does not keep the index from use), COMMIT,
 * one Sync. */
static void
create_pipelined(PGconn *h)
{
	static const char *const sql[] = {
	    "BEGIN",
	    "UPDATE process_counters SET last = last + 1 "
	    "WHERE org_id = 1 AND year = 2026 RETURNING last",
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "reporter_kind, reporter_id, created_by, subject, description, "
	    "created_at, updated_at) VALUES (1, 'p' || nextval("
	    "'bench_seq'), 1, 1, 'contact', 3, 3, $1, $2, 0, 0) RETURNING id",
	    "INSERT INTO process_assignees(process_id, employee_id, role_id, "
	    "reason) VALUES (currval('processes_id_seq'), 1, 1, $1)",
	    "INSERT INTO process_assignees(process_id, employee_id, role_id, "
	    "reason) VALUES (currval('processes_id_seq'), 2, 1, $1)",
	    "INSERT INTO history(process_id, id, at, event, text, actor_id) "
	    "VALUES (currval('processes_id_seq'), 1, 0, 'created', $1, 3)",
	    "INSERT INTO history(process_id, id, at, event, text, actor_id) "
	    "VALUES (currval('processes_id_seq'), 2, 0, 'created', $1, 3)",
	    "INSERT INTO outbox(org_id, to_addr, subject, body, kind, "
	    "message_id, process_id, next_attempt_at, created_at) VALUES (1, "
	    "'a@x.de', 'Neu', $1, 'created', 'm' || nextval('bench_seq'), "
	    "currval('processes_id_seq'), 0, 0)",
	    "INSERT INTO outbox(org_id, to_addr, subject, body, kind, "
	    "message_id, process_id, next_attempt_at, created_at) VALUES (1, "
	    "'a@x.de', 'Neu', $1, 'created', 'm' || nextval('bench_seq'), "
	    "currval('processes_id_seq'), 0, 0)",
	    "INSERT INTO outbox(org_id, to_addr, subject, body, kind, "
	    "message_id, process_id, next_attempt_at, created_at) VALUES (1, "
	    "'a@x.de', 'Neu', $1, 'created', 'm' || nextval('bench_seq'), "
	    "currval('processes_id_seq'), 0, 0)",
	    "UPDATE processes SET updated_at = 1 "
	    "WHERE id = (SELECT currval('processes_id_seq'))",
	    "COMMIT",
	};
	const int n = (int)(sizeof(sql) / sizeof(sql[0]));
	const char *one[2] = {"Heizung kalt", "Seit gestern kalt."};
	PGresult *r;
	int syncs = 0;

	/* Prepared once per connection, as db.h's statements are: the
	 * difference is only the round trips. */
	static PGconn *prepared[4];
	bool have = false;

	for (int i = 0; i < 4 && !have; i++)
		have = prepared[i] == h;
	for (int i = 0; i < 4 && !have; i++)
		if (prepared[i] == NULL) {
			prepared[i] = h;
			break;
		}
	if (!have)
		for (int i = 0; i < n; i++) {
			char name[16];
			int np = strchr(sql[i], '$') == NULL	? 0
				 : strstr(sql[i], "$2") != NULL ? 2
								: 1;

			snprintf(name, sizeof(name), "bench%d", i);
			r = PQprepare(h, name, sql[i], np, NULL);
			if (PQresultStatus(r) != PGRES_COMMAND_OK) {
				fprintf(stderr, "pg_floor: %s",
				    PQresultErrorMessage(r));
				exit(1);
			}
			PQclear(r);
		}
	PQenterPipelineMode(h);
	for (int i = 0; i < n; i++) {
		char name[16];
		int np = strchr(sql[i], '$') == NULL	? 0
			 : strstr(sql[i], "$2") != NULL ? 2
							: 1;

		snprintf(name, sizeof(name), "bench%d", i);
		PQsendQueryPrepared(h, name, np, one, NULL, NULL, 0);
	}
	PQpipelineSync(h);
	/* Each query's results end with NULL, then the sync's result. */
	while (syncs < 1) {
		while ((r = PQgetResult(h)) != NULL) {
			ExecStatusType st = PQresultStatus(r);

			if (st == PGRES_PIPELINE_SYNC)
				syncs++;
			else if (st != PGRES_COMMAND_OK &&
				 st != PGRES_TUPLES_OK) {
				fprintf(stderr, "pg_floor: %s",
				    PQresultErrorMessage(r));
				exit(1);
			}
			PQclear(r);
			if (syncs)
				break;
		}
	}
	PQexitPipelineMode(h);
}

static double
run_pipelined(PGconn *h, double secs)
{
	double t0 = now_s(), t;
	long n = 0;

	do {
		create_pipelined(h);
		n++;
	} while ((t = now_s() - t0) < secs);
	return (double)n / t;
}

/* Round trips (Sync and Query messages the client sent) while fn runs
 * once on c, from libpq's trace. */
static int
round_trips(struct db_conn *c, void (*fn)(struct db_conn *))
{
	PGconn *h = ((struct pg_conn *)c)->h;
	char line[512];
	FILE *f = tmpfile();
	int n = 0;

	if (f == NULL)
		return -1;
	PQtrace(h, f);
	PQsetTraceFlags(h, PQTRACE_SUPPRESS_TIMESTAMPS);
	fn(c);
	PQuntrace(h);
	rewind(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "F\t", 2) == 0 &&
		    (strstr(line, "\tSync") || strstr(line, "\tQuery")))
			n++;
	fclose(f);
	return n;
}

static void
one_create_in_a_job(struct db_conn *c)
{
	must(db_begin(c), "begin");
	must(db_begin(c), "savepoint");
	create_db(c);
	must(db_commit(c), "release");
	must(db_commit(c), "commit");
}

static void
one_select(struct db_conn *c)
{
	int64_t v;

	must(db_scalar(c, &v, "SELECT ?", "i", (int64_t)1), "select");
}

/* One measured way of creating, run in turns with the others. */
struct way {
	const char *name;
	struct db_conn *c; /* db.h */
	int batch;	   /* creates per commit (db.h) */
	bool pipelined;	   /* libpq's pipeline on c's connection instead */
	bool triggers;	   /* with the feed's triggers enabled */
	double rate[32];
};

/* Enables or disables the feed's triggers (on c), so that ways with and
 * without them can take turns. */
static void
triggers_set(struct db_conn *c, bool on)
{
	static int state = -1;
	char sql[128];

	if (state == on)
		return;
	for (size_t i = 0; i < sizeof(watch) / sizeof(watch[0]); i++) {
		snprintf(sql, sizeof(sql), "ALTER TABLE %s %s TRIGGER hd_feed",
		    watch[i].table, on ? "ENABLE" : "DISABLE");
		must(db_script(c, sql), "triggers");
	}
	state = on;
}

static int
by_rate(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Runs each way for secs / rounds, in turns, rounds times (the machine
 * is shared: turns spread its noise over all), and prints the median
 * and the range of each.
 */
static void
measure(struct way *w, int n, double secs, int rounds)
{
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			triggers_set(w[0].c, w[i].triggers);
			w[i].rate[r] =
			    w[i].pipelined
				? run_pipelined(((struct pg_conn *)w[i].c)->h,
				      secs / rounds)
				: run_db(w[i].c, w[i].batch, secs / rounds);
		}
	for (int i = 0; i < n; i++) {
		qsort(w[i].rate, (size_t)rounds, sizeof(double), by_rate);
		printf("  %-46s %6.0f %6.0f\n", w[i].name,
		    w[i].rate[rounds / 2], w[i].rate[rounds - 1]);
	}
}

int
main(int argc, char **argv)
{
	const char *target = getenv("HAUSDESK_TEST_PG");
	double secs = argc > 1 ? strtod(argv[1], NULL) : 6.0;
	struct db_feed feed = {.watch = watch,
	    .n = sizeof(watch) / sizeof(watch[0]),
	    .row = on_row,
	    .commit = on_commit};
	struct db_conn *c, *a, *w, *wa;
	double t0, rt_us;
	int64_t v;
	long k;
	enum { ROUNDS = 15 };

	if (target == NULL || secs <= 0) {
		fprintf(stderr, "usage: node tests/infra/with-pg.js "
				"hausdesk-pg-floor [seconds]\n");
		return 2;
	}
	must(db_open(target, 0, &c), "open");
	must(db_migrate(c), "migrate");
	must(db_script(c, fixture), "fixture");
	must(db_script(c, "CREATE SEQUENCE bench_seq"), "sequence");
	/* The same without waiting for the WAL flush: what the round trips
	 * and the server's work cost, without the fsync. */
	must(db_open(target, 0, &a), "open");
	must(db_script(a, "SET synchronous_commit TO off"), "async");

	one_select(c); /* prepared */
	t0 = now_s();
	for (k = 0; now_s() - t0 < 1.0; k++)
		must(db_scalar(c, &v, "SELECT ?", "i", (int64_t)1), "select");
	rt_us = (now_s() - t0) / (double)k * 1e6;
	printf("round trip (SELECT ?, prepared): %.1f us\n", rt_us);
	printf("round trips per SELECT: %d\n", round_trips(c, one_select));
	one_create_in_a_job(c); /* prepares every statement */
	printf("round trips per create (10 writes in a job): %d\n",
	    round_trips(c, one_create_in_a_job));
	one_create_in_a_job(a);

	/* The change feed's triggers exist from here on; the ways below
	 * enable or disable them in turn. */
	must(db_feed_set(&feed), "feed");
	must(db_open(target, DB_WRITER, &w), "writer");
	must(db_open(target, DB_WRITER, &wa), "writer");
	must(db_script(wa, "SET synchronous_commit TO off"), "async");
	one_create_in_a_job(w);
	one_create_in_a_job(wa);
	rows_seen = 0;
	one_create_in_a_job(w);
	printf(
	    "rows the feed reports per create: %lld\n", (long long)rows_seen);
	printf("creates/s on one connection, %d turns each   median   best\n",
	    ROUNDS);
	{
		struct way ways[] = {
		    {.name = "db.h, 1 per commit", .c = c, .batch = 1},
		    {.name = "db.h, 16 per commit", .c = c, .batch = 16},
		    {.name = "libpq pipeline, 1 per commit",
			.c = c,
			.pipelined = true},
		    {.name = "db.h, 1 per commit, no fsync wait",
			.c = a,
			.batch = 1},
		    {.name = "libpq pipeline, 1 per commit, no fsync wait",
			.c = a,
			.pipelined = true},
		    {.name = "db.h + feed, 1 per commit",
			.c = w,
			.batch = 1,
			.triggers = true},
		    {.name = "db.h + feed, 16 per commit",
			.c = w,
			.batch = 16,
			.triggers = true},
		    {.name = "db.h + feed, 1 per commit, no fsync wait",
			.c = wa,
			.batch = 1,
			.triggers = true},
		    {.name = "db.h + triggers (NOTIFY only), 1 per commit",
			.c = c,
			.batch = 1,
			.triggers = true},
		    {.name = "db.h + NOTIFY only, no fsync wait",
			.c = a,
			.batch = 1,
			.triggers = true},
		    {.name = "libpq pipeline + NOTIFY only, no fsync wait",
			.c = a,
			.pipelined = true,
			.triggers = true},
		};
		measure(ways, sizeof(ways) / sizeof(ways[0]), secs, ROUNDS);
	}
	db_close(w);
	db_close(wa);
	db_close(a);
	db_close(c);
	return 0;
}
