/* SPDX-License-Identifier: MIT */
/* The database file's known conditions (see health.h). */
#include "store/health.h"

#include "util/clock.h"
#include "util/log.h"
#include "util/str.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#define F_FULL 1u
#define F_DAMAGED 2u
#define F_GONE 4u
/* Free space (for unprivileged users) at which a full disk counts as
 * having room again: some hundred group commits of Vorgänge. A commit
 * that succeeds says so sooner. */
#define FREE_AGAIN (4 * 1024 * 1024)
/* On a full disk a small commit may still fit now and then; only one
 * this long after the last that did not says the disk has room again (so
 * that /healthz does not flap). */
#define QUIET_MS 2000

struct watched {
	char path[4096];
	dev_t dev;
	ino_t ino;
	bool on;
};

/* Set once by db_health_watch before other threads run. */
static struct watched files[2]; /* the database and its WAL */
static _Atomic unsigned flags;
static _Atomic int64_t full_at; /* the last write failed for lack of space */
/* The texts for answers and /healthz: no path, no SQL (the log line has
 * them). */
static const char full_why[] =
    "the disk holding the database is full: changes are refused until "
    "there is room again; reads go on";
static const char damaged_why[] =
    "the database file is damaged: run 'hausdesk check' on it and "
    "restore the last backup";
static const char *gone_why = "";
/* Orders the first log line of a condition before its flag. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The errno in an os_unix.c line of SQLite's log, "os_unix.c:N: (E)
 * call(path) - text"; 0 when there is none. */
static int
unix_errno(const char *msg)
{
	const char *p = msg ? strstr(msg, ": (") : NULL;
	int n = 0;

	if (p == NULL || strncmp(msg, "os_unix.c:", 10) != 0)
		return 0;
	for (p += 3; *p >= '0' && *p <= '9' && n < 100000; p++)
		n = n * 10 + (*p - '0');
	return *p == ')' ? n : 0;
}

static void
sqlite_log(void *arg, int rc, const char *msg)
{
	(void)arg;
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		db_health_note(rc, 0, msg);
		break;
	case SQLITE_IOERR:
		db_health_note(rc, unix_errno(msg), msg);
		break;
	default:
		break;
	}
}

void
db_health_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL) != SQLITE_OK)
		hd_log(HD_LOG_WARN, "SQLite's error log cannot be watched: "
				    "a damaged file shows only as errors");
}

static enum hd_status
watch(struct watched *w, const char *path, bool must)
{
	struct stat sb;

	w->on = false;
	if (stat(path, &sb) != 0) {
		if (must)
			hd_log(HD_LOG_ERROR, "cannot stat %s: %s", path,
			    strerror(errno));
		return must ? HD_EIO : HD_OK;
	}
	hd_strlcpy(w->path, path, sizeof(w->path));
	w->dev = sb.st_dev;
	w->ino = sb.st_ino;
	w->on = true;
	return HD_OK;
}

enum hd_status
db_health_watch(const char *path)
{
	char wal[sizeof(files[1].path)];
	enum hd_status st;

	if ((size_t)snprintf(wal, sizeof(wal), "%s-wal", path) >= sizeof(wal))
		return HD_EINVAL;
	if ((st = watch(&files[0], path, true)) != HD_OK)
		return st;
	/* Opened in WAL mode by now; without one there is nothing to lose
	 * in it. */
	return watch(&files[1], wal, false);
}

/* Notes GONE for file w (once), saying how. */
static void
note_gone(const struct watched *w, bool deleted)
{
	pthread_mutex_lock(&lock);
	if (!(atomic_load(&flags) & F_GONE)) {
		gone_why = deleted ? "the database file was deleted while the "
				     "server ran: changes are refused; "
				     "restore it and restart the server"
				   : "the database file was replaced by "
				     "another file while the server ran: "
				     "changes are refused; restart the server";
		hd_log(HD_LOG_ERROR,
		    "%s was %s while the server ran: changes "
		    "are refused (503) until a restart",
		    w->path, deleted ? "deleted" : "replaced by another file");
		atomic_fetch_or(&flags, F_GONE);
	}
	pthread_mutex_unlock(&lock);
}

bool
db_health_files_ok(void)
{
	struct stat sb;
	size_t i;

	if (atomic_load(&flags) & F_GONE)
		return false;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const struct watched *w = &files[i];

		if (!w->on)
			continue;
		if (stat(w->path, &sb) != 0) {
			/* Only a missing file says it is gone; any other
			 * failure of stat says nothing about it. */
			if (errno != ENOENT && errno != ENOTDIR)
				continue;
			note_gone(w, true);
			return false;
		}
		if (sb.st_dev != w->dev || sb.st_ino != w->ino) {
			note_gone(w, false);
			return false;
		}
	}
	return true;
}

static void
note_full(void)
{
	atomic_store(&full_at, hd_mono_ms());
	if (!(atomic_fetch_or(&flags, F_FULL) & F_FULL))
		hd_log(HD_LOG_ERROR, "%s", full_why);
}

static void
note_damaged(const char *detail)
{
	pthread_mutex_lock(&lock);
	if (!(atomic_load(&flags) & F_DAMAGED)) {
		hd_log(HD_LOG_ERROR,
		    "the database file is damaged (SQLite: %s): requests that "
		    "meet the damage are answered 503; run 'hausdesk check' "
		    "and restore the last backup",
		    detail && *detail ? detail : "corrupt");
		atomic_fetch_or(&flags, F_DAMAGED);
	}
	pthread_mutex_unlock(&lock);
}

enum hd_status
db_health_note(int rc, int sys_errno, const char *detail)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
		note_full();
		return HD_EFULL;
	case SQLITE_IOERR:
		if (sys_errno != ENOSPC)
			return HD_EIO;
		note_full();
		return HD_EFULL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		note_damaged(detail);
		return HD_EUNAVAIL;
	default:
		return HD_EIO;
	}
}

static void
clear_full(const char *how)
{
	if (atomic_fetch_and(&flags, ~F_FULL) & F_FULL)
		hd_log(HD_LOG_INFO,
		    "the disk holding the database has room again (%s): "
		    "changes are accepted",
		    how);
}

void
db_health_write_ok(void)
{
	if ((atomic_load(&flags) & F_FULL) &&
	    hd_mono_ms() - atomic_load(&full_at) >= QUIET_MS)
		clear_full("a commit succeeded");
}

void
db_health_poll(void)
{
	struct statvfs vfs;

	db_health_files_ok();
	if (!(atomic_load(&flags) & F_FULL) || !files[0].on ||
	    statvfs(files[0].path, &vfs) != 0)
		return;
	if ((unsigned long long)vfs.f_bavail * vfs.f_frsize >= FREE_AGAIN)
		clear_full("free space");
}

enum db_condition
db_health_get(const char **why)
{
	unsigned f = atomic_load(&flags);
	enum db_condition c;
	const char *text;

	if (f & F_GONE)
		c = DB_COND_GONE, text = gone_why;
	else if (f & F_DAMAGED)
		c = DB_COND_DAMAGED, text = damaged_why;
	else if (f & F_FULL)
		c = DB_COND_FULL, text = full_why;
	else
		c = DB_COND_OK, text = "";
	if (why != NULL)
		*why = text;
	return c;
}

enum hd_status
db_health_status(enum hd_status st)
{
	if (st != HD_EIO)
		return st;
	switch (db_health_get(NULL)) {
	case DB_COND_FULL:
		return HD_EFULL;
	case DB_COND_DAMAGED:
	case DB_COND_GONE:
		return HD_EUNAVAIL;
	case DB_COND_OK:
		break;
	}
	return st;
}
