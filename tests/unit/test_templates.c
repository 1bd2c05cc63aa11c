/* SPDX-License-Identifier: MIT */
/*
 * Every mail template in both languages, rendered over a set of inputs
 * (all fields, the optional ones left out, user text that must be cut or
 * cleaned), compared byte for byte with tests/unit/golden/templates.txt
 * (HD_GOLDEN_DIR names the folder):
 * the texts a recipient reads may not change by accident. After a wanted
 * change, HD_GOLDEN_WRITE=1 writes the file anew (review the diff).
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

#include "golden.h"
#include "mail/templates.h"
#include "util/buf.h"

static const struct mail_vorgang full = {
    .org_name = "ABC Hausverwaltung",
    .number = "V-2026-00007",
    .type_name = "Schadensmeldung",
    .property_name = "Max-Planck-Straße 12",
    .unit_label = "WE 3.OG links",
    .reporter_name = "Herr Müller",
    .subject = "Wasserfleck an der Decke",
    .description = "Seit gestern\ntropft es.\n",
    .link = "https://desk.example.org/vorgaenge/7",
    .n_attachments = 2,
};

/* Optional fields left out, one file, a subject with line ends and over
 * the subject's limit. */
static const struct mail_vorgang sparse = {
    .org_name = "ABC",
    .number = "V-2026-00008",
    .subject = "Zeile eins\r\nZeile zwei\tund ein sehr langer Betreff, "
	       "der über die Grenze geht: äöüäöüäöüäöüäöüäöüäöüäöüäöüäöü"
	       "äöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöüäöü"
	       "äöüäöüäöüäöüäöüäöüäöüäöüäöüäöü",
    .description = "ohne Zeilenende",
    .link = "https://desk.example.org/vorgaenge/8",
    .n_attachments = 1,
};

static const struct mail_vorgang bare = {
    .org_name = "ABC",
    .number = "V-2026-00009",
    .link = "https://desk.example.org/vorgaenge/9",
};

static const struct mail_vorgang *const vs[] = {&full, &sparse, &bare};
static const char *const names[] = {"Frau Huber", NULL, ""};

static void
put(struct hd_buf *g, const char *what, enum hd_status st, struct mail_text *t)
{
	assert_int_equal(hd_buf_printf(g,
			     "=== %s\nst=%d\n--- subject\n%s\n"
			     "--- body\n%s=== end\n",
			     what, (int)st, t->subject ? t->subject : "",
			     t->body ? t->body : ""),
	    HD_OK);
	mail_text_cleanup(t);
}

static void
render_all(struct hd_buf *g)
{
	static const char *const statuses[] = {
	    "waiting", "resolved", "closed", "open"};
	struct mail_text t;
	char what[128], line[MAIL_ATT_LINE_MAX];
	size_t i, k, s;
	long long n;

	for (i = 0; i < 3; i++) {
		const struct mail_vorgang *v = vs[i];
		const char *nm = names[i];
		const char *author = i == 0 ? "Frau Schmidt" : NULL;

		snprintf(what, sizeof what, "assigned %zu", i);
		put(g, what,
		    mail_tpl_assigned(&t, v, nm, i == 1 ? NULL : "Rolle X"),
		    &t);
		snprintf(what, sizeof what, "assigned_en %zu", i);
		put(g, what,
		    mail_tpl_assigned_en(&t, v, nm, i == 1 ? NULL : "Role X"),
		    &t);
		snprintf(what, sizeof what, "unrouted %zu", i);
		put(g, what,
		    mail_tpl_unrouted(&t, v, nm, i == 2 ? NULL : "keine Rolle"),
		    &t);
		snprintf(what, sizeof what, "unrouted_en %zu", i);
		put(g, what,
		    mail_tpl_unrouted_en(&t, v, nm, i == 2 ? NULL : "no role"),
		    &t);
		snprintf(what, sizeof what, "receipt %zu", i);
		put(g, what, mail_tpl_receipt(&t, v, nm), &t);
		snprintf(what, sizeof what, "receipt_en %zu", i);
		put(g, what, mail_tpl_receipt_en(&t, v, nm), &t);
		snprintf(what, sizeof what, "comment %zu", i);
		put(g, what, mail_tpl_comment(&t, v, nm, author, "Danke!"), &t);
		snprintf(what, sizeof what, "comment_en %zu", i);
		put(g, what, mail_tpl_comment_en(&t, v, nm, author, "Thanks!"),
		    &t);
		snprintf(what, sizeof what, "reply %zu", i);
		put(g, what,
		    mail_tpl_reply(
			&t, v, nm, i == 2 ? NULL : "Herr Müller", "Text\n"),
		    &t);
		for (k = 0; k < 2; k++) {
			snprintf(what, sizeof what, "reminder %zu %zu", i, k);
			put(g, what, mail_tpl_reminder(&t, v, nm, 48, k == 1),
			    &t);
			snprintf(
			    what, sizeof what, "reminder_en %zu %zu", i, k);
			put(g, what,
			    mail_tpl_reminder_en(&t, v, nm, 48, k == 1), &t);
		}
		for (s = 0; s < 4; s++) {
			const char *c = s == 1 ? NULL : "Erledigt.";

			snprintf(
			    what, sizeof what, "status %zu %s", i, statuses[s]);
			put(g, what,
			    mail_tpl_status(&t, v, nm, statuses[s], author, c),
			    &t);
			snprintf(what, sizeof what, "status_en %zu %s", i,
			    statuses[s]);
			put(g, what,
			    mail_tpl_status_en(
				&t, v, nm, statuses[s], author, c),
			    &t);
		}
	}
	put(g, "assigned no vorgang", mail_tpl_assigned(&t, NULL, "x", NULL),
	    &t);
	put(g, "status no status",
	    mail_tpl_status(&t, &full, "x", NULL, NULL, NULL), &t);
	for (i = 0; i < 3; i++) {
		const char *org = i == 0   ? "ABC Hausverwaltung"
				  : i == 1 ? "Eine Verwaltung mit einem sehr "
					     "langen Namen, länger als hundert "
					     "Bytes, damit der Betreff gekürzt "
					     "werden muss: äöü äöü äöü äöü äöü "
					     "äöü äöü äöü äöü äöü äöü"
					   : "";

		snprintf(what, sizeof what, "invite_employee %zu", i);
		put(g, what, mail_tpl_invite_employee(&t, org, names[i], "L"),
		    &t);
		snprintf(what, sizeof what, "invite_contact %zu", i);
		put(g, what, mail_tpl_invite_contact(&t, org, names[i], "L"),
		    &t);
		snprintf(what, sizeof what, "password_reset %zu", i);
		put(g, what, mail_tpl_password_reset(&t, org, names[i], "L"),
		    &t);
		snprintf(what, sizeof what, "password_reset_en %zu", i);
		put(g, what, mail_tpl_password_reset_en(&t, org, names[i], "L"),
		    &t);
		snprintf(what, sizeof what, "too_large %zu", i);
		put(g, what,
		    mail_tpl_too_large(&t, org, i == 1 ? NULL : "V-2026-00007",
			names[i], "a.pdf (30 MiB)\nb.jpg (25 MiB)\n", "20 MiB"),
		    &t);
	}
	for (n = -1; n < 4; n++) {
		mail_tpl_attachments_line(n, line);
		assert_int_equal(
		    hd_buf_printf(g, "att %lld: %s", n, line), HD_OK);
		mail_tpl_attachments_line_en(n, line);
		assert_int_equal(
		    hd_buf_printf(g, "att_en %lld: %s", n, line), HD_OK);
	}
}

static void
every_template_renders_as_the_golden_file_says(void **state)
{
	(void)state;
	golden_check("templates.txt", render_all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_template_renders_as_the_golden_file_says),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
