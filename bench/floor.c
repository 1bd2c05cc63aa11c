/* SPDX-License-Identifier: MIT */
/*
 * The floor under the create benchmark: how many Vorgänge per second this
 * machine can file on the bench data set without HTTP in the way.
 *
 *   hausdesk-floor store --db P --tokens F --types L [--creates N]
 *       [--threads T]
 *     T threads (64: as many as the benchmark's connections) file N
 *     Vorgänge through the server's own code: app_process_file (a job
 *     of the group-committing writer, no answer written), the background
 * checkpointer running. The mails stay queued (no mail worker).
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
#include "app/process.h"
#include "core/event.h"
#include "db/db.h"
#include "mail/message.h"
#include "store/cache.h"
#include "store/feed.h"
#include "store/process.h"
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
		struct app_reply rep = {0};

		snprintf(subject, sizeof(subject), "Benchmark-Meldung %ld", i);
		in.type_id = types[next_rand(&seed) % (uint64_t)n_types];
		in.property_id = t->property_id;
		in.unit_id = t->unit_id;
		in.subject = subject;
		in.description =
		    "Wasserfleck an der Decke im Bad, bitte prüfen.";
		if (app_process_file(&v, &in, &rep) != HD_OK)
			atomic_fetch_add(&failed, 1);
	}
	return NULL;
}

static int
run_store(const char *db, int threads)
{
	pthread_t th[256];
	struct db_stats s0, s1;
	double t0, secs;
	int i, n = 0;

	store_cache_start((size_t)HD_CACHE_MB * 1024 * 1024);
	db_memory_limit(HD_DB_MEMORY);
	/* As the server: the change feed tells the answer cache and the
	 * credential cache of every row written. */
	if (store_feed_start() != HD_OK || db_writer_open(db) != HD_OK ||
	    db_checkpointer_start(db) != HD_OK) {
		fprintf(stderr, "floor: cannot open %s\n", db);
		return 1;
	}
	db_stats(&s0);
	t0 = now_s();
	for (i = 0; i < threads; i++)
		if (pthread_create(&th[n], NULL, store_thread,
			(void *)(intptr_t)(i + 1)) == 0)
			n++;
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	secs = now_s() - t0;
	db_stats(&s1);
	db_checkpointer_stop();
	db_writer_close();
	store_feed_stop();
	store_cache_stop();
	printf("store %ld creates in %.2f s: %.0f/s (%d threads, %.1f per "
	       "commit)\n",
	    creates, secs, (double)creates / secs, n,
	    s1.batches > s0.batches ? (double)(s1.jobs - s0.jobs) /
					  (double)(s1.batches - s0.batches)
				    : 0.0);
	return failed ? 1 : 0;
}

/* --- rows: the schema alone, one thread ----------------------------------
 */

/* Ends st, which ran a row's statement; exits on failure. */
static void
done(struct db_stmt *st)
{
	if (db_end(st) != HD_OK) {
		fprintf(stderr, "floor: a statement failed (see above)\n");
		exit(1);
	}
}

/* Runs st (bound) to its end; the integer of its first column, if it
 * returned a row. */
static int64_t
step(struct db_stmt *st)
{
	int64_t v = db_step(st) ? db_col_i64(st, 0) : 0;

	while (db_step(st))
		;
	done(st);
	return v;
}

#define SQL_COUNTER                                                            \
	"INSERT INTO process_counters(org_id, year, last) VALUES (?, 2026, "   \
	"1) ON CONFLICT(org_id, year) DO UPDATE SET last = "                   \
	"process_counters.last + 1"
/* As the server: no RETURNING (see store_process_insert). */
#define SQL_LAST                                                               \
	"SELECT last FROM process_counters WHERE org_id = ? AND year = 2026"
#define SQL_PROCESS                                                            \
	"INSERT INTO processes(org_id, number, type_id, property_id, "         \
	"unit_id, reporter_kind, reporter_id, created_by, subject, "           \
	"description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "    \
	"'contact', ?6, ?6, ?7, 'Wasserfleck an der Decke im Bad, bitte "      \
	"prüfen.', ?8, ?8)"
#define SQL_HISTORY                                                            \
	"INSERT INTO history(process_id, id, at, event, text, actor_id) "      \
	"VALUES (?, ?, ?, ?, ?, ?)"
#define SQL_UNROUTED                                                           \
	"UPDATE processes SET unrouted = 0, updated_at = ? WHERE id = ?"
#define SQL_ASSIGNEE                                                           \
	"INSERT INTO process_assignees(process_id, employee_id, role_id, "     \
	"reason, status) VALUES (?, ?, NULL, ?, 'open')"
#define SQL_MAIL                                                               \
	"INSERT INTO outbox(org_id, to_addr, to_name, subject, body, kind, "   \
	"message_id, process_id, next_attempt_at, created_at) VALUES (?, "     \
	"'empfaenger@muster.example', 'Frau Muster', '[V-2026-000001] Neuer "  \
	"Vorgang: Benchmark-Meldung', ?, 'assigned', ?, ?, ?, ?)"

/* The sentences of a routed create, as the server renders them
 * (core/event): filed in the portal, routed to one role. */
static char created_text[EVENT_TEXT_MAX], routed_text[EVENT_TEXT_MAX];

static void
texts_render(void)
{
	struct event ev;

	event_init(&ev, EVENT_CREATED);
	ev.actor = "Frau Muster";
	ev.portal = true;
	event_de_render(&ev, created_text, sizeof(created_text));
	event_init(&ev, EVENT_ROUTED);
	ev.who = "Frau Muster";
	ev.roles[0] = "Hausmeisterei";
	ev.n_roles = 1;
	ev.property = "Musterstraße 1";
	event_de_render(&ev, routed_text, sizeof(routed_text));
}

static void
rows_history(struct db_conn *c, int64_t pid, int n, const char *event,
    const char *text, int64_t actor, int64_t now)
{
	struct db_stmt *st = db_prepare(c, SQL_HISTORY);

	db_bind(st, "iiittI", pid, (int64_t)n, now, event, text, actor);
	step(st);
}

static void
rows_mail(struct db_conn *c, int64_t pid, const char *body, int64_t now)
{
	struct db_stmt *st = db_prepare(c, SQL_MAIL);
	char mid[128];

	mail_message_id_new("hausdesk@muster.example", mid, sizeof(mid));
	db_bind(st, "ittiii", org_id, body, mid, pid, now * 1000, now);
	step(st);
}

/* One create's rows: 78 % of the bench's creates reach two employees. */
static void
rows_create(struct db_conn *c, const int64_t *emps, int n_emps, uint64_t *seed,
    const char *body)
{
	const struct tenant *t =
	    &tenants[next_rand(seed) % (uint64_t)n_tenants];
	int n_assigned = next_rand(seed) % 100 < 78 ? 2 : 1, k;
	int64_t pid = 0, e0 = (int64_t)(next_rand(seed) % (uint64_t)n_emps);
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st;
	char number[32];

	st = db_prepare(c, SQL_COUNTER);
	db_bind(st, "i", org_id);
	step(st);
	st = db_prepare(c, SQL_LAST);
	db_bind(st, "i", org_id);
	snprintf(number, sizeof(number), "F-%07lld", (long long)step(st));
	if (db_insert(c, &pid, SQL_PROCESS, "itiiIiti", org_id, number,
		types[next_rand(seed) % (uint64_t)n_types], t->property_id,
		t->unit_id, t->user_id, "Benchmark-Meldung", now) != HD_OK) {
		fprintf(stderr, "floor: a Vorgang could not be inserted\n");
		exit(1);
	}
	rows_history(c, pid, 1, "created", created_text, t->user_id, now);
	st = db_prepare(c, SQL_UNROUTED);
	db_bind(st, "ii", now, pid);
	step(st);
	for (k = 0; k < n_assigned; k++) {
		st = db_prepare(c, SQL_ASSIGNEE);
		db_bind(
		    st, "iit", pid, emps[(e0 + 7 * k) % n_emps], routed_text);
		step(st);
		rows_history(c, pid, 2 + k, "routed", routed_text, 0, now);
	}
	for (k = 0; k <= n_assigned; k++)
		rows_mail(c, pid, body, now);
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

/* The variants are SQLite's own knobs: this measures the SQLite file. */
static bool
apply_variant(struct db_conn *c, const struct variant *va)
{
	char sql[128];

	if (va->no_sync && db_script(c, "PRAGMA synchronous=OFF") != HD_OK)
		return false;
	if (va->no_foreign_keys &&
	    db_script(c, "PRAGMA foreign_keys=OFF") != HD_OK)
		return false;
	for (size_t i = 0;
	     va->no_indexes && i < sizeof(secondary_indexes) / sizeof(char *);
	     i++) {
		snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %s",
		    secondary_indexes[i]);
		if (db_script(c, sql) != HD_OK)
			return false;
	}
	return true;
}

static int
run_rows(const char *db, long batch, const struct variant *va)
{
	static int64_t emps[MAX_EMPLOYEES];
	struct db_conn *c;
	struct db_stmt *st;
	char body[BODY_LEN + 1];
	uint64_t seed = 42;
	int n_emps = 0;
	double t0, secs;
	long i;

	/* The writer's connection (its page cache, no checkpoints in a
	 * commit), without the change feed. */
	if (db_open(db, DB_WRITER | DB_EXISTING, &c) != HD_OK) {
		fprintf(stderr, "floor: cannot open %s\n", db);
		return 1;
	}
	if (!apply_variant(c, va)) {
		fprintf(stderr, "floor: a variant could not be set\n");
		db_close(c);
		return 1;
	}
	st = db_prepare(c, "SELECT id FROM users WHERE org_id = ? AND kind = "
			   "'employee' AND active = 1 ORDER BY id");
	db_bind(st, "i", org_id);
	while (n_emps < MAX_EMPLOYEES && db_step(st))
		emps[n_emps++] = db_col_i64(st, 0);
	db_end(st);
	if (n_emps == 0) {
		fprintf(stderr, "floor: no employees in %s\n", db);
		db_close(c);
		return 1;
	}
	memset(body, 'x', BODY_LEN);
	body[BODY_LEN] = '\0';
	texts_render();
	t0 = now_s();
	for (i = 0; i < creates; i++) {
		if (i % batch == 0 && db_begin(c) != HD_OK)
			exit(1);
		rows_create(c, emps, n_emps, &seed, body);
		if ((i % batch == batch - 1 || i == creates - 1) &&
		    db_commit(c) != HD_OK)
			exit(1);
	}
	secs = now_s() - t0;
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

	if (db_open(db, DB_READONLY, &c) != HD_OK)
		return false;
	ok = db_scalar(c, &org_id, "SELECT org_id FROM users WHERE id = ?", "i",
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
