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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
