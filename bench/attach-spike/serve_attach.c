/* SPDX-License-Identifier: MIT */
/*
 * Design spike for issue 14 item 1 (docs/attachments.md): serving an
 * attachment's bytes over libmicrohttpd 0.9.75, three ways —
 *
 *   /f/NAME  a content-addressed file: MHD_create_response_from_fd
 *            (sendfile(2): the bytes never enter the process)
 *   /b/ID    a blob in SQLite, streamed: sqlite3_blob_read in 64 KiB
 *            pieces from a content-reader callback, the read transaction
 *            held open until the last byte is sent
 *   /m/ID    a blob in SQLite, copied into memory in one short read
 *            transaction, then sent from the buffer
 *
 *   serve_attach --dir D --port P [--size BYTES]
 *     makes D (must not exist) with a database holding one blob of BYTES
 *     and the same bytes as files/<sha256>, serves until SIGTERM/SIGINT,
 *     then prints its CPU time (user+sys ms) and peak RSS.
 *
 * run-serve.sh drives it with wrk. Headers are those the design asks for
 * (nosniff, Content-Disposition, a sandboxing CSP, immutable caching).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIECE (64 * 1024)
#define POOL 16

static char dbpath[4096], filedir[4096], hexname[65];
static long size = 1024 * 1024;
static sqlite3 *pool[POOL];
static int pool_n;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "serve_attach: %s: %s\n", what, msg);
	exit(1);
}

static sqlite3 *
conn_get(void)
{
	sqlite3 *c = NULL;

	pthread_mutex_lock(&pool_lock);
	if (pool_n > 0)
		c = pool[--pool_n];
	pthread_mutex_unlock(&pool_lock);
	if (!c) {
		if (sqlite3_open_v2(dbpath, &c,
			SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			NULL) != SQLITE_OK)
			die("open", sqlite3_errmsg(c));
		sqlite3_exec(c, "PRAGMA cache_size=-12000", NULL, NULL, NULL);
	}
	return c;
}

static void
conn_put(sqlite3 *c)
{
	pthread_mutex_lock(&pool_lock);
	if (pool_n < POOL) {
		pool[pool_n++] = c;
		c = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	if (c)
		sqlite3_close(c);
}

/* The headers every attachment answer carries. */
static void
add_headers(struct MHD_Response *r, const char *type, bool image)
{
	char etag[80];

	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Disposition",
	    image ? "inline; filename=\"foto.jpg\""
		  : "attachment; filename=\"foto.jpg\"");
	MHD_add_response_header(
	    r, "Content-Security-Policy", "default-src 'none'; sandbox");
	MHD_add_response_header(
	    r, "Cache-Control", "private, max-age=31536000, immutable");
	snprintf(etag, sizeof etag, "\"%s\"", hexname);
	MHD_add_response_header(r, "ETag", etag);
}

struct stream {
	sqlite3 *c;
	sqlite3_blob *b;
	int n;
};

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	int k;

	if (pos >= (uint64_t)s->n)
		return MHD_CONTENT_READER_END_OF_STREAM;
	k = s->n - (int)pos;
	if ((size_t)k > max)
		k = (int)max;
	if (k > PIECE)
		k = PIECE;
	if (sqlite3_blob_read(s->b, buf, k, (int)pos) != SQLITE_OK)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return k;
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;

	sqlite3_blob_close(s->b);
	sqlite3_exec(s->c, "COMMIT", NULL, NULL, NULL);
	conn_put(s->c);
	free(s);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_size, void **ctx)
{
	struct MHD_Response *r = NULL;
	enum MHD_Result ret;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload_data;
	(void)upload_size;
	if (*ctx == NULL) { /* queue on the second call (architecture.md) */
		*ctx = (void *)1;
		return MHD_YES;
	}
	if (strncmp(url, "/f/", 3) == 0) {
		char p[4300];
		snprintf(p, sizeof p, "%s/%.2s/%s", filedir, hexname, hexname);
		int fd = open(p, O_RDONLY | O_CLOEXEC);
		struct stat sb;
		if (fd < 0 || fstat(fd, &sb) != 0)
			return MHD_NO;
		r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	} else if (strncmp(url, "/b/", 3) == 0) {
		struct stream *s = calloc(1, sizeof *s);
		s->c = conn_get();
		sqlite3_exec(s->c, "BEGIN", NULL, NULL, NULL);
		if (sqlite3_blob_open(s->c, "main", "attachment_blobs", "data",
			1, 0, &s->b) != SQLITE_OK)
			die("blob_open", sqlite3_errmsg(s->c));
		s->n = sqlite3_blob_bytes(s->b);
		r = MHD_create_response_from_callback(
		    (uint64_t)s->n, PIECE, stream_read, s, stream_free);
	} else if (strncmp(url, "/m/", 3) == 0) {
		sqlite3 *c = conn_get();
		sqlite3_blob *b;
		sqlite3_exec(c, "BEGIN", NULL, NULL, NULL);
		if (sqlite3_blob_open(c, "main", "attachment_blobs", "data", 1,
			0, &b) != SQLITE_OK)
			die("blob_open", sqlite3_errmsg(c));
		int n = sqlite3_blob_bytes(b);
		char *buf = malloc(n);
		sqlite3_blob_read(b, buf, n, 0);
		sqlite3_blob_close(b);
		sqlite3_exec(c, "COMMIT", NULL, NULL, NULL);
		conn_put(c);
		r = MHD_create_response_from_buffer(
		    (size_t)n, buf, MHD_RESPMEM_MUST_FREE);
	} else {
		return MHD_NO;
	}
	add_headers(r, "image/jpeg", true);
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static void
setup(const char *dir)
{
	unsigned char *p = malloc(size), sha[32];
	unsigned int len;
	sqlite3 *db;
	sqlite3_stmt *s;
	char path[4300];
	uint64_t x = 88172645463325252ULL;

	for (long i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)x;
	}
	EVP_Digest(p, size, sha, &len, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		snprintf(hexname + 2 * i, 3, "%02x", sha[i]);
	if (mkdir(dir, 0750) != 0)
		die(dir, strerror(errno));
	snprintf(dbpath, sizeof dbpath, "%s/hausdesk.db", dir);
	snprintf(filedir, sizeof filedir, "%s/attachments", dir);
	snprintf(path, sizeof path, "%s/%.2s", filedir, hexname);
	if (mkdir(filedir, 0750) != 0 || mkdir(path, 0750) != 0)
		die("mkdir", strerror(errno));
	snprintf(path, sizeof path, "%s/%.2s/%s", filedir, hexname, hexname);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
	if (fd < 0 || write(fd, p, size) != size || fsync(fd) != 0)
		die("file", strerror(errno));
	close(fd);
	sqlite3_open(dbpath, &db);
	sqlite3_exec(db,
	    "PRAGMA journal_mode=WAL; CREATE TABLE attachment_blobs "
	    "(attachment_id INTEGER PRIMARY KEY, data BLOB NOT NULL)",
	    NULL, NULL, NULL);
	sqlite3_prepare_v2(
	    db, "INSERT INTO attachment_blobs VALUES (1, ?)", -1, &s, NULL);
	sqlite3_bind_blob(s, 1, p, (int)size, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	free(p);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {{"dir", 1, NULL, 'd'},
	    {"port", 1, NULL, 'p'}, {"size", 1, NULL, 'z'}, {NULL, 0, NULL, 0}};
	const char *dir = NULL;
	int port = 0, o, sig;
	sigset_t set;
	struct MHD_Daemon *d;
	struct rusage ru;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'd')
			dir = optarg;
		else if (o == 'p')
			port = (int)strtol(optarg, NULL, 10);
		else if (o == 'z')
			size = strtol(optarg, NULL, 10);
		else
			die("usage", "--dir D --port P [--size N]");
	}
	if (!dir || !port)
		die("usage", "--dir D --port P [--size N]");
	setup(dir);
	/* The peak RSS from here on, not that of making the data. */
	FILE *cr = fopen("/proc/self/clear_refs", "w");
	if (cr) {
		fputs("5", cr);
		fclose(cr);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL,
	    (uint16_t)port, NULL, NULL, handle, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, 2U, MHD_OPTION_CONNECTION_TIMEOUT, 30U,
	    MHD_OPTION_END);
	if (!d)
		die("MHD", "cannot start");
	getrusage(RUSAGE_SELF, &ru);
	printf("ready %s cpu_ms %.0f maxrss_kb %ld\n", hexname,
	    ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
		ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3,
	    ru.ru_maxrss);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	getrusage(RUSAGE_SELF, &ru);
	/* VmHWM: ru_maxrss is not reset by clear_refs. */
	long hwm = 0;
	char line[256];
	FILE *st = fopen("/proc/self/status", "r");
	while (st && fgets(line, sizeof line, st))
		if (strncmp(line, "VmHWM:", 6) == 0)
			hwm = strtol(line + 6, NULL, 10);
	if (st)
		fclose(st);
	ru.ru_maxrss = hwm;
	printf("cpu_ms %.0f maxrss_kb %ld\n",
	    ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
		ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3,
	    ru.ru_maxrss);
	return 0;
}
