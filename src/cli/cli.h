/* SPDX-License-Identifier: MIT */
#ifndef HD_CLI_H
#define HD_CLI_H

#include "store/db.h"

/* Each command: argc/argv start at the command name; returns the exit
 * status (0 ok, 1 failure, 2 usage). */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);

/* Opens (creating) and migrates the database at path; prints the error
 * and returns NULL on failure. must_exist refuses a missing file. */
struct db_conn *cli_open_db(const char *path, bool must_exist);

/* Reads HAUSDESK_* environment variables into hd_cfg (after flags). */
void cli_config_from_env(void);

#endif
