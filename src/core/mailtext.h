/* SPDX-License-Identifier: MIT */
#ifndef HD_CORE_MAILTEXT_H
#define HD_CORE_MAILTEXT_H

#include "util/status.h"

#include <stddef.h>

/*
 * The text of an inbound mail (issue 14; docs/mail-in.md): HTML made
 * readable, the quoted tail of a reply cut, 8-bit text of an undeclared
 * or Windows charset made UTF-8. Pure functions, no I/O.
 */

/*
 * Turns len bytes of HTML (UTF-8) into plain text: tags dropped, block
 * elements (p, div, br, li, tr, h1-h6, blockquote…) become line breaks,
 * entities decoded, nothing of script/style/head, runs of blank lines
 * squeezed. At most max bytes of output. *out: caller frees.
 * Returns HD_OK or HD_ENOMEM.
 */
enum hd_status mailtext_from_html(
    const char *html, size_t len, size_t max, char **out);

/*
 * Returns the text of a reply without the quoted tail: cut at the first
 * line that starts a quote ("> …", "Am … schrieb …:", "On … wrote:",
 * "-----Ursprüngliche Nachricht-----", "-----Original Message-----",
 * Outlook's "Von: …" followed by "Gesendet: …" / "From: … Sent: …"), a
 * phone's "Gesendet von meinem iPhone" as the last line dropped, and
 * trailing blank lines removed. A text that is all quote stays as it was.
 * *out: caller frees. Returns HD_OK or HD_ENOMEM.
 */
enum hd_status mailtext_cut_quote(const char *text, char **out);

/*
 * Tidies text in place: trailing blanks of each line and blank lines at
 * both ends removed, runs of blank lines squeezed to one. Returns the new
 * length.
 */
size_t mailtext_tidy(char *s);

/*
 * Converts len bytes of Windows-1252 (which covers ISO-8859-1's printable
 * range) into UTF-8, at most max output bytes. *out: caller frees.
 * Returns HD_OK or HD_ENOMEM.
 */
enum hd_status mailtext_cp1252_to_utf8(
    const char *s, size_t len, size_t max, char **out);

#endif
