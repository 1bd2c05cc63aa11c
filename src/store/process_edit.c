/* SPDX-License-Identifier: MIT */
/*
 * Correcting a Vorgang (issue 13, item 4): its type, property, unit and
 * subject, each change checked and written to the history with old and
 * new value, the search text kept in step.
 */
#include "core/event.h"
#include "store/pctx.h"
#include "store/process.h"
#include "store/search.h"
#include "util/clock.h"
#include "util/str.h"

#include <string.h>

/* The longest name of a type, property or unit the history names. */
#define EDIT_NAME_MAX 256

/* The first column of the one row of sql (bound "ii": a, b) into buf;
 * HD_ENOTFOUND when there is none. */
static enum hd_status
name_of(struct db_conn *c, const char *sql, int64_t a, int64_t b, char *buf,
    size_t n)
{
	struct db_stmt *st = db_prepare(c, sql);
	enum hd_status s;

	db_bind(st, "ii", a, b);
	if ((s = db_row(st)) == HD_OK)
		hd_strlcpy(buf, db_col_text(st, 0), n);
	db_end(st);
	return s;
}

/* Maps a reference that is not there to HD_EINVAL for field f. */
static enum hd_status
bad_ref(enum hd_status s, const char *f, const char **field)
{
	if (s == HD_ENOTFOUND) {
		*field = f;
		return HD_EINVAL;
	}
	return s;
}

/* One history entry "field: old → new (actor)". */
static enum hd_status
note(struct db_conn *c, const struct viewer *v, int64_t id, enum event_field f,
    const char *old_value, const char *new_value, const char *actor)
{
	struct event ev;

	event_init(&ev, EVENT_CHANGED);
	ev.field = f;
	ev.old_value = old_value;
	ev.new_value = new_value;
	ev.actor = actor;
	return store_history_add(c, id, "changed", &ev, v->user_id);
}

/* Checks the new values of e against p and v; names are the new ones. */
static enum hd_status
check(struct db_conn *c, const struct viewer *v, const struct pctx *p,
    const struct process_edit *e, char *type, char *property, char *unit,
    int64_t *unit_id, const char **field)
{
	int64_t prop = e->has_property ? e->property_id : p->property_id, x;
	enum hd_status s;

	if (e->has_type && e->type_id != p->type_id &&
	    (s = bad_ref(name_of(c,
			     "SELECT name FROM process_types WHERE id = ? AND "
			     "org_id = ? AND archived = 0",
			     e->type_id, v->org_id, type, EDIT_NAME_MAX),
		 "type_id", field)) != HD_OK)
		return s;
	if (e->has_property && e->property_id != p->property_id) {
		s = name_of(c,
		    "SELECT name FROM properties WHERE id = ? AND org_id = ? "
		    "AND archived = 0",
		    e->property_id, v->org_id, property, EDIT_NAME_MAX);
		if ((s = bad_ref(s, "property_id", field)) != HD_OK)
			return s;
		/* An employee moves a Vorgang only where they may file one. */
		if (v->kind == VIEW_EMPLOYEE) {
			s = db_scalar(c, &x,
			    "SELECT 1 FROM staff WHERE property_id = ? AND "
			    "employee_id = ? LIMIT 1",
			    "ii", e->property_id, v->user_id);
			if (s == HD_ENOTFOUND) {
				*field = "property_id";
				return HD_EFORBIDDEN;
			}
			if (s != HD_OK)
				return s;
		}
	}
	/* A unit belongs to the property: a new property without a unit
	 * given leaves the Vorgang without one. */
	*unit_id = e->has_unit		    ? e->unit_id
		   : prop != p->property_id ? 0
					    : p->unit_id;
	unit[0] = '\0';
	if (*unit_id != 0 &&
	    (s = bad_ref(name_of(c,
			     "SELECT label FROM units WHERE id = ? AND "
			     "property_id = ?",
			     *unit_id, prop, unit, EDIT_NAME_MAX),
		 "unit_id", field)) != HD_OK)
		return s;
	return HD_OK;
}

enum hd_status
store_process_edit(struct db_conn *c, const struct viewer *v,
    const struct pctx *p, const struct process_edit *e, const char *actor,
    const char **field, bool *moved)
{
	char type[EDIT_NAME_MAX], property[EDIT_NAME_MAX], unit[EDIT_NAME_MAX];
	bool new_type = e->has_type && e->type_id != p->type_id;
	bool new_property = e->has_property && e->property_id != p->property_id;
	bool new_subject = e->subject != NULL && strcmp(e->subject, p->subject);
	bool new_unit;
	int64_t unit_id = 0;
	enum hd_status s;

	*moved = false;
	s = check(c, v, p, e, type, property, unit, &unit_id, field);
	if (s != HD_OK)
		return s;
	new_unit = unit_id != p->unit_id;
	if (!new_type && !new_property && !new_unit && !new_subject)
		return HD_OK;
	s = db_exec(c,
	    "UPDATE processes SET type_id = ?, property_id = ?, unit_id = ?, "
	    "subject = ?, updated_at = ? WHERE id = ?",
	    "iiItii", new_type ? e->type_id : p->type_id,
	    new_property ? e->property_id : p->property_id, unit_id,
	    new_subject ? e->subject : p->subject, hd_now(), p->id);
	if (s == HD_OK && new_type)
		s = note(c, v, p->id, FIELD_TYPE, p->type_name, type, actor);
	if (s == HD_OK && new_property)
		s = note(c, v, p->id, FIELD_PROPERTY, p->property_name,
		    property, actor);
	if (s == HD_OK && new_unit)
		s = note(c, v, p->id, FIELD_UNIT, p->unit_label, unit, actor);
	if (s == HD_OK && new_subject)
		s = note(
		    c, v, p->id, FIELD_SUBJECT, p->subject, e->subject, actor);
	if (s == HD_OK)
		s = store_search_index(c, p->id);
	*moved = new_type || new_property;
	return s;
}
