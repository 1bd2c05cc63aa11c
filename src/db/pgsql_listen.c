/* SPDX-License-Identifier: MIT */
/*
 * Other processes' changes (pgsql.h, pgsql_feed.c): a connection of its
 * own that LISTENs on the channel the feed's triggers notify on. A
 * notification arrives only after its transaction committed, and those
 * of one transaction arrive together, in commit order; each is one row
 * record, reported through the feed like the writer's own rows, and a
 * run of rows of one server process ends with commit(true).
 *
 * The barrier (db_pgsql_listen_sync): a transaction that notified has
 * signalled every listening server process before its COMMIT returned;
 * a listener's server process handles that signal before it answers its
 * next query. So a query on the listening connection, begun after
 * another process's COMMIT returned, is answered after that commit's
 * notifications: one round trip makes every change committed before it
 * known here.
 */
#include "db/pgsql.h"
#include "util/log.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct pg_listen {
	PGconn *h;
	bool broken; /* reconnect at the next call */
};

/* The listening connection's notices: nothing it needs to say. */
static void
quiet(void *arg, const PGresult *res)
{
	(void)arg;
	hd_log(HD_LOG_DEBUG, "change feed: %s",
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
}

/* LISTENs on l's connection. */
static enum hd_status
listen_on(struct pg_listen *l)
{
	char err[256];
	PGresult *res = PQexec(l->h, "LISTEN " PG_FEED_CHANNEL);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	PQclear(res);
	if (!ok) {
		hd_log(HD_LOG_ERROR, "change feed: cannot listen: %s",
		    db_pgsql_error(l->h, err, sizeof(err)));
		return HD_EIO;
	}
	return HD_OK;
}

enum hd_status
db_pgsql_listen_open(const char *target, struct pg_listen **out)
{
	char err[256];
	struct pg_listen *l;

	*out = NULL;
	if (db_driver_of(target) != DB_PGSQL)
		return HD_EINVAL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return HD_ENOMEM;
	if ((l->h = db_pgsql_connect(target)) == NULL) {
		free(l);
		return HD_ENOMEM;
	}
	PQsetNoticeReceiver(l->h, quiet, NULL);
	if (PQstatus(l->h) != CONNECTION_OK || listen_on(l) != HD_OK) {
		hd_log(HD_LOG_ERROR, "change feed: cannot connect: %s",
		    db_pgsql_error(l->h, err, sizeof(err)));
		db_pgsql_listen_close(l);
		return HD_EIO;
	}
	*out = l;
	return HD_OK;
}

void
db_pgsql_listen_close(struct pg_listen *l)
{
	if (l == NULL)
		return;
	PQfinish(l->h);
	free(l);
}

int
db_pgsql_listen_fd(const struct pg_listen *l)
{
	return l->broken ? -1 : PQsocket(l->h);
}

/* Reports the notifications libpq holds; *n counts the rows. */
static void
deliver(struct pg_listen *l, int *n)
{
	const struct db_feed *f = db_feed_get();
	struct db_change ch;
	PGnotify *nt;
	int run_pid = 0;
	bool in_run = false;

	while ((nt = PQnotifies(l->h)) != NULL) {
		bool mine = db_pgsql_is_writer_pid(nt->be_pid);

		if (in_run && nt->be_pid != run_pid) {
			f->commit(f->arg, true);
			in_run = false;
		}
		if (f != NULL && !mine &&
		    strcmp(nt->relname, PG_FEED_CHANNEL) == 0 &&
		    db_pgsql_feed_parse(nt->extra, f->watch, f->n, &ch)) {
			f->row(f->arg, &ch);
			(*n)++;
			in_run = true;
			run_pid = nt->be_pid;
		}
		PQfreemem(nt);
	}
	if (in_run)
		f->commit(f->arg, true);
}

/* Connects again after the connection broke. */
static enum hd_status
again(struct pg_listen *l)
{
	PQreset(l->h);
	if (PQstatus(l->h) != CONNECTION_OK || listen_on(l) != HD_OK)
		return HD_EIO;
	l->broken = false;
	hd_log(HD_LOG_WARN, "change feed: listening again; changes of the "
			    "time between are unknown");
	return HD_OK;
}

/* After libpq failed on l: broken, reported once. */
static enum hd_status
fail(struct pg_listen *l)
{
	char err[256];

	if (PQstatus(l->h) == CONNECTION_OK)
		return HD_EIO;
	hd_log(HD_LOG_ERROR, "change feed: listening connection lost: %s",
	    db_pgsql_error(l->h, err, sizeof(err)));
	l->broken = true;
	return HD_EIO;
}

enum hd_status
db_pgsql_listen_poll(struct pg_listen *l, int ms, int *n)
{
	int got = 0;

	if (n != NULL)
		*n = 0;
	/* Connected again or not, the changes since the break are unknown:
	 * HD_EIO once more, so that the caller forgets what it cached
	 * meanwhile too. */
	if (l->broken) {
		again(l);
		return HD_EIO;
	}
	if (ms > 0) {
		struct pollfd p = {.fd = PQsocket(l->h), .events = POLLIN};

		if (poll(&p, 1, ms) < 0)
			return HD_OK; /* a signal: the caller polls again */
	}
	if (PQconsumeInput(l->h) != 1)
		return fail(l);
	deliver(l, &got);
	if (n != NULL)
		*n = got;
	return HD_OK;
}

enum hd_status
db_pgsql_listen_sync(struct pg_listen *l, int *n)
{
	PGresult *res;
	int got = 0;
	bool ok;

	if (n != NULL)
		*n = 0;
	if (l->broken) {
		again(l);
		return HD_EIO;
	}
	res = PQexec(l->h, "SELECT 1");
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	PQclear(res);
	if (!ok)
		return fail(l);
	deliver(l, &got);
	if (n != NULL)
		*n = got;
	return HD_OK;
}
