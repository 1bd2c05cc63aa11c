/* SPDX-License-Identifier: MIT */
#include "store/throttle.h"

#include "store/page.h"
#include "util/str.h"

/* A day: no rule's quiet time or delay is longer. */
#define STALE (24 * 3600)

/* The delay after count events under rule (count >= limit). */
static int64_t
delay_of(const struct store_throttle_rule *rule, int64_t count)
{
	int64_t d = rule->base, k = count - rule->limit;

	for (; k > 0 && d < rule->max; k--)
		d *= 2;
	return d < rule->max ? d : rule->max;
}

/* The row of key: *count, *last, *until (all 0 when there is none). */
static enum hd_status
load(struct db_conn *c, const char *key, int64_t *count, int64_t *last,
    int64_t *until)
{
	struct db_stmt *st;
	enum hd_status s;

	*count = *last = *until = 0;
	st = db_prepare(c, "SELECT count, last_at, until_at FROM throttle "
			   "WHERE key = ?");
	db_bind(st, "t", key);
	if ((s = db_row(st)) == HD_OK) {
		*count = db_col_i64(st, 0);
		*last = db_col_i64(st, 1);
		*until = db_col_i64(st, 2);
	}
	db_end(st);
	return s == HD_ENOTFOUND ? HD_OK : s;
}

enum hd_status
store_throttle_get(struct db_conn *c, const char *key,
    const struct store_throttle_rule *rule, int64_t now, int64_t *count,
    int64_t *retry_after)
{
	int64_t last, until;
	enum hd_status s = load(c, key, count, &last, &until);

	*retry_after = 0;
	if (s != HD_OK)
		return s;
	if (until > now)
		*retry_after = until - now;
	else if (now - last > rule->quiet)
		*count = 0;
	return HD_OK;
}

enum hd_status
store_throttle_hit(struct db_conn *c, const char *key,
    const struct store_throttle_rule *rule, int64_t now)
{
	int64_t count, last, until;
	enum hd_status s = load(c, key, &count, &last, &until);

	if (s != HD_OK)
		return s;
	/* A quiet time starts the count anew, unless the key is still
	 * refused (a delay may be longer than the quiet time). */
	if (now - last > rule->quiet && until <= now)
		count = 0;
	count++;
	until = count >= rule->limit ? now + delay_of(rule, count) : 0;
	return db_exec(c,
	    "INSERT INTO throttle(key, count, last_at, until_at) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(key) DO UPDATE SET "
	    "count = ?2, last_at = ?3, until_at = ?4",
	    "tiii", key, count, now, until);
}

enum hd_status
store_throttle_forget(struct db_conn *c, const char *key)
{
	return db_exec(c, "DELETE FROM throttle WHERE key = ?", "t", key);
}

enum hd_status
store_throttle_prune(struct db_conn *c, int64_t now)
{
	return db_exec(c,
	    "DELETE FROM throttle WHERE key IN (SELECT key FROM throttle "
	    "WHERE last_at < ?1 AND until_at < ?2 LIMIT 100)",
	    "ii", now - STALE, now);
}

enum hd_status
store_server_key_get(struct db_conn *c, const char *name, char *buf, size_t n)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT value FROM server_keys WHERE name = ?");
	db_bind(st, "t", name);
	return store_text_read(st, buf, n);
}

enum hd_status
store_server_key_put(struct db_conn *c, const char *name, const char *value)
{
	return db_exec(c,
	    "INSERT INTO server_keys(name, value) VALUES (?, ?) "
	    "ON CONFLICT(name) DO NOTHING",
	    "tt", name, value);
}
