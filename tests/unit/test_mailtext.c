/* SPDX-License-Identifier: MIT */
/* The text of an inbound mail (src/core/mailtext.c): HTML made readable,
 * quoted tails cut, Windows-1252 made UTF-8. */
#include "core/mailtext.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

static void
html_is(const char *html, const char *want)
{
	char *t = NULL;

	assert_int_equal(
	    mailtext_from_html(html, strlen(html), 1 << 20, &t), HD_OK);
	assert_string_equal(t, want);
	free(t);
}

static void
cut_is(const char *text, const char *want)
{
	char *t = NULL;

	assert_int_equal(mailtext_cut_quote(text, &t), HD_OK);
	assert_string_equal(t, want);
	free(t);
}

static void
html_blocks_become_lines_and_entities_characters(void **state)
{
	(void)state;
	html_is("<p>Guten Tag,</p><p>die Heizung&nbsp;ist <b>kalt</b>.</p>",
	    "Guten Tag,\n\ndie Heizung ist kalt.");
	html_is("Zeile 1<br>Zeile 2<br/>Zeile 3", "Zeile 1\nZeile 2\nZeile 3");
	html_is("<div>a</div><div>b</div>", "a\nb");
	html_is("M&uuml;ller &amp; S&ouml;hne &#8364; &#x20AC; &lt;x&gt;",
	    "Müller & Söhne € € <x>");
	html_is("<ul><li>eins</li><li>zwei</li></ul>", "- eins\n- zwei");
	html_is("a &bogus; b & c < d", "a &bogus; b & c < d");
}

static void
html_script_style_and_head_leave_nothing(void **state)
{
	(void)state;
	html_is("<html><head><title>T</title><style>p{color:red}</style>"
		"</head><body><script>alert(1)</script><p>Text</p>"
		"<!-- <p>Kommentar</p> --></body></html>",
	    "Text");
	html_is("<SCRIPT type=\"x\">var a = '</b>';</SCRIPT>ok", "ok");
	html_is("<style", "");
	html_is("", "");
}

static void
quotes_are_cut_where_clients_put_them(void **state)
{
	(void)state;
	cut_is("Danke!\n\n> alt\n> alt", "Danke!");
	cut_is("Danke!\n\nAm Mo., 30. Nov. 2026 um 10:00 Uhr schrieb "
	       "Hausverwaltung <x@y.de>:\n> alt",
	    "Danke!");
	cut_is("Danke!\n\nAm 30.11.2026 um 10:00 schrieb Hausverwaltung <\n"
	       "x@y.de>:\n\n> alt",
	    "Danke!");
	cut_is("Thanks\nOn Mon, Nov 30, 2026 at 10:00 AM X <x@y.de> wrote:\n"
	       "> old",
	    "Thanks");
	cut_is("Ja.\n\n-----Ursprüngliche Nachricht-----\nVon: X", "Ja.");
	cut_is("Yes.\n-----Original Message-----\nFrom: X", "Yes.");
	cut_is("Erledigt.\n\n________________________________\nVon: Haus "
	       "<x@y.de>\nGesendet: Montag, 30. November 2026 10:00\nAn: "
	       "a@b.de\nBetreff: x\n\nalt",
	    "Erledigt.");
	cut_is("Erledigt.\n\n*Von:* Haus\n*Gesendet:* Montag\n", "Erledigt.");
	cut_is("Done.\nFrom: Haus\nSent: Monday\nTo: a\n", "Done.");
}

static void
texts_without_quotes_stay_whole(void **state)
{
	(void)state;
	cut_is("Am Montag kommt der Handwerker.\nVon: mir",
	    "Am Montag kommt der Handwerker.\nVon: mir");
	cut_is("> nur Zitat\n> sonst nichts", "> nur Zitat\n> sonst nichts");
	cut_is("Text\n\n\n", "Text");
	cut_is("", "");
}

static void
windows_1252_becomes_utf8(void **state)
{
	char *t = NULL;
	const char *w = "M\xfcller \x80 \x84x\x93 \xdf";

	(void)state;
	assert_int_equal(mailtext_cp1252_to_utf8(w, strlen(w), 100, &t), HD_OK);
	assert_string_equal(t, "Müller € „x“ ß");
	free(t);
	assert_int_equal(mailtext_cp1252_to_utf8("\x81", 1, 100, &t), HD_OK);
	assert_string_equal(t, "\xef\xbf\xbd");
	free(t);
	assert_int_equal(mailtext_cp1252_to_utf8("", 0, 100, &t), HD_OK);
	assert_string_equal(t, "");
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(html_blocks_become_lines_and_entities_characters),
	    cmocka_unit_test(html_script_style_and_head_leave_nothing),
	    cmocka_unit_test(quotes_are_cut_where_clients_put_them),
	    cmocka_unit_test(texts_without_quotes_stay_whole),
	    cmocka_unit_test(windows_1252_becomes_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
