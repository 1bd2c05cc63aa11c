/* SPDX-License-Identifier: MIT */
#include "util/settings.h"

#include <string.h>

/* --help: the option column, then the text wrapped at WIDTH. */
#define COL 24
#define WIDTH 79

/* Characters, not bytes: "Vorgänge" is 8 wide. */
static size_t
width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Writes text from column col on, breaking between words before WIDTH
 * and going on at column indent; ends the line. */
static void
wrap(FILE *f, const char *text, size_t col, size_t indent)
{
	const char *p = text + strspn(text, " ");
	bool first = true;

	while (*p != '\0') {
		size_t n = strcspn(p, " "), w = width(p, n);

		if (!first && col + 1 + w > WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		first = false;
		col += w;
		p += n;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

/* Numbers, switches and decimals say what they take; a text is a text. */
static bool
describes(const struct hd_setting *r)
{
	return r->type == HD_SET_INT || r->type == HD_SET_DURATION ||
	       r->type == HD_SET_SIZE || r->type == HD_SET_DECIMAL ||
	       r->type == HD_SET_BOOL;
}

/* The text of one row: "help (VARIABLE; values; default X; required)". */
static void
row_text(const struct hd_setting *r, char *buf, size_t n)
{
	char what[160], def[160];
	const char *part[4];
	size_t k = 0, i, len;

	if (r->flag != NULL && r->env != NULL)
		part[k++] = r->env;
	if (describes(r)) {
		hd_setting_describe(r, what, sizeof(what));
		part[k++] = what;
	}
	if (r->def != NULL && r->type != HD_SET_SECRET) {
		snprintf(def, sizeof(def), "default %s", r->def);
		part[k++] = def;
	} else if (r->def_doc != NULL) {
		snprintf(def, sizeof(def), "default %s", r->def_doc);
		part[k++] = def;
	}
	if (r->flags & HD_SETF_REQUIRED)
		part[k++] = "required";
	len = (size_t)snprintf(buf, n, "%s", r->help);
	for (i = 0; i < k && len < n; i++)
		len += (size_t)snprintf(
		    buf + len, n - len, "%s%s", i == 0 ? " (" : "; ", part[i]);
	if (k > 0 && len < n)
		snprintf(buf + len, n - len, ")");
}

static void
help_row(FILE *f, const struct hd_setting *r)
{
	char head[96], text[1024];
	int col;

	if (r->flag == NULL)
		col = snprintf(head, sizeof(head), "  %s=%s", r->env,
		    r->arg != NULL ? r->arg : "VALUE");
	else
		col = snprintf(head, sizeof(head), "  --%s %s", r->flag,
		    r->arg != NULL ? r->arg : "VALUE");
	fputs(head, f);
	if (col >= COL - 1) {
		fprintf(f, "\n%*s", COL, "");
	} else {
		fprintf(f, "%*s", COL - col, "");
	}
	row_text(r, text, sizeof(text));
	wrap(f, text, COL, COL);
}

void
hd_settings_help_write(FILE *f, enum hd_cmd cmd)
{
	const struct hd_command_doc *d = hd_command_doc_find(cmd);
	size_t i;

	if (d == NULL)
		return;
	fprintf(f, "usage: hausdesk %s", d->name);
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];

		if ((r->cmds & cmd) && (r->flags & HD_SETF_REQUIRED) &&
		    r->flag != NULL && !(r->flags & HD_SETF_EXPOSED))
			fprintf(f, " --%s %s", r->flag,
			    r->arg != NULL ? r->arg : "VALUE");
	}
	fputs(" [OPTIONS]\n\n", f);
	wrap(f, d->about, 0, 0);
	fputs("\nOptions (a flag beats its variable, the variable beats the "
	      "default):\n",
	    f);
	for (i = 0; i < hd_setting_count; i++)
		if (hd_setting_table[i].cmds & cmd)
			help_row(f, &hd_setting_table[i]);
	fprintf(f, "  -h, --help%*sshow this help\n", COL - 12, "");
}

/* ---- the docs ------------------------------------------------------ */

/* A table cell: a '|' would end it. */
static enum hd_status
cell(struct hd_buf *b, const char *s)
{
	enum hd_status st = HD_OK;

	while (st == HD_OK && *s != '\0') {
		size_t n = strcspn(s, "|");

		st = hd_buf_add(b, s, n);
		s += n;
		if (st == HD_OK && *s == '|') {
			st = hd_buf_adds(b, "\\|");
			s++;
		}
	}
	return st;
}

static enum hd_status
md_row(struct hd_buf *b, const struct hd_setting *r)
{
	char what[160];
	enum hd_status st;
	const char *sep = "";
	size_t k;

	if (r->flag == NULL)
		st = hd_buf_adds(b, "| – | ");
	else
		st = hd_buf_printf(b, "| `--%s` | ", r->flag);
	if (st == HD_OK)
		st = r->env != NULL ? hd_buf_printf(b, "`%s` | ", r->env)
				    : hd_buf_adds(b, "– | ");
	for (k = 0; st == HD_OK && k < hd_command_count; k++) {
		if (!(r->cmds & hd_command_table[k].cmd))
			continue;
		st = hd_buf_printf(b, "%s%s", sep, hd_command_table[k].name);
		sep = ", ";
	}
	if (st == HD_OK)
		st = hd_buf_adds(b, " | ");
	if (st != HD_OK)
		return st;
	if (r->flags & HD_SETF_REQUIRED)
		st = hd_buf_adds(b, "required");
	else if (r->def != NULL && r->type != HD_SET_SECRET)
		st = hd_buf_printf(b, "`%s`", r->def);
	else if (r->def_doc != NULL)
		st = cell(b, r->def_doc);
	else
		st = hd_buf_adds(b, "unset");
	hd_setting_describe(r, what, sizeof(what));
	if (st == HD_OK)
		st = hd_buf_adds(b, " | ");
	if (st == HD_OK)
		st = cell(b, what);
	if (st == HD_OK)
		st = hd_buf_adds(b, " | ");
	if (st == HD_OK)
		st = cell(b, r->help);
	return st == HD_OK ? hd_buf_adds(b, " |\n") : st;
}

enum hd_status
hd_settings_markdown_append(struct hd_buf *b)
{
	enum hd_status st;
	size_t i;

	st = hd_buf_adds(b, "| flag | variable | commands | default | values "
			    "| meaning |\n|---|---|---|---|---|---|\n");
	for (i = 0; st == HD_OK && i < hd_setting_count; i++)
		st = md_row(b, &hd_setting_table[i]);
	return st;
}

/* The lines of doc that are exactly marker: how many, the first at *at. */
static size_t
marker_lines(const char *doc, size_t len, const char *marker, size_t *at)
{
	size_t m = strlen(marker), i = 0, count = 0;

	while (i < len) {
		const char *nl = memchr(doc + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - doc) : len;

		if (end - i == m && memcmp(doc + i, marker, m) == 0 &&
		    count++ == 0)
			*at = i;
		i = end + 1;
	}
	return count;
}

enum hd_status
hd_settings_doc_splice(
    const char *doc, size_t len, const char *section, struct hd_buf *out)
{
	size_t begin = 0, end = 0, after;
	enum hd_status st;

	if (marker_lines(doc, len, HD_SETTINGS_BEGIN, &begin) != 1 ||
	    marker_lines(doc, len, HD_SETTINGS_END, &end) != 1 || end < begin)
		return HD_EINVAL;
	after = begin + strlen(HD_SETTINGS_BEGIN) + 1; /* past its '\n' */
	if ((st = hd_buf_add(out, doc, after)) != HD_OK ||
	    (st = hd_buf_adds(out, section)) != HD_OK)
		return st;
	return hd_buf_add(out, doc + end, len - end);
}
