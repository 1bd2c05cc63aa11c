/* SPDX-License-Identifier: MIT */
/*
 * The floor under the create benchmark: how many Vorgänge per second this
 * machine can file on the bench data set without HTTP in the way.
 *
 *   hausdesk-floor store --db P --tokens F --types L [--creates N]
 *       [--threads T]
 *     T threads (64: as many as the benchmark's connections) file N
 *     Vorgänge through the server's own code: store_process_create in a
 *     job of the group-committing writer, the background checkpointer
 *     running. The mails stay queued (no mail worker).
 *
 *   hausdesk-floor rows --db P --tokens F [--creates N] [--batch B]
 *     One thread writes only the rows a routed create writes — the
 *     Vorgang, its created and routed history, 1 or 2 assignees and a mail
 *     to each and to the tenant — with prepared statements, B creates
 *     (64: the most 64 connections can put into one commit) per
 *     synchronous=FULL commit, no checkpoint. No routing, no reads, no
 *     templates: what the schema alone costs. --no-sync,
 *     --no-foreign-keys and --drop-secondary-indexes (which drops them from
 *     the database given: use a copy) leave out what they say.
 *
 * Prints "<mode> <creates> creates in <s> s: <rate>/s". Asserts nothing
 * about speed; exits non-zero when a create fails.
 */
#include "mail/message.h"
#include "store/checkpoint.h"
#include "store/db.h"
#include "store/process.h"
#include "store/vcache.h"
#include "util/config.h"

#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TENANTS 100000
#define MAX_TYPES 256
#define MAX_EMPLOYEES 4096
#define BODY_LEN 600 /* a rendered assignment mail is ~600 bytes */

struct tenant {
	int64_t user_id, property_id, unit_id;
};

static struct tenant tenants[MAX_TENANTS];
static int n_tenants;
static int64_t types[MAX_TYPES];
static int n_types;
static int64_t org_id;
static long creates = 20000;
static _Atomic long next_create, failed;

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* xorshift64: the same sequence in every run. */
static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static bool
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* The tenants of the data set's tokens file (kind, user id, token,
 * property, unit; tab-separated). */
static bool
load_tenants(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return false;
	while (n_tenants < MAX_TENANTS && fgets(line, sizeof(line), f)) {
		char *p = line, *fields[5];
		int n = 0;

		while (n < 5 && (fields[n] = strsep(&p, "\t\n")) != NULL)
			n++;
		if (n < 5 || strcmp(fields[0], "tenant") != 0)
			continue;
		tenants[n_tenants++] = (struct tenant){
		    strtoll(fields[1], NULL, 10), strtoll(fields[3], NULL, 10),
		    strtoll(fields[4], NULL, 10)};
	}
	fclose(f);
	return n_tenants > 0;
}

static bool
parse_types(const char *list)
{
	char buf[2048], *p = buf, *t;
	long v;

	snprintf(buf, sizeof(buf), "%s", list);
	while ((t = strsep(&p, ",")) != NULL && n_types < MAX_TYPES)
		if (parse_long(t, 1, 1L << 40, &v))
			types[n_types++] = v;
	return n_types > 0;
}

/* --- store: the server's code, many threads ------------------------------
 */

static void *
store_thread(void *arg)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(intptr_t)arg;
	char subject[64];
	long i;

	while ((i = atomic_fetch_add(&next_create, 1)) < creates) {
		const struct tenant *t =
		    &tenants[next_rand(&seed) % (uint64_t)n_tenants];
		struct viewer v = {org_id, t->user_id, VIEW_CONTACT};
		struct process_new in = {0};
		const char *field = NULL;
		struct db_conn *c;
		enum hd_status st;
		int64_t id;

		snprintf(subject, sizeof(subject), "Benchmark-Meldung %ld", i);
		in.type_id = types[next_rand(&seed) % (uint64_t)n_types];
		in.property_id = t->property_id;
		in.unit_id = t->unit_id;
		in.subject = subject;
		in.description =
		    "Wasserfleck an der Decke im Bad, bitte prüfen.";
		if ((c = db_writer_acquire()) == NULL) {
			atomic_fetch_add(&failed, 1);
			continue;
		}
		st = store_process_create(c, &v, &in, &field, &id);
		if (db_writer_release(c, st) != HD_OK)
			atomic_fetch_add(&failed, 1);
	}
	return NULL;
}

static int
run_store(const char *db, int threads)
{
	pthread_t th[256];
	uint64_t b0, j0, r0, b1, j1, r1;
	double t0, secs;
	int i, n = 0;

	vcache_start((size_t)HD_CACHE_MB * 1024 * 1024);
	db_memory_limit(HD_DB_MEMORY);
	if (db_writer_open(db) != HD_OK || db_checkpointer_start(db) != HD_OK) {
		fprintf(stderr, "floor: cannot open %s\n", db);
		return 1;
	}
	db_writer_stats(&b0, &j0, &r0);
	t0 = now_s();
	for (i = 0; i < threads; i++)
		if (pthread_create(&th[n], NULL, store_thread,
			(void *)(intptr_t)(i + 1)) == 0)
			n++;
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	secs = now_s() - t0;
	db_writer_stats(&b1, &j1, &r1);
	db_checkpointer_stop();
	db_writer_close();
	vcache_stop();
	printf("store %ld creates in %.2f s: %.0f/s (%d threads, %.1f per "
	       "commit)\n",
	    creates, secs, (double)creates / secs, n,
	    b1 > b0 ? (double)(j1 - j0) / (double)(b1 - b0) : 0.0);
	return failed ? 1 : 0;
}

/* --- rows: the schema alone, one thread ----------------------------------
 */

static sqlite3_stmt *
prepare(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "floor: %s: %s\n", sql, sqlite3_errmsg(h));
		exit(1);
	}
	return st;
}

/* Steps st once (binding nothing new) and resets it; the integer of its
 * first column, if it returned a row. */
static int64_t
step(sqlite3 *h, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;

	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fprintf(stderr, "floor: %s\n", sqlite3_errmsg(h));
		exit(1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return v;
}

struct rows_stmts {
	sqlite3_stmt *counter, *last, *process, *history, *unrouted, *assignee,
	    *mail;
};

static void
rows_prepare(sqlite3 *h, struct rows_stmts *s)
{
	s->counter = prepare(h,
	    "INSERT INTO process_counters(org_id, year, last) VALUES (?, "
	    "2026, 1) ON CONFLICT(org_id, year) DO UPDATE SET last = last + "
	    "1");
	/* As the server: no RETURNING (see store_process_create). */
	s->last =
	    prepare(h, "SELECT last FROM process_counters WHERE org_id = ? "
		       "AND year = 2026");
	s->process = prepare(h,
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "unit_id, reporter_kind, reporter_id, created_by, subject, "
	    "description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "'contact', ?6, ?6, ?7, 'Wasserfleck an der Decke im Bad, bitte "
	    "prüfen.', strftime('%s','now'), strftime('%s','now'))");
	s->history = prepare(h,
	    "INSERT INTO history(process_id, id, at, event, text, actor_id) "
	    "VALUES (?, ?, strftime('%s','now'), ?, ?, ?)");
	s->unrouted =
	    prepare(h, "UPDATE processes SET unrouted = 0, updated_at = "
		       "strftime('%s','now') WHERE id = ?");
	s->assignee = prepare(h,
	    "INSERT INTO process_assignees(process_id, employee_id, role_id, "
	    "reason, status) VALUES (?, ?, NULL, 'Rolle Hausmeisterin an "
	    "Musterstraße 1', 'open')");
	s->mail = prepare(h,
	    "INSERT INTO outbox(org_id, to_addr, to_name, subject, body, "
	    "kind, message_id, process_id, next_attempt_at, created_at) VALUES "
	    "(?, 'empfaenger@muster.example', 'Frau Muster', '[V-2026-000001] "
	    "Neuer Vorgang: Benchmark-Meldung', ?, 'assigned', ?, ?, "
	    "strftime('%s','now') * 1000, strftime('%s','now'))");
}

static void
rows_history(sqlite3 *h, struct rows_stmts *s, int64_t pid, int n,
    const char *event, int64_t actor)
{
	sqlite3_bind_int64(s->history, 1, pid);
	sqlite3_bind_int(s->history, 2, n);
	sqlite3_bind_text(s->history, 3, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->history, 4, "Vorgang angelegt von Frau Muster", -1,
	    SQLITE_STATIC);
	if (actor)
		sqlite3_bind_int64(s->history, 5, actor);
	step(h, s->history);
}

static void
rows_mail(sqlite3 *h, struct rows_stmts *s, int64_t pid, const char *body)
{
	char mid[128];

	mail_message_id_new("hausdesk@muster.example", mid, sizeof(mid));
	sqlite3_bind_int64(s->mail, 1, org_id);
	sqlite3_bind_text(s->mail, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->mail, 3, mid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s->mail, 4, pid);
	step(h, s->mail);
}

/* One create's rows: 78 % of the bench's creates reach two employees. */
static void
rows_create(sqlite3 *h, struct rows_stmts *s, const int64_t *emps, int n_emps,
    uint64_t *seed, const char *body)
{
	const struct tenant *t =
	    &tenants[next_rand(seed) % (uint64_t)n_tenants];
	int n_assigned = next_rand(seed) % 100 < 78 ? 2 : 1, k;
	char number[32];
	int64_t pid, e0 = (int64_t)(next_rand(seed) % (uint64_t)n_emps);

	sqlite3_bind_int64(s->counter, 1, org_id);
	step(h, s->counter);
	sqlite3_bind_int64(s->last, 1, org_id);
	snprintf(
	    number, sizeof(number), "F-%07lld", (long long)step(h, s->last));
	sqlite3_bind_int64(s->process, 1, org_id);
	sqlite3_bind_text(s->process, 2, number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(
	    s->process, 3, types[next_rand(seed) % (uint64_t)n_types]);
	sqlite3_bind_int64(s->process, 4, t->property_id);
	if (t->unit_id)
		sqlite3_bind_int64(s->process, 5, t->unit_id);
	sqlite3_bind_int64(s->process, 6, t->user_id);
	sqlite3_bind_text(
	    s->process, 7, "Benchmark-Meldung", -1, SQLITE_STATIC);
	step(h, s->process);
	pid = sqlite3_last_insert_rowid(h);
	rows_history(h, s, pid, 1, "created", t->user_id);
	sqlite3_bind_int64(s->unrouted, 1, pid);
	step(h, s->unrouted);
	for (k = 0; k < n_assigned; k++) {
		sqlite3_bind_int64(s->assignee, 1, pid);
		sqlite3_bind_int64(s->assignee, 2, emps[(e0 + 7 * k) % n_emps]);
		step(h, s->assignee);
		rows_history(h, s, pid, 2 + k, "routed", 0);
	}
	for (k = 0; k <= n_assigned; k++)
		rows_mail(h, s, pid, body);
}

/* What the rows mode leaves out, to see what each part costs. */
struct variant {
	bool no_sync;	      /* synchronous=OFF: no fsync at all */
	bool no_foreign_keys; /* foreign_keys=OFF */
	bool no_indexes;      /* drops the secondary indexes of the tables a
				 create writes — from the database given */
};

/* The secondary indexes a create writes into (UNIQUE constraints stay). */
static const char *const secondary_indexes[] = {"processes_org",
    "processes_property", "processes_reporter", "processes_unrouted",
    "assignees_employee", "assignees_role", "assignees_queue", "outbox_process",
    "outbox_org", "outbox_due"};

static bool
apply_variant(sqlite3 *h, const struct variant *va)
{
	char sql[128];

	if (va->no_sync &&
	    sqlite3_exec(h, "PRAGMA synchronous=OFF", NULL, NULL, NULL))
		return false;
	if (va->no_foreign_keys &&
	    sqlite3_exec(h, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL))
		return false;
	for (size_t i = 0;
	     va->no_indexes && i < sizeof(secondary_indexes) / sizeof(char *);
	     i++) {
		snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %s",
		    secondary_indexes[i]);
		if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
			return false;
	}
	return true;
}

static int
run_rows(const char *db, long batch, const struct variant *va)
{
	static int64_t emps[MAX_EMPLOYEES];
	struct rows_stmts s;
	struct db_conn *c;
	sqlite3_stmt *st, *begin, *commit;
	char body[BODY_LEN + 1];
	uint64_t seed = 42;
	int n_emps = 0;
	double t0, secs;
	long i;

	if (db_open(db, false, &c) != HD_OK) {
		fprintf(stderr, "floor: cannot open %s\n", db);
		return 1;
	}
	sqlite3_exec(c->h, "PRAGMA cache_size=-16000", NULL, NULL, NULL);
	sqlite3_wal_autocheckpoint(c->h, 0);
	if (!apply_variant(c->h, va)) {
		fprintf(stderr, "floor: %s\n", sqlite3_errmsg(c->h));
		db_close(c);
		return 1;
	}
	st = prepare(c->h, "SELECT id FROM users WHERE org_id = ? AND kind = "
			   "'employee' AND active ORDER BY id");
	sqlite3_bind_int64(st, 1, org_id);
	while (sqlite3_step(st) == SQLITE_ROW && n_emps < MAX_EMPLOYEES)
		emps[n_emps++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n_emps == 0) {
		fprintf(stderr, "floor: no employees in %s\n", db);
		db_close(c);
		return 1;
	}
	memset(body, 'x', BODY_LEN);
	body[BODY_LEN] = '\0';
	rows_prepare(c->h, &s);
	begin = prepare(c->h, "BEGIN");
	commit = prepare(c->h, "COMMIT");
	t0 = now_s();
	for (i = 0; i < creates; i++) {
		if (i % batch == 0)
			step(c->h, begin);
		rows_create(c->h, &s, emps, n_emps, &seed, body);
		if (i % batch == batch - 1 || i == creates - 1)
			step(c->h, commit);
	}
	secs = now_s() - t0;
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_finalize(s.counter);
	sqlite3_finalize(s.last);
	sqlite3_finalize(s.process);
	sqlite3_finalize(s.history);
	sqlite3_finalize(s.unrouted);
	sqlite3_finalize(s.assignee);
	sqlite3_finalize(s.mail);
	db_close(c);
	printf("rows %ld creates in %.2f s: %.0f/s (%ld per commit%s%s%s)\n",
	    creates, secs, (double)creates / secs, batch,
	    va->no_sync ? ", no fsync" : "",
	    va->no_foreign_keys ? ", no foreign keys" : "",
	    va->no_indexes ? ", no secondary indexes" : "");
	return 0;
}

/* The organisation of the first tenant: the data set has one. */
static bool
load_org(const char *db)
{
	struct db_conn *c;
	bool ok;

	if (db_open(db, false, &c) != HD_OK)
		return false;
	ok = db_int(c, &org_id, "SELECT org_id FROM users WHERE id = ?", "i",
		 tenants[0].user_id) == HD_OK;
	db_close(c);
	return ok;
}

static int
usage(void)
{
	fprintf(stderr,
	    "usage: hausdesk-floor store|rows --db PATH --tokens FILE "
	    "[--types LIST] [--creates N] [--threads T] [--batch B] "
	    "[--no-sync] [--no-foreign-keys] [--drop-secondary-indexes]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {{"db", 1, NULL, 'd'},
	    {"tokens", 1, NULL, 'k'}, {"types", 1, NULL, 't'},
	    {"creates", 1, NULL, 'n'}, {"threads", 1, NULL, 'j'},
	    {"batch", 1, NULL, 'b'}, {"no-sync", 0, NULL, 's'},
	    {"no-foreign-keys", 0, NULL, 'f'},
	    {"drop-secondary-indexes", 0, NULL, 'x'}, {NULL, 0, NULL, 0}};
	struct variant va = {false, false, false};
	const char *db = NULL, *tokens = NULL, *type_list = NULL;
	long threads = 64, batch = 64;
	int o;

	if (argc < 2)
		return usage();
	while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		bool ok = true;

		if (o == 'd')
			db = optarg;
		else if (o == 'k')
			tokens = optarg;
		else if (o == 't')
			type_list = optarg;
		else if (o == 'n')
			ok = parse_long(optarg, 1, 100000000, &creates);
		else if (o == 'j')
			ok = parse_long(optarg, 1, 256, &threads);
		else if (o == 'b')
			ok = parse_long(optarg, 1, 1000000, &batch);
		else if (o == 's')
			va.no_sync = true;
		else if (o == 'f')
			va.no_foreign_keys = true;
		else if (o == 'x')
			va.no_indexes = true;
		else
			ok = false;
		if (!ok)
			return usage();
	}
	if (db == NULL || tokens == NULL || !load_tenants(tokens))
		return usage();
	if (type_list == NULL || !parse_types(type_list))
		return usage();
	hd_cfg.base_url = "http://127.0.0.1:8080";
	hd_cfg.mail_from = "hausdesk@muster.example";
	if (!load_org(db)) {
		fprintf(stderr, "floor: no tenant of %s in %s\n", tokens, db);
		return 1;
	}
	if (strcmp(argv[1], "store") == 0)
		return run_store(db, (int)threads);
	if (strcmp(argv[1], "rows") == 0)
		return run_rows(db, batch, &va);
	return usage();
}
