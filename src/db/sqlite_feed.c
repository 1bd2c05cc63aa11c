/* SPDX-License-Identifier: MIT */
/*
 * The change feed on SQLite: the pre-update hook of the writing
 * connection, called for every row written — in WITHOUT ROWID tables,
 * by triggers and foreign key actions, and by deletes without a WHERE
 * clause (SQLite skips its truncate shortcut while the hook is set).
 * The update hook, which the credential cache used before, misses the
 * first two and the last.
 *
 * Temporary triggers did this before, but a statement firing a trigger
 * keeps a statement journal, and releasing one walked the whole in-memory
 * sub-journal of the open batch: the bigger the group commit, the slower
 * each of its statements (1,329 creates/s at 256 per commit against
 * 3,730/s without them).
 */
#include "db/sqlite.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The integer in column col of the row before (old) or after the change;
 * 0 for NULL or what cannot be read. */
static int64_t
value_of(sqlite3 *db, bool old, int col)
{
	sqlite3_value *v = NULL;
	int rc = old ? sqlite3_preupdate_old(db, col, &v)
		     : sqlite3_preupdate_new(db, col, &v);

	return rc == SQLITE_OK && v != NULL ? sqlite3_value_int64(v) : 0;
}

/* Whether an UPDATE changes column col (true when it cannot tell). */
static bool
changes(sqlite3 *db, int col)
{
	sqlite3_value *a = NULL, *b = NULL;
	int n;

	if (sqlite3_preupdate_old(db, col, &a) != SQLITE_OK ||
	    sqlite3_preupdate_new(db, col, &b) != SQLITE_OK || a == NULL ||
	    b == NULL)
		return true;
	if (sqlite3_value_type(a) != sqlite3_value_type(b))
		return true;
	n = sqlite3_value_bytes(a);
	if (n != sqlite3_value_bytes(b))
		return true;
	/* Empty values have no bytes to compare (and NULL pointers). */
	return n > 0 && memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b),
			    (size_t)n) != 0;
}

static void
hook(void *arg, sqlite3 *db, int op, const char *dbname, const char *table,
    sqlite3_int64 key1, sqlite3_int64 key2)
{
	struct sq_conn *c = arg;
	const struct sq_watch *w;
	struct db_change ch;
	size_t t;

	if (strcmp(dbname, "main") != 0)
		return;
	for (t = 0; t < c->n_watch; t++)
		if (strcmp(table, c->names[t].table) == 0)
			break;
	if (t == c->n_watch)
		return;
	w = &c->watch[t];
	memset(&ch, 0, sizeof(ch));
	ch.table = (int)t;
	/* A blob written in place (sqlite3_blob_write, unused here) comes
	 * as a DELETE: reported as one, which over-reports. */
	ch.op = op == SQLITE_INSERT   ? DB_INSERT
		: op == SQLITE_UPDATE ? DB_UPDATE
				      : DB_DELETE;
	for (int k = 0; k < 2; k++) {
		if (w->col[k] < 0)
			continue;
		/* The rowid comes as the keys, defined for rowid tables
		 * only: before (UPDATE, DELETE) and after (INSERT, UPDATE). */
		if (op != SQLITE_INSERT)
			ch.old_v[k] = w->is_rowid[k]
					  ? key1
					  : value_of(db, true, w->col[k]);
		if (op != SQLITE_DELETE)
			ch.new_v[k] = w->is_rowid[k]
					  ? key2
					  : value_of(db, false, w->col[k]);
	}
	if (op == SQLITE_UPDATE && w->text_col >= 0)
		ch.text_changed = changes(db, w->text_col);
	db_feed_row(&c->base, &ch);
}

/* One integer from a query on table with no other parameter; -1 on an
 * error. */
static int64_t
count(sqlite3 *db, const char *sql, const char *table)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * Where the columns of w are in its table. A column is the rowid when
 * it is a rowid table's INTEGER PRIMARY KEY: its only key column, of
 * type INTEGER, with no index of origin 'pk' (a WITHOUT ROWID table and
 * any other primary key have one).
 */
static enum hd_status
resolve(sqlite3 *db, const struct db_watch *w, struct sq_watch *out)
{
	const char *names[3] = {w->cols[0], w->cols[1], w->text_col};
	int pos[3] = {-1, -1, -1}, n_pk = 0, pk_col = -1, n_cols = 0;
	bool int_pk = false, rowid_table;
	sqlite3_stmt *st;
	int64_t pk_index;

	if (sqlite3_prepare_v2(db,
		"SELECT cid, name, type, pk FROM pragma_table_info(?1, 'main')",
		-1, &st, NULL) != SQLITE_OK)
		return HD_EIO;
	sqlite3_bind_text(st, 1, w->table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int cid = sqlite3_column_int(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);

		n_cols++;
		for (int k = 0; k < 3; k++)
			if (names[k] && name && strcmp(names[k], name) == 0)
				pos[k] = cid;
		if (sqlite3_column_int(st, 3) > 0) {
			n_pk++;
			pk_col = cid;
			int_pk = type && strcasecmp(type, "INTEGER") == 0;
		}
	}
	sqlite3_finalize(st);
	pk_index = count(db,
	    "SELECT count(*) FROM pragma_index_list(?1, 'main') "
	    "WHERE origin = 'pk'",
	    w->table);
	if (n_cols == 0 || pk_index < 0) {
		hd_log(HD_LOG_ERROR, "change feed: no table %s", w->table);
		return HD_EIO;
	}
	for (int k = 0; k < 3; k++)
		if (names[k] && pos[k] < 0) {
			hd_log(HD_LOG_ERROR, "change feed: no column %s.%s",
			    w->table, names[k]);
			return HD_EIO;
		}
	rowid_table = n_pk == 1 && int_pk && pk_index == 0;
	for (int k = 0; k < 2; k++) {
		out->col[k] = pos[k];
		out->is_rowid[k] = rowid_table && pos[k] == pk_col;
	}
	out->text_col = pos[2];
	return HD_OK;
}

enum hd_status
db_sqlite_feed_attach(struct sq_conn *c, const struct db_feed *f)
{
	enum hd_status s = HD_OK;

	if (f->n == 0)
		return HD_OK;
	if ((c->watch = calloc(f->n, sizeof(*c->watch))) == NULL)
		return HD_ENOMEM;
	for (size_t i = 0; i < f->n && s == HD_OK; i++)
		s = resolve(c->h, &f->watch[i], &c->watch[i]);
	if (s != HD_OK) {
		hd_log(HD_LOG_ERROR,
		    "change feed: the database lacks what it watches (is it "
		    "migrated?)");
		db_sqlite_feed_detach(c);
		return s;
	}
	c->names = f->watch;
	c->n_watch = f->n;
	c->base.feeding = true;
	sqlite3_preupdate_hook(c->h, hook, c);
	return HD_OK;
}

void
db_sqlite_feed_detach(struct sq_conn *c)
{
	if (c->h != NULL && c->base.feeding)
		sqlite3_preupdate_hook(c->h, NULL, NULL);
	free(c->watch);
	c->watch = NULL;
	c->n_watch = 0;
	c->base.feeding = false;
}
