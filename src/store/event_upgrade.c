/* SPDX-License-Identifier: MIT */
/* Old sentences into events (event_upgrade.h). */
#include "store/event_upgrade.h"

#include "core/event.h"
#include "store/event_json.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

/* One row to convert: its key, its sentence and its Vorgang's property. */
struct old_row {
	int64_t k1, k2;
	char *text, *property;
};

static void
rows_free(struct old_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].text);
		free(r[i].property);
	}
	free(r);
}

/* Up to EVENT_UPGRADE_BATCH rows of sql after the key (*k1, *k2). */
static enum hd_status
rows_read(struct db_conn *c, const char *sql, int64_t k1, int64_t k2,
    struct old_row **out, size_t *n)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;
	struct old_row *r;

	*n = 0;
	if ((*out = r = calloc(EVENT_UPGRADE_BATCH, sizeof(*r))) == NULL)
		return HD_ENOMEM;
	st = db_prepare(c, sql);
	db_bind(st, "iii", k1, k2, (int64_t)EVENT_UPGRADE_BATCH);
	while (s == HD_OK && *n < EVENT_UPGRADE_BATCH && db_step(st)) {
		struct old_row *x = &r[*n];

		x->k1 = db_col_i64(st, 0);
		x->k2 = db_col_i64(st, 1);
		x->text = strdup(db_col_text(st, 2));
		x->property = strdup(db_col_text(st, 3));
		(*n)++;
		if (x->text == NULL || x->property == NULL)
			s = HD_ENOMEM;
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
}

/* Converts one batch of rows with update (?1 data, ?2 k1, ?3 k2). */
static enum hd_status
rows_convert(struct db_conn *c, const struct old_row *r, size_t n,
    const char *update, struct event_upgrade_stats *stats)
{
	enum hd_status st = HD_OK;

	for (size_t i = 0; i < n && st == HD_OK; i++) {
		struct event ev;
		char *data = NULL;

		st = event_de_parse(r[i].text, r[i].property, &ev);
		if (st == HD_OK)
			st = event_json_write(&ev, &data);
		if (st == HD_OK)
			st = db_exec(c, update, "tii", data, r[i].k1, r[i].k2);
		if (st == HD_OK && ev.code == EVENT_LEGACY)
			stats->legacy++;
		else if (st == HD_OK)
			stats->events++;
		free(data);
		event_cleanup(&ev);
	}
	return st;
}

static enum hd_status
upgrade(struct db_conn *c, const char *select, const char *update,
    struct event_upgrade_stats *stats)
{
	int64_t k1 = 0, k2 = 0;
	struct old_row *r = NULL;
	enum hd_status st;
	size_t n;

	do {
		if ((st = db_begin(c)) != HD_OK)
			return st;
		st = rows_read(c, select, k1, k2, &r, &n);
		if (st == HD_OK)
			st = rows_convert(c, r, n, update, stats);
		if (st == HD_OK && n > 0) {
			k1 = r[n - 1].k1;
			k2 = r[n - 1].k2;
		}
		rows_free(r, n);
		if (st != HD_OK) {
			db_rollback(c);
			return st;
		}
		if ((st = db_commit(c)) != HD_OK)
			return st;
	} while (n == EVENT_UPGRADE_BATCH);
	return HD_OK;
}

enum hd_status
store_events_upgrade(struct db_conn *c, struct event_upgrade_stats *stats)
{
	enum hd_status st;

	memset(stats, 0, sizeof(*stats));
	st = upgrade(c,
	    "SELECT h.process_id, h.id, h.text, pr.name FROM history h "
	    "JOIN processes p ON p.id = h.process_id "
	    "JOIN properties pr ON pr.id = p.property_id "
	    "WHERE h.data IS NULL AND (h.process_id > ?1 OR "
	    "(h.process_id = ?1 AND h.id > ?2)) "
	    "ORDER BY h.process_id, h.id LIMIT ?3",
	    "UPDATE history SET data = ?1, text = '' WHERE process_id = ?2 "
	    "AND id = ?3 AND data IS NULL",
	    stats);
	if (st != HD_OK)
		return st;
	return upgrade(c,
	    "SELECT a.process_id, a.employee_id, a.reason, pr.name FROM "
	    "process_assignees a JOIN processes p ON p.id = a.process_id "
	    "JOIN properties pr ON pr.id = p.property_id "
	    "WHERE a.reason_data IS NULL AND (a.process_id > ?1 OR "
	    "(a.process_id = ?1 AND a.employee_id > ?2)) "
	    "ORDER BY a.process_id, a.employee_id LIMIT ?3",
	    "UPDATE process_assignees SET reason_data = ?1 WHERE "
	    "process_id = ?2 AND employee_id = ?3 AND reason_data IS NULL",
	    stats);
}
