/* SPDX-License-Identifier: MIT */
/*
 * The change feed's one listener (db.h): set once, before the writing
 * connection opens; a driver reports rows through db_feed_row, and db.c
 * and tx.c call its commit once after each transaction that reported.
 */
#include "db/driver.h"
#include "util/log.h"

#include <string.h>

static struct db_feed feed;
static bool feed_on;

enum hd_status
db_feed_set(const struct db_feed *f)
{
	if (f == NULL) {
		feed_on = false;
		memset(&feed, 0, sizeof(feed));
		return HD_OK;
	}
	if (f->n > DB_FEED_MAX || (f->n > 0 && f->watch == NULL) ||
	    f->row == NULL || f->commit == NULL) {
		hd_log(HD_LOG_ERROR, "database: a change feed without a table "
				     "list or callbacks");
		return HD_EINVAL;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct db_watch *w = &f->watch[i];

		if (!db_ident_ok(w->table) ||
		    (w->cols[0] && !db_ident_ok(w->cols[0])) ||
		    (w->cols[1] && !db_ident_ok(w->cols[1])) ||
		    (w->text_col && !db_ident_ok(w->text_col))) {
			hd_log(HD_LOG_ERROR,
			    "database: change feed entry %zu names no table "
			    "or column",
			    i);
			return HD_EINVAL;
		}
	}
	feed = *f;
	feed_on = true;
	return HD_OK;
}

const struct db_feed *
db_feed_get(void)
{
	return feed_on ? &feed : NULL;
}

/* After each transaction that reported rows, and before the caller
 * learns how it ended. */
void
db_feed_end(struct db_conn *c, bool committed)
{
	if (!c->fed)
		return;
	c->fed = false;
	if (feed_on)
		feed.commit(feed.arg, committed);
}

void
db_feed_row(struct db_conn *c, const struct db_change *ch)
{
	if (!feed_on)
		return;
	c->fed = true;
	feed.row(feed.arg, ch);
}
