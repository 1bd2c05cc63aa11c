/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL driver's half of db_schema_read (the catalogue of the
 * current schema), db_bind_values, db_copy_triggers and db_ids_sync: what
 * `hausdesk migrate-db` needs of the database it copies into. The
 * catalogue queries run through db.h on the connection itself, so that
 * they join its transaction (and its queued BEGIN).
 */
#include "db/pgsql.h"
#include "util/log.h"

#include <endian.h>
#include <string.h>

/* Oids of the types bound (pg_type.h; stable across releases). */
#define INT8OID 20
#define TEXTOID 25
#define BYTEAOID 17

/* The ordinary tables of the current schema (partitions are their
 * parent's rows). */
#define TABLES_OF_SCHEMA                                                       \
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "       \
	"WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "      \
	"AND NOT c.relispartition"

static const char sql_tables[] =
    "SELECT c.relname " TABLES_OF_SCHEMA " ORDER BY c.relname";

static const char sql_columns[] =
    "SELECT c.relname, a.attname, t.typname, "
    " pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), "
    "  a.attname) IS NOT NULL "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_type t ON t.oid = a.atttypid "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
    "AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY c.relname, a.attnum";

static const char sql_refs[] =
    "SELECT c.relname, r.relname FROM pg_constraint k "
    "JOIN pg_class c ON c.oid = k.conrelid "
    "JOIN pg_class r ON r.oid = k.confrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE k.contype = 'f' AND n.nspname = current_schema() "
    "ORDER BY c.relname, r.relname";

/* The schema's own triggers (not those of foreign keys) off or on. */
static const char sql_triggers_off[] =
    "DO $$DECLARE r record; BEGIN FOR r IN SELECT c.relname " TABLES_OF_SCHEMA
    " AND EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND "
    "NOT g.tgisinternal) LOOP EXECUTE format('ALTER TABLE %I DISABLE "
    "TRIGGER USER', r.relname); END LOOP; END$$";
static const char sql_triggers_on[] =
    "DO $$DECLARE r record; BEGIN FOR r IN SELECT c.relname " TABLES_OF_SCHEMA
    " AND EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND "
    "NOT g.tgisinternal) LOOP EXECUTE format('ALTER TABLE %I ENABLE "
    "TRIGGER USER', r.relname); END LOOP; END$$";

/* Every column a sequence fills (identity or serial), with its
 * sequence. */
#define SEQUENCES                                                              \
	"SELECT c.relname, a.attname, pg_get_serial_sequence("                 \
	"format('%I.%I', n.nspname, c.relname), a.attname) AS seq "            \
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "           \
	"JOIN pg_namespace n ON n.oid = c.relnamespace "                       \
	"WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "      \
	"AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped "    \
	"AND pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), "   \
	"a.attname) IS NOT NULL"

static const char sql_sequences_count[] =
    "SELECT count(*) FROM (" SEQUENCES ") s";
/* The next value of each is one past its column's largest. */
static const char sql_sequences_set[] =
    "DO $$DECLARE r record; BEGIN FOR r IN " SEQUENCES
    " LOOP EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) "
    "FROM %I), 0) + 1, false)', r.seq, r.attname, r.relname); END LOOP; "
    "END$$";

static bool
kind_of(const char *type, enum db_kind *kind)
{
	static const struct {
		const char *type;
		enum db_kind kind;
	} kinds[] = {
	    {"int2", DB_KIND_INT},
	    {"int4", DB_KIND_INT},
	    {"int8", DB_KIND_INT},
	    {"bool", DB_KIND_INT},
	    {"text", DB_KIND_TEXT},
	    {"varchar", DB_KIND_TEXT},
	    {"bpchar", DB_KIND_TEXT},
	    {"bytea", DB_KIND_BLOB},
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(type, kinds[i].type) == 0) {
			*kind = kinds[i].kind;
			return true;
		}
	return false;
}

enum hd_status
db_pgsql_schema(struct db_conn *c, struct db_schema *s)
{
	struct db_stmt *st;
	enum hd_status hs = HD_OK, e;

	st = db_prepare(c, sql_tables);
	while (hs == HD_OK && db_step(st))
		if (db_schema_add_table(s, db_col_text(st, 0)) < 0)
			hs = HD_EINVAL;
	e = db_end(st);
	if (hs != HD_OK || (hs = e) != HD_OK)
		return hs;

	st = db_prepare(c, sql_columns);
	while (hs == HD_OK && db_step(st)) {
		const char *table = db_col_text(st, 0);
		const char *col = db_col_text(st, 1);
		const char *type = db_col_text(st, 2);
		int ti = db_schema_find(s, table);
		enum db_kind kind;

		if (ti < 0)
			continue; /* made since the table list: not copied */
		if (!kind_of(type, &kind)) {
			hd_log(HD_LOG_ERROR,
			    "schema: %s.%s has type %s: neither integer, text "
			    "nor bytea",
			    table, col, type);
			hs = HD_EINVAL;
			break;
		}
		hs = db_schema_add_col(s, ti, col, kind,
		    db_col_int(st, 3) && strcmp(col, "id") == 0);
	}
	e = db_end(st);
	if (hs != HD_OK || (hs = e) != HD_OK)
		return hs;

	st = db_prepare(c, sql_refs);
	while (hs == HD_OK && db_step(st)) {
		int ti = db_schema_find(s, db_col_text(st, 0));

		if (ti >= 0)
			hs = db_schema_add_ref(s, ti, db_col_text(st, 1));
	}
	e = db_end(st);
	return hs != HD_OK ? hs : e;
}

enum hd_status
db_pgsql_bind_values(struct db_stmt *base, const struct db_value *v, int n)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	if (n != st->n_params) {
		hd_log(HD_LOG_ERROR,
		    "bind: %d values for %d parameters in: %.80s", n,
		    st->n_params, base->sql);
		return HD_EINVAL;
	}
	for (int i = 0; i < n; i++) {
		st->values[i] = NULL;
		st->lengths[i] = 0;
		st->formats[i] = 1; /* binary */
		switch (v[i].kind) {
		case DB_KIND_INT:
			st->bind_types[i] = INT8OID;
			if (v[i].null)
				break;
			st->ints[i] = htobe64((uint64_t)v[i].i);
			st->values[i] = (const char *)&st->ints[i];
			st->lengths[i] = 8;
			break;
		case DB_KIND_TEXT:
			st->bind_types[i] = TEXTOID;
			st->formats[i] = 0;
			st->values[i] = v[i].null ? NULL : v[i].p;
			break;
		case DB_KIND_BLOB:
			st->bind_types[i] = BYTEAOID;
			if (v[i].len > INT32_MAX)
				return HD_EINVAL;
			if (v[i].null)
				break;
			/* An empty bytea is not NULL: any non-NULL pointer. */
			st->values[i] = v[i].p != NULL ? v[i].p : "";
			st->lengths[i] = (int)v[i].len;
			break;
		}
	}
	st->bound = true;
	return HD_OK;
}

enum hd_status
db_pgsql_copy_triggers(struct db_conn *c, bool on)
{
	return db_script(c, on ? sql_triggers_on : sql_triggers_off);
}

enum hd_status
db_pgsql_ids_sync(struct db_conn *c, int *n)
{
	int64_t k = 0;
	enum hd_status s;

	if ((s = db_scalar(c, &k, sql_sequences_count, "")) != HD_OK)
		return s;
	if ((s = db_script(c, sql_sequences_set)) != HD_OK)
		return s;
	if (n != NULL)
		*n = (int)k;
	return HD_OK;
}
