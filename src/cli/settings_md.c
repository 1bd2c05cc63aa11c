/* SPDX-License-Identifier: MIT */
/*
 * hausdesk-settings-md: the settings section of docs/operations.md, made
 * from the table in src/util/settings_table.c.
 *
 *   hausdesk-settings-md               print the section
 *   hausdesk-settings-md --write FILE  put it between FILE's markers
 *   hausdesk-settings-md --check FILE  exit 1 unless FILE has it already
 *
 * `make settings-doc` writes, `make lint` checks.
 */
#include "util/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DOC (4 * 1024 * 1024)

static const char note[] =
    "<!-- Made by `make settings-doc` from src/util/settings_table.c: "
    "change the table, not this. -->\n\n";

/* Reads all of path into b; false (said) when it cannot. */
static bool
slurp(const char *path, struct hd_buf *b)
{
	char chunk[8192];
	bool ok = true;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return false;
	}
	while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ok = hd_buf_add(b, chunk, n) == HD_OK;
	if (!ok || ferror(f)) {
		fprintf(stderr, "%s: cannot read it whole\n", path);
		ok = false;
	}
	fclose(f);
	return ok;
}

/* Replaces path by data, through a temporary file beside it. */
static bool
spill(const char *path, const char *data, size_t len)
{
	char tmp[4096];
	bool ok;
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp) ||
	    (f = fopen(tmp, "wb")) == NULL) {
		perror(path);
		return false;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		perror(tmp);
		remove(tmp);
		return false;
	}
	return true;
}

int
main(int argc, char **argv)
{
	struct hd_buf sec, doc, out;
	int rc = 1;

	hd_buf_init(&sec, MAX_DOC);
	hd_buf_init(&doc, MAX_DOC);
	hd_buf_init(&out, MAX_DOC);
	if (!(argc == 1 ||
		(argc == 3 && (strcmp(argv[1], "--write") == 0 ||
				  strcmp(argv[1], "--check") == 0)))) {
		fputs("usage: hausdesk-settings-md [--write FILE | --check "
		      "FILE]\n",
		    stderr);
		rc = 2;
		goto out;
	}
	if (hd_buf_adds(&sec, note) != HD_OK ||
	    hd_settings_markdown_append(&sec) != HD_OK ||
	    hd_buf_adds(&sec, "\n") != HD_OK) {
		fputs("hausdesk-settings-md: out of memory\n", stderr);
		goto out;
	}
	if (argc == 1) {
		fwrite(sec.data, 1, sec.len, stdout);
		rc = 0;
		goto out;
	}
	if (!slurp(argv[2], &doc))
		goto out;
	if (hd_settings_doc_splice(doc.data, doc.len, sec.data, &out) !=
	    HD_OK) {
		fprintf(stderr,
		    "%s: needs one line '%s' and, below it, one line '%s'\n",
		    argv[2], HD_SETTINGS_BEGIN, HD_SETTINGS_END);
		goto out;
	}
	if (strcmp(argv[1], "--check") == 0) {
		if (out.len == doc.len &&
		    memcmp(out.data, doc.data, doc.len) == 0)
			rc = 0;
		else
			fprintf(stderr,
			    "%s: the settings section is not what "
			    "src/util/settings_table.c says: run 'make "
			    "settings-doc'\n",
			    argv[2]);
		goto out;
	}
	rc = spill(argv[2], out.data, out.len) ? 0 : 1;
out:
	hd_buf_cleanup(&sec);
	hd_buf_cleanup(&doc);
	hd_buf_cleanup(&out);
	return rc;
}
