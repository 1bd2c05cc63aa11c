/* SPDX-License-Identifier: MIT */
/*
 * The store of issue 15, items 1 and 2 on SQLite (store/absence.c,
 * store/routing.c): absences as entered and checked, "abwesend bis"
 * across absences that follow on, the round-robin turn taken with
 * compare and set, and what routing loads from them.
 */
#include "core/day.h"
#include "db/db.h"
#include "db_tmp.h"
#include "store/absence.h"
#include "store/pctx.h"
#include "store/routing.h"

#include <stdlib.h>
#include <string.h>

enum { U_ADMIN = 1, U_HUBER, U_MEIER, U_SCHMIDT, U_GONE };

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, is_admin, active, "
    " created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', 1, 1, 0),"
    " (2, 1, 'employee', 'Frau Huber', 'huber@abc.example', 0, 1, 0),"
    " (3, 1, 'employee', 'Frau Meier', 'meier@abc.example', 0, 1, 0),"
    " (4, 1, 'employee', 'Herr Schmidt', 'schmidt@abc.example', 0, 1, 0),"
    " (5, 1, 'employee', 'Herr Weg', 'weg@abc.example', 0, 0, 0);"
    "INSERT INTO roles(id, org_id, name, assign) VALUES "
    " (1, 1, 'Buchhaltung', 0), (2, 1, 'Hausmeister', 1);"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Max-Planck-Straße 12', "
    " 'Max-Planck-Straße 12', '80331', 'München', 0);"
    "INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
    " (1, 1, 2, 1), (1, 1, 4, 2), (1, 1, 3, 2);"
    "INSERT INTO process_types(id, org_id, name, portal) VALUES "
    " (1, 1, 'Rechnungsfrage', 1);"
    "INSERT INTO process_type_roles(type_id, role_id, position) VALUES "
    " (1, 1, 0), (1, 2, 1);"
    "INSERT INTO role_turns(property_id, role_id, turn) VALUES (1, 2, 3);";

struct fx {
	struct db_tmp t;
	struct db_conn *c;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	db_tmp_make(&f->t);
	assert_int_equal(db_open(f->t.path, 0, &f->c), HD_OK);
	assert_int_equal(db_migrate(f->c), HD_OK);
	assert_int_equal(db_script(f->c, seed_sql), HD_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	db_tmp_remove(&f->t);
	free(f);
	return 0;
}

static int32_t
day(const char *iso)
{
	int32_t d = 0;

	assert_true(day_iso_parse(iso, &d));
	return d;
}

static void
absences_are_checked_when_entered(void **state)
{
	struct fx *f = *state;
	struct absence a = {.employee_id = U_HUBER,
	    .starts_on = day("2026-12-01"),
	    .ends_on = day("2026-12-12"),
	    .substitute_id = U_MEIER};
	const char *field = NULL;
	int64_t id = 0, id2 = 0;

	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id, &field), HD_OK);
	assert_true(id > 0);
	/* overlapping the first by its last day */
	a.starts_on = day("2026-12-12");
	a.ends_on = day("2026-12-14");
	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id2, &field),
	    HD_ECONFLICT);
	assert_string_equal(field, "starts_on");
	a.starts_on = day("2026-12-20");
	a.ends_on = day("2026-12-19");
	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id2, &field),
	    HD_EINVAL);
	assert_string_equal(field, "ends_on");
	a.ends_on = day("2026-12-21");
	a.substitute_id = U_GONE; /* deactivated */
	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id2, &field),
	    HD_EINVAL);
	assert_string_equal(field, "substitute_id");
	a.substitute_id = U_HUBER; /* herself */
	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id2, &field),
	    HD_EINVAL);
	assert_string_equal(field, "substitute_id");
	a.substitute_id = 0;
	a.employee_id = 99;
	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id2, &field),
	    HD_ENOTFOUND);
	/* another organisation sees none of it */
	assert_int_equal(store_absence_delete(f->c, 2, id), HD_ENOTFOUND);
	assert_int_equal(store_absence_delete(f->c, 1, id), HD_OK);
	assert_int_equal(store_absence_delete(f->c, 1, id), HD_ENOTFOUND);
}

static void
away_until_runs_through_absences_that_follow_on(void **state)
{
	struct fx *f = *state;
	struct absence a = {.employee_id = U_HUBER,
	    .starts_on = day("2026-12-01"),
	    .ends_on = day("2026-12-12"),
	    .substitute_id = U_MEIER};
	const char *field;
	int32_t until = 0;
	int64_t id;

	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id, &field), HD_OK);
	a.starts_on = day("2026-12-13");
	a.ends_on = day("2026-12-14");
	a.substitute_id = 0;
	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id, &field), HD_OK);
	assert_int_equal(
	    store_absence_until(f->c, 1, U_HUBER, day("2026-12-05"), &until),
	    HD_OK);
	assert_int_equal(until, day("2026-12-14"));
	assert_int_equal(
	    store_absence_until(f->c, 1, U_HUBER, day("2026-12-15"), &until),
	    HD_OK);
	assert_int_equal(until, 0);
	assert_int_equal(
	    store_absence_until(f->c, 1, U_HUBER, day("2026-11-30"), &until),
	    HD_OK);
	assert_int_equal(until, 0);
}

static void
a_turn_is_taken_once(void **state)
{
	struct fx *f = *state;
	bool taken = false;

	/* none stored yet: the first takes it, a second from 0 does not */
	assert_int_equal(store_turn_take(f->c, 1, 1, 0, 5, &taken), HD_OK);
	assert_true(taken);
	assert_int_equal(store_turn_take(f->c, 1, 1, 0, 6, &taken), HD_OK);
	assert_false(taken);
	assert_int_equal(store_turn_take(f->c, 1, 1, 5, 6, &taken), HD_OK);
	assert_true(taken);
	assert_int_equal(store_turn_take(f->c, 1, 1, 5, 7, &taken), HD_OK);
	assert_false(taken);
}

static void
routing_loads_who_is_away_their_substitutes_and_the_turns(void **state)
{
	struct fx *f = *state;
	struct absence a = {.employee_id = U_HUBER,
	    .starts_on = day("2026-12-01"),
	    .ends_on = day("2026-12-12"),
	    .substitute_id = U_MEIER};
	struct store_routing rt;
	struct route_result res;
	const char *field;
	struct pctx p;
	int64_t id;
	size_t i;
	bool taken;

	assert_int_equal(
	    store_absence_insert(f->c, 1, &a, U_ADMIN, &id, &field), HD_OK);
	memset(&p, 0, sizeof(p));
	p.id = 0;
	p.org_id = 1;
	p.type_id = 1;
	p.property_id = 1;
	snprintf(p.property_name, sizeof(p.property_name), "%s",
	    "Max-Planck-Straße 12");
	memset(&rt, 0, sizeof(rt));
	memset(&res, 0, sizeof(res));
	assert_int_equal(
	    store_routing_load(f->c, &p, day("2026-12-05"), &rt), HD_OK);
	assert_int_equal(rt.in.n_picks, 1);
	assert_int_equal(rt.in.picks[0].role_id, 2);
	assert_int_equal(rt.in.picks[0].mode, ASSIGN_ROUND_ROBIN);
	assert_int_equal(rt.in.picks[0].turn, 3);
	assert_int_equal(rt.in.n_people, 2);
	assert_int_equal(rt.in.people[0].employee_id, U_HUBER);
	assert_true(rt.in.people[0].absent);
	assert_int_equal(rt.in.people[0].absent_until, day("2026-12-12"));
	assert_int_equal(rt.in.people[0].substitute_id, U_MEIER);
	assert_int_equal(rt.in.people[1].employee_id, U_MEIER);
	assert_false(rt.in.people[1].absent);
	assert_string_equal(rt.in.people[1].name, "Frau Meier");
	assert_string_equal(
	    store_routing_email(&rt, U_MEIER), "meier@abc.example");
	assert_int_equal(route_compute(&rt.in, &res), HD_OK);
	/* Frau Meier for Frau Huber, and the Hausmeister after turn 3
	 * (Frau Meier, 3): Herr Schmidt (4); Frau Meier once, naming
	 * both. */
	assert_int_equal(res.n, 2);
	for (i = 0; i < res.n; i++)
		if (res.items[i].employee_id == U_MEIER)
			assert_string_equal(res.items[i].reason,
			    "Frau Meier: Vertretung für Frau Huber (abwesend "
			    "bis 12.12.2026)");
		else
			assert_string_equal(res.items[i].reason,
			    "Herr Schmidt: Rolle Hausmeister in "
			    "Max-Planck-Straße 12, reihum");
	assert_int_equal(res.n_turns, 1);
	assert_int_equal(res.turns[0].turn, U_SCHMIDT);
	assert_int_equal(
	    store_routing_turns_take(f->c, &p, &rt, &res, &taken), HD_OK);
	assert_true(taken);
	/* the same routing again finds the turn moved on */
	assert_int_equal(
	    store_routing_turns_take(f->c, &p, &rt, &res, &taken), HD_OK);
	assert_false(taken);
	route_result_cleanup(&res);
	store_routing_cleanup(&rt);
	/* on the 13th she is back */
	assert_int_equal(
	    store_routing_load(f->c, &p, day("2026-12-13"), &rt), HD_OK);
	assert_int_equal(rt.in.n_people, 0);
	assert_int_equal(rt.in.picks[0].turn, U_SCHMIDT);
	store_routing_cleanup(&rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(absences_are_checked_when_entered),
	    T(away_until_runs_through_absences_that_follow_on),
	    T(a_turn_is_taken_once),
	    T(routing_loads_who_is_away_their_substitutes_and_the_turns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
