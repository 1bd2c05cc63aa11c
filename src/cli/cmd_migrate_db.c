/* SPDX-License-Identifier: MIT */
/*
 * `hausdesk migrate-db --from PATH --to postgresql://…`: copies every
 * table of an SQLite database into an empty PostgreSQL database, then
 * verifies the copy (issue 12, item 4; docs/operations.md, "Moving from
 * SQLite").
 *
 * The tables are the target's, as its driver lists them after the
 * migrations (db_schema_read): a table added by a later migration is
 * copied without a change here; columns are copied by name. The whole
 * copy is one transaction on the target, read from one snapshot of the
 * source: a failed or killed run leaves the target as empty as it was,
 * and it can simply be run again. Before the commit, every table's rows
 * are read back from the target and their count and checksum compared
 * with the source's; a difference rolls everything back.
 */
#include "cli/cli.h"
#include "cli/migrate.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exit status for a target that already holds rows. */
#define EXIT_NOT_EMPTY 3

/* The table the migrations keep their record in: made by the target's
 * own migrations, compared, not copied. */
static const char versions_table[] = "schema_version";

struct run {
	struct db_conn *src, *dst;
	struct db_schema *ss, *ds; /* source's and target's schema */
	struct migrate_sql *sql;   /* per table of ds */
	struct migrate_sql *pre;   /* per table before the migrations */
	struct migrate_sum *from;  /* what was read from the source */
	int64_t version;
	int64_t rows;
	int sequences;
};

static enum hd_status
version_of(struct db_conn *c, int64_t *v)
{
	return db_scalar(
	    c, v, "SELECT coalesce(max(version), 0) FROM schema_version", "");
}

static bool
copied(const struct db_table *t)
{
	return strcmp(t->name, versions_table) != 0;
}

/* The target's tables of schema ds (SQL q) hold no row outside
 * schema_version. */
static int
check_empty(
    struct db_conn *c, const struct db_schema *ds, struct migrate_sql *q)
{
	bool yes = false;
	int i;

	for (i = 0; i < ds->n; i++) {
		if (!copied(&ds->t[i]))
			continue;
		if (q[i].any == NULL && migrate_sql_build(&ds->t[i], &q[i]))
			return 1;
		if (migrate_any(c, &q[i], &yes) != HD_OK) {
			fprintf(stderr,
			    "hausdesk: cannot read table %s of the target\n",
			    ds->t[i].name);
			return 1;
		}
		if (yes) {
			fprintf(stderr,
			    "hausdesk: the PostgreSQL target is not empty "
			    "(table %s has rows): migrate-db copies only "
			    "into an empty database. Nothing was changed. "
			    "Drop and create the database (or its schema), "
			    "then run it again.\n",
			    ds->t[i].name);
			return EXIT_NOT_EMPTY;
		}
	}
	return 0;
}

/* Opens and checks the source: a hausdesk database, read only. */
static int
open_source(struct run *r, const char *path)
{
	bool has = false;

	if (access(path, F_OK) != 0) {
		fprintf(stderr, "hausdesk: no database at %s\n", path);
		return 1;
	}
	if (db_open(path, DB_READONLY | DB_EXISTING, &r->src) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot open %s\n", path);
		return 1;
	}
	if (db_has_table(r->src, versions_table, &has) != HD_OK || !has ||
	    version_of(r->src, &r->version) != HD_OK) {
		fprintf(stderr,
		    "hausdesk: %s is not a hausdesk database (no "
		    "schema_version table)\n",
		    path);
		return 1;
	}
	if (db_schema_read(r->src, r->ss) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot read the tables of %s\n", path);
		return 1;
	}
	return 0;
}

/* Opens and migrates the target, unless it holds rows already; its
 * schema must then be the source's. */
static int
open_target(struct run *r, const char *target)
{
	int64_t v = 0;
	int rc;

	if (db_open(target, 0, &r->dst) != HD_OK) {
		/* The target is never printed: it may hold a password. */
		fprintf(stderr, "hausdesk: cannot connect to the PostgreSQL "
				"target (see the log line above)\n");
		return 1;
	}
	/* A database in use is not even migrated (the SQL is kept until
	 * the end: statements are cached by its address). */
	if (db_schema_read(r->dst, r->ds) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot read the tables of the target\n");
		return 1;
	}
	if ((rc = check_empty(r->dst, r->ds, r->pre)) != 0)
		return rc;
	if (db_migrate(r->dst) != HD_OK || version_of(r->dst, &v) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot migrate the PostgreSQL target\n");
		return 1;
	}
	if (v != r->version) {
		fprintf(stderr,
		    "hausdesk: the source is at schema version %lld, this "
		    "hausdesk's is %lld: run 'hausdesk serve' (or init) of "
		    "this version on the source once, which migrates it, "
		    "then copy\n",
		    (long long)r->version, (long long)v);
		return 1;
	}
	if (db_schema_read(r->dst, r->ds) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot read the tables of the target\n");
		return 1;
	}
	return 0;
}

/*
 * Every table and column of the target must be in the source with the
 * same kind, and every table of the source in the target (or its rows
 * would be lost); builds each table's SQL.
 */
static int
match(struct run *r)
{
	int i, k, bad = 0;

	for (i = 0; i < r->ss->n; i++)
		if (db_schema_find(r->ds, r->ss->t[i].name) < 0) {
			fprintf(stderr,
			    "hausdesk: table %s of the source has no place "
			    "in the target\n",
			    r->ss->t[i].name);
			bad = 1;
		}
	for (i = 0; i < r->ds->n; i++) {
		const struct db_table *d = &r->ds->t[i], *s;
		int si = db_schema_find(r->ss, d->name);

		if (si < 0) {
			fprintf(stderr,
			    "hausdesk: table %s of the target is missing in "
			    "the source\n",
			    d->name);
			bad = 1;
			continue;
		}
		s = &r->ss->t[si];
		if (s->n_cols != d->n_cols)
			bad = 1;
		for (k = 0; k < d->n_cols; k++) {
			int j;

			for (j = 0;
			     j < s->n_cols && strcmp(s->col[j], d->col[k]) != 0;
			     j++)
				;
			if (j == s->n_cols || s->kind[j] != d->kind[k]) {
				fprintf(stderr,
				    "hausdesk: column %s.%s of the target is "
				    "missing in the source or of another "
				    "kind\n",
				    d->name, d->col[k]);
				bad = 1;
			}
		}
		if (s->n_cols != d->n_cols)
			fprintf(stderr,
			    "hausdesk: table %s has %d columns in the "
			    "source, %d in the target\n",
			    d->name, s->n_cols, d->n_cols);
		if (!bad && migrate_sql_build(d, &r->sql[i]) != HD_OK)
			bad = 1;
	}
	return bad;
}

/* Copies every table in the schema's order (parents first). */
static int
copy_all(struct run *r)
{
	enum hd_status s;
	int i;

	if ((s = db_copy_triggers(r->dst, false)) != HD_OK) {
		fprintf(stderr,
		    "hausdesk: cannot switch the target's triggers off "
		    "for the copy (%s): is the target's user the owner of "
		    "its tables?\n",
		    hd_status_str(s));
		return 1;
	}
	for (i = 0; i < r->ds->n; i++) {
		const struct db_table *t = &r->ds->t[i];

		if (!copied(t))
			continue;
		printf("copying %s ...", t->name);
		fflush(stdout);
		s = migrate_copy(r->src, r->dst, t, &r->sql[i], &r->from[i]);
		if (s != HD_OK) {
			printf(" failed\n");
			fprintf(stderr,
			    "hausdesk: copying table %s failed: %s\n", t->name,
			    hd_status_str(s));
			return 1;
		}
		printf(" %lld rows\n", (long long)r->from[i].rows);
		fflush(stdout);
		r->rows += r->from[i].rows;
	}
	if ((s = db_ids_sync(r->dst, &r->sequences)) != HD_OK ||
	    (s = db_copy_triggers(r->dst, true)) != HD_OK) {
		fprintf(stderr,
		    "hausdesk: setting the target's sequences or triggers "
		    "failed: %s\n",
		    hd_status_str(s));
		return 1;
	}
	return 0;
}

/* Reads every table back from the target; prints both sides. */
static int
verify(struct run *r)
{
	char a[33], b[33];
	int i, bad = 0;

	printf("%-24s %10s %10s  %-32s  %-32s\n", "table", "source", "target",
	    "source checksum", "target checksum");
	for (i = 0; i < r->ds->n; i++) {
		const struct db_table *t = &r->ds->t[i];
		struct migrate_sum to;
		bool same;

		if (!copied(t))
			continue;
		if (migrate_sum(r->dst, t, &r->sql[i], &to) != HD_OK) {
			fprintf(stderr,
			    "hausdesk: cannot read table %s back from the "
			    "target\n",
			    t->name);
			return 1;
		}
		same = to.rows == r->from[i].rows &&
		       memcmp(to.sum, r->from[i].sum, sizeof(to.sum)) == 0;
		migrate_sum_hex(&r->from[i], a);
		migrate_sum_hex(&to, b);
		printf("%-24s %10lld %10lld  %s  %s  %s\n", t->name,
		    (long long)r->from[i].rows, (long long)to.rows, a, b,
		    same ? "ok" : "DIFFERENT");
		bad |= !same;
	}
	if (bad)
		fprintf(stderr, "hausdesk: the copy differs from the source "
				"(tables marked DIFFERENT): rolled back\n");
	return bad;
}

static int
run(struct run *r, const char *from, const char *to)
{
	bool snap = false;
	int64_t t0;
	int rc;

	if ((rc = open_source(r, from)) != 0 || (rc = open_target(r, to)) != 0)
		return rc;
	if ((rc = match(r)) != 0)
		return rc;
	printf("migrate-db: %s (schema version %lld, %d tables) into the "
	       "PostgreSQL target\n",
	    from, (long long)r->version, r->ds->n);
	fflush(stdout);
	t0 = hd_mono_ms();
	/* One snapshot of the source, one transaction on the target. */
	if (!(snap = db_read_begin(r->src))) {
		fprintf(stderr, "hausdesk: cannot take a read snapshot of "
				"the source\n");
		return 1;
	}
	if (db_begin(r->dst) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot begin on the target\n");
		rc = 1;
		goto out;
	}
	if ((rc = check_empty(r->dst, r->ds, r->sql)) != 0 ||
	    (rc = copy_all(r)) != 0 || (rc = verify(r)) != 0) {
		db_rollback(r->dst);
		goto out;
	}
	if (db_commit(r->dst) != HD_OK) {
		fprintf(stderr,
		    "hausdesk: the commit on the target failed: nothing was "
		    "copied; run migrate-db again\n");
		rc = 1;
		goto out;
	}
	printf("migrate-db: copied %lld rows in %d tables in %.1f s, %d "
	       "sequences moved past the largest ids; every table's row "
	       "count and checksum match\n",
	    (long long)r->rows, r->ds->n - 1,
	    (double)(hd_mono_ms() - t0) / 1000.0, r->sequences);
out:
	db_read_end(r->src, snap);
	return rc;
}

int
cmd_migrate_db(int argc, char **argv)
{
	static struct hd_settings s;
	struct run r = {0};
	int rc;

	rc = hd_settings_parse(
	    &s, HD_CMD_MIGRATE_DB, argc, argv, stdout, stderr);
	hd_settings_cleanup(&s); /* nothing of it is read from a file */
	if (rc != HD_SETTINGS_RUN)
		return rc;
	if (db_driver_of(s.from) != DB_SQLITE) {
		fprintf(stderr, "hausdesk: --from must name an SQLite file\n");
		return 2;
	}
	if (db_driver_of(s.to) != DB_PGSQL) {
		fprintf(stderr, "hausdesk: --to must be a PostgreSQL target "
				"(postgresql://… or key=value …)\n");
		return 2;
	}
	r.ss = malloc(sizeof(*r.ss));
	r.ds = malloc(sizeof(*r.ds));
	r.sql = calloc(DB_SCHEMA_TABLES, sizeof(*r.sql));
	r.pre = calloc(DB_SCHEMA_TABLES, sizeof(*r.pre));
	r.from = calloc(DB_SCHEMA_TABLES, sizeof(*r.from));
	if (r.ss == NULL || r.ds == NULL || r.sql == NULL || r.pre == NULL ||
	    r.from == NULL) {
		fprintf(stderr, "hausdesk: out of memory\n");
		rc = 1;
	} else {
		rc = run(&r, s.from, s.to);
	}
	/* The statements first: they are cached by their SQL's address. */
	db_close(r.src);
	db_close(r.dst);
	for (int i = 0; i < DB_SCHEMA_TABLES; i++) {
		if (r.sql != NULL)
			migrate_sql_free(&r.sql[i]);
		if (r.pre != NULL)
			migrate_sql_free(&r.pre[i]);
	}
	free(r.sql);
	free(r.pre);
	free(r.from);
	free(r.ss);
	free(r.ds);
	return rc;
}
