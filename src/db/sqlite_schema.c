/* SPDX-License-Identifier: MIT */
/*
 * The SQLite driver's half of db_schema_read (the catalogue: sqlite_master
 * and the table_info and foreign_key_list pragmas) and of db_bind_values.
 */
#include "db/sqlite.h"
#include "util/log.h"

#include <string.h>
#include <strings.h>

/* The kind of a column of declared type decl, by SQLite's own rules of
 * affinity (sqlite.org/datatype3.html, 3.1); false for REAL and NUMERIC,
 * which no hausdesk table has. */
static bool
kind_of(const char *decl, enum db_kind *kind)
{
	char up[64];
	size_t i;

	for (i = 0; decl[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)(decl[i] >= 'a' && decl[i] <= 'z' ? decl[i] - 32
								: decl[i]);
	up[i] = '\0';
	if (strstr(up, "INT") != NULL)
		*kind = DB_KIND_INT;
	else if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
		*kind = DB_KIND_TEXT;
	else if (strstr(up, "BLOB") || up[0] == '\0')
		*kind = DB_KIND_BLOB;
	else
		return false;
	return true;
}

/* Adds the columns of table ti (its rowid alias "id" marked). */
static enum hd_status
columns(struct sq_conn *c, struct db_schema *s, int ti)
{
	sqlite3_stmt *st = NULL;
	enum hd_status hs = HD_OK;
	int rc, pks = 0, id = -1;

	rc = sqlite3_prepare_v2(c->h,
	    "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", -1,
	    &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, s->t[ti].name, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && hs == HD_OK &&
	       (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *decl = (const char *)sqlite3_column_text(st, 1);
		enum db_kind kind;

		rc = SQLITE_OK;
		if (!kind_of(decl ? decl : "", &kind)) {
			hd_log(HD_LOG_ERROR,
			    "schema: %s.%s has type %s: neither integer, "
			    "text nor blob",
			    s->t[ti].name, name, decl);
			hs = HD_EINVAL;
			break;
		}
		if (sqlite3_column_int(st, 2) > 0) {
			pks++;
			/* An INTEGER PRIMARY KEY is the rowid itself. */
			if (strcmp(name, "id") == 0 && decl != NULL &&
			    strcasecmp(decl, "INTEGER") == 0)
				id = s->t[ti].n_cols;
		}
		hs = db_schema_add_col(s, ti, name, kind, false);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (hs == HD_OK && rc != SQLITE_OK)
		hs = db_sqlite_status(c, rc, NULL);
	if (hs == HD_OK && pks == 1 && id >= 0)
		s->t[ti].id_col = id;
	return hs;
}

/* Adds the tables table ti's foreign keys name. */
static enum hd_status
refs(struct sq_conn *c, struct db_schema *s, int ti)
{
	sqlite3_stmt *st = NULL;
	enum hd_status hs = HD_OK;
	int rc;

	rc = sqlite3_prepare_v2(c->h,
	    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", -1,
	    &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, s->t[ti].name, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && hs == HD_OK &&
	       (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		hs = db_schema_add_ref(
		    s, ti, (const char *)sqlite3_column_text(st, 0));
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (hs == HD_OK && rc != SQLITE_OK)
		hs = db_sqlite_status(c, rc, NULL);
	return hs;
}

enum hd_status
db_sqlite_schema(struct db_conn *base, struct db_schema *s)
{
	struct sq_conn *c = (struct sq_conn *)base;
	sqlite3_stmt *st = NULL;
	enum hd_status hs = HD_OK;
	int rc, i;

	/* Virtual tables (full-text indexes) and their shadow tables are
	 * SQLite's own way of indexing, not data of their own. */
	rc = sqlite3_prepare_v2(c->h,
	    "SELECT name FROM sqlite_master WHERE type = 'table' AND "
	    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND "
	    "sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND NOT EXISTS ("
	    " SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND"
	    " v.sql LIKE 'CREATE VIRTUAL TABLE%' AND"
	    " sqlite_master.name LIKE v.name || '\\_%' ESCAPE '\\') "
	    "ORDER BY name",
	    -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (db_schema_add_table(
			s, (const char *)sqlite3_column_text(st, 0)) < 0) {
			hs = HD_EINVAL;
			break;
		}
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (hs == HD_OK && rc != SQLITE_OK)
		return db_sqlite_status(c, rc, NULL);
	for (i = 0; i < s->n && hs == HD_OK; i++)
		if ((hs = columns(c, s, i)) == HD_OK)
			hs = refs(c, s, i);
	return hs;
}

enum hd_status
db_sqlite_bind_values(struct db_stmt *base, const struct db_value *v, int n)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	int i, rc = SQLITE_OK;

	if (n != st->n_params) {
		hd_log(HD_LOG_ERROR,
		    "bind: %d values for %d parameters in: %.80s", n,
		    st->n_params, base->sql);
		return HD_EINVAL;
	}
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		if (v[i].null) {
			rc = sqlite3_bind_null(st->h, i + 1);
			continue;
		}
		switch (v[i].kind) {
		case DB_KIND_INT:
			rc = sqlite3_bind_int64(st->h, i + 1, v[i].i);
			break;
		case DB_KIND_TEXT:
			rc = sqlite3_bind_text(
			    st->h, i + 1, v[i].p, -1, SQLITE_STATIC);
			break;
		case DB_KIND_BLOB:
			rc = sqlite3_bind_blob64(st->h, i + 1,
			    v[i].p != NULL ? v[i].p : "", v[i].len,
			    SQLITE_STATIC);
			break;
		}
	}
	if (rc != SQLITE_OK)
		return db_sqlite_status(
		    (struct sq_conn *)base->conn, rc, base->sql);
	return HD_OK;
}
