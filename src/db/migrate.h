/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_MIGRATE_H
#define HD_DB_MIGRATE_H

/* Inside src/db/ (and its tests): which embedded files are migrations. */
#include "util/status.h"

#include <stddef.h>
#include <stdint.h>

/* One embedded file (scripts/embed-dir.py): its path below the embedded
 * directory, its bytes and a NUL after them. */
struct hd_embedded {
	const char *name;
	const char *data;
	size_t len;
};

struct db_migration {
	int64_t version; /* NNN of NNN_name.sql */
	const struct hd_embedded *file;
};

/*
 * The migrations among files[0..n) for dialect ("sqlite", "pgsql"),
 * ordered by version, into out[0..n) (room for n); *n_out their count.
 * A migration is an .sql file at the top ("001_initial.sql", for every
 * database) or in the dialect's directory ("pgsql/007_x.sql"); other
 * files and other dialects' directories are skipped. HD_EINVAL (logged)
 * for such an .sql file whose name does not begin with its number, or
 * two of one number. Pure but for the log.
 */
enum hd_status db_migrations_plan(const struct hd_embedded *files, size_t n,
    const char *dialect, struct db_migration *out, size_t *n_out);

struct db_conn;

/* db_migrate over files[0..n) instead of the embedded ones (tests). */
enum hd_status db_migrate_files(
    struct db_conn *c, const struct hd_embedded *files, size_t n);

#endif
