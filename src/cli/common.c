/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "store/event_upgrade.h"
#include "util/log.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct db_conn *
cli_open_db(const char *path, bool must_exist)
{
	struct event_upgrade_stats up;
	struct db_conn *c = NULL;

	if (must_exist && access(path, F_OK) != 0) {
		fprintf(stderr,
		    "hausdesk: no database at %s (run 'hausdesk init' "
		    "first)\n",
		    path);
		return NULL;
	}
	if (db_open(path, 0, &c) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot open the database %s\n", path);
		return NULL;
	}
	if (db_migrate(c) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot migrate the database %s\n", path);
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
	return c;
}
