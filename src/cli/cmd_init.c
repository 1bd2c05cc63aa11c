/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "core/validate.h"
#include "store/setting.h"
#include "util/rand.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void
usage(FILE *f)
{
	fputs("usage: hausdesk init --db PATH --org NAME --admin-email E "
	      "--admin-password P [--admin-name N]\n\n"
	      "Creates the database (or migrates it to this version) and the\n"
	      "organisation NAME with its first admin. Safe to run twice: an\n"
	      "existing organisation and its admin are left as they are.\n"
	      "Another NAME adds another organisation to the same database;\n"
	      "its admin may use an address that has an account elsewhere.\n",
	    f);
}

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"org", required_argument, NULL, 'o'},
	    {"admin-email", required_argument, NULL, 'e'},
	    {"admin-password", required_argument, NULL, 'p'},
	    {"admin-name", required_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *org = NULL, *email = NULL, *pw = NULL;
	const char *name = "Administrator";
	char hash[160];
	struct db_conn *c;
	enum hd_status st;
	int64_t org_id;
	bool created;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'o':
			org = optarg;
			break;
		case 'e':
			email = optarg;
			break;
		case 'p':
			pw = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (db == NULL || org == NULL || email == NULL || pw == NULL) {
		usage(stderr);
		return 2;
	}
	if (!hd_valid_text(org, HD_MAX_NAME, false) ||
	    !hd_valid_text(name, HD_MAX_NAME, false)) {
		fprintf(stderr,
		    "hausdesk: the organisation and admin names "
		    "must be one line of at most %d bytes\n",
		    HD_MAX_NAME);
		return 2;
	}
	if (!hd_valid_email(email)) {
		fprintf(stderr,
		    "hausdesk: '%s' is not a valid e-mail address\n", email);
		return 2;
	}
	if (!hd_valid_password(pw)) {
		fprintf(stderr,
		    "hausdesk: the admin password needs at least "
		    "%d characters\n",
		    HD_MIN_PASSWORD);
		return 2;
	}
	if ((c = cli_open_db(db, false)) == NULL)
		return 1;
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
		return 1;
	}
	printf("%s: organisation '%s' %s\n", db, org,
	    created ? "created with its admin" : "exists, left unchanged");
	return 0;
}
