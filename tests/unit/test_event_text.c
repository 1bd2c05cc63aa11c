/* SPDX-License-Identifier: MIT */
/*
 * Every history sentence in both languages, rendered over a set of
 * events (each code, with and without its optional parts, names that
 * take "Herrn", a cause longer than a sentence may be, a buffer that
 * cuts), compared byte for byte with tests/unit/golden/events.txt
 * (HD_GOLDEN_DIR names the folder). After a wanted change,
 * HD_GOLDEN_WRITE=1 writes the file anew (review the diff).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs these before it, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "core/event.h"
#include "golden.h"
#include "util/buf.h"

#define DAY_2026_12_12 20799

static const char long_role[] =
    "Eine Rolle mit einem sehr langen Namen, die immer weiter geht und "
    "weiter, bis der Grund länger ist als ein Satz sein darf: äöü äöü "
    "äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü "
    "äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü "
    "äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü "
    "äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü";

/* Fills ev with variant k (0..3) of code: more names, roles, absent
 * people and picks as k grows. */
static void
fill(struct event *ev, enum event_code code, int k, enum event_cause cause)
{
	static const char *const roles[] = {"Hausmeister", "Technik", "Büro"};
	static const char *const people[] = {
	    "Herr Schmidt", "Frau Huber", "Herr Ober"};
	size_t i;

	event_init(ev, code);
	ev->who = k == 3 ? NULL : "Herr Meier";
	ev->actor = k == 1 ? "Herr Krause" : "Frau Lang";
	ev->property = "Max-Planck-Straße 12";
	ev->text = k == 0 ? NULL : k == 1 ? "" : "bitte bis Freitag";
	ev->portal = k % 2 == 1;
	ev->from = (enum hd_pstatus)(k % 5);
	ev->to = (enum hd_pstatus)((k + 2) % 5);
	ev->field = (enum event_field)(k % 4);
	ev->old_value = k == 0 ? NULL : "alt";
	ev->new_value = k == 2 ? "" : "neu";
	ev->hours = k == 1 ? 1 : 48;
	ev->size = 26554163 + k * 1000;
	ev->limit = k == 0 ? 870400 : 20971520;
	ev->picks = (unsigned)k;
	ev->n_roles = (size_t)k < 3 ? (size_t)k : 1;
	for (i = 0; i < ev->n_roles; i++)
		ev->roles[i] = roles[i];
	ev->n_absent = (size_t)(k % 3);
	for (i = 0; i < ev->n_absent; i++) {
		ev->absent[i].name = people[i];
		ev->absent[i].until = DAY_2026_12_12 + (int32_t)i * 40;
	}
	ev->n_names = (size_t)k;
	for (i = 0; i < ev->n_names; i++)
		ev->names[i] = people[i];
	ev->cause = cause;
	ev->n_cause_roles = (size_t)(k % 3);
	for (i = 0; i < ev->n_cause_roles; i++)
		ev->cause_roles[i] = roles[i];
	if (k == 3) {
		ev->n_cause_roles = 1;
		ev->cause_roles[0] = long_role;
	}
}

static void
put(struct hd_buf *g, const struct event *ev, const char *what)
{
	static const size_t sizes[] = {EVENT_TEXT_MAX, 40};
	char buf[EVENT_TEXT_MAX];
	enum hd_status st;
	size_t s;
	int lang;

	for (lang = 0; lang < 2; lang++)
		for (s = 0; s < 2; s++) {
			memset(buf, 'x', sizeof buf);
			st =
			    event_render(ev, (enum hd_lang)lang, buf, sizes[s]);
			assert_int_equal(
			    hd_buf_printf(g, "%s %s %zu st=%d: %s\n", what,
				lang ? "en" : "de", sizes[s], (int)st, buf),
			    HD_OK);
		}
}

static void
render_all(struct hd_buf *g)
{
	struct event ev;
	char what[64];
	int code, k, cause;

	for (code = 0; code < EVENT_CODE_COUNT; code++)
		for (k = 0; k < 4; k++)
			for (cause = 0; cause < 5; cause++) {
				fill(&ev, (enum event_code)code, k,
				    (enum event_cause)cause);
				if (code == EVENT_LEGACY)
					ev.text = k == 0 ? NULL : "Alt: früher";
				snprintf(what, sizeof what, "%d/%d/%d", code, k,
				    cause);
				put(g, &ev, what);
			}
	fill(&ev, EVENT_STATUS, 0, CAUSE_NO_ROLE);
	ev.to = (enum hd_pstatus)99;
	put(g, &ev, "status out of range");
	fill(&ev, (enum event_code)EVENT_CODE_COUNT, 0, CAUSE_NO_ROLE);
	put(g, &ev, "code out of range");
}

static void
every_event_renders_as_the_golden_file_says(void **state)
{
	(void)state;
	golden_check("events.txt", render_all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_event_renders_as_the_golden_file_says),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
