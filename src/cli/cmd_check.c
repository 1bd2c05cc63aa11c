/* SPDX-License-Identifier: MIT */
/*
 * `hausdesk check` (a full integrity check with a report), and the checks
 * `serve` makes before it opens a database: that it is not empty, that it
 * is hausdesk's, and PRAGMA quick_check when it is small enough.
 */
#include "cli/cli.h"
#include "util/log.h"
#include "util/settings.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Problems printed by check; integrity_check stops after as many. */
#define MAX_PROBLEMS 100

/* Sizes of path and of its WAL (0 when there is none); false (said)
 * when path is missing or not a file. */
static bool
file_sizes(const char *path, int64_t *db, int64_t *wal)
{
	char w[4200];
	struct stat sb;

	if (stat(path, &sb) != 0) {
		fprintf(stderr,
		    "hausdesk: no database at %s (run 'hausdesk init' "
		    "first)\n",
		    path);
		return false;
	}
	if (!S_ISREG(sb.st_mode)) {
		fprintf(stderr, "hausdesk: %s is not a file\n", path);
		return false;
	}
	*db = (int64_t)sb.st_size;
	snprintf(w, sizeof(w), "%s-wal", path);
	*wal = stat(w, &sb) == 0 ? (int64_t)sb.st_size : 0;
	return true;
}

/* Where a check's problems are printed: to f, each after prefix. */
struct report {
	FILE *f;
	const char *prefix;
	const char *first; /* the first problem, kept for a message */
	char first_buf[256];
};

static void
print_problem(void *arg, const char *text)
{
	struct report *r = arg;

	if (r->f != NULL)
		fprintf(r->f, "%s%s\n", r->prefix, text);
	if (r->first == NULL) {
		snprintf(r->first_buf, sizeof(r->first_buf), "%s", text);
		r->first = r->first_buf;
	}
}

/*
 * Opens path read-only and makes sure it is a hausdesk database (one
 * with the schema_version table); prints why not and returns NULL
 * otherwise. *version gets the schema version.
 */
static struct db_conn *
open_hausdesk(const char *path, int64_t *version)
{
	struct report quiet = {NULL, "", NULL, ""};
	struct db_conn *c = NULL;

	if (db_open(path, DB_READONLY, &c) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot open %s\n", cli_shown(path));
		return NULL;
	}
	if (db_check(c, DB_CHECK_READABLE, 1, print_problem, &quiet) != 0) {
		fprintf(stderr,
		    "hausdesk: %s cannot be read as a database (%s): "
		    "it is not one, or its first page is damaged; restore "
		    "the last backup\n",
		    path, quiet.first ? quiet.first : "?");
		db_close(c);
		return NULL;
	}
	if (db_schema_version(c, version) != HD_OK) {
		if (db_driver_of(path) == DB_PGSQL)
			fprintf(stderr,
			    "hausdesk: %s is no hausdesk database yet (it has "
			    "no schema_version table, or it cannot be read): "
			    "run 'hausdesk init --db …' first\n",
			    cli_shown(path));
		else
			fprintf(stderr,
			    "hausdesk: %s is an SQLite database but not "
			    "hausdesk's (it has no schema_version table, or "
			    "it cannot be read); run 'hausdesk check --db "
			    "%s'\n",
			    path, path);
		db_close(c);
		return NULL;
	}
	return c;
}

/*
 * Runs a check of kind, printing each problem found to f with prefix;
 * returns how many there were, or -1 (said) when the check itself
 * failed — which on a damaged file is a finding too.
 */
static int
run_check(struct db_conn *c, enum db_check kind, FILE *f, const char *prefix)
{
	struct report r = {f, prefix, NULL, ""};

	return db_check(c, kind, MAX_PROBLEMS, print_problem, &r);
}

int
cli_serve_precheck(const char *path, int check_mb)
{
	int64_t db, wal, version = 0;
	struct db_conn *c;
	int bad;

	/* PostgreSQL checks its own pages: that it is hausdesk's is all. */
	if (db_driver_of(path) == DB_PGSQL) {
		if ((c = open_hausdesk(path, &version)) == NULL)
			return 1;
		db_close(c);
		return 0;
	}
	if (!file_sizes(path, &db, &wal))
		return 1;
	/* All of a database can be in its WAL until the first checkpoint;
	 * with neither, it is a file made by something else than init. */
	if (db == 0 && wal == 0) {
		fprintf(stderr,
		    "hausdesk: %s is empty (0 bytes), not a hausdesk "
		    "database: restore it from a backup, or run 'hausdesk "
		    "init --db %s ...' to make a new one there\n",
		    path, path);
		return 1;
	}
	if ((c = open_hausdesk(path, &version)) == NULL)
		return 1;
	if (check_mb == 0 || db + wal > (int64_t)check_mb * 1024 * 1024) {
		if (check_mb != 0)
			hd_log(HD_LOG_INFO,
			    "start-up check skipped: %s is %lld MB (with "
			    "its WAL), more than --check-mb %d; run "
			    "'hausdesk check --db %s' now and then",
			    path, (long long)((db + wal) >> 20), check_mb,
			    path);
		db_close(c);
		return 0;
	}
	bad = run_check(c, DB_CHECK_QUICK, stderr, "hausdesk:   ");
	db_close(c);
	if (bad == 0)
		return 0;
	fprintf(stderr,
	    "hausdesk: %s is damaged (PRAGMA quick_check found the problems "
	    "above): not starting. Run 'hausdesk check --db %s' for a full "
	    "report, and restore the last backup.\n",
	    path, path);
	return 1;
}

int
cmd_check(int argc, char **argv)
{
	static struct hd_settings s;
	const char *path;
	int64_t db, wal, version = 0;
	struct db_conn *c;
	int rc, bad, fk;

	rc = hd_settings_parse(&s, HD_CMD_CHECK, argc, argv, stdout, stderr);
	hd_settings_cleanup(&s); /* nothing of check's is read from a file */
	if (rc != HD_SETTINGS_RUN)
		return rc;
	path = s.cfg.db_path;
	if (db_driver_of(path) == DB_PGSQL) {
		if ((c = open_hausdesk(path, &version)) == NULL)
			return 1;
		fk = run_check(c, DB_CHECK_REFS, stdout, "  ");
		db_close(c);
		printf("%s: schema version %lld; PostgreSQL checks its own "
		       "pages (data_checksums, amcheck)%s\n",
		    cli_shown(path), (long long)version,
		    fk == 0 ? "" : ": the check failed");
		return fk == 0 ? 0 : 1;
	}
	if (!file_sizes(path, &db, &wal))
		return 1;
	if (db == 0 && wal == 0) {
		fprintf(stderr,
		    "hausdesk: %s is empty (0 bytes): not a "
		    "database\n",
		    path);
		return 1;
	}
	if ((c = open_hausdesk(path, &version)) == NULL)
		return 1;
	printf("%s: checking %.1f MB (schema version %lld)\n", path,
	    (double)(db + wal) / (1024 * 1024), (long long)version);
	bad = run_check(c, DB_CHECK_FULL, stdout, "  ");
	fk = bad == 0 ? run_check(c, DB_CHECK_REFS, stdout, "  ") : 0;
	db_close(c);
	if (bad == 0 && fk == 0) {
		printf(
		    "%s: ok: every page, index and reference is sound\n", path);
		return 0;
	}
	printf("%s: DAMAGED (%s): restore the last backup; the server "
	       "does not start on a damaged file\n",
	    path,
	    bad != 0 ? "pages or indexes, see above"
		     : "references between rows, see above");
	return 1;
}
