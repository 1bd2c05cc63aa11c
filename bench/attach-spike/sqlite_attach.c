/* SPDX-License-Identifier: MIT */
/*
 * Design spike for issue 14 item 1 (docs/attachments.md): where do the
 * bytes of an attachment go on SQLite — into the database (a bound blob,
 * or incremental blob I/O, or chunk rows) or into content-addressed files
 * beside it — and what does each do to the single writer's other jobs?
 *
 * Not part of the server. It copies the server's write path closely:
 * a single writer connection whose jobs run in savepoints of one batch
 * transaction and the last job commits for all (src/store/writer.c), the
 * WAL restarted between batches beyond 64 MiB, a background PASSIVE
 * checkpointer (src/store/checkpoint.c), synchronous=FULL, WAL.
 *
 *   sqlite_attach single --dir D --store S --size BYTES --count N
 *     N uploads one after another; per upload: latency from "the bytes
 *     are in memory" to "durable" (committed, or file+row durable), WAL
 *     frames written, bytes the process wrote to disk (/proc/self/io),
 *     a TRUNCATE checkpoint after it (timed), then read back hot and cold
 *     (64 KiB chunks), then a backup (sqlite3_backup) and quick_check.
 *   sqlite_attach mixed --dir D --store S --size BYTES --uploaders U
 *       --creators C --seconds T [--create-every-ms M] [--upload-every-ms M]
 *       [--slow-reader]
 *     C threads file "creates" (the rows a routed create writes: the
 *     Vorgang, 2 history rows, 2 assignees, 3 mails of 600 bytes) every M
 *     ms each, U threads upload back to back (or every M ms); the create
 *     latency percentiles are the result. --slow-reader holds one read
 *     transaction open as a slow download of a blob would.
 *   sqlite_attach gc --dir D --count N
 *     the garbage collector's pass over N files, 10 % of them orphans.
 *   sqlite_attach hash --size BYTES
 *     SHA-256 speed: libsodium vs OpenSSL.
 *
 * Stores (--store): bind (sqlite3_bind_blob of the whole body), incr
 * (zeroblob + sqlite3_blob_write in 64 KiB pieces), chunks (1 MiB rows,
 * one writer job each), file (tmp file, fsync, rename to its SHA-256
 * name, fsync of the directory, then the row in a normal writer job).
 *
 * Build: see bench/attach-spike/Makefile. Writes only under --dir, which
 * must not exist yet.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define PIECE (64 * 1024)
#define CHUNK (1024 * 1024)
#define WAL_LIMIT 16384 /* frames: the server's WAL restart threshold */

enum store { ST_BIND, ST_INCR, ST_CHUNKS, ST_FILE };
static const char *store_names[] = {"bind", "incr", "chunks", "file"};

static enum store store = ST_FILE;
static const char *dir;
static char dbpath[4096], filedir[4096], tmpdir[4096];
static long size = 1024 * 1024;
static int count = 5, uploaders = 1, creators = 16, seconds = 10;
static int create_every_ms = 25, upload_every_ms = 0;
static bool slow_reader, dup_mode;

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
	fprintf(stderr, "sqlite_attach: %s: %s\n", what, msg);
	exit(1);
}

static void
fill_random(unsigned char *p, size_t n, uint64_t seed)
{
	/* Incompressible, like JPEG: xorshift64*. */
	uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;

	for (size_t i = 0; i < n; i += 8) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		uint64_t v = x * 0x2545F4914F6CDD1DULL;
		memcpy(p + i, &v, n - i >= 8 ? 8 : n - i);
	}
}

/* Bytes this process caused to be written to the storage layer. */
static long long
io_write_bytes(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[256];
	long long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "write_bytes:", 12) == 0)
			v = strtoll(line + 12, NULL, 10);
	fclose(f);
	return v;
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
	if (n == 0)
		return 0;
	int i = (int)(p / 100.0 * (n - 1) + 0.5);
	return v[i];
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die(sql, err ? err : sqlite3_errmsg(db));
}

static sqlite3 *
open_conn(int cache_kib)
{
	sqlite3 *db;
	char sql[128];

	if (sqlite3_open_v2(dbpath, &db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK)
		die("open", sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 5000);
	exec(db, "PRAGMA journal_mode=WAL");
	exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
		 "PRAGMA temp_store=MEMORY");
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", cache_kib);
	exec(db, sql);
	return db;
}

static const char *schema =
    "CREATE TABLE processes (id INTEGER PRIMARY KEY, org_id INTEGER NOT "
    "NULL, property_id INTEGER NOT NULL, reporter_id INTEGER NOT NULL, "
    "subject TEXT NOT NULL, description TEXT NOT NULL, created_at INTEGER "
    "NOT NULL);"
    "CREATE INDEX processes_property ON processes(property_id, id);"
    "CREATE INDEX processes_reporter ON processes(reporter_id, id);"
    "CREATE TABLE history (id INTEGER PRIMARY KEY, process_id INTEGER NOT "
    "NULL, at INTEGER NOT NULL, event TEXT NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX history_process ON history(process_id, id);"
    "CREATE TABLE process_assignees (process_id INTEGER NOT NULL, "
    "employee_id INTEGER NOT NULL, PRIMARY KEY (process_id, employee_id)) "
    "WITHOUT ROWID;"
    "CREATE INDEX assignees_employee ON process_assignees(employee_id, "
    "process_id);"
    "CREATE TABLE outbox (id INTEGER PRIMARY KEY, process_id INTEGER, body "
    "TEXT NOT NULL, message_id TEXT NOT NULL UNIQUE, state TEXT NOT NULL "
    "DEFAULT 'queued', next_attempt_at INTEGER NOT NULL);"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_at) WHERE state "
    "= 'queued';"
    /* The metadata row, the same for every store. */
    "CREATE TABLE attachments (id INTEGER PRIMARY KEY, org_id INTEGER NOT "
    "NULL, process_id INTEGER NOT NULL, sha256 BLOB NOT NULL, size INTEGER "
    "NOT NULL, content_type TEXT NOT NULL, filename TEXT NOT NULL, "
    "created_at INTEGER NOT NULL);"
    "CREATE INDEX attachments_process ON attachments(process_id, id);"
    "CREATE INDEX attachments_sha ON attachments(org_id, sha256);"
    /* The bytes, for the stores that keep them in the database. */
    /* The content-addressed store's index (docs/attachments.md). */
    "CREATE TABLE blobs (org_id INTEGER NOT NULL, sha256 BLOB NOT NULL, "
    "size INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'live', "
    "created_at INTEGER NOT NULL, unreferenced_at INTEGER, PRIMARY KEY "
    "(org_id, sha256)) WITHOUT ROWID;"
    "CREATE TABLE attachment_blobs (attachment_id INTEGER PRIMARY KEY, "
    "data BLOB NOT NULL);"
    "CREATE TABLE attachment_chunks (attachment_id INTEGER NOT NULL, seq "
    "INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (attachment_id, "
    "seq)) WITHOUT ROWID;";

/* ---- the single writer with group commit (after src/store/writer.c) --- */

static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t free_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static sqlite3 *W;
static bool busy, open_tx;
static int waiting, wal_frames;
static uint64_t batch, done_batch, n_batches, n_jobs;
static uint64_t n_restarts, n_restart_busy;
static double restart_ms_total, restart_ms_max;
static __thread uint64_t my_batch;

static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)arg;
	(void)db;
	(void)name;
	wal_frames = frames;
	return SQLITE_OK;
}

static void
restart_wal(void)
{
	int log = 0, copied = 0, rc;
	double t0 = now_ms(), dt;

	sqlite3_busy_timeout(W, 100);
	rc = sqlite3_wal_checkpoint_v2(
	    W, NULL, SQLITE_CHECKPOINT_RESTART, &log, &copied);
	sqlite3_busy_timeout(W, 5000);
	dt = now_ms() - t0;
	restart_ms_total += dt;
	if (dt > restart_ms_max)
		restart_ms_max = dt;
	if (rc == SQLITE_OK) {
		wal_frames = 0;
		n_restarts++;
	} else {
		n_restart_busy++;
	}
}

static void
commit_batch(uint64_t b)
{
	pthread_mutex_unlock(&wlock);
	exec(W, "COMMIT");
	pthread_mutex_lock(&wlock);
	open_tx = false;
	done_batch = b;
	n_batches++;
	pthread_cond_broadcast(&done_cv);
}

static sqlite3 *
writer_acquire(void)
{
	pthread_mutex_lock(&wlock);
	waiting++;
	while (busy)
		pthread_cond_wait(&free_cv, &wlock);
	waiting--;
	busy = true;
	if (!open_tx && wal_frames > WAL_LIMIT) {
		pthread_mutex_unlock(&wlock);
		restart_wal();
		pthread_mutex_lock(&wlock);
	}
	if (!open_tx) {
		exec(W, "BEGIN IMMEDIATE");
		open_tx = true;
		batch++;
	}
	my_batch = batch;
	pthread_mutex_unlock(&wlock);
	exec(W, "SAVEPOINT sp");
	return W;
}

static void
writer_release(void)
{
	uint64_t b = my_batch;

	exec(W, "RELEASE sp");
	pthread_mutex_lock(&wlock);
	n_jobs++;
	if (waiting == 0)
		commit_batch(b);
	busy = false;
	pthread_cond_signal(&free_cv);
	while (done_batch < b)
		pthread_cond_wait(&done_cv, &wlock);
	pthread_mutex_unlock(&wlock);
}

/* ---- the background checkpointer (after src/store/checkpoint.c) ---- */

static atomic_bool cp_stop;
static double cp_ms_total;
static long cp_passes;

static void *
checkpointer(void *arg)
{
	sqlite3 *db = open_conn(2000);
	int log = 0, done = 0;

	(void)arg;
	while (!atomic_load(&cp_stop)) {
		usleep(log > 2048 ? 2000 : 250000);
		double t0 = now_ms();
		sqlite3_wal_checkpoint_v2(
		    db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
		cp_ms_total += now_ms() - t0;
		cp_passes++;
	}
	sqlite3_close(db);
	return NULL;
}

/* ---- jobs ---- */

static sqlite3_stmt *st_proc, *st_hist, *st_asg, *st_mail, *st_att, *st_blob,
    *st_zblob, *st_chunk;
static atomic_long mail_seq;
static char mail_body[601];

static sqlite3_stmt *
prep(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v3(
		W, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(W));
	return s;
}

static void
step_done(sqlite3_stmt *s)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die("step", sqlite3_errmsg(W));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

static void
prepare_all(void)
{
	st_proc = prep("INSERT INTO processes (org_id, property_id, "
		       "reporter_id, subject, description, created_at) "
		       "VALUES (1, ?, ?, 'Wasserfleck an der Decke', ?, "
		       "strftime('%s'))");
	st_hist = prep("INSERT INTO history (process_id, at, event, text) "
		       "VALUES (?, strftime('%s'), ?, 'x')");
	st_asg = prep("INSERT INTO process_assignees VALUES (?, ?)");
	st_mail = prep("INSERT INTO outbox (process_id, body, message_id, "
		       "next_attempt_at) VALUES (?, ?, ?, 0)");
	st_att = prep("INSERT INTO attachments (org_id, process_id, sha256, "
		      "size, content_type, filename, created_at) VALUES (1, "
		      "1, ?, ?, 'image/jpeg', 'foto.jpg', strftime('%s'))");
	st_blob = prep("INSERT INTO attachment_blobs VALUES (?, ?)");
	st_zblob = prep("INSERT INTO attachment_blobs VALUES (?, zeroblob(?))");
	st_chunk = prep("INSERT INTO attachment_chunks VALUES (?, ?, ?)");
}

/* The rows of one routed create, as one writer job. */
static void
job_create(unsigned seed)
{
	sqlite3 *w = writer_acquire();
	sqlite3_int64 id;
	char mid[64];

	sqlite3_bind_int(st_proc, 1, (int)(seed % 2000));
	sqlite3_bind_int(st_proc, 2, (int)(seed % 90000));
	sqlite3_bind_text(st_proc, 3, mail_body, 200, SQLITE_STATIC);
	step_done(st_proc);
	id = sqlite3_last_insert_rowid(w);
	for (int i = 0; i < 2; i++) {
		sqlite3_bind_int64(st_hist, 1, id);
		sqlite3_bind_text(
		    st_hist, 2, i ? "routed" : "created", -1, SQLITE_STATIC);
		step_done(st_hist);
		sqlite3_bind_int64(st_asg, 1, id);
		sqlite3_bind_int(st_asg, 2, (int)((seed + i * 7) % 300));
		step_done(st_asg);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(mid, sizeof mid, "<%016ld@spike>",
		    atomic_fetch_add(&mail_seq, 1));
		sqlite3_bind_int64(st_mail, 1, id);
		sqlite3_bind_text(st_mail, 2, mail_body, 600, SQLITE_STATIC);
		sqlite3_bind_text(st_mail, 3, mid, -1, SQLITE_TRANSIENT);
		step_done(st_mail);
	}
	writer_release();
}

static sqlite3_int64
insert_att_row(sqlite3 *w, const unsigned char *sha, long n)
{
	sqlite3_bind_blob(st_att, 1, sha, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st_att, 2, n);
	step_done(st_att);
	return sqlite3_last_insert_rowid(w);
}

static void
sha256(const unsigned char *p, long n, unsigned char out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int len;

	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, p, n);
	EVP_DigestFinal_ex(c, out, &len);
	EVP_MD_CTX_free(c);
}

static void
hex(const unsigned char *sha, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", sha[i]);
}

static void
fsync_path(const char *p)
{
	int fd = open(p, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || fsync(fd) != 0)
		die("fsync dir", strerror(errno));
	close(fd);
}

static atomic_long tmp_seq;
static atomic_long n_dedup;

/*
 * The file store: the body goes to tmp/ as it arrives (here: from
 * memory, 64 KiB writes, hashed as it goes), is fsync'ed, renamed to
 * files/ab/<sha256>, and the directory fsync'ed — all outside the writer;
 * then the row in a normal writer job. A file of that name already there
 * (dedup): the tmp file goes, the directory is fsync'ed all the same (its
 * rename may be another upload's, not yet durable).
 */
static void
put_file(const unsigned char *p, long n, unsigned char sha[32])
{
	char tmp[4200], shard[4200], final[4300], h[65];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int len;
	int fd;
	struct stat sb;

	snprintf(tmp, sizeof tmp, "%s/%ld.%d", tmpdir,
	    atomic_fetch_add(&tmp_seq, 1), getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		die("tmp", strerror(errno));
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	for (long off = 0; off < n; off += PIECE) {
		long k = n - off < PIECE ? n - off : PIECE;
		if (write(fd, p + off, k) != k)
			die("write", strerror(errno));
		EVP_DigestUpdate(c, p + off, k);
	}
	EVP_DigestFinal_ex(c, sha, &len);
	EVP_MD_CTX_free(c);
	hex(sha, h);
	snprintf(shard, sizeof shard, "%s/%.2s", filedir, h);
	snprintf(final, sizeof final, "%s/%s", shard, h);
	if (mkdir(shard, 0750) == 0)
		fsync_path(filedir); /* the new shard directory's entry */
	if (stat(final, &sb) == 0) {
		close(fd);
		unlink(tmp);
		atomic_fetch_add(&n_dedup, 1);
	} else {
		if (fsync(fd) != 0)
			die("fsync", strerror(errno));
		close(fd);
		if (rename(tmp, final) != 0)
			die("rename", strerror(errno));
	}
	fsync_path(shard);
}

/* One upload, from "the whole body is here" to "durable". */
static void
upload(const unsigned char *p, long n)
{
	unsigned char sha[32];
	sqlite3 *w;
	sqlite3_int64 id;

	switch (store) {
	case ST_FILE:
		put_file(p, n, sha);
		w = writer_acquire();
		insert_att_row(w, sha, n);
		writer_release();
		break;
	case ST_BIND:
		sha256(p, n, sha);
		w = writer_acquire();
		id = insert_att_row(w, sha, n);
		sqlite3_bind_int64(st_blob, 1, id);
		sqlite3_bind_blob(st_blob, 2, p, (int)n, SQLITE_STATIC);
		step_done(st_blob);
		writer_release();
		break;
	case ST_INCR: {
		sqlite3_blob *b;
		sha256(p, n, sha);
		w = writer_acquire();
		id = insert_att_row(w, sha, n);
		sqlite3_bind_int64(st_zblob, 1, id);
		sqlite3_bind_int64(st_zblob, 2, n);
		step_done(st_zblob);
		if (sqlite3_blob_open(w, "main", "attachment_blobs", "data", id,
			1, &b) != SQLITE_OK)
			die("blob_open", sqlite3_errmsg(w));
		for (long off = 0; off < n; off += PIECE) {
			int k = (int)(n - off < PIECE ? n - off : PIECE);
			if (sqlite3_blob_write(b, p + off, k, (int)off) !=
			    SQLITE_OK)
				die("blob_write", sqlite3_errmsg(w));
		}
		sqlite3_blob_close(b);
		writer_release();
		break;
	}
	case ST_CHUNKS:
		/* The row first (pending), then one job per chunk: a create
		 * waits at most for one chunk. */
		sha256(p, n, sha);
		w = writer_acquire();
		id = insert_att_row(w, sha, n);
		writer_release();
		for (long off = 0, seq = 0; off < n; off += CHUNK, seq++) {
			int k = (int)(n - off < CHUNK ? n - off : CHUNK);
			writer_acquire();
			sqlite3_bind_int64(st_chunk, 1, id);
			sqlite3_bind_int64(st_chunk, 2, seq);
			sqlite3_bind_blob(
			    st_chunk, 3, p + off, k, SQLITE_STATIC);
			step_done(st_chunk);
			writer_release();
		}
		break;
	}
}

/* ---- reading back ---- */

static void
drop_cache(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		fdatasync(fd);
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
	}
}

/* Reads attachment id's bytes in 64 KiB pieces, as a download would. */
static double read_t0; /* when read_back began reading, after a drop */

static long
read_back(sqlite3 *r, sqlite3_int64 id, unsigned char *buf, bool cold)
{
	long total = 0;

	if (cold && store != ST_FILE)
		drop_cache(dbpath);
	read_t0 = now_ms();

	exec(r, "BEGIN");
	if (store == ST_FILE) {
		sqlite3_stmt *s;
		char h[65], path[4300];
		sqlite3_prepare_v2(r,
		    "SELECT sha256 FROM attachments WHERE id = ?", -1, &s,
		    NULL);
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) != SQLITE_ROW)
			die("read", "no row");
		hex(sqlite3_column_blob(s, 0), h);
		sqlite3_finalize(s);
		exec(r, "COMMIT");
		snprintf(path, sizeof path, "%s/%.2s/%s", filedir, h, h);
		if (cold) {
			drop_cache(path);
			read_t0 = now_ms();
		}
		int fd = open(path, O_RDONLY);
		ssize_t k;
		while ((k = read(fd, buf, PIECE)) > 0)
			total += k;
		close(fd);
		return total;
	}
	if (store == ST_CHUNKS) {
		sqlite3_stmt *s;
		sqlite3_prepare_v2(r,
		    "SELECT data FROM attachment_chunks WHERE attachment_id "
		    "= ? ORDER BY seq",
		    -1, &s, NULL);
		sqlite3_bind_int64(s, 1, id);
		while (sqlite3_step(s) == SQLITE_ROW) {
			int k = sqlite3_column_bytes(s, 0);
			memcpy(buf, sqlite3_column_blob(s, 0),
			    k < PIECE ? k : PIECE);
			total += k;
		}
		sqlite3_finalize(s);
		exec(r, "COMMIT");
		return total;
	}
	sqlite3_blob *b;
	if (sqlite3_blob_open(
		r, "main", "attachment_blobs", "data", id, 0, &b) != SQLITE_OK)
		die("blob_open", sqlite3_errmsg(r));
	int n = sqlite3_blob_bytes(b);
	for (int off = 0; off < n; off += PIECE) {
		int k = n - off < PIECE ? n - off : PIECE;
		if (sqlite3_blob_read(b, buf, k, off) != SQLITE_OK)
			die("blob_read", sqlite3_errmsg(r));
		total += k;
	}
	sqlite3_blob_close(b);
	exec(r, "COMMIT");
	return total;
}

static long long
du_bytes(const char *path)
{
	/* Files under path, two levels (files/ab/<hash>). */
	char cmd[4200];
	long long v = 0;

	snprintf(cmd, sizeof cmd, "du -sb '%s' 2>/dev/null", path);
	FILE *f = popen(cmd, "r");
	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = 0;
		pclose(f);
	}
	return v;
}

static long long
file_size(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? (long long)sb.st_size : 0;
}

static void
setup(void)
{
	if (mkdir(dir, 0750) != 0)
		die(dir, strerror(errno));
	snprintf(dbpath, sizeof dbpath, "%s/hausdesk.db", dir);
	snprintf(filedir, sizeof filedir, "%s/attachments", dir);
	snprintf(tmpdir, sizeof tmpdir, "%s/attachments-tmp", dir);
	if (mkdir(filedir, 0750) != 0 || mkdir(tmpdir, 0750) != 0)
		die("mkdir", strerror(errno));
	W = open_conn(16000);
	exec(W, schema);
	exec(W, "PRAGMA journal_size_limit=67108864");
	sqlite3_wal_autocheckpoint(W, 0);
	sqlite3_wal_hook(W, wal_hook, NULL);
	prepare_all();
	memset(mail_body, 'x', 600);
	/* A Vorgang to attach to. */
	job_create(1);
}

/* ---- single ---- */

static int
run_single(void)
{
	unsigned char *p = malloc(size), *buf = malloc(PIECE);
	double *lat = calloc(count, sizeof *lat), *cpt = calloc(count, 8);
	long long wal_bytes = 0, io_upload = 0, io_cp = 0;
	double rd_hot = 0, rd_cold = 0;
	sqlite3 *r;

	setup();
	exec(W, "PRAGMA wal_checkpoint(TRUNCATE)");
	for (int i = 0; i < count; i++) {
		fill_random(p, size, dup_mode ? 7 : (uint64_t)i + 100);
		long long io0 = io_write_bytes();
		double t0 = now_ms();
		upload(p, size);
		lat[i] = now_ms() - t0;
		long long io1 = io_write_bytes();
		char walp[4200];
		snprintf(walp, sizeof walp, "%s-wal", dbpath);
		wal_bytes += file_size(walp);
		t0 = now_ms();
		exec(W, "PRAGMA wal_checkpoint(TRUNCATE)");
		cpt[i] = now_ms() - t0;
		io_upload += io1 - io0;
		io_cp += io_write_bytes() - io1;
	}
	r = open_conn(12000);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(r, "SELECT max(id) FROM attachments", -1, &s, NULL);
	sqlite3_step(s);
	sqlite3_int64 last = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	int nread = count < 5 ? count : 5;
	/* Hot: each read once before (this connection's page cache and the
	 * OS cache both warm). */
	for (int i = 0; i < nread; i++)
		read_back(r, last - i, buf, false);
	for (int i = 0; i < nread; i++) {
		sqlite3_int64 id = last - i;
		double t0 = now_ms();
		if (read_back(r, id, buf, false) != size)
			die("read", "short");
		(void)t0;
		rd_hot += now_ms() - read_t0;
	}
	/* Cold: the pages dropped from the OS cache first (not timed). */
	for (int i = 0; i < nread; i++) {
		sqlite3_int64 id = last - i;
		double t0 = now_ms();
		/* A new connection: its page cache is empty too. */
		sqlite3_close(r);
		r = open_conn(12000);
		if (read_back(r, id, buf, true) != size)
			die("read", "short");
		(void)t0;
		rd_cold += now_ms() - read_t0;
	}
	sqlite3_close(r);

	/* Backup and quick_check of what is there now. */
	char bpath[4200];
	snprintf(bpath, sizeof bpath, "%s/backup.db", dir);
	sqlite3 *bk;
	sqlite3_open(bpath, &bk);
	double t0 = now_ms();
	sqlite3_backup *b = sqlite3_backup_init(bk, "main", W, "main");
	sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	double backup_ms = now_ms() - t0;
	sqlite3_close(bk);
	drop_cache(dbpath);
	t0 = now_ms();
	exec(W, "PRAGMA quick_check");
	double qc_ms = now_ms() - t0;

	qsort(lat, count, sizeof *lat, cmp_double);
	qsort(cpt, count, sizeof *cpt, cmp_double);
	printf("single store=%s size=%ld count=%d: upload ms p50 %.1f min "
	       "%.1f max %.1f | WAL after upload %.2f MB | written per "
	       "upload %.2f MB + checkpoint %.2f MB | checkpoint ms p50 "
	       "%.1f max %.1f | read ms hot %.2f cold %.2f | db %.1f MB, "
	       "files %.1f MB | backup %.0f ms, quick_check cold %.0f ms | "
	       "dedup %ld\n",
	    store_names[store], size, count, pct(lat, count, 50), lat[0],
	    lat[count - 1], wal_bytes / 1e6 / count, io_upload / 1e6 / count,
	    io_cp / 1e6 / count, pct(cpt, count, 50), cpt[count - 1],
	    rd_hot / nread, rd_cold / nread, file_size(dbpath) / 1e6,
	    du_bytes(filedir) / 1e6, backup_ms, qc_ms, atomic_load(&n_dedup));
	sqlite3_close(W);
	return 0;
}

/* ---- mixed ---- */

static atomic_bool stop_all;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static double *c_lat, *u_lat;
static int c_n, u_n, c_cap = 1 << 20, u_cap = 1 << 16;
static long long wal_max;

static void
sleep_until(double t)
{
	double d = t - now_ms();

	if (d > 0)
		usleep((useconds_t)(d * 1000));
}

static void *
creator(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg * 7919;
	double next = now_ms();

	while (!atomic_load(&stop_all)) {
		double t0 = now_ms();
		job_create(seed++);
		double dt = now_ms() - t0;
		pthread_mutex_lock(&stats_lock);
		if (c_n < c_cap)
			c_lat[c_n++] = dt;
		pthread_mutex_unlock(&stats_lock);
		next += create_every_ms;
		if (next < now_ms())
			next = now_ms();
		sleep_until(next);
	}
	return NULL;
}

static void *
uploader(void *arg)
{
	unsigned char *p = malloc(size);
	uint64_t seed = (uint64_t)(uintptr_t)arg * 1000003;

	fill_random(p, size, seed);
	while (!atomic_load(&stop_all)) {
		/* A new body each time (another hash), unless dedup. */
		if (!dup_mode)
			memcpy(p, &seed, sizeof seed);
		seed++;
		double t0 = now_ms();
		upload(p, size);
		double dt = now_ms() - t0;
		pthread_mutex_lock(&stats_lock);
		if (u_n < u_cap)
			u_lat[u_n++] = dt;
		pthread_mutex_unlock(&stats_lock);
		if (upload_every_ms)
			usleep(upload_every_ms * 1000);
	}
	free(p);
	return NULL;
}

/* A slow download of a blob: one read transaction kept open while it
 * reads 64 KiB every 50 ms (1.3 MB/s, a phone), over and over. */
static void *
slow_reader_main(void *arg)
{
	sqlite3 *r = open_conn(12000);
	unsigned char *buf = malloc(PIECE);

	(void)arg;
	while (!atomic_load(&stop_all)) {
		exec(r, "BEGIN");
		sqlite3_stmt *s;
		sqlite3_prepare_v2(
		    r, "SELECT count(*) FROM attachments", -1, &s, NULL);
		sqlite3_step(s); /* the snapshot begins here */
		sqlite3_finalize(s);
		for (int i = 0; i < 300 && !atomic_load(&stop_all); i++)
			usleep(50000);
		exec(r, "COMMIT");
	}
	free(buf);
	sqlite3_close(r);
	return NULL;
}

static void *
wal_watch(void *arg)
{
	char p[4200];

	(void)arg;
	snprintf(p, sizeof p, "%s-wal", dbpath);
	while (!atomic_load(&stop_all)) {
		long long s = file_size(p);
		if (s > wal_max)
			wal_max = s;
		usleep(20000);
	}
	return NULL;
}

static int
run_mixed(void)
{
	pthread_t th[256], cp, ww, sr;
	int nt = 0;

	setup();
	c_lat = malloc(c_cap * sizeof *c_lat);
	u_lat = malloc(u_cap * sizeof *u_lat);
	pthread_create(&cp, NULL, checkpointer, NULL);
	pthread_create(&ww, NULL, wal_watch, NULL);
	if (slow_reader)
		pthread_create(&sr, NULL, slow_reader_main, NULL);
	long long io0 = io_write_bytes();
	double t0 = now_ms();
	for (int i = 0; i < creators; i++)
		pthread_create(&th[nt++], NULL, creator, (void *)(uintptr_t)i);
	for (int i = 0; i < uploaders; i++)
		pthread_create(
		    &th[nt++], NULL, uploader, (void *)(uintptr_t)(i + 1));
	sleep(seconds);
	atomic_store(&stop_all, true);
	for (int i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	double el = (now_ms() - t0) / 1e3;
	long long io = io_write_bytes() - io0;
	if (slow_reader)
		pthread_join(sr, NULL);
	pthread_join(ww, NULL);
	atomic_store(&cp_stop, true);
	pthread_join(cp, NULL);

	qsort(c_lat, c_n, sizeof *c_lat, cmp_double);
	qsort(u_lat, u_n, sizeof *u_lat, cmp_double);
	printf("mixed store=%s size=%ld uploaders=%d upload-every=%dms%s "
	       "creators=%d every=%dms %ds%s: creates %d (%.0f/s) ms p50 %.2f "
	       "p90 %.2f p99 %.1f "
	       "max %.1f | uploads %d (%.1f MB/s) ms p50 %.1f max %.1f | "
	       "jobs/commit %.1f | WAL max %.1f MB, restarts %llu ok %llu "
	       "busy, restart ms total %.0f max %.0f | checkpointer %.0f ms "
	       "in %ld passes | disk written %.0f MB | db %.1f MB files "
	       "%.1f MB\n",
	    store_names[store], size, uploaders, upload_every_ms,
	    dup_mode ? " same-body" : "", creators, create_every_ms, seconds,
	    slow_reader ? " slow-reader" : "", c_n, c_n / el,
	    pct(c_lat, c_n, 50), pct(c_lat, c_n, 90), pct(c_lat, c_n, 99),
	    c_n ? c_lat[c_n - 1] : 0, u_n, u_n * (double)size / 1e6 / el,
	    pct(u_lat, u_n, 50), u_n ? u_lat[u_n - 1] : 0,
	    n_batches ? (double)n_jobs / n_batches : 0, wal_max / 1e6,
	    (unsigned long long)n_restarts, (unsigned long long)n_restart_busy,
	    restart_ms_total, restart_ms_max, cp_ms_total, cp_passes, io / 1e6,
	    file_size(dbpath) / 1e6, du_bytes(filedir) / 1e6);
	sqlite3_close(W);
	return 0;
}

/* ---- gc ---- */

/*
 * The garbage collector's scan at scale: --count files (1 byte each) in
 * attachments/1/<aa>/<sha256>, a blobs row for 90 % of them; then the
 * pass that finds the other 10 %: readdir + fstatat of every file, a
 * lookup per file on a read connection, and the unlinks in writer jobs of
 * 256, each re-checking its file under the writer.
 */
static int
run_gc(void)
{
	char org[4200], shard[4300], path[4400], h[65];
	unsigned char sha[32];
	sqlite3_stmt *ins, *look, *look_w;
	int orphans = 0, files = 0, cand_n = 0, removed = 0;
	double held_max = 0;

	setup();
	snprintf(org, sizeof org, "%s/1", filedir);
	mkdir(org, 0750);
	for (int i = 0; i < 256; i++) {
		snprintf(shard, sizeof shard, "%s/%02x", org, i);
		mkdir(shard, 0750);
	}
	ins = prep("INSERT INTO blobs VALUES (1, ?, 1, 'live', 0, NULL)");
	exec(W, "BEGIN");
	for (int i = 0; i < count; i++) {
		uint64_t v = (uint64_t)i;
		sha256((unsigned char *)&v, sizeof v, sha);
		hex(sha, h);
		snprintf(path, sizeof path, "%s/%.2s/%s", org, h, h);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
		if (fd < 0 || write(fd, "x", 1) != 1)
			die("gc file", strerror(errno));
		close(fd);
		if (i % 10 != 0) {
			sqlite3_bind_blob(ins, 1, sha, 32, SQLITE_STATIC);
			step_done(ins);
		}
	}
	exec(W, "COMMIT");
	sync();

	sqlite3 *r = open_conn(12000);
	sqlite3_prepare_v2(r,
	    "SELECT 1 FROM blobs WHERE org_id = 1 AND sha256 = ?", -1, &look,
	    NULL);
	look_w = prep("SELECT 1 FROM blobs WHERE org_id = 1 AND sha256 = ?");
	unsigned char(*cand)[32] = malloc((size_t)count * 32);
	double t0 = now_ms(), scan_ms = 0, look_ms = 0;
	exec(r, "BEGIN");
	for (int i = 0; i < 256; i++) {
		snprintf(shard, sizeof shard, "%s/%02x", org, i);
		double s0 = now_ms();
		DIR *d = opendir(shard);
		struct dirent *e;
		int dfd = dirfd(d);
		while ((e = readdir(d)) != NULL) {
			struct stat sb;
			if (e->d_name[0] == '.' || strlen(e->d_name) != 64)
				continue;
			if (fstatat(dfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) !=
			    0)
				continue;
			files++;
			/* (a real pass skips files younger than the grace) */
			for (int k = 0; k < 32; k++) {
				unsigned x;
				char two[3] = {
				    e->d_name[2 * k], e->d_name[2 * k + 1], 0};
				x = (unsigned)strtoul(two, NULL, 16);
				sha[k] = (unsigned char)x;
			}
			double l0 = now_ms();
			sqlite3_bind_blob(look, 1, sha, 32, SQLITE_STATIC);
			bool found = sqlite3_step(look) == SQLITE_ROW;
			sqlite3_reset(look);
			look_ms += now_ms() - l0;
			if (!found)
				memcpy(cand[cand_n++], sha, 32);
		}
		closedir(d);
		scan_ms += now_ms() - s0;
	}
	exec(r, "COMMIT");
	scan_ms -= look_ms;
	double pass1 = now_ms() - t0;
	/*
	 * Claim, unlink, forget (docs/attachments.md, "Garbage
	 * collection"): a writer job claims up to 256 orphans with a 'gone'
	 * row (an upload never references a 'gone' blob); the unlinks run
	 * outside the writer; a second job deletes the rows.
	 */
	sqlite3_stmt *claim = prep("INSERT INTO blobs VALUES (1, ?, 1, "
				   "'gone', 0, NULL) ON CONFLICT DO NOTHING");
	sqlite3_stmt *forget = prep("DELETE FROM blobs WHERE org_id = 1 AND "
				    "sha256 = ? AND state = 'gone'");
	double unlink_ms = 0;
	t0 = now_ms();
	for (int i = 0; i < cand_n; i += 256) {
		int end = i + 256 < cand_n ? i + 256 : cand_n;
		bool claimed[256];
		sqlite3 *w = writer_acquire();
		double j0 = now_ms();
		for (int k = i; k < end; k++) {
			sqlite3_bind_blob(claim, 1, cand[k], 32, SQLITE_STATIC);
			step_done(claim);
			claimed[k - i] = sqlite3_changes(w) == 1;
		}
		double held = now_ms() - j0;
		if (held > held_max)
			held_max = held;
		writer_release();
		double u0 = now_ms();
		for (int k = i; k < end; k++) {
			if (!claimed[k - i])
				continue;
			hex(cand[k], h);
			snprintf(path, sizeof path, "%s/%.2s/%s", org, h, h);
			if (unlink(path) == 0)
				removed++;
		}
		unlink_ms += now_ms() - u0;
		writer_acquire();
		j0 = now_ms();
		for (int k = i; k < end; k++) {
			sqlite3_bind_blob(
			    forget, 1, cand[k], 32, SQLITE_STATIC);
			step_done(forget);
		}
		held = now_ms() - j0;
		if (held > held_max)
			held_max = held;
		writer_release();
	}
	(void)look_w;
	double pass2 = now_ms() - t0;
	orphans = cand_n;
	printf("gc files=%d: scan (readdir+fstatat) %.0f ms, lookups %.0f ms "
	       "(%.1f us each), orphans %d, unlinked %d in %.0f ms (unlinks "
	       "%.0f ms outside the writer; a job of 256 held the writer at "
	       "most %.1f ms), pass total %.0f ms\n",
	    files, scan_ms, look_ms, look_ms * 1e3 / files, orphans, removed,
	    pass2, unlink_ms, held_max, pass1 + pass2);
	sqlite3_finalize(look);
	sqlite3_close(r);
	free(cand);
	return 0;
}

/* ---- hash ---- */

static int
run_hash(void)
{
	unsigned char *p = malloc(size), out[32];
	double t0;

	fill_random(p, size, 1);
	if (sodium_init() < 0)
		die("sodium", "init");
	for (int rep = 0; rep < 3; rep++) {
		t0 = now_ms();
		crypto_hash_sha256(out, p, size);
		double a = now_ms() - t0;
		t0 = now_ms();
		sha256(p, size, out);
		double b = now_ms() - t0;
		printf("sha256 of %.1f MB: libsodium %.1f ms (%.0f MB/s), "
		       "OpenSSL %.1f ms (%.0f MB/s)\n",
		    size / 1e6, a, size / 1e3 / a, b, size / 1e3 / b);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {{"dir", 1, NULL, 'd'},
	    {"store", 1, NULL, 's'}, {"size", 1, NULL, 'z'},
	    {"count", 1, NULL, 'n'}, {"uploaders", 1, NULL, 'u'},
	    {"creators", 1, NULL, 'c'}, {"seconds", 1, NULL, 't'},
	    {"create-every-ms", 1, NULL, 'e'},
	    {"upload-every-ms", 1, NULL, 'E'}, {"slow-reader", 0, NULL, 'r'},
	    {"dup", 0, NULL, 'D'}, {NULL, 0, NULL, 0}};
	int o;

	if (argc < 2)
		die("usage", "single|mixed|hash [options]");
	optind = 2;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'd':
			dir = optarg;
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
		case 'r':
			slow_reader = true;
			break;
		case 'D':
			dup_mode = true;
			break;
		default:
			die("usage", "bad option");
		}
	}
	if (strcmp(argv[1], "hash") == 0)
		return run_hash();
	if (!dir)
		die("usage", "--dir is required");
	if (strcmp(argv[1], "single") == 0)
		return run_single();
	if (strcmp(argv[1], "mixed") == 0)
		return run_mixed();
	if (strcmp(argv[1], "gc") == 0)
		return run_gc();
	die("usage", argv[1]);
	return 2;
}
