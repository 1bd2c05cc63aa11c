/* SPDX-License-Identifier: MIT */
/* Absences and the hand-over to the substitute (absence.h). */
#include "app/absence.h"

#include "app/notify.h"
#include "core/day.h"
#include "core/event.h"
#include "db/db.h"
#include "store/absence.h"
#include "store/pctx.h"
#include "store/process.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int32_t
app_today(void)
{
	int64_t now = hd_now();
	time_t t = (time_t)now;
	int32_t day = 0;
	struct tm tm;

	if (day_local_get(NULL, now, &day) == HD_OK)
		return day;
	/* A zone core does not know: the system's zone data. */
	if (localtime_r(&t, &tm) == NULL ||
	    !day_civil_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &day))
		return (int32_t)(now / 86400);
	return day;
}

enum hd_status
app_absence_add(int64_t org_id, int64_t actor_id, const struct absence *a,
    int64_t *id, const char **field)
{
	struct db_conn *c;

	*field = NULL;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_absence_insert(c, org_id, a, actor_id, id, field));
}

enum hd_status
app_absence_remove(int64_t org_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_absence_delete(c, org_id, id));
}

/* A person's name and address. */
struct who {
	char name[256], email[256];
	bool active;
};

static enum hd_status
who_load(struct db_conn *c, int64_t id, struct who *w)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT name, coalesce(email, ''), active FROM "
			   "users WHERE id = ?");
	db_bind(st, "i", id);
	if ((s = db_row(st)) == HD_OK) {
		snprintf(w->name, sizeof(w->name), "%s", db_col_text(st, 0));
		snprintf(w->email, sizeof(w->email), "%s", db_col_text(st, 1));
		w->active = db_col_int(st, 2) != 0;
	}
	db_end(st);
	return s;
}

/* Hands Vorgang id from a's employee to its substitute with ev, and
 * mails the substitute. */
static enum hd_status
hand_one(struct db_conn *c, const struct absence *a, int64_t id,
    const struct event *ev, int64_t actor_id, const struct who *sub)
{
	char reason[EVENT_TEXT_MAX];
	struct pctx p;
	enum hd_status st;

	st = store_process_handover(c, id, a->employee_id, a->substitute_id, ev,
	    actor_id, reason, sizeof(reason));
	if (st != HD_OK)
		return st;
	if ((st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	st = app_notify_assigned(c, &p, sub->email, sub->name, reason, NULL);
	pctx_cleanup(&p);
	return st;
}

/* The hand-over inside the job on c. */
static enum hd_status
handover_in(struct db_conn *c, int64_t org_id, int64_t actor_id,
    const struct absence *a, const char *note, size_t *n)
{
	struct who absent, sub, actor;
	int64_t *ids = NULL;
	struct event ev;
	enum hd_status st;
	int32_t until = 0;
	size_t k, count = 0;

	if ((st = who_load(c, a->employee_id, &absent)) != HD_OK ||
	    (st = who_load(c, a->substitute_id, &sub)) != HD_OK ||
	    (st = who_load(c, actor_id, &actor)) != HD_OK)
		return st == HD_ENOTFOUND ? HD_EINVAL : st;
	if (!sub.active)
		return HD_EINVAL;
	/* "abwesend bis": the end of the whole run of absences from the
	 * later of today and the absence's start. */
	st = store_absence_until(c, org_id, a->employee_id,
	    a->starts_on > app_today() ? a->starts_on : app_today(), &until);
	if (st != HD_OK)
		return st;
	if (until == 0)
		until = a->ends_on;
	event_init(&ev, EVENT_HANDOVER);
	ev.who = sub.name;
	ev.actor = actor.name;
	ev.absent[0] = (struct event_absent){absent.name, until};
	ev.n_absent = 1;
	ev.text = note;
	if ((st = store_process_open_of(
		 c, org_id, a->employee_id, &ids, &count)) != HD_OK)
		return st;
	for (k = 0; k < count && st == HD_OK; k++)
		st = hand_one(c, a, ids[k], &ev, actor_id, &sub);
	free(ids);
	if (st == HD_OK)
		*n = count;
	return st;
}

enum hd_status
app_absence_handover(int64_t org_id, int64_t actor_id, const struct absence *a,
    const char *note, size_t *n, const char **field)
{
	struct db_conn *c;
	enum hd_status st;

	*n = 0;
	*field = NULL;
	if (a->substitute_id == 0) {
		*field = "substitute_id";
		return HD_EINVAL;
	}
	if (a->ends_on < app_today())
		return HD_ECONFLICT;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = handover_in(c, org_id, actor_id, a, note, n);
	if (st == HD_EINVAL)
		*field = "substitute_id";
	return db_writer_release(c, st);
}
