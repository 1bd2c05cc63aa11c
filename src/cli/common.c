/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "store/event_upgrade.h"
#include "store/search.h"
#include "util/log.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
cli_shown(const char *target)
{
	/* The commands print from their main thread only. */
	static char buf[4096];

	return db_target_shown(target, buf, sizeof(buf));
}

struct db_conn *
cli_open_db(const char *path, bool must_exist)
{
	struct event_upgrade_stats up;
	struct db_conn *c = NULL;

	/* A PostgreSQL database is no file here: its server says whether
	 * it exists (the connection fails), and init there needs it made
	 * with CREATE DATABASE first. */
	if (must_exist && db_driver_of(path) == DB_SQLITE &&
	    access(path, F_OK) != 0) {
		fprintf(stderr,
		    "hausdesk: no database at %s (run 'hausdesk init' "
		    "first)\n",
		    path);
		return NULL;
	}
	if (db_open(path, 0, &c) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot open the database %s\n",
		    cli_shown(path));
		return NULL;
	}
	if (db_migrate(c) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot migrate the database %s\n",
		    cli_shown(path));
		db_close(c);
		return NULL;
	}
	if (store_events_upgrade(c, &up) != HD_OK) {
		fprintf(stderr,
		    "hausdesk: cannot turn the history of %s into events\n",
		    path);
		db_close(c);
		return NULL;
	}
	if (up.events + up.legacy > 0)
		hd_log(HD_LOG_INFO,
		    "history: %lld sentences turned into events, %lld kept "
		    "as text",
		    (long long)up.events, (long long)up.legacy);
	/* The search text is derived: a fill that fails (a damaged page of
	 * the file, met by its scan) must not keep the server from
	 * answering what is sound, and 503 for what is not. Rows without
	 * their text are not found by q= until a later start fills them. */
	if (cli_search_fill(c, false) != HD_OK)
		hd_log(HD_LOG_WARN, "search: the index is not complete; the "
				    "next start tries again");
	return c;
}

enum hd_status
cli_search_fill(struct db_conn *c, bool all)
{
	int64_t n = 0;
	enum hd_status st = store_search_fill(c, all, &n);

	if (st != HD_OK)
		fprintf(stderr, "hausdesk: cannot fill the search index: %s\n",
		    hd_status_str(st));
	return st;
}
