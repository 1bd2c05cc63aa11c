/* SPDX-License-Identifier: MIT */
/*
 * What tells the answer cache that a batch changed something an entry
 * shows: SQLite's pre-update hook on the writer connection, called for
 * every row written — WITHOUT ROWID tables, rows a trigger or a foreign
 * key action writes, and deletes without a WHERE clause (SQLite skips its
 * truncate shortcut while the hook is set) included.
 *
 * Temporary triggers did this before, but a statement firing a trigger
 * keeps a statement journal, and releasing one walked the whole in-memory
 * sub-journal of the open batch: the bigger the group commit, the slower
 * each of its statements (1,329 creates/s at 256 per commit against
 * 3,730/s without them).
 */
#include "store/vcache.h"

#include <stdio.h>
#include <string.h>

/* A table whose rows an entry shows: where in its rows the Vorgang is (a
 * column, or the rowid), the employee whose queue an assignment is in,
 * and a name every entry may show. */
struct watched {
	const char *table;
	const char *vorgang; /* column; NULL: the rowid is the Vorgang */
	const char *employee;
	const char *name; /* its change, or a delete, touches every entry */
	int vorgang_col, employee_col, name_col;
};

static struct watched watched[] = {
    {"processes", NULL, NULL, NULL, -1, -1, -1},
    {"process_assignees", "process_id", "employee_id", NULL, -1, -1, -1},
    {"history", "process_id", NULL, NULL, -1, -1, -1},
    {"comments", "process_id", NULL, NULL, -1, -1, -1},
    {"users", NULL, NULL, "name", -1, -1, -1},
    {"process_types", NULL, NULL, "name", -1, -1, -1},
    {"properties", NULL, NULL, "name", -1, -1, -1},
    {"units", NULL, NULL, "label", -1, -1, -1},
    {"roles", NULL, NULL, "name", -1, -1, -1},
};

#define N_WATCHED (sizeof(watched) / sizeof(watched[0]))

/* The integer in column col of the row before (old) or after the change. */
static int64_t
value_of(sqlite3 *db, bool old, int col)
{
	sqlite3_value *v = NULL;
	int rc = old ? sqlite3_preupdate_old(db, col, &v)
		     : sqlite3_preupdate_new(db, col, &v);

	return rc == SQLITE_OK && v != NULL ? sqlite3_value_int64(v) : 0;
}

/* Whether an UPDATE changes column col. */
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
	return n != sqlite3_value_bytes(b) ||
	       memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b),
		   (size_t)n) != 0;
}

/* Reports the Vorgang (and employee) of the row before or after. A
 * value that cannot be read (0: no id is) reports a change to every
 * entry and page. */
static void
note_row(sqlite3 *db, const struct watched *w, bool old, int64_t rowid)
{
	int64_t e;

	vcache_note(w->vorgang ? value_of(db, old, w->vorgang_col) : rowid);
	if (w->employee) {
		if ((e = value_of(db, old, w->employee_col)) != 0)
			vcache_note_queue(e);
		else
			vcache_note(0);
	}
}

static void
hook(void *arg, sqlite3 *db, int op, const char *dbname, const char *table,
    sqlite3_int64 key1, sqlite3_int64 key2)
{
	const struct watched *w = NULL;

	(void)arg;
	if (strcmp(dbname, "main") != 0)
		return;
	for (size_t i = 0; i < N_WATCHED && w == NULL; i++)
		if (strcmp(table, watched[i].table) == 0)
			w = &watched[i];
	if (w == NULL)
		return;
	if (w->name) {
		/* A new row is shown by no entry yet. */
		if (op == SQLITE_DELETE ||
		    (op == SQLITE_UPDATE && changes(db, w->name_col)))
			vcache_note(0);
		return;
	}
	if (op != SQLITE_INSERT)
		note_row(db, w, true, key1);
	if (op != SQLITE_DELETE)
		note_row(db, w, false, key2);
}

/* The position of column name in table (-1: none). */
static int
column_of(sqlite3 *db, const char *table, const char *name)
{
	char sql[128];
	sqlite3_stmt *st;
	int col = -1, i = 0;

	snprintf(sql, sizeof(sql), "PRAGMA main.table_info(%s)", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (col < 0 && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *n = sqlite3_column_text(st, 1);

		if (n != NULL && strcmp((const char *)n, name) == 0)
			col = i;
		i++;
	}
	sqlite3_finalize(st);
	return col;
}

int
vcache_attach(sqlite3 *db)
{
	int cols[N_WATCHED][3];

	/* All found, or nothing changed: a hook already set on another
	 * connection goes on reading the positions. */
	for (size_t i = 0; i < N_WATCHED; i++) {
		const struct watched *w = &watched[i];
		const char *names[3] = {w->vorgang, w->employee, w->name};

		for (int k = 0; k < 3; k++) {
			cols[i][k] =
			    names[k] ? column_of(db, w->table, names[k]) : -1;
			if (names[k] && cols[i][k] < 0)
				return SQLITE_ERROR;
		}
	}
	for (size_t i = 0; i < N_WATCHED; i++) {
		watched[i].vorgang_col = cols[i][0];
		watched[i].employee_col = cols[i][1];
		watched[i].name_col = cols[i][2];
	}
	sqlite3_preupdate_hook(db, hook, NULL);
	return SQLITE_OK;
}
