/* SPDX-License-Identifier: MIT */
/*
 * Design spike for issue 14 item 1 (docs/attachments.md), the PostgreSQL
 * half: the bytes of an attachment in PostgreSQL 15 — one bytea value
 * (storage EXTENDED, PostgreSQL's default, which first tries pglz, or
 * EXTERNAL, which does not), bytea rows of 1 MiB, or a large object —
 * and what an upload does to the creates of other connections.
 *
 *   pg_attach setup --url URL
 *   pg_attach single --url URL --store S --size BYTES --count N
 *     per upload (one transaction: the row and the bytes, COMMIT with
 *     synchronous_commit=on): latency, WAL bytes (pg_current_wal_insert_lsn
 *     before and after), then read back hot in 1 MiB pieces.
 *   pg_attach mixed --url URL --store S --size BYTES --uploaders U
 *       --creators C --seconds T [--create-every-ms M] [--upload-every-ms M]
 *     C connections file creates (the rows of a routed create, one
 *     transaction) every M ms each while U connections upload; the create
 *     latency percentiles are the result.
 *   pg_attach sizes --url URL
 *     table and database sizes.
 *
 * Stores (--store): bytea, bytea-ext, chunks, lo. Build: Makefile here.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <getopt.h>
#include <libpq-fe.h>
#include <libpq/libpq-fs.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1024 * 1024)

enum store { ST_BYTEA, ST_BYTEA_EXT, ST_CHUNKS, ST_LO };
static const char *store_names[] = {"bytea", "bytea-ext", "chunks", "lo"};
static const char *blob_table[] = {
    "attachment_blobs", "attachment_blobs_ext", NULL, NULL};

static enum store store = ST_BYTEA;
static const char *url;
static long size = 1024 * 1024;
static int count = 5, uploaders = 1, creators = 16, seconds = 10;
static int create_every_ms = 25, upload_every_ms = 0;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "pg_attach: %s: %s\n", what, msg);
	exit(1);
}

static void
fill_random(unsigned char *p, size_t n, uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;

	for (size_t i = 0; i < n; i += 8) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		uint64_t v = x * 0x2545F4914F6CDD1DULL;
		memcpy(p + i, &v, n - i >= 8 ? 8 : n - i);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	return n ? v[(int)(p / 100.0 * (n - 1) + 0.5)] : 0;
}

static PGconn *
connect_db(void)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK)
		die("connect", PQerrorMessage(c));
	return c;
}

static void
ok(PGconn *c, PGresult *r, const char *what)
{
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		die(what, PQerrorMessage(c));
}

static void
exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);

	ok(c, r, sql);
	PQclear(r);
}

static const char *schema =
    "DROP TABLE IF EXISTS processes, history, process_assignees, outbox, "
    "attachments, attachment_blobs, attachment_blobs_ext, "
    "attachment_chunks, attachment_los CASCADE;"
    "CREATE TABLE processes (id bigserial PRIMARY KEY, org_id bigint NOT "
    "NULL, property_id bigint NOT NULL, reporter_id bigint NOT NULL, "
    "subject text NOT NULL, description text NOT NULL, created_at bigint "
    "NOT NULL);"
    "CREATE INDEX processes_property ON processes(property_id, id);"
    "CREATE INDEX processes_reporter ON processes(reporter_id, id);"
    "CREATE TABLE history (id bigserial PRIMARY KEY, process_id bigint NOT "
    "NULL, at bigint NOT NULL, event text NOT NULL, text text NOT NULL);"
    "CREATE INDEX history_process ON history(process_id, id);"
    "CREATE TABLE process_assignees (process_id bigint NOT NULL, "
    "employee_id bigint NOT NULL, PRIMARY KEY (process_id, employee_id));"
    "CREATE INDEX assignees_employee ON process_assignees(employee_id, "
    "process_id);"
    "CREATE TABLE outbox (id bigserial PRIMARY KEY, process_id bigint, "
    "body text NOT NULL, message_id text NOT NULL UNIQUE, state text NOT "
    "NULL DEFAULT 'queued', next_attempt_at bigint NOT NULL);"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_at) WHERE state "
    "= 'queued';"
    "CREATE TABLE attachments (id bigserial PRIMARY KEY, org_id bigint NOT "
    "NULL, process_id bigint NOT NULL, sha256 bytea NOT NULL, size bigint "
    "NOT NULL, content_type text NOT NULL, filename text NOT NULL, "
    "created_at bigint NOT NULL, lo oid);"
    "CREATE INDEX attachments_process ON attachments(process_id, id);"
    "CREATE TABLE attachment_blobs (attachment_id bigint PRIMARY KEY, data "
    "bytea NOT NULL);"
    "CREATE TABLE attachment_blobs_ext (attachment_id bigint PRIMARY KEY, "
    "data bytea NOT NULL);"
    "ALTER TABLE attachment_blobs_ext ALTER data SET STORAGE EXTERNAL;"
    "CREATE TABLE attachment_chunks (attachment_id bigint NOT NULL, seq int "
    "NOT NULL, data bytea NOT NULL, PRIMARY KEY (attachment_id, seq));"
    "ALTER TABLE attachment_chunks ALTER data SET STORAGE EXTERNAL;";

static char mail_body[601];
static atomic_long mail_seq;

/* The rows of one routed create, one transaction. */
static void
create(PGconn *c, unsigned seed)
{
	char prop[24], rep[24], id[24], emp[24], mid[64];
	const char *v[3];
	PGresult *r;

	exec(c, "BEGIN");
	snprintf(prop, sizeof prop, "%u", seed % 2000);
	snprintf(rep, sizeof rep, "%u", seed % 90000);
	v[0] = prop;
	v[1] = rep;
	v[2] = mail_body + 400;
	r = PQexecParams(c,
	    "INSERT INTO processes (org_id, property_id, reporter_id, subject, "
	    "description, created_at) VALUES (1, $1, $2, 'Wasserfleck an der "
	    "Decke', $3, extract(epoch from now())::bigint) RETURNING id",
	    3, NULL, v, NULL, NULL, 0);
	ok(c, r, "insert process");
	snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	for (int i = 0; i < 2; i++) {
		v[0] = id;
		v[1] = i ? "routed" : "created";
		r = PQexecParams(c,
		    "INSERT INTO history (process_id, at, event, text) VALUES "
		    "($1, extract(epoch from now())::bigint, $2, 'x')",
		    2, NULL, v, NULL, NULL, 0);
		ok(c, r, "history");
		PQclear(r);
		snprintf(emp, sizeof emp, "%u", (seed + i * 7) % 300);
		v[1] = emp;
		r = PQexecParams(c,
		    "INSERT INTO process_assignees VALUES ($1, $2) ON CONFLICT "
		    "DO NOTHING",
		    2, NULL, v, NULL, NULL, 0);
		ok(c, r, "assignee");
		PQclear(r);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(mid, sizeof mid, "<%d.%016ld@spike>", getpid(),
		    atomic_fetch_add(&mail_seq, 1));
		v[0] = id;
		v[1] = mail_body;
		v[2] = mid;
		r = PQexecParams(c,
		    "INSERT INTO outbox (process_id, body, message_id, "
		    "next_attempt_at) VALUES ($1, $2, $3, 0)",
		    3, NULL, v, NULL, NULL, 0);
		ok(c, r, "mail");
		PQclear(r);
	}
	exec(c, "COMMIT");
}

/* One upload: the row and the bytes in one transaction. */
static void
upload(PGconn *c, const unsigned char *p, long n)
{
	char sz[24], id[24], sql[256];
	const char *v[3];
	int len[3], fmt[3];
	PGresult *r;
	unsigned char sha[32] = {0};

	exec(c, "BEGIN");
	snprintf(sz, sizeof sz, "%ld", n);
	v[0] = (const char *)sha;
	len[0] = 32;
	fmt[0] = 1;
	v[1] = sz;
	len[1] = 0;
	fmt[1] = 0;
	r = PQexecParams(c,
	    "INSERT INTO attachments (org_id, process_id, sha256, size, "
	    "content_type, filename, created_at) VALUES (1, 1, $1, $2, "
	    "'image/jpeg', 'foto.jpg', extract(epoch from now())::bigint) "
	    "RETURNING id",
	    2, NULL, v, len, fmt, 0);
	ok(c, r, "insert attachment");
	snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	switch (store) {
	case ST_BYTEA:
	case ST_BYTEA_EXT:
		snprintf(sql, sizeof sql, "INSERT INTO %s VALUES ($1, $2)",
		    blob_table[store]);
		v[0] = id;
		len[0] = 0;
		fmt[0] = 0;
		v[1] = (const char *)p;
		len[1] = (int)n;
		fmt[1] = 1;
		r = PQexecParams(c, sql, 2, NULL, v, len, fmt, 0);
		ok(c, r, "insert bytea");
		PQclear(r);
		break;
	case ST_CHUNKS:
		for (long off = 0, seq = 0; off < n; off += CHUNK, seq++) {
			char s[24];
			snprintf(s, sizeof s, "%ld", seq);
			v[0] = id;
			len[0] = 0;
			fmt[0] = 0;
			v[1] = s;
			len[1] = 0;
			fmt[1] = 0;
			v[2] = (const char *)p + off;
			len[2] = (int)(n - off < CHUNK ? n - off : CHUNK);
			fmt[2] = 1;
			r = PQexecParams(c,
			    "INSERT INTO attachment_chunks VALUES ($1, $2, $3)",
			    3, NULL, v, len, fmt, 0);
			ok(c, r, "insert chunk");
			PQclear(r);
		}
		break;
	case ST_LO: {
		Oid o = lo_creat(c, INV_READ | INV_WRITE);
		int fd = lo_open(c, o, INV_WRITE);
		if (o == InvalidOid || fd < 0)
			die("lo", PQerrorMessage(c));
		for (long off = 0; off < n; off += CHUNK) {
			size_t k = n - off < CHUNK ? n - off : CHUNK;
			if (lo_write(c, fd, (const char *)p + off, k) != (int)k)
				die("lo_write", PQerrorMessage(c));
		}
		lo_close(c, fd);
		snprintf(sql, sizeof sql,
		    "UPDATE attachments SET lo = %u WHERE id = %s", o, id);
		exec(c, sql);
		break;
	}
	}
	exec(c, "COMMIT");
}

/* Reads the last attachment back in 1 MiB pieces, as a download would
 * (never the whole value in one result: libpq keeps a result whole in
 * memory). */
static long
read_back(PGconn *c, const char *id, long n)
{
	long total = 0;
	char sql[256], off_s[24], len_s[24], seq_s[24];
	const char *v[3];
	PGresult *r;

	exec(c, "BEGIN");
	for (long off = 0, seq = 0; off < n; off += CHUNK, seq++) {
		long k = n - off < CHUNK ? n - off : CHUNK;
		snprintf(off_s, sizeof off_s, "%ld", off + 1);
		snprintf(len_s, sizeof len_s, "%ld", k);
		snprintf(seq_s, sizeof seq_s, "%ld", seq);
		v[0] = id;
		switch (store) {
		case ST_BYTEA:
		case ST_BYTEA_EXT:
			snprintf(sql, sizeof sql,
			    "SELECT substring(data FROM $2::int FOR $3::int) "
			    "FROM %s WHERE attachment_id = $1",
			    blob_table[store]);
			v[1] = off_s;
			v[2] = len_s;
			r = PQexecParams(c, sql, 3, NULL, v, NULL, NULL, 1);
			break;
		case ST_CHUNKS:
			v[1] = seq_s;
			r = PQexecParams(c,
			    "SELECT data FROM attachment_chunks WHERE "
			    "attachment_id = $1 AND seq = $2",
			    2, NULL, v, NULL, NULL, 1);
			break;
		default: {
			snprintf(sql, sizeof sql,
			    "SELECT lo_get(lo, $2::bigint, $3::int) FROM "
			    "attachments WHERE id = $1");
			snprintf(off_s, sizeof off_s, "%ld", off);
			v[1] = off_s;
			v[2] = len_s;
			r = PQexecParams(c, sql, 3, NULL, v, NULL, NULL, 1);
			break;
		}
		}
		ok(c, r, "read");
		total += PQgetlength(r, 0, 0);
		PQclear(r);
	}
	exec(c, "COMMIT");
	return total;
}

static double
wal_lsn(PGconn *c)
{
	PGresult *r = PQexec(
	    c, "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')");
	double v;

	ok(c, r, "lsn");
	v = strtod(PQgetvalue(r, 0, 0), NULL);
	PQclear(r);
	return v;
}

static int
run_single(void)
{
	PGconn *c = connect_db();
	unsigned char *p = malloc(size);
	double *lat = calloc(count, sizeof *lat), wal = 0, rd = 0;
	char id[24];
	PGresult *r;

	for (int i = 0; i < count; i++) {
		fill_random(p, size, (uint64_t)i + 100 + (uint64_t)time(NULL));
		double w0 = wal_lsn(c), t0 = now_ms();
		upload(c, p, size);
		lat[i] = now_ms() - t0;
		wal += wal_lsn(c) - w0;
	}
	r = PQexec(c, "SELECT max(id) FROM attachments");
	ok(c, r, "max");
	snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	read_back(c, id, size); /* warm */
	for (int i = 0; i < 3; i++) {
		double t0 = now_ms();
		if (read_back(c, id, size) != size)
			die("read", "short");
		rd += now_ms() - t0;
	}
	qsort(lat, count, sizeof *lat, cmp_double);
	printf("pg single store=%s size=%ld count=%d: upload ms p50 %.1f min "
	       "%.1f max %.1f | WAL per upload %.2f MB | read hot %.1f ms\n",
	    store_names[store], size, count, pct(lat, count, 50), lat[0],
	    lat[count - 1], wal / 1e6 / count, rd / 3);
	PQfinish(c);
	return 0;
}

static atomic_bool stop_all;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static double *c_lat, *u_lat;
static int c_n, u_n, c_cap = 1 << 20, u_cap = 1 << 16;

static void *
creator(void *arg)
{
	PGconn *c = connect_db();
	unsigned seed = (unsigned)(uintptr_t)arg * 7919;
	double next = now_ms();

	while (!atomic_load(&stop_all)) {
		double t0 = now_ms();
		create(c, seed++);
		double dt = now_ms() - t0;
		pthread_mutex_lock(&stats_lock);
		if (c_n < c_cap)
			c_lat[c_n++] = dt;
		pthread_mutex_unlock(&stats_lock);
		next += create_every_ms;
		if (next < now_ms())
			next = now_ms();
		double d = next - now_ms();
		if (d > 0)
			usleep((useconds_t)(d * 1000));
	}
	PQfinish(c);
	return NULL;
}

static void *
uploader(void *arg)
{
	PGconn *c = connect_db();
	unsigned char *p = malloc(size);
	uint64_t seed = (uint64_t)(uintptr_t)arg * 1000003;

	fill_random(p, size, seed);
	while (!atomic_load(&stop_all)) {
		memcpy(p, &seed, sizeof seed);
		seed++;
		double t0 = now_ms();
		upload(c, p, size);
		double dt = now_ms() - t0;
		pthread_mutex_lock(&stats_lock);
		if (u_n < u_cap)
			u_lat[u_n++] = dt;
		pthread_mutex_unlock(&stats_lock);
		if (upload_every_ms)
			usleep(upload_every_ms * 1000);
	}
	free(p);
	PQfinish(c);
	return NULL;
}

static int
run_mixed(void)
{
	pthread_t th[256];
	int nt = 0;
	PGconn *c = connect_db();

	c_lat = malloc(c_cap * sizeof *c_lat);
	u_lat = malloc(u_cap * sizeof *u_lat);
	double w0 = wal_lsn(c), t0 = now_ms();
	for (int i = 0; i < creators; i++)
		pthread_create(&th[nt++], NULL, creator, (void *)(uintptr_t)i);
	for (int i = 0; i < uploaders; i++)
		pthread_create(
		    &th[nt++], NULL, uploader, (void *)(uintptr_t)(i + 1));
	sleep(seconds);
	atomic_store(&stop_all, true);
	for (int i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	double el = (now_ms() - t0) / 1e3, wal = wal_lsn(c) - w0;
	qsort(c_lat, c_n, sizeof *c_lat, cmp_double);
	qsort(u_lat, u_n, sizeof *u_lat, cmp_double);
	printf("pg mixed store=%s size=%ld uploaders=%d upload-every=%dms "
	       "creators=%d every=%dms %ds: creates %d (%.0f/s) ms p50 %.2f "
	       "p90 %.2f p99 %.1f max "
	       "%.1f | uploads %d (%.1f MB/s) ms p50 %.1f max %.1f | WAL %.0f "
	       "MB\n",
	    store_names[store], size, uploaders, upload_every_ms, creators,
	    create_every_ms, seconds, c_n, c_n / el, pct(c_lat, c_n, 50),
	    pct(c_lat, c_n, 90), pct(c_lat, c_n, 99), c_n ? c_lat[c_n - 1] : 0,
	    u_n, u_n * (double)size / 1e6 / el, pct(u_lat, u_n, 50),
	    u_n ? u_lat[u_n - 1] : 0, wal / 1e6);
	PQfinish(c);
	return 0;
}

static int
run_sizes(void)
{
	PGconn *c = connect_db();
	PGresult *r = PQexec(c,
	    "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE "
	    "relname IN ('attachment_blobs', 'attachment_blobs_ext', "
	    "'attachment_chunks', 'pg_largeobject') UNION ALL SELECT "
	    "'database', pg_database_size(current_database()) UNION ALL "
	    "SELECT 'bytes stored', coalesce(sum(size), 0) FROM attachments");

	ok(c, r, "sizes");
	for (int i = 0; i < PQntuples(r); i++)
		printf("pg size %s: %.1f MB\n", PQgetvalue(r, i, 0),
		    strtod(PQgetvalue(r, i, 1), NULL) / 1e6);
	PQclear(r);
	PQfinish(c);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {{"url", 1, NULL, 'U'},
	    {"store", 1, NULL, 's'}, {"size", 1, NULL, 'z'},
	    {"count", 1, NULL, 'n'}, {"uploaders", 1, NULL, 'u'},
	    {"creators", 1, NULL, 'c'}, {"seconds", 1, NULL, 't'},
	    {"create-every-ms", 1, NULL, 'e'},
	    {"upload-every-ms", 1, NULL, 'E'}, {NULL, 0, NULL, 0}};
	int o;

	if (argc < 2)
		die("usage", "setup|single|mixed|sizes [options]");
	optind = 2;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'U':
			url = optarg;
			break;
		case 's':
			for (int i = 0; i < 4; i++)
				if (strcmp(optarg, store_names[i]) == 0)
					store = (enum store)i;
			break;
		case 'z':
			size = strtol(optarg, NULL, 10);
			break;
		case 'n':
			count = (int)strtol(optarg, NULL, 10);
			break;
		case 'u':
			uploaders = (int)strtol(optarg, NULL, 10);
			break;
		case 'c':
			creators = (int)strtol(optarg, NULL, 10);
			break;
		case 't':
			seconds = (int)strtol(optarg, NULL, 10);
			break;
		case 'e':
			create_every_ms = (int)strtol(optarg, NULL, 10);
			break;
		case 'E':
			upload_every_ms = (int)strtol(optarg, NULL, 10);
			break;
		default:
			die("usage", "bad option");
		}
	}
	if (!url)
		die("usage", "--url is required");
	memset(mail_body, 'x', 600);
	if (strcmp(argv[1], "setup") == 0) {
		PGconn *c = connect_db();
		exec(c, schema);
		exec(c, "INSERT INTO processes (org_id, property_id, "
			"reporter_id, subject, description, created_at) VALUES "
			"(1, 1, 1, 's', 'd', 0)");
		PQfinish(c);
		return 0;
	}
	if (strcmp(argv[1], "single") == 0)
		return run_single();
	if (strcmp(argv[1], "mixed") == 0)
		return run_mixed();
	if (strcmp(argv[1], "sizes") == 0)
		return run_sizes();
	die("usage", argv[1]);
	return 2;
}
