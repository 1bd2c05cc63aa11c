/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_PLACEHOLDER_H
#define HD_DB_PLACEHOLDER_H

/* For the PostgreSQL driver (issue 12): SQLite's placeholders as $N. */
#include "util/status.h"

/* SQLite's largest parameter number (SQLITE_MAX_VARIABLE_NUMBER). */
#define DB_PARAM_MAX 32766

/*
 * Rewrites the placeholders of sql for PostgreSQL: `?N` becomes `$N`, a
 * bare `?` `$k` with k one more than the largest number so far (SQLite's
 * numbering, so that db_bind binds the same values on both), outside
 * '...' strings, "..." identifiers, -- comments and block comments,
 * which are copied as they are. *out is the new SQL (caller frees);
 * *n_params the largest number, the count of values PostgreSQL expects.
 * HD_EINVAL for ?0, a number over DB_PARAM_MAX, or a string, identifier
 * or block comment left open; HD_ENOMEM. Pure.
 */
enum hd_status db_placeholders_pg(const char *sql, char **out, int *n_params);

#endif
