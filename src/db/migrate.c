/* SPDX-License-Identifier: MIT */
/* The schema migrations embedded in the binary (db.h, migrate.h). */
#include "db/migrate.h"

#include "db/driver.h"
#include "util/clock.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

/* From the build (scripts/embed-dir.py over src/store/migrations). */
extern const struct hd_embedded hd_migrations[];
extern const size_t hd_migrations_count;

/* The version of migration file base ("001_x.sql"), or 0 when its name
 * does not begin with one. */
static int64_t
version_of(const char *base)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; base[i] >= '0' && base[i] <= '9' && i < 9; i++)
		v = v * 10 + (base[i] - '0');
	return i > 0 && (base[i] == '_' || base[i] == '.') ? v : 0;
}

/* The file name below the dialect's directory or the top, NULL when it
 * is no migration for dialect. */
static const char *
base_of(const char *name, const char *dialect)
{
	size_t len = strlen(name), dl = strlen(dialect);
	const char *slash = strchr(name, '/');

	if (len < 4 || strcmp(name + len - 4, ".sql") != 0)
		return NULL;
	if (slash == NULL)
		return name;
	if ((size_t)(slash - name) == dl && strncmp(name, dialect, dl) == 0 &&
	    strchr(slash + 1, '/') == NULL)
		return slash + 1;
	return NULL;
}

enum hd_status
db_migrations_plan(const struct hd_embedded *files, size_t n,
    const char *dialect, struct db_migration *out, size_t *n_out)
{
	size_t k = 0;

	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		const char *base = base_of(files[i].name, dialect);
		struct db_migration m;
		size_t j;

		if (base == NULL)
			continue;
		if ((m.version = version_of(base)) == 0) {
			hd_log(HD_LOG_ERROR, "migration %s: no number",
			    files[i].name);
			return HD_EINVAL;
		}
		m.file = &files[i];
		/* Insertion in order: a dialect's files come after the
		 * shared ones in the embedded (path) order. */
		for (j = k; j > 0 && out[j - 1].version > m.version; j--)
			out[j] = out[j - 1];
		if (j > 0 && out[j - 1].version == m.version) {
			hd_log(HD_LOG_ERROR, "migrations %s and %s: one number",
			    out[j - 1].file->name, files[i].name);
			return HD_EINVAL;
		}
		out[j] = m;
		k++;
	}
	*n_out = k;
	return HD_OK;
}

/* Applies migration m in a transaction of its own. */
static enum hd_status
apply(struct db_conn *c, const struct db_migration *m)
{
	const char *base = strrchr(m->file->name, '/');
	enum hd_status s;

	if ((s = db_begin(c)) != HD_OK)
		return s;
	if ((s = db_script(c, m->file->data)) == HD_OK &&
	    c->ops->migrating != NULL)
		s = c->ops->migrating(c, DB_MIGRATING_CHECK);
	/* The file's own name, without the dialect's directory: as the
	 * migrations before they had one recorded it. */
	if (s == HD_OK)
		s = db_exec(c,
		    "INSERT INTO schema_version(version, name, applied_at) "
		    "VALUES (?, ?, ?)",
		    "iti", m->version, base ? base + 1 : m->file->name,
		    hd_now());
	if (s == HD_OK)
		return db_commit(c);
	db_rollback(c);
	return s;
}

enum hd_status
db_migrate_files(
    struct db_conn *c, const struct hd_embedded *files, size_t n_files)
{
	struct db_migration *plan;
	enum hd_status s;
	int64_t have = 0;
	size_t n = 0;

	if ((plan = calloc(n_files + 1, sizeof(*plan))) == NULL)
		return HD_ENOMEM;
	s = db_migrations_plan(files, n_files, c->ops->dialect, plan, &n);
	if (s != HD_OK)
		goto out;
	s = db_exec(c,
	    "CREATE TABLE IF NOT EXISTS schema_version ("
	    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
	    "applied_at INTEGER NOT NULL)",
	    "");
	if (s == HD_OK)
		s = db_schema_version(c, &have);
	if (s != HD_OK || n == 0 || plan[n - 1].version <= have)
		goto out;
	if (c->ops->migrating != NULL &&
	    (s = c->ops->migrating(c, DB_MIGRATING_BEFORE_ALL)) != HD_OK)
		goto out;
	for (size_t i = 0; i < n && s == HD_OK; i++) {
		if (plan[i].version <= have)
			continue;
		if ((s = apply(c, &plan[i])) != HD_OK) {
			hd_log(HD_LOG_ERROR, "migration %s failed: %s",
			    plan[i].file->name, hd_status_str(s));
			s = HD_EIO;
		}
	}
	if (c->ops->migrating != NULL) {
		enum hd_status s2 =
		    c->ops->migrating(c, DB_MIGRATING_AFTER_ALL);

		if (s == HD_OK)
			s = s2;
	}
out:
	free(plan);
	return s;
}

enum hd_status
db_schema_version(struct db_conn *c, int64_t *version)
{
	enum hd_status s;
	bool has = false;

	*version = 0;
	if ((s = db_has_table(c, "schema_version", &has)) != HD_OK)
		return s;
	if (!has)
		return HD_ENOTFOUND;
	return db_scalar(c, version,
	    "SELECT coalesce(max(version), 0) FROM schema_version", "");
}

/* db_lock_wait's key around a migration run ("hdmigr"): several
 * processes starting at once on one PostgreSQL database migrate one
 * after another, the later ones finding nothing left to do. */
#define MIGRATE_LOCK INT64_C(0x68646d696772)

enum hd_status
db_migrate(struct db_conn *c)
{
	enum hd_status s, u;

	if ((s = db_lock_wait(c, MIGRATE_LOCK)) != HD_OK)
		return s;
	s = db_migrate_files(c, hd_migrations, hd_migrations_count);
	u = db_unlock(c, MIGRATE_LOCK);
	return s != HD_OK ? s : u;
}
