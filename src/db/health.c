/* SPDX-License-Identifier: MIT */
/* The database's known conditions (see health.h). */
#include "db/health.h"

#include "db/driver.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/str.h"

#include <errno.h>
#include <pthread.h>
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

void
db_health_init(void)
{
	db_drivers_init();
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
db_health_watch(const char *target)
{
	const struct db_ops *ops = db_ops_of(db_driver_of(target));
	const char *const *sfx = ops != NULL ? ops->files : NULL;
	enum hd_status st;

	for (size_t i = 0; sfx != NULL && sfx[i] != NULL; i++) {
		char p[sizeof(files[0].path)];

		if (i == sizeof(files) / sizeof(files[0]))
			break;
		if ((size_t)snprintf(p, sizeof(p), "%s%s", target, sfx[i]) >=
		    sizeof(p))
			return HD_EINVAL;
		/* The first holds the database; without the others (a WAL
		 * not made yet) there is nothing to lose in them. */
		if ((st = watch(&files[i], p, i == 0)) != HD_OK)
			return st;
	}
	return HD_OK;
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
		    "the database file is damaged (%s): requests that "
		    "meet the damage are answered 503; run 'hausdesk check' "
		    "and restore the last backup",
		    detail && *detail ? detail : "corrupt");
		atomic_fetch_or(&flags, F_DAMAGED);
	}
	pthread_mutex_unlock(&lock);
}

enum hd_status
db_health_note(enum db_condition cond, const char *detail)
{
	switch (cond) {
	case DB_COND_FULL:
		note_full();
		return HD_EFULL;
	case DB_COND_DAMAGED:
		note_damaged(detail);
		return HD_EUNAVAIL;
	case DB_COND_OK:
	case DB_COND_GONE:
		break;
	}
	return HD_EIO;
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
