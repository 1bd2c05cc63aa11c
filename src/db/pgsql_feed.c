/* SPDX-License-Identifier: MIT */
/*
 * The change feed on PostgreSQL (db.h, struct db_feed).
 *
 * SQLite tells the writing connection of each row it writes (the
 * pre-update hook). PostgreSQL has no such hook in libpq, so the driver
 * makes one from the watch list: when a DB_WRITER connection opens, each
 * watched table gets a row trigger `hd_feed` (AFTER INSERT OR UPDATE OR
 * DELETE, FOR EACH ROW, calling the PL/pgSQL function hd_feed_<table>)
 * that renders the changed row as one record
 *
 *	<table> <I|U|D> <old0> <old1> <new0> <new1> <text_changed>
 *
 * (the integer columns of its db_watch before and after, 0 for none and
 * NULL; text_changed "OLD.col IS DISTINCT FROM NEW.col") and sends it
 * two ways:
 *
 * - to the writing session itself, at once, as a notice (RAISE NOTICE
 *   with SQLSTATE HDF01), but only in sessions that set hausdesk.feed to
 *   on, which DB_WRITER connections do. libpq hands each notice to
 *   db_pgsql_notice while it reads the statement's result, so the row
 *   callbacks run on the writer's thread, in the batch, as each
 *   statement runs, exactly where SQLite's hook runs them — including
 *   rows a trigger, a foreign key action or a DELETE without WHERE
 *   writes, and rows of a savepoint later rolled back (over-reported,
 *   as db.h allows). No extra round trip, no table to read back before
 *   COMMIT. db.c calls the commit callback after the COMMIT (or
 *   rollback) as on SQLite.
 *
 * - to every other session, after the commit, with pg_notify on the
 *   channel hausdesk_feed (NOTIFY is transactional: a rolled-back
 *   transaction notifies nobody, a committed one in commit order).
 *   pgsql_listen.c listens in other processes and reports those rows,
 *   then commit(true); it skips what this process's writer reported
 *   already (by the notifying backend's pid). That is issue 12's cache
 *   coherence between several serve processes; docs/postgresql.md tells
 *   what the process wiring must add (a thread, its lock against the
 *   writer's callbacks, the barrier before a cached answer).
 *
 * The triggers are checked at each DB_WRITER open (one catalog query)
 * and only created or replaced when the function text differs, in a
 * transaction under an advisory lock, so that several processes
 * starting at once do not race; triggers of tables no longer watched
 * are dropped then. TRUNCATE fires no row trigger: the store never uses
 * it (over a watched table it would go unreported).
 *
 * Cost (bench/pg_floor.c, docs/postgresql.md): about 30 % of a create's
 * throughput without the fsync wait, most of it the notices (PostgreSQL
 * flushes its socket for each). If that matters, the writer can LISTEN
 * to its own channel instead and take its rows from the notifications
 * that come with the COMMIT's answer — after the COMMIT rather than
 * before it, which db.h's callers must then accept.
 */
#include "db/pgsql.h"
#include "util/buf.h"
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The notices that carry feed records. */
#define FEED_SQLSTATE "HDF01"
/* pg_advisory_xact_lock's key while triggers are replaced ("hdfeed"). */
#define FEED_LOCK "6873746664"
/* "hd_feed_" + a table name stays within PostgreSQL's 63 bytes. */
#define TABLE_MAX 55

static const char *const ops = "IUD";

/* Parses one integer field at *p, advancing past it and one blank. */
static bool
field(const char **p, int64_t *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(*p, &end, 10);
	if (end == *p || errno != 0 || (*end != ' ' && *end != '\0'))
		return false;
	*v = x;
	*p = *end ? end + 1 : end;
	return true;
}

bool
db_pgsql_feed_parse(const char *rec, const struct db_watch *watch, size_t n,
    struct db_change *ch)
{
	const char *sp = strchr(rec, ' '), *p, *op;
	int64_t v[5];
	size_t t, len;

	if (sp == NULL || sp[1] == '\0' || sp[2] != ' ')
		return false;
	len = (size_t)(sp - rec);
	for (t = 0; t < n; t++)
		if (strlen(watch[t].table) == len &&
		    strncmp(watch[t].table, rec, len) == 0)
			break;
	if (t == n || (op = strchr(ops, sp[1])) == NULL || *op == '\0')
		return false;
	p = sp + 3;
	for (int k = 0; k < 5; k++)
		if (!field(&p, &v[k]))
			return false;
	if (*p != '\0' || (v[4] != 0 && v[4] != 1))
		return false;
	memset(ch, 0, sizeof(*ch));
	ch->table = (int)t;
	ch->op = *op == 'I' ? DB_INSERT : *op == 'U' ? DB_UPDATE : DB_DELETE;
	ch->old_v[0] = v[0];
	ch->old_v[1] = v[1];
	ch->new_v[0] = v[2];
	ch->new_v[1] = v[3];
	ch->text_changed = v[4] == 1;
	return true;
}

void
db_pgsql_notice(void *arg, const PGresult *res)
{
	struct pg_conn *c = arg;
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *sev =
	    PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	struct db_change ch;

	if (state != NULL && strcmp(state, FEED_SQLSTATE) == 0) {
		if (c->watch != NULL && msg != NULL &&
		    db_pgsql_feed_parse(msg, c->watch, c->n_watch, &ch))
			db_feed_row(&c->base, &ch);
		return;
	}
	hd_log(sev && strcmp(sev, "WARNING") == 0 ? HD_LOG_WARN : HD_LOG_DEBUG,
	    "database: %s", msg ? msg : "(a notice without text)");
}

/* ---- the triggers -------------------------------------------------- */

/* SQL text being written; an error sticks. */
struct text {
	struct hd_buf b;
	bool bad;
};

static void
text_init(struct text *t)
{
	hd_buf_init(&t->b, 1 << 20);
	t->bad = false;
}

__attribute__((format(printf, 2, 3))) static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!t->bad && hd_buf_vprintf(&t->b, fmt, ap) != HD_OK)
		t->bad = true;
	va_end(ap);
}

static const char *
str(const struct text *t)
{
	return t->b.data ? t->b.data : "";
}

/* Appends "coalesce(REC.col, 0)" or "'0'" for an unused column. */
static void
value(struct text *b, const char *rec, const char *col)
{
	if (col == NULL)
		put(b, "%s", "'0'");
	else
		put(b, "coalesce(%s.%s, 0)", rec, col);
}

/* The body of w's trigger function (what pg_proc.prosrc keeps). */
static void
body(struct text *b, const struct db_watch *w)
{
	const char *t = w->table;

	put(b,
	    "\nDECLARE r text;\nBEGIN\nIF TG_OP = 'INSERT' THEN\n"
	    "r := '%s I 0 0 ' || ",
	    t);
	value(b, "NEW", w->cols[0]);
	put(b, "%s", " || ' ' || ");
	value(b, "NEW", w->cols[1]);
	put(b, " || ' 0';\nELSIF TG_OP = 'UPDATE' THEN\nr := '%s U ' || ", t);
	value(b, "OLD", w->cols[0]);
	put(b, "%s", " || ' ' || ");
	value(b, "OLD", w->cols[1]);
	put(b, "%s", " || ' ' || ");
	value(b, "NEW", w->cols[0]);
	put(b, "%s", " || ' ' || ");
	value(b, "NEW", w->cols[1]);
	if (w->text_col != NULL)
		put(b,
		    " || CASE WHEN OLD.%s IS DISTINCT FROM NEW.%s "
		    "THEN ' 1' ELSE ' 0' END",
		    w->text_col, w->text_col);
	else
		put(b, "%s", " || ' 0'");
	put(b, ";\nELSE\nr := '%s D ' || ", t);
	value(b, "OLD", w->cols[0]);
	put(b, "%s", " || ' ' || ");
	value(b, "OLD", w->cols[1]);
	put(b, "%s",
	    " || ' 0 0 0';\nEND IF;\n"
	    "IF current_setting('hausdesk.feed', true) = 'on' THEN\n"
	    "RAISE NOTICE USING MESSAGE = r, ERRCODE = '" FEED_SQLSTATE "';\n"
	    "END IF;\n"
	    "PERFORM pg_notify('" PG_FEED_CHANNEL "', r);\n"
	    "RETURN NULL;\nEND\n");
}

/* Runs sql (no parameters) on c; the status, logged. */
static enum hd_status
exec(struct pg_conn *c, const char *sql)
{
	PGresult *res = PQexec(c->h, sql);
	enum hd_status s = db_pgsql_status(c, res, sql);

	PQclear(res);
	return s;
}

/* Checks that w's table and columns exist, the reported ones integers.
 * HD_EIO (logged) otherwise. */
static enum hd_status
resolve(struct pg_conn *c, const struct db_watch *w)
{
	const char *names[3] = {w->cols[0], w->cols[1], w->text_col};
	const char *params[1] = {w->table};
	enum hd_status s = HD_OK;
	bool found[3] = {false, false, false};
	PGresult *res;
	int n;

	if (strlen(w->table) > TABLE_MAX) {
		hd_log(HD_LOG_ERROR, "change feed: table name %s too long",
		    w->table);
		return HD_EIO;
	}
	res = PQexecParams(c->h,
	    "SELECT a.attname, a.atttypid IN (20, 21, 23) "
	    "FROM pg_attribute a WHERE a.attrelid = to_regclass($1) "
	    "AND a.attnum > 0 AND NOT a.attisdropped",
	    1, NULL, params, NULL, NULL, 0);
	if ((s = db_pgsql_status(c, res, "change feed: columns")) != HD_OK)
		goto out;
	if ((n = PQntuples(res)) == 0) {
		hd_log(HD_LOG_ERROR, "change feed: no table %s", w->table);
		s = HD_EIO;
		goto out;
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			if (names[k] &&
			    strcasecmp(names[k], PQgetvalue(res, i, 0)) == 0)
				found[k] =
				    k == 2 || PQgetvalue(res, i, 1)[0] == 't';
	for (int k = 0; k < 3; k++)
		if (names[k] && !found[k]) {
			hd_log(HD_LOG_ERROR, "change feed: no %scolumn %s.%s",
			    k < 2 ? "integer " : "", w->table, names[k]);
			s = HD_EIO;
		}
out:
	PQclear(res);
	return s;
}

/* Whether w is the first entry of its table in the list (a table's one
 * trigger reports its first entry's columns, as SQLite's hook does). */
static bool
first_of_table(const struct db_feed *f, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcasecmp(f->watch[j].table, f->watch[i].table) == 0)
			return false;
	return true;
}

/*
 * The installed triggers: "table\tbody\n" per table with a trigger
 * hd_feed in the current schema, sorted, into *b. What the watch list
 * wants is rendered the same way, and the two compared.
 */
static enum hd_status
installed(struct pg_conn *c, struct text *b)
{
	PGresult *res =
	    PQexec(c->h, "SELECT c.relname, p.prosrc FROM pg_trigger t "
			 "JOIN pg_class c ON c.oid = t.tgrelid "
			 "JOIN pg_proc p ON p.oid = t.tgfoid "
			 "WHERE t.tgname = 'hd_feed' "
			 "AND c.relnamespace = current_schema()::regnamespace "
			 "AND p.proname = 'hd_feed_' || c.relname "
			 "ORDER BY c.relname COLLATE \"C\"");
	enum hd_status s = db_pgsql_status(c, res, "change feed: triggers");

	for (int i = 0; s == HD_OK && i < PQntuples(res); i++)
		put(b, "%s\t%s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1));
	PQclear(res);
	return s;
}

/* Order of the tables as the catalog query gives them. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What installed() should find for f, into *b. */
static enum hd_status
wanted(const struct db_feed *f, struct text *b)
{
	const char *names[DB_FEED_MAX];
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		if (first_of_table(f, i))
			names[n++] = f->watch[i].table;
	qsort(names, n, sizeof(names[0]), by_name);
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < f->n; i++)
			if (f->watch[i].table == names[k]) {
				put(b, "%s\t", names[k]);
				body(b, &f->watch[i]);
				put(b, "%s", "\n");
				break;
			}
	return b->bad ? HD_ENOMEM : HD_OK;
}

/* Drops the triggers of tables the list no longer has. */
static enum hd_status
drop_stale(struct pg_conn *c, const struct db_feed *f)
{
	PGresult *res = PQexec(c->h,
	    "SELECT c.relname FROM pg_trigger t "
	    "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'hd_feed' "
	    "AND c.relnamespace = current_schema()::regnamespace");
	enum hd_status s = db_pgsql_status(c, res, "change feed: triggers");
	char sql[256];

	for (int i = 0; s == HD_OK && i < PQntuples(res); i++) {
		const char *t = PQgetvalue(res, i, 0);
		bool keep = false;

		for (size_t k = 0; k < f->n && !keep; k++)
			keep = strcasecmp(t, f->watch[k].table) == 0;
		if (keep || !db_ident_ok(t))
			continue;
		snprintf(sql, sizeof(sql),
		    "DROP TRIGGER hd_feed ON %s; DROP FUNCTION IF EXISTS "
		    "hd_feed_%s()",
		    t, t);
		s = exec(c, sql);
	}
	PQclear(res);
	return s;
}

/* Whether have (as installed() renders it) holds entry e, "table\t…". */
static bool
holds(const char *have, const char *e)
{
	for (const char *p = strstr(have, e); p; p = strstr(p + 1, e))
		if (p == have || p[-1] == '\n')
			return true;
	return false;
}

/* Creates or replaces the triggers of f that differ from have, and
 * drops those of tables f has no more, in one transaction. */
static enum hd_status
install(struct pg_conn *c, const struct db_feed *f, const char *have)
{
	struct text b, e;
	enum hd_status s;

	if ((s = exec(c, "BEGIN; SELECT pg_advisory_xact_lock(" FEED_LOCK
			 ")")) != HD_OK)
		return s;
	text_init(&b);
	text_init(&e);
	for (size_t i = 0; i < f->n && s == HD_OK; i++) {
		const struct db_watch *w = &f->watch[i];

		if (!first_of_table(f, i))
			continue;
		hd_buf_truncate(&e.b, 0);
		put(&e, "%s\t", w->table);
		body(&e, w);
		put(&e, "\n");
		if (e.bad) {
			s = HD_ENOMEM;
			break;
		}
		if (holds(have, str(&e)))
			continue;
		hd_buf_truncate(&b.b, 0);
		put(&b,
		    "CREATE OR REPLACE FUNCTION hd_feed_%s() RETURNS trigger "
		    "LANGUAGE plpgsql AS $hd_feed$",
		    w->table);
		body(&b, w);
		put(&b,
		    "$hd_feed$; DROP TRIGGER IF EXISTS hd_feed ON %s; "
		    "CREATE TRIGGER hd_feed AFTER INSERT OR UPDATE OR DELETE "
		    "ON %s FOR EACH ROW EXECUTE FUNCTION hd_feed_%s()",
		    w->table, w->table, w->table);
		s = b.bad ? HD_ENOMEM : exec(c, str(&b));
	}
	hd_buf_cleanup(&b.b);
	hd_buf_cleanup(&e.b);
	if (s == HD_OK)
		s = drop_stale(c, f);
	if (s == HD_OK)
		s = exec(c, "COMMIT");
	else
		exec(c, "ROLLBACK");
	return s;
}

/* This process's writers' server processes. */
static pthread_mutex_t pids_lock = PTHREAD_MUTEX_INITIALIZER;
static int pids[8];

void
db_pgsql_writer_pid(int old_pid, int new_pid)
{
	pthread_mutex_lock(&pids_lock);
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++)
		if (pids[i] == old_pid) {
			pids[i] = new_pid;
			break;
		}
	pthread_mutex_unlock(&pids_lock);
}

bool
db_pgsql_is_writer_pid(int pid)
{
	bool found = false;

	pthread_mutex_lock(&pids_lock);
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]) && !found; i++)
		found = pid != 0 && pids[i] == pid;
	pthread_mutex_unlock(&pids_lock);
	return found;
}

enum hd_status
db_pgsql_feed_attach(struct pg_conn *c, const struct db_feed *f)
{
	struct text have, want;
	enum hd_status s = HD_OK;

	if (f->n == 0)
		return HD_OK;
	for (size_t i = 0; i < f->n && s == HD_OK; i++)
		s = resolve(c, &f->watch[i]);
	if (s != HD_OK) {
		hd_log(HD_LOG_ERROR,
		    "change feed: the database lacks what it watches (is it "
		    "migrated?)");
		return s;
	}
	text_init(&have);
	text_init(&want);
	if ((s = installed(c, &have)) == HD_OK &&
	    (s = wanted(f, &want)) == HD_OK &&
	    (have.bad || strcmp(str(&have), str(&want)) != 0))
		s = install(c, f, have.bad ? "" : str(&have));
	hd_buf_cleanup(&have.b);
	hd_buf_cleanup(&want.b);
	if (s != HD_OK) {
		hd_log(
		    HD_LOG_ERROR, "change feed: cannot install its triggers");
		return s;
	}
	c->watch = f->watch;
	c->n_watch = f->n;
	c->base.feeding = true;
	db_pgsql_writer_pid(0, c->pid);
	return exec(c, "SET hausdesk.feed TO on");
}

void
db_pgsql_feed_detach(struct pg_conn *c)
{
	if (c->watch != NULL)
		db_pgsql_writer_pid(c->pid, 0);
	c->watch = NULL;
	c->n_watch = 0;
	c->base.feeding = false;
}
