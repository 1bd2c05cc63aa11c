/* SPDX-License-Identifier: MIT */
#include "core/route.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define P "Max-Planck-Straße 12"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	ROLE_BUCH = 1,
	ROLE_SACH = 2,
	ROLE_HAUS = 3,
	ROLE_VERW = 4,
};

/* The seed data: Huber keeps the books, Schmidt handles damage. */
static const struct route_staff seed_staff[] = {
    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
    {11, ROLE_SACH, true, "Herr Schmidt", "Sachbearbeitung"},
};

static const struct route_admin seed_admins[] = {
    {1, true, "Frau Admin"},
};

static struct route_input
input(const int64_t *roles, size_t n_roles, const struct route_staff *staff,
    size_t n_staff)
{
	struct route_input in = {0};

	in.property_name = P;
	in.type_role_ids = roles;
	in.n_type_roles = n_roles;
	in.staff = staff;
	in.n_staff = n_staff;
	in.admins = seed_admins;
	in.n_admins = COUNT(seed_admins);
	return in;
}

static void
invoice_type_routes_to_bookkeeper_only(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	struct route_input in = input(roles, 1, seed_staff, 2);
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_string_equal(out.why_unrouted, "");
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 10);
	assert_int_equal(out.items[0].role_id, ROLE_BUCH);
	assert_string_equal(out.items[0].employee_name, "Frau Huber");
	assert_string_equal(out.items[0].role_name, "Buchhaltung");
	assert_string_equal(out.items[0].reason,
	    "Frau Huber: Rolle Buchhaltung in Max-Planck-Straße 12");
	route_result_cleanup(&out);
}

static void
damage_type_routes_to_case_worker_only(void **state)
{
	static const int64_t roles[] = {ROLE_SACH};
	struct route_input in = input(roles, 1, seed_staff, 2);
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 11);
	assert_string_equal(
	    out.items[0].reason, "Herr Schmidt: Rolle Sachbearbeitung in " P);
	route_result_cleanup(&out);
}

static void
type_with_several_roles_assigns_holders_of_each(void **state)
{
	static const int64_t roles[] = {ROLE_SACH, ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {12, ROLE_HAUS, true, "Herr Meier", "Hausmeister"},
	    {11, ROLE_SACH, true, "Herr Schmidt", "Sachbearbeitung"},
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	};
	struct route_input in = input(roles, 2, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.items[0].employee_id, 10);
	assert_int_equal(out.items[0].role_id, ROLE_BUCH);
	assert_string_equal(
	    out.items[0].reason, "Frau Huber: Rolle Buchhaltung in " P);
	assert_int_equal(out.items[1].employee_id, 11);
	assert_int_equal(out.items[1].role_id, ROLE_SACH);
	route_result_cleanup(&out);
}

static void
all_holders_of_a_role_are_assigned_in_employee_order(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {30, ROLE_BUCH, true, "Herr C", "Buchhaltung"},
	    {10, ROLE_BUCH, true, "Frau A", "Buchhaltung"},
	    {20, ROLE_BUCH, true, "Frau B", "Buchhaltung"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.items[0].employee_id, 10);
	assert_int_equal(out.items[1].employee_id, 20);
	assert_int_equal(out.items[2].employee_id, 30);
	assert_string_equal(
	    out.items[1].reason, "Frau B: Rolle Buchhaltung in " P);
	route_result_cleanup(&out);
}

static void
employee_with_two_matching_roles_is_assigned_once_naming_both(void **state)
{
	static const int64_t roles[] = {ROLE_SACH, ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, true, "Herr X", "Buchhaltung"},
	    {10, ROLE_SACH, true, "Herr X", "Sachbearbeitung"},
	    {5, ROLE_BUCH, true, "Frau Y", "Buchhaltung"},
	};
	struct route_input in = input(roles, 2, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.items[0].employee_id, 5);
	assert_int_equal(out.items[1].employee_id, 10);
	/* First matching role in type order, not in staff order. */
	assert_int_equal(out.items[1].role_id, ROLE_SACH);
	assert_string_equal(out.items[1].role_name, "Sachbearbeitung");
	assert_string_equal(out.items[1].reason,
	    "Herr X: Rollen Sachbearbeitung, Buchhaltung in " P);
	route_result_cleanup(&out);
}

static void
role_repeated_on_the_type_is_named_once(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH, ROLE_BUCH};
	struct route_input in = input(roles, 2, seed_staff, 2);
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 1);
	assert_string_equal(
	    out.items[0].reason, "Frau Huber: Rolle Buchhaltung in " P);
	route_result_cleanup(&out);
}

static void
type_without_role_goes_to_admins_unrouted(void **state)
{
	struct route_input in = input(NULL, 0, seed_staff, 2);
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(
	    out.why_unrouted, "Vorgangstyp hat keine Mitarbeiterrolle");
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	assert_int_equal(out.items[0].role_id, 0);
	assert_null(out.items[0].role_name);
	assert_string_equal(out.items[0].reason,
	    "Frau Admin: Administrator – "
	    "Vorgangstyp hat keine Mitarbeiterrolle");
	route_result_cleanup(&out);
}

static void
role_nobody_holds_is_named_when_type_gives_names(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const char *const names[] = {"Hausmeister"};
	struct route_input in = input(roles, 1, seed_staff, 2);
	struct route_result out;

	(void)state;
	in.type_role_names = names;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(
	    out.why_unrouted, "Niemand hat die Rolle Hausmeister in " P);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.items[0].reason,
	    "Frau Admin: Administrator – Niemand hat die Rolle Hausmeister "
	    "in " P);
	route_result_cleanup(&out);
}

static void
several_roles_nobody_holds_are_listed(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS, ROLE_VERW};
	static const char *const names[] = {"Hausmeister", "Verwaltung"};
	struct route_input in = input(roles, 2, seed_staff, 2);
	struct route_result out;

	(void)state;
	in.type_role_names = names;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Niemand hat die Rollen Hausmeister, Verwaltung in " P);
	route_result_cleanup(&out);
}

static void
role_nobody_holds_without_name_gives_generic_reason(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS, ROLE_VERW};
	static const char *const names[] = {"Hausmeister", NULL};
	struct route_input in = input(roles, 2, seed_staff, 2);
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Niemand hat eine passende Mitarbeiterrolle in " P);
	route_result_cleanup(&out);

	in.type_role_names = names;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_string_equal(out.why_unrouted,
	    "Niemand hat eine passende Mitarbeiterrolle in " P);
	route_result_cleanup(&out);
}

static void
all_holders_deactivated_is_unrouted(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, false, "Frau Huber", "Buchhaltung"},
	    {12, ROLE_BUCH, false, "Herr Meier", "Buchhaltung"},
	    {11, ROLE_SACH, true, "Herr Schmidt", "Sachbearbeitung"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Alle Mitarbeiter mit der Rolle Buchhaltung in " P
	    " sind deaktiviert");
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	route_result_cleanup(&out);
}

static void
deactivated_holders_are_named_before_roles_nobody_holds(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS, ROLE_BUCH, ROLE_SACH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, false, "Frau Huber", "Buchhaltung"},
	    {11, ROLE_SACH, false, "Herr Schmidt", "Sachbearbeitung"},
	};
	struct route_input in = input(roles, 3, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Alle Mitarbeiter mit den Rollen Buchhaltung, Sachbearbeitung "
	    "in " P " sind deaktiviert");
	route_result_cleanup(&out);
}

static void
only_active_holders_are_assigned(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, false, "Frau Huber", "Buchhaltung"},
	    {12, ROLE_BUCH, true, "Herr Meier", "Buchhaltung"},
	    {13, ROLE_BUCH, false, "Frau Lang", "Buchhaltung"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_string_equal(out.why_unrouted, "");
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 12);
	route_result_cleanup(&out);
}

static void
fallback_role_holders_get_unrouted_vorgang(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_staff staff[] = {
	    {40, ROLE_VERW, true, "Herr X", "Verwaltung"},
	    {41, ROLE_VERW, false, "Frau Z", "Verwaltung"},
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	    {39, ROLE_VERW, true, "Frau W", "Verwaltung"},
	    {40, ROLE_VERW, true, "Herr X", "Verwaltung"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.fallback_role_id = ROLE_VERW;
	in.fallback_role_name = "Verwaltung";
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Niemand hat eine passende Mitarbeiterrolle in " P);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.items[0].employee_id, 39);
	assert_int_equal(out.items[1].employee_id, 40);
	assert_int_equal(out.items[1].role_id, ROLE_VERW);
	assert_string_equal(out.items[1].role_name, "Verwaltung");
	assert_string_equal(out.items[1].reason,
	    "Herr X: Ersatzzuständigkeit (Rolle Verwaltung) in " P
	    " – Niemand hat eine passende Mitarbeiterrolle in " P);
	route_result_cleanup(&out);
}

static void
fallback_role_without_active_holder_goes_to_admins(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, false, "Frau Huber", "Buchhaltung"},
	    {40, ROLE_VERW, false, "Herr X", "Verwaltung"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.fallback_role_id = ROLE_VERW;
	in.fallback_role_name = "Verwaltung";
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	assert_int_equal(out.items[0].role_id, 0);
	assert_null(out.items[0].role_name);
	assert_string_equal(out.items[0].reason,
	    "Frau Admin: Administrator – Alle Mitarbeiter mit der Rolle "
	    "Buchhaltung in " P " sind deaktiviert");
	route_result_cleanup(&out);
}

static void
admin_fallback_skips_inactive_and_repeated_admins(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_admin admins[] = {
	    {3, true, "Frau C"},
	    {2, false, "Herr B"},
	    {1, true, "Frau A"},
	    {3, true, "Frau C"},
	};
	struct route_input in = input(roles, 1, seed_staff, 2);
	struct route_result out;

	(void)state;
	in.admins = admins;
	in.n_admins = COUNT(admins);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.items[0].employee_id, 1);
	assert_int_equal(out.items[1].employee_id, 3);
	assert_string_equal(out.items[0].reason,
	    "Frau A: Administrator – Niemand hat eine passende "
	    "Mitarbeiterrolle in " P);
	route_result_cleanup(&out);
}

static void
nobody_at_all_is_empty_unrouted_success(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_admin admins[] = {
	    {1, false, "Frau A"},
	};
	struct route_input in = input(roles, 1, NULL, 0);
	struct route_result out;

	(void)state;
	in.admins = admins;
	in.n_admins = COUNT(admins);
	in.fallback_role_id = ROLE_VERW;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 0);
	assert_null(out.items);
	assert_string_equal(out.why_unrouted,
	    "Niemand hat eine passende Mitarbeiterrolle in " P);
	route_result_cleanup(&out);

	in.admins = NULL;
	in.n_admins = 0;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 0);
	route_result_cleanup(&out);
}

static void
assert_reason_ok(const char *s)
{
	size_t n = strnlen(s, ROUTE_REASON_MAX);

	assert_true(n < ROUTE_REASON_MAX);
	assert_true(hd_utf8_valid(s, n));
}

/* Fills buf with pad ASCII bytes, then multibyte characters. */
static void
huge_name(char *buf, size_t size, size_t pad, const char *ch)
{
	size_t len = 0, k = strlen(ch);

	memset(buf, 'x', pad);
	len = pad;
	while (len + k < size) {
		memcpy(buf + len, ch, k);
		len += k;
	}
	buf[len] = '\0';
}

static void
huge_names_are_cut_to_valid_terminated_utf8(void **state)
{
	static const char *const chars[] = {"ß", "€", "𝄞"};
	static const int64_t roles[] = {ROLE_BUCH};
	static const int64_t none[] = {ROLE_HAUS};
	char emp[2000], prop[2000];
	struct route_staff staff[1] = {
	    {10, ROLE_BUCH, true, emp, "Buchhaltung"}};
	struct route_admin admins[1] = {{1, true, emp}};
	struct route_input in;
	struct route_result out;
	size_t c, pad;

	(void)state;
	for (c = 0; c < COUNT(chars); c++) {
		for (pad = 0; pad < 4; pad++) {
			huge_name(emp, sizeof(emp), pad, chars[c]);
			huge_name(prop, sizeof(prop), pad, chars[c]);

			in = input(roles, 1, staff, 1);
			assert_int_equal(route_compute(&in, &out), HD_OK);
			assert_int_equal(out.n, 1);
			assert_reason_ok(out.items[0].reason);
			assert_true(strlen(out.items[0].reason) >=
				    ROUTE_REASON_MAX - 4);
			route_result_cleanup(&out);

			/* Long property: why_unrouted and fallback cut. */
			in = input(none, 1, staff, 1);
			in.property_name = prop;
			in.admins = admins;
			assert_int_equal(route_compute(&in, &out), HD_OK);
			assert_true(out.unrouted);
			assert_reason_ok(out.why_unrouted);
			assert_int_equal(out.n, 1);
			assert_reason_ok(out.items[0].reason);
			route_result_cleanup(&out);

			in.fallback_role_id = ROLE_BUCH;
			assert_int_equal(route_compute(&in, &out), HD_OK);
			assert_int_equal(out.n, 1);
			assert_int_equal(out.items[0].role_id, ROLE_BUCH);
			assert_reason_ok(out.items[0].reason);
			route_result_cleanup(&out);
		}
	}
}

static void
null_arguments_are_rejected(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	struct route_input in = input(roles, 1, seed_staff, 2);
	struct route_input bad;
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, NULL), HD_EINVAL);

	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(route_compute(NULL, &out), HD_EINVAL);
	assert_null(out.items);
	assert_int_equal(out.n, 0);
	route_result_cleanup(&out);

	bad = in;
	bad.type_role_ids = NULL;
	assert_int_equal(route_compute(&bad, &out), HD_EINVAL);
	assert_null(out.items);

	bad = in;
	bad.staff = NULL;
	assert_int_equal(route_compute(&bad, &out), HD_EINVAL);
	assert_null(out.items);

	bad = in;
	bad.admins = NULL;
	assert_int_equal(route_compute(&bad, &out), HD_EINVAL);
	assert_null(out.items);
	route_result_cleanup(&out);
}

static void
cleanup_twice_is_safe(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	struct route_input in = input(roles, 1, seed_staff, 2);
	struct route_result out;

	(void)state;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	route_result_cleanup(&out);
	assert_null(out.items);
	assert_int_equal(out.n, 0);
	route_result_cleanup(&out);
	route_result_cleanup(NULL);
}

/* ---- Absences and substitutes (docs/routing.md) ---- */

#define DEC12 20799 /* 2026-12-12 */
#define JAN03 20821 /* 2027-01-03 */

/* Frau Huber keeps the books at P; Frau Meier is her substitute and
 * holds no role there. */
static const struct route_staff huber_only[] = {
    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
    {11, ROLE_SACH, true, "Herr Schmidt", "Sachbearbeitung"},
};

static void
absent_holder_is_replaced_by_substitute_and_reason_names_both(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 20, "Frau Huber"},
	    {20, true, false, 0, 0, "Frau Meier"},
	};
	struct route_input in = input(roles, 1, huber_only, 2);
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 20);
	assert_int_equal(out.items[0].role_id, ROLE_BUCH);
	assert_int_equal(out.items[0].stands_in_for, 10);
	assert_string_equal(out.items[0].employee_name, "Frau Meier");
	assert_string_equal(out.items[0].reason,
	    "Frau Meier: Vertretung für Frau Huber (abwesend bis 12.12.2026)");
	assert_int_equal(out.items[0].ev.code, EVENT_ROUTED);
	assert_int_equal(out.items[0].ev.n_absent, 1);
	assert_int_equal(out.items[0].ev.absent[0].until, DEC12);
	assert_null(out.turns);
	route_result_cleanup(&out);
}

static void
person_entry_that_is_present_changes_nothing(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_person people[] = {
	    {10, true, false, 0, 20, "Frau Huber"},
	    {20, true, false, 0, 0, "Frau Meier"},
	};
	struct route_input in = input(roles, 1, huber_only, 2);
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 10);
	assert_int_equal(out.items[0].stands_in_for, 0);
	assert_string_equal(
	    out.items[0].reason, "Frau Huber: Rolle Buchhaltung in " P);
	route_result_cleanup(&out);
}

static void
absent_holder_without_substitute_leaves_it_to_the_other_holders(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	    {12, ROLE_BUCH, true, "Herr Lang", "Buchhaltung"},
	};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 0, "Frau Huber"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 12);
	assert_string_equal(
	    out.items[0].reason, "Herr Lang: Rolle Buchhaltung in " P);
	route_result_cleanup(&out);
}

static void
absent_holder_without_substitute_goes_to_the_fallback(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	    {40, ROLE_VERW, true, "Herr X", "Verwaltung"},
	};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 0, "Frau Huber"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	in.fallback_role_id = ROLE_VERW;
	in.fallback_role_name = "Verwaltung";
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Alle Mitarbeiter mit der Rolle Buchhaltung in " P
	    " sind abwesend und nicht vertreten");
	assert_int_equal(out.why.cause, CAUSE_ABSENT);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 40);
	assert_string_equal(out.items[0].reason,
	    "Herr X: Ersatzzuständigkeit (Rolle Verwaltung) in " P
	    " – Alle Mitarbeiter mit der Rolle Buchhaltung in " P
	    " sind abwesend und nicht vertreten");
	route_result_cleanup(&out);
}

static void
absent_and_deactivated_holders_are_both_named(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	    {12, ROLE_BUCH, false, "Herr Lang", "Buchhaltung"},
	};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 0, "Frau Huber"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_string_equal(out.why_unrouted,
	    "Alle Mitarbeiter mit der Rolle Buchhaltung in " P
	    " sind deaktiviert oder abwesend und nicht vertreten");
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	route_result_cleanup(&out);
}

/* Routes huber_only's Buchhaltung with people; expects the admin. */
static void
assert_substitute_unusable(const struct route_person *people, size_t n)
{
	static const int64_t roles[] = {ROLE_BUCH};
	struct route_input in = input(roles, 1, huber_only, 2);
	struct route_result out;

	in.people = people;
	in.n_people = n;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	assert_int_equal(out.items[0].stands_in_for, 0);
	assert_string_equal(out.items[0].reason,
	    "Frau Admin: Administrator – Alle Mitarbeiter mit der Rolle "
	    "Buchhaltung in " P " sind abwesend und nicht vertreten");
	route_result_cleanup(&out);
}

static void
substitute_who_is_absent_themself_counts_as_none(void **state)
{
	/* Meier is away too and names Schmidt: Schmidt is not Huber's
	 * substitute, so nobody of Buchhaltung gets it. */
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 20, "Frau Huber"},
	    {20, true, true, JAN03, 11, "Frau Meier"},
	    {11, true, false, 0, 0, "Herr Schmidt"},
	};

	(void)state;
	assert_substitute_unusable(people, COUNT(people));
}

static void
substitute_who_is_inactive_or_unknown_counts_as_none(void **state)
{
	static const struct route_person inactive[] = {
	    {10, true, true, DEC12, 20, "Frau Huber"},
	    {20, false, false, 0, 0, "Frau Meier"},
	};
	static const struct route_person unknown[] = {
	    {10, true, true, DEC12, 20, "Frau Huber"},
	};
	static const struct route_person herself[] = {
	    {10, true, true, DEC12, 10, "Frau Huber"},
	};

	(void)state;
	assert_substitute_unusable(inactive, COUNT(inactive));
	assert_substitute_unusable(unknown, COUNT(unknown));
	assert_substitute_unusable(herself, COUNT(herself));
}

static void
substitute_chain_that_loops_ends_after_one_step(void **state)
{
	/* Huber and Lang both keep the books, both are away, each names
	 * the other. */
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	    {12, ROLE_BUCH, true, "Herr Lang", "Buchhaltung"},
	};
	static const struct route_person loop[] = {
	    {10, true, true, DEC12, 12, "Frau Huber"},
	    {12, true, true, JAN03, 10, "Herr Lang"},
	};
	/* A long chain: Huber → Lang → Meier → Schmidt; only Schmidt is
	 * here, three steps away. */
	static const struct route_person chain[] = {
	    {10, true, true, DEC12, 12, "Frau Huber"},
	    {12, true, true, JAN03, 20, "Herr Lang"},
	    {20, true, true, JAN03, 11, "Frau Meier"},
	    {11, true, false, 0, 0, "Herr Schmidt"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.people = loop;
	in.n_people = COUNT(loop);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.why.cause, CAUSE_ABSENT);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	route_result_cleanup(&out);

	in.people = chain;
	in.n_people = COUNT(chain);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 1);
	route_result_cleanup(&out);
}

static void
holder_standing_in_for_a_colleague_is_assigned_once_naming_both(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {10, ROLE_BUCH, true, "Frau Huber", "Buchhaltung"},
	    {12, ROLE_BUCH, true, "Herr Lang", "Buchhaltung"},
	    {20, ROLE_BUCH, true, "Frau Meier", "Buchhaltung"},
	};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 20, "Frau Huber"},
	    {12, true, true, JAN03, 20, "Herr Lang"},
	    {20, true, false, 0, 0, "Frau Meier"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 20);
	assert_int_equal(out.items[0].stands_in_for, 10);
	assert_string_equal(out.items[0].reason,
	    "Frau Meier: Rolle Buchhaltung in " P
	    "; Vertretung für Frau Huber (abwesend bis 12.12.2026) und "
	    "Herrn Lang (abwesend bis 03.01.2027)");
	route_result_cleanup(&out);
}

static void
substitute_for_holders_of_two_roles_names_both_and_the_first_role(void **state)
{
	static const int64_t roles[] = {ROLE_SACH, ROLE_BUCH};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 20, "Frau Huber"},
	    {11, true, true, DEC12, 20, "Herr Schmidt"},
	    {20, true, false, 0, 0, "Frau Meier"},
	};
	struct route_input in = input(roles, 2, huber_only, 2);
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 20);
	/* Type order: Sachbearbeitung first. */
	assert_int_equal(out.items[0].role_id, ROLE_SACH);
	assert_int_equal(out.items[0].stands_in_for, 11);
	assert_string_equal(out.items[0].reason,
	    "Frau Meier: Vertretung für Herrn Schmidt (abwesend bis "
	    "12.12.2026) und Frau Huber (abwesend bis 12.12.2026)");
	route_result_cleanup(&out);
}

static void
absent_fallback_holder_is_replaced_by_substitute(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const char *const names[] = {"Hausmeister"};
	static const struct route_staff staff[] = {
	    {40, ROLE_VERW, true, "Herr X", "Verwaltung"},
	};
	static const struct route_person people[] = {
	    {40, true, true, DEC12, 20, "Herr X"},
	    {20, true, false, 0, 0, "Frau Meier"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.type_role_names = names;
	in.people = people;
	in.n_people = COUNT(people);
	in.fallback_role_id = ROLE_VERW;
	in.fallback_role_name = "Verwaltung";
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 20);
	assert_int_equal(out.items[0].role_id, ROLE_VERW);
	assert_string_equal(out.items[0].reason,
	    "Frau Meier: Vertretung für Herrn X (abwesend bis 12.12.2026), "
	    "Ersatzzuständigkeit (Rolle Verwaltung) in " P
	    " – Niemand hat die Rolle Hausmeister in " P);
	route_result_cleanup(&out);
}

static void
absent_admins_are_replaced_skipped_or_kept_as_last_resort(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_admin admins[] = {
	    {1, true, "Frau Admin"},
	    {2, true, "Herr Chef"},
	};
	static const struct route_person one_away[] = {
	    {1, true, true, DEC12, 20, "Frau Admin"},
	    {20, true, false, 0, 0, "Frau Meier"},
	};
	static const struct route_person sub_is_admin[] = {
	    {1, true, true, DEC12, 2, "Frau Admin"},
	    {2, true, false, 0, 0, "Herr Chef"},
	};
	static const struct route_person all_away[] = {
	    {1, true, true, DEC12, 0, "Frau Admin"},
	    {2, true, true, JAN03, 0, "Herr Chef"},
	};
	struct route_input in = input(roles, 1, NULL, 0);
	struct route_result out;

	(void)state;
	in.admins = admins;
	in.n_admins = COUNT(admins);
	in.people = one_away;
	in.n_people = COUNT(one_away);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.items[0].employee_id, 2);
	assert_int_equal(out.items[1].employee_id, 20);
	assert_int_equal(out.items[1].role_id, 0);
	assert_null(out.items[1].role_name);
	assert_string_equal(out.items[1].reason,
	    "Frau Meier: Vertretung für Frau Admin (Administrator, abwesend "
	    "bis 12.12.2026) – Niemand hat eine passende Mitarbeiterrolle "
	    "in " P);
	route_result_cleanup(&out);

	/* The substitute is an admin already: assigned once, as admin. */
	in.people = sub_is_admin;
	in.n_people = COUNT(sub_is_admin);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 2);
	assert_int_equal(out.items[0].stands_in_for, 0);
	assert_string_equal(out.items[0].reason,
	    "Herr Chef: Administrator – Niemand hat eine passende "
	    "Mitarbeiterrolle in " P);
	route_result_cleanup(&out);

	/* Nobody left: every active admin, so the Vorgang reaches one. */
	in.people = all_away;
	in.n_people = COUNT(all_away);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.items[0].employee_id, 1);
	assert_int_equal(out.items[1].employee_id, 2);
	route_result_cleanup(&out);
}

/* ---- How a role picks among its holders ---- */

/* Three caretakers hold Hausmeister at P. */
static const struct route_staff caretakers[] = {
    {30, ROLE_HAUS, true, "Herr C", "Hausmeister"},
    {10, ROLE_HAUS, true, "Herr A", "Hausmeister"},
    {20, ROLE_HAUS, true, "Frau B", "Hausmeister"},
    {11, ROLE_SACH, true, "Herr Schmidt", "Sachbearbeitung"},
};

/* Routes a Hausmeister Vorgang in mode with turn; returns the one
 * assignee's id and stores the new turn (0 when none). */
static int64_t
pick_caretaker(
    const struct route_input *base, enum assign_mode mode, int64_t *turn)
{
	struct route_pick pick = {ROLE_HAUS, mode, *turn};
	struct route_input in = *base;
	struct route_result out;
	int64_t id;

	in.picks = &pick;
	in.n_picks = 1;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 1);
	id = out.items[0].employee_id;
	*turn = 0;
	if (mode == ASSIGN_ROUND_ROBIN) {
		assert_int_equal(out.n_turns, 1);
		assert_int_equal(out.turns[0].role_id, ROLE_HAUS);
		*turn = out.turns[0].turn;
	} else
		assert_int_equal(out.n_turns, 0);
	route_result_cleanup(&out);
	return id;
}

static void
round_robin_goes_to_the_next_holder_and_says_so(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	struct route_input in = input(roles, 1, caretakers, 4);
	struct route_pick pick = {ROLE_HAUS, ASSIGN_ROUND_ROBIN, 10};
	struct route_result out;

	(void)state;
	in.picks = &pick;
	in.n_picks = 1;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 20);
	assert_string_equal(
	    out.items[0].reason, "Frau B: Rolle Hausmeister in " P ", reihum");
	assert_int_equal(out.items[0].ev.picks, EVENT_PICK_ROUND_ROBIN);
	assert_int_equal(out.n_turns, 1);
	assert_int_equal(out.turns[0].turn, 20);
	route_result_cleanup(&out);
}

static void
round_robin_turns_spread_evenly_and_none_is_taken_twice(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	struct route_input in = input(roles, 1, caretakers, 4);
	int64_t turn = 0, before, got, again;
	int count[3] = {0, 0, 0};
	int i;

	(void)state;
	for (i = 0; i < 300; i++) {
		before = turn;
		got = pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn);
		assert_int_equal(turn, got);
		/* The turn passed in is never picked again, and the same
		 * turn always picks the same holder: a caller that stores
		 * the new turn only if it still holds the old one cannot
		 * hand one turn to two Vorgänge. */
		assert_int_not_equal(got, before);
		again = before;
		assert_int_equal(
		    pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &again), got);
		count[got / 10 - 1]++;
		/* In id order: 10, 20, 30, 10, … */
		assert_int_equal(got, (i % 3 + 1) * 10);
	}
	assert_int_equal(count[0], 100);
	assert_int_equal(count[1], 100);
	assert_int_equal(count[2], 100);
}

static void
round_robin_keeps_its_place_when_holders_come_and_go(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	/* Frau B (20), whose turn it was last, no longer holds the role. */
	static const struct route_staff staff[] = {
	    {30, ROLE_HAUS, true, "Herr C", "Hausmeister"},
	    {10, ROLE_HAUS, true, "Herr A", "Hausmeister"},
	    {25, ROLE_HAUS, false, "Herr D", "Hausmeister"},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	int64_t turn = 20;

	(void)state;
	assert_int_equal(pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn), 30);
	assert_int_equal(pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn), 10);
	/* A turn beyond every id wraps to the lowest. */
	turn = 99;
	assert_int_equal(pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn), 10);
}

static void
round_robin_skips_an_absent_holder_without_taking_the_substitute(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_person people[] = {
	    {20, true, true, DEC12, 50, "Frau B"},
	    {50, true, false, 0, 0, "Frau Vertretung"},
	};
	struct route_input in = input(roles, 1, caretakers, 4);
	int64_t turn = 10;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	assert_int_equal(pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn), 30);
	assert_int_equal(pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn), 10);
	assert_int_equal(pick_caretaker(&in, ASSIGN_ROUND_ROBIN, &turn), 30);
}

static void
round_robin_takes_substitutes_in_turn_when_every_holder_is_away(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_person people[] = {
	    {10, true, true, DEC12, 50, "Herr A"},
	    {20, true, true, DEC12, 0, "Frau B"},
	    {30, true, true, DEC12, 60, "Herr C"},
	    {50, true, false, 0, 0, "Frau V"},
	    {60, true, false, 0, 0, "Herr W"},
	};
	struct route_input in = input(roles, 1, caretakers, 4);
	struct route_pick pick = {ROLE_HAUS, ASSIGN_ROUND_ROBIN, 10};
	struct route_result out;

	(void)state;
	in.people = people;
	in.n_people = COUNT(people);
	in.picks = &pick;
	in.n_picks = 1;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_false(out.unrouted);
	assert_int_equal(out.n, 1);
	/* B has no substitute: C's turn, taken by W; the turn is C's. */
	assert_int_equal(out.items[0].employee_id, 60);
	assert_int_equal(out.turns[0].turn, 30);
	assert_string_equal(out.items[0].reason,
	    "Herr W: Vertretung für Herrn C (abwesend bis 12.12.2026), "
	    "reihum");
	route_result_cleanup(&out);
}

static void
least_open_picks_fewest_open_with_ties_to_lowest_id(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_load loads[] = {
	    {10, 5}, {20, 2}, {30, 2}, {11, 0}};
	struct route_input in = input(roles, 1, caretakers, 4);
	struct route_pick pick = {ROLE_HAUS, ASSIGN_LEAST_OPEN, 0};
	struct route_result out;

	(void)state;
	in.loads = loads;
	in.n_loads = COUNT(loads);
	in.picks = &pick;
	in.n_picks = 1;
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 20);
	assert_string_equal(out.items[0].reason,
	    "Frau B: Rolle Hausmeister in " P ", wenigste offene Vorgänge");
	assert_int_equal(out.n_turns, 0);
	assert_null(out.turns);
	route_result_cleanup(&out);
}

static void
least_open_follows_the_counts_after_a_reassign(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	/* B had fewest; one of A's Vorgänge is reassigned to B, and
	 * another to C: now A has fewest. Missing counts are 0. */
	struct route_load loads[] = {{10, 3}, {20, 2}, {30, 4}};
	struct route_input in = input(roles, 1, caretakers, 4);
	int64_t turn = 0;

	(void)state;
	in.loads = loads;
	in.n_loads = COUNT(loads);
	assert_int_equal(pick_caretaker(&in, ASSIGN_LEAST_OPEN, &turn), 20);
	loads[0].open = 1;
	loads[1].open = 3;
	loads[2].open = 5;
	assert_int_equal(pick_caretaker(&in, ASSIGN_LEAST_OPEN, &turn), 10);
	in.n_loads = 1;
	assert_int_equal(pick_caretaker(&in, ASSIGN_LEAST_OPEN, &turn), 20);
}

static void
least_open_skips_absent_holder_and_counts_substitutes_when_all_away(
    void **state)
{
	static const int64_t roles[] = {ROLE_HAUS};
	static const struct route_load loads[] = {
	    {10, 0}, {20, 7}, {30, 9}, {50, 4}, {60, 1}};
	static const struct route_person some[] = {
	    {10, true, true, DEC12, 60, "Herr A"},
	};
	static const struct route_person all[] = {
	    {10, true, true, DEC12, 50, "Herr A"},
	    {20, true, true, DEC12, 60, "Frau B"},
	    {30, true, true, DEC12, 0, "Herr C"},
	    {50, true, false, 0, 0, "Frau V"},
	    {60, true, false, 0, 0, "Herr W"},
	};
	struct route_input in = input(roles, 1, caretakers, 4);
	int64_t turn = 0;

	(void)state;
	in.loads = loads;
	in.n_loads = COUNT(loads);
	in.people = some;
	in.n_people = COUNT(some);
	/* A has none open but is away; B has fewer than C. */
	assert_int_equal(pick_caretaker(&in, ASSIGN_LEAST_OPEN, &turn), 20);
	in.people = all;
	in.n_people = COUNT(all);
	/* Everybody away: W (1 open, for B) beats V (4, for A). */
	assert_int_equal(pick_caretaker(&in, ASSIGN_LEAST_OPEN, &turn), 60);
}

static void
each_role_of_a_type_picks_by_its_own_mode(void **state)
{
	static const int64_t roles[] = {ROLE_HAUS, ROLE_SACH};
	static const struct route_staff staff[] = {
	    {10, ROLE_HAUS, true, "Herr A", "Hausmeister"},
	    {20, ROLE_HAUS, true, "Frau B", "Hausmeister"},
	    {11, ROLE_SACH, true, "Herr Schmidt", "Sachbearbeitung"},
	    {12, ROLE_SACH, true, "Herr Lang", "Sachbearbeitung"},
	    {20, ROLE_SACH, true, "Frau B", "Sachbearbeitung"},
	};
	static const struct route_pick picks[] = {
	    {ROLE_HAUS, ASSIGN_ROUND_ROBIN, 10},
	};
	struct route_input in = input(roles, 2, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.picks = picks;
	in.n_picks = COUNT(picks);
	assert_int_equal(route_compute(&in, &out), HD_OK);
	/* Hausmeister in turn (B), Sachbearbeitung all (11, 12, B). */
	assert_int_equal(out.n, 3);
	assert_int_equal(out.items[0].employee_id, 11);
	assert_int_equal(out.items[1].employee_id, 12);
	assert_int_equal(out.items[2].employee_id, 20);
	assert_int_equal(out.items[2].role_id, ROLE_HAUS);
	assert_string_equal(out.items[2].reason,
	    "Frau B: Rollen Hausmeister, Sachbearbeitung in " P ", reihum");
	assert_string_equal(
	    out.items[0].reason, "Herr Schmidt: Rolle Sachbearbeitung in " P);
	route_result_cleanup(&out);
}

static void
fallback_role_picks_by_its_mode_and_returns_its_turn(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	static const struct route_staff staff[] = {
	    {40, ROLE_VERW, true, "Herr X", "Verwaltung"},
	    {41, ROLE_VERW, true, "Frau Z", "Verwaltung"},
	};
	static const struct route_pick picks[] = {
	    {ROLE_VERW, ASSIGN_ROUND_ROBIN, 40},
	    {ROLE_BUCH, ASSIGN_ROUND_ROBIN, 0},
	};
	struct route_input in = input(roles, 1, staff, COUNT(staff));
	struct route_result out;

	(void)state;
	in.picks = picks;
	in.n_picks = COUNT(picks);
	in.fallback_role_id = ROLE_VERW;
	in.fallback_role_name = "Verwaltung";
	assert_int_equal(route_compute(&in, &out), HD_OK);
	assert_true(out.unrouted);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.items[0].employee_id, 41);
	/* Only the role that picked has a turn to store. */
	assert_int_equal(out.n_turns, 1);
	assert_int_equal(out.turns[0].role_id, ROLE_VERW);
	assert_int_equal(out.turns[0].turn, 41);
	assert_string_equal(out.items[0].reason,
	    "Frau Z: Ersatzzuständigkeit (Rolle Verwaltung) in " P
	    ", reihum – Niemand hat eine passende Mitarbeiterrolle in " P);
	route_result_cleanup(&out);
}

static void
assign_modes_parse_and_pick(void **state)
{
	static const int64_t ids[] = {3, 7, 9};
	static const int64_t open[] = {2, 1, 1};
	enum assign_mode m;

	(void)state;
	assert_true(assign_mode_parse("all", &m));
	assert_int_equal(m, ASSIGN_ALL);
	assert_true(assign_mode_parse("round_robin", &m));
	assert_int_equal(m, ASSIGN_ROUND_ROBIN);
	assert_true(assign_mode_parse("least_open", &m));
	assert_int_equal(m, ASSIGN_LEAST_OPEN);
	assert_false(assign_mode_parse("Round_Robin", &m));
	assert_false(assign_mode_parse("", &m));
	assert_false(assign_mode_parse(NULL, &m));
	assert_string_equal(assign_mode_name(ASSIGN_LEAST_OPEN), "least_open");
	assert_string_equal(assign_mode_name((enum assign_mode)7), "all");
	assert_int_equal(assign_turn_next(ids, 3, 0), 0);
	assert_int_equal(assign_turn_next(ids, 3, 3), 1);
	assert_int_equal(assign_turn_next(ids, 3, 8), 2);
	assert_int_equal(assign_turn_next(ids, 3, 9), 0);
	assert_int_equal(assign_load_least(ids, open, 3), 1);
}

static void
new_inputs_given_as_null_with_a_count_are_rejected(void **state)
{
	static const int64_t roles[] = {ROLE_BUCH};
	struct route_input in = input(roles, 1, seed_staff, 2), bad;
	struct route_result out;

	(void)state;
	bad = in;
	bad.n_people = 1;
	assert_int_equal(route_compute(&bad, &out), HD_EINVAL);
	assert_null(out.items);
	bad = in;
	bad.n_picks = 1;
	assert_int_equal(route_compute(&bad, &out), HD_EINVAL);
	bad = in;
	bad.n_loads = 1;
	assert_int_equal(route_compute(&bad, &out), HD_EINVAL);
	route_result_cleanup(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(invoice_type_routes_to_bookkeeper_only),
	    cmocka_unit_test(damage_type_routes_to_case_worker_only),
	    cmocka_unit_test(type_with_several_roles_assigns_holders_of_each),
	    cmocka_unit_test(
		all_holders_of_a_role_are_assigned_in_employee_order),
	    cmocka_unit_test(
		employee_with_two_matching_roles_is_assigned_once_naming_both),
	    cmocka_unit_test(role_repeated_on_the_type_is_named_once),
	    cmocka_unit_test(type_without_role_goes_to_admins_unrouted),
	    cmocka_unit_test(role_nobody_holds_is_named_when_type_gives_names),
	    cmocka_unit_test(several_roles_nobody_holds_are_listed),
	    cmocka_unit_test(
		role_nobody_holds_without_name_gives_generic_reason),
	    cmocka_unit_test(all_holders_deactivated_is_unrouted),
	    cmocka_unit_test(
		deactivated_holders_are_named_before_roles_nobody_holds),
	    cmocka_unit_test(only_active_holders_are_assigned),
	    cmocka_unit_test(fallback_role_holders_get_unrouted_vorgang),
	    cmocka_unit_test(
		fallback_role_without_active_holder_goes_to_admins),
	    cmocka_unit_test(admin_fallback_skips_inactive_and_repeated_admins),
	    cmocka_unit_test(nobody_at_all_is_empty_unrouted_success),
	    cmocka_unit_test(huge_names_are_cut_to_valid_terminated_utf8),
	    cmocka_unit_test(null_arguments_are_rejected),
	    cmocka_unit_test(cleanup_twice_is_safe),
	    cmocka_unit_test(
		absent_holder_is_replaced_by_substitute_and_reason_names_both),
	    cmocka_unit_test(person_entry_that_is_present_changes_nothing),
	    cmocka_unit_test(
		absent_holder_without_substitute_leaves_it_to_the_other_holders),
	    cmocka_unit_test(
		absent_holder_without_substitute_goes_to_the_fallback),
	    cmocka_unit_test(absent_and_deactivated_holders_are_both_named),
	    cmocka_unit_test(substitute_who_is_absent_themself_counts_as_none),
	    cmocka_unit_test(
		substitute_who_is_inactive_or_unknown_counts_as_none),
	    cmocka_unit_test(substitute_chain_that_loops_ends_after_one_step),
	    cmocka_unit_test(
		holder_standing_in_for_a_colleague_is_assigned_once_naming_both),
	    cmocka_unit_test(
		substitute_for_holders_of_two_roles_names_both_and_the_first_role),
	    cmocka_unit_test(absent_fallback_holder_is_replaced_by_substitute),
	    cmocka_unit_test(
		absent_admins_are_replaced_skipped_or_kept_as_last_resort),
	    cmocka_unit_test(round_robin_goes_to_the_next_holder_and_says_so),
	    cmocka_unit_test(
		round_robin_turns_spread_evenly_and_none_is_taken_twice),
	    cmocka_unit_test(
		round_robin_keeps_its_place_when_holders_come_and_go),
	    cmocka_unit_test(
		round_robin_skips_an_absent_holder_without_taking_the_substitute),
	    cmocka_unit_test(
		round_robin_takes_substitutes_in_turn_when_every_holder_is_away),
	    cmocka_unit_test(
		least_open_picks_fewest_open_with_ties_to_lowest_id),
	    cmocka_unit_test(least_open_follows_the_counts_after_a_reassign),
	    cmocka_unit_test(
		least_open_skips_absent_holder_and_counts_substitutes_when_all_away),
	    cmocka_unit_test(each_role_of_a_type_picks_by_its_own_mode),
	    cmocka_unit_test(
		fallback_role_picks_by_its_mode_and_returns_its_turn),
	    cmocka_unit_test(assign_modes_parse_and_pick),
	    cmocka_unit_test(
		new_inputs_given_as_null_with_a_count_are_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
