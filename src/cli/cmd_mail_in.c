/* SPDX-License-Identifier: MIT */
/*
 * hausdesk mail-in: one inbound mail from standard input, for an MTA's
 * pipe transport (docs/mail-in.md). The exit status is what the MTA acts
 * on (sysexits.h): 0 taken, 65 bounce it (it cannot be read), 75 keep it
 * and retry (the database is busy or down; nothing was written). With
 * --url instead of --db the mail is posted to a server (mail_in_url.c).
 */
#include "app/attachment.h"
#include "app/inbound.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_DATAERR 65	 /* EX_DATAERR */
#define EXIT_TEMPFAIL 75 /* EX_TEMPFAIL */
/* Bytes read from standard input at a time. */
#define READ_CHUNK 65536

/* Reads all of standard input into b; HD_ETOOBIG beyond its limit. */
static enum hd_status
read_stdin(struct hd_buf *b)
{
	char chunk[READ_CHUNK];
	enum hd_status st;
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n == 0)
			return HD_OK;
		if (n < 0)
			return HD_EIO;
		if ((st = hd_buf_add(b, chunk, (size_t)n)) != HD_OK)
			return st;
	}
}

int
cmd_mail_in(int argc, char **argv)
{
	static struct hd_settings s;
	struct app_inbound_in in = {0};
	struct app_inbound_out out;
	struct db_conn *c = NULL;
	enum hd_status st;
	struct hd_buf raw;
	int rc;

	if ((rc = hd_settings_parse(&s, HD_CMD_MAIL_IN, argc, argv, stdout,
		 stderr)) != HD_SETTINGS_RUN) {
		hd_settings_cleanup(&s);
		return rc;
	}
	hd_cfg = s.cfg;
	hd_buf_init(&raw, APP_INBOUND_MAX);
	if ((hd_cfg.db_path == NULL) == (s.url == NULL)) {
		fprintf(stderr, "hausdesk mail-in: give --db or --url (one of "
				"them)\nRun 'hausdesk mail-in --help' for its "
				"options.\n");
		rc = 2;
		goto out;
	}
	if (s.url != NULL && (s.api_token == NULL || *s.api_token == '\0')) {
		fprintf(stderr, "hausdesk mail-in: --url needs an API token: "
				"HAUSDESK_API_TOKEN or --token-file\n");
		rc = 2;
		goto out;
	}
	st = read_stdin(&raw);
	if (st == HD_ETOOBIG || st == HD_EINVAL) {
		fprintf(stderr, "hausdesk: the message is larger than %d MiB\n",
		    APP_INBOUND_MAX / (1024 * 1024));
		rc = EXIT_DATAERR;
		goto out;
	}
	if (st != HD_OK) {
		fprintf(stderr, "hausdesk: cannot read standard input\n");
		rc = EXIT_TEMPFAIL;
		goto out;
	}
	if (s.url != NULL) {
		rc = cli_mail_in_url(s.url, s.api_token, s.recipient,
		    raw.data != NULL ? raw.data : "", raw.len);
		goto out;
	}
	app_attachment_limits((int64_t)hd_cfg.attachment_max_mb * (1 << 20),
	    (int64_t)hd_cfg.attachment_quota_gb * (1 << 30),
	    (int64_t)hd_cfg.attachment_reserve_mb * (1 << 20));
	in.raw = raw.data != NULL ? raw.data : "";
	in.len = raw.len;
	in.recipient = s.recipient;
	in.cap = hd_cfg.inbound_cap;
	if ((c = cli_open_db(hd_cfg.db_path, true)) == NULL) {
		rc = EXIT_TEMPFAIL;
		goto out;
	}
	st = db_begin(c);
	if (st == HD_OK)
		st = app_inbound_take_in(c, &in, &out);
	if (st == HD_OK)
		st = db_commit(c);
	else
		db_rollback(c);
	if (st == HD_EINVAL) {
		fprintf(stderr, "hausdesk: the message cannot be read "
				"(RFC 5322)\n");
		rc = EXIT_DATAERR;
	} else if (st != HD_OK) {
		fprintf(stderr,
		    "hausdesk: the database is not available (%s); nothing "
		    "was taken\n",
		    hd_status_str(st));
		rc = EXIT_TEMPFAIL;
	} else {
		printf("%s", app_inbound_result_name(out.result));
		if (out.process_id != 0)
			printf(" process_id=%lld", (long long)out.process_id);
		if (out.comment_id != 0)
			printf(" comment_id=%lld", (long long)out.comment_id);
		if (out.unassigned_id != 0)
			printf(" unassigned_id=%lld",
			    (long long)out.unassigned_id);
		if (out.reason != NULL)
			printf(" reason=\"%s\"", out.reason);
		printf("\n");
		rc = 0;
	}
out:
	db_close(c);
	hd_buf_cleanup(&raw);
	hd_settings_cleanup(&s);
	return rc;
}
