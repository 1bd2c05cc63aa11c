/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct db_conn *
cli_open_db(const char *path, bool must_exist)
{
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
	return c;
}
