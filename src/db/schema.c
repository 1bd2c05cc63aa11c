/* SPDX-License-Identifier: MIT */
/*
 * The driver-neutral half of db_schema_read (the tables, their columns and
 * references, ordered so that a table follows those it refers to) and of
 * the calls for copying a whole database: db_bind_values,
 * db_copy_triggers, db_ids_sync. The catalogue queries are the drivers'
 * (sqlite_schema.c, pgsql_schema.c).
 */
#include "db/driver.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

int
db_schema_find(const struct db_schema *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->t[i].name, name) == 0)
			return i;
	return -1;
}

int
db_schema_add_table(struct db_schema *s, const char *name)
{
	struct db_table *t;

	if (s->n >= DB_SCHEMA_TABLES || strlen(name) >= DB_NAME_MAX) {
		hd_log(HD_LOG_ERROR,
		    "schema: more than %d tables, or a name over %d bytes: "
		    "%.80s",
		    DB_SCHEMA_TABLES, DB_NAME_MAX - 1, name);
		return -1;
	}
	t = &s->t[s->n];
	memset(t, 0, sizeof(*t));
	memcpy(t->name, name, strlen(name) + 1);
	t->id_col = -1;
	return s->n++;
}

enum hd_status
db_schema_add_col(
    struct db_schema *s, int ti, const char *name, enum db_kind kind, bool id)
{
	struct db_table *t = &s->t[ti];

	if (t->n_cols >= DB_SCHEMA_COLS || strlen(name) >= DB_NAME_MAX) {
		hd_log(HD_LOG_ERROR,
		    "schema: %s has more than %d columns, or a name over %d "
		    "bytes",
		    t->name, DB_SCHEMA_COLS, DB_NAME_MAX - 1);
		return HD_EINVAL;
	}
	memcpy(t->col[t->n_cols], name, strlen(name) + 1);
	t->kind[t->n_cols] = kind;
	if (id)
		t->id_col = t->n_cols;
	t->n_cols++;
	return HD_OK;
}

enum hd_status
db_schema_add_ref(struct db_schema *s, int ti, const char *ref)
{
	struct db_table *t = &s->t[ti];
	int to = db_schema_find(s, ref), j;

	if (to < 0) {
		hd_log(HD_LOG_ERROR,
		    "schema: %s refers to %.80s, which is not a table of the "
		    "schema",
		    t->name, ref);
		return HD_EINVAL;
	}
	if (to == ti)
		return HD_OK;
	for (j = 0; j < t->n_refs && t->ref[j] != to; j++)
		;
	if (j == t->n_refs)
		t->ref[t->n_refs++] = to;
	return HD_OK;
}

/*
 * Orders s's tables so that each follows the tables it refers to (Kahn's
 * algorithm, taking the tables ready in their catalogue order, so that
 * the order is the same on every database with the same schema up to
 * the catalogue's own order), renumbering ref[].
 */
static enum hd_status
order(struct db_schema *s)
{
	struct db_schema *out = NULL;
	int newpos[DB_SCHEMA_TABLES];
	bool placed[DB_SCHEMA_TABLES] = {false};
	enum hd_status st = HD_OK;
	int i, j;

	if ((out = malloc(sizeof(*out))) == NULL)
		return HD_ENOMEM;
	out->n = 0;
	while (out->n < s->n) {
		int next = -1;

		for (i = 0; i < s->n && next < 0; i++) {
			if (placed[i])
				continue;
			for (j = 0; j < s->t[i].n_refs; j++)
				if (!placed[s->t[i].ref[j]])
					break;
			if (j == s->t[i].n_refs)
				next = i;
		}
		if (next < 0) {
			hd_log(HD_LOG_ERROR,
			    "schema: the tables' foreign keys form a cycle; "
			    "no order copies them");
			st = HD_EINVAL;
			goto out;
		}
		placed[next] = true;
		newpos[next] = out->n;
		out->t[out->n++] = s->t[next];
	}
	for (i = 0; i < out->n; i++)
		for (j = 0; j < out->t[i].n_refs; j++)
			out->t[i].ref[j] = newpos[out->t[i].ref[j]];
	memcpy(s, out, sizeof(*s));
out:
	free(out);
	return st;
}

enum hd_status
db_schema_read(struct db_conn *c, struct db_schema *out)
{
	enum hd_status s;

	out->n = 0;
	if (c->ops->schema == NULL) {
		hd_log(HD_LOG_ERROR, "schema: the driver cannot list tables");
		return HD_EINVAL;
	}
	s = c->ops->schema(c, out);
	if (s == HD_OK)
		s = order(out);
	if (s != HD_OK)
		out->n = 0;
	return s;
}

enum hd_status
db_bind_values(struct db_stmt *st, const struct db_value *v, int n)
{
	enum hd_status s;

	if (st == NULL)
		return HD_EIO;
	if (st->status != HD_OK)
		return st->status;
	if (st->ops->bind_values == NULL)
		s = HD_EINVAL;
	else
		s = st->ops->bind_values(st, v, n);
	if (s != HD_OK)
		st->status = s;
	return s;
}

enum hd_status
db_copy_triggers(struct db_conn *c, bool on)
{
	if (c->ops->copy_triggers == NULL) {
		hd_log(HD_LOG_ERROR,
		    "database: this database cannot switch its triggers off "
		    "(copy into PostgreSQL)");
		return HD_EINVAL;
	}
	return c->ops->copy_triggers(c, on);
}

enum hd_status
db_ids_sync(struct db_conn *c, int *n)
{
	if (n != NULL)
		*n = 0;
	return c->ops->ids_sync != NULL ? c->ops->ids_sync(c, n) : HD_OK;
}
