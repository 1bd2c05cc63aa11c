/* SPDX-License-Identifier: MIT */
#ifndef HD_CLI_H
#define HD_CLI_H

#include "db/db.h"

/* Each command: argc/argv start at the command name; returns the exit
 * status (0 ok, 1 failure, 2 usage). */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_migrate_db(int argc, char **argv);
int cmd_mail_in(int argc, char **argv);

/* What serve checks before it opens path: that it exists, is not empty,
 * is a hausdesk database, and — when it is at most check_mb MB (0: never)
 * — passes PRAGMA quick_check. Returns 0, or 1 having said why not. */
int cli_serve_precheck(const char *path, int check_mb);

/* target as messages show it: without a PostgreSQL password
 * (db_target_shown); valid until the next call. */
const char *cli_shown(const char *target);

/* Opens (creating) and migrates the database at path; prints the error
 * and returns NULL on failure. must_exist refuses a missing file. */
struct db_conn *cli_open_db(const char *path, bool must_exist);
/* Writes the search text of every Vorgang that has none yet
 * (store_search_fill, all or the quick check at start); says why on
 * stderr when it fails. */
enum hd_status cli_search_fill(struct db_conn *c, bool all);

/* mail-in --url: posts the message raw[0..len) to the inbound-mail
 * endpoint under base with the bearer token; prints the result line.
 * Returns the exit status: 0 taken, 65 refused (bounce), 75 not taken
 * (retry), 2 a bad --url. */
int cli_mail_in_url(const char *base, const char *token, const char *recipient,
    const char *raw, size_t len);

#endif
