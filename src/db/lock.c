/* SPDX-License-Identifier: MIT */
/* Locks across processes (db.h): advisory locks on PostgreSQL. */
#include "db/db.h"

enum hd_status
db_lock_try(struct db_conn *c, int64_t key, int *got)
{
	int64_t v = 0;
	enum hd_status s;

	*got = 0;
	if (db_conn_driver(c) != DB_PGSQL) {
		*got = 1;
		return HD_OK;
	}
	/* Held already by c: true without taking it once more (PostgreSQL
	 * counts a session's locks; one db_unlock must free it). */
	s = db_scalar(c, &v,
	    "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE "
	    "locktype = 'advisory' AND pid = pg_backend_pid() AND "
	    "granted AND objsubid = 1 AND "
	    "((classid::int8 << 32) | objid::int8) = ?1) THEN true "
	    "ELSE pg_try_advisory_lock(?1) END",
	    "i", key);
	if (s == HD_OK)
		*got = v != 0;
	return s;
}

enum hd_status
db_lock_wait(struct db_conn *c, int64_t key)
{
	int got = 0;
	enum hd_status s = db_lock_try(c, key, &got);

	if (s != HD_OK || got)
		return s;
	return db_exec(c, "SELECT pg_advisory_lock(?)", "i", key);
}

enum hd_status
db_unlock(struct db_conn *c, int64_t key)
{
	if (db_conn_driver(c) != DB_PGSQL)
		return HD_OK;
	return db_exec(c, "SELECT pg_advisory_unlock(?)", "i", key);
}
