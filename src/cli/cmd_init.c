/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "core/validate.h"
#include "store/setting.h"
#include "util/rand.h"
#include "util/settings.h"

#include <stdio.h>
#include <string.h>

int
cmd_init(int argc, char **argv)
{
	static struct hd_settings s;
	const char *db, *org, *email, *pw, *name;
	char hash[160];
	struct db_conn *c;
	enum hd_status st;
	int64_t org_id;
	bool created;
	int rc;

	if ((rc = hd_settings_parse(&s, HD_CMD_INIT, argc, argv, stdout,
		 stderr)) != HD_SETTINGS_RUN)
		goto out;
	db = s.cfg.db_path;
	org = s.org;
	email = s.admin_email;
	pw = s.admin_password;
	name = s.admin_name;
	rc = 2;
	if (!hd_valid_text(org, HD_MAX_NAME, false) ||
	    !hd_valid_text(name, HD_MAX_NAME, false)) {
		fprintf(stderr,
		    "hausdesk: the organisation and admin names "
		    "must be one line of at most %d bytes\n",
		    HD_MAX_NAME);
		goto out;
	}
	if (!hd_valid_email(email)) {
		fprintf(stderr,
		    "hausdesk: '%s' is not a valid e-mail address\n", email);
		goto out;
	}
	if (!hd_valid_password(pw)) {
		fprintf(stderr,
		    "hausdesk: the admin password needs at least "
		    "%d characters\n",
		    HD_MIN_PASSWORD);
		goto out;
	}
	rc = 1;
	if ((c = cli_open_db(db, false)) == NULL)
		goto out;
	st = hd_password_hash(pw, hash, sizeof(hash));
	if (st == HD_OK && (st = db_begin(c)) == HD_OK) {
		st = store_org_ensure(
		    c, org, email, name, hash, &org_id, &created);
		if (st == HD_OK)
			st = db_commit(c);
		else
			db_rollback(c);
	}
	db_close(c);
	if (st != HD_OK) {
		fprintf(
		    stderr, "hausdesk: init failed: %s\n", hd_status_str(st));
		goto out;
	}
	printf("%s: organisation '%s' %s\n", cli_shown(db), org,
	    created ? "created with its admin" : "exists, left unchanged");
	rc = 0;
out:
	hd_settings_cleanup(&s); /* the password read from a file */
	return rc;
}
