/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "util/config.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct db_conn *
cli_open_db(const char *path, bool must_exist)
{
	struct db_conn *c = NULL;

	if (must_exist && access(path, F_OK) != 0) {
		fprintf(stderr,
		    "hausdesk: no database at %s (run 'hausdesk init' "
		    "first)\n",
		    path);
		return NULL;
	}
	if (db_open(path, 0, &c) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot open the database %s\n", path);
		return NULL;
	}
	if (db_migrate(c) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot migrate the database %s\n", path);
		db_close(c);
		return NULL;
	}
	return c;
}

static void
env_str(const char *name, const char **dst)
{
	const char *v = getenv(name);

	if (v != NULL && *v != '\0')
		*dst = v;
}

static void
env_num(const char *name, int64_t min, int64_t max, long *dst)
{
	const char *v = getenv(name);
	int64_t n;

	if (v == NULL || *v == '\0')
		return;
	if (!hd_parse_i64(v, min, max, &n)) {
		fprintf(stderr,
		    "hausdesk: %s must be a number from %lld to "
		    "%lld\n",
		    name, (long long)min, (long long)max);
		exit(2);
	}
	*dst = (long)n;
}

void
cli_config_from_env(void)
{
	long n;

	env_str("HAUSDESK_SMTP_URL", &hd_cfg.smtp_url);
	env_str("HAUSDESK_SMTP_USER", &hd_cfg.smtp_user);
	env_str("HAUSDESK_SMTP_PASSWORD", &hd_cfg.smtp_password);
	env_str("HAUSDESK_MAIL_FROM", &hd_cfg.mail_from);
	env_str("HAUSDESK_TRUSTED_PROXIES", &hd_cfg.trusted_proxies);
	if (hd_cfg.base_url == NULL)
		env_str("HAUSDESK_BASE_URL", &hd_cfg.base_url);
	if (hd_cfg.maildir == NULL)
		env_str("HAUSDESK_MAILDIR", &hd_cfg.maildir);
	env_num("HAUSDESK_MAIL_RETRY_MS", 10, 3600000, &hd_cfg.mail_retry_ms);
	n = hd_cfg.mail_max_attempts;
	env_num("HAUSDESK_MAIL_MAX_ATTEMPTS", 0, 100000, &n);
	hd_cfg.mail_max_attempts = (int)n;
	env_num("HAUSDESK_MAIL_GIVE_UP_HOURS", 1, 24 * 365,
	    &hd_cfg.mail_give_up_hours);
	env_num(
	    "HAUSDESK_SMTP_TIMEOUT_MS", 0, 3600000, &hd_cfg.smtp_timeout_ms);
	/* Flags beat the environment: a setting a flag gave (not -1 or
	 * NULL any more) is left as it is. */
	if (hd_cfg.threads < 0) {
		n = hd_cfg.threads;
		env_num("HAUSDESK_THREADS", 0, 64, &n);
		hd_cfg.threads = (int)n;
	}
	if (hd_cfg.cache_mb < 0) {
		n = hd_cfg.cache_mb;
		env_num("HAUSDESK_CACHE_MB", 0, 4096, &n);
		hd_cfg.cache_mb = (int)n;
	}
	if (hd_cfg.shutdown_s < 0) {
		n = hd_cfg.shutdown_s;
		env_num("HAUSDESK_SHUTDOWN_TIMEOUT", 0, 3600, &n);
		hd_cfg.shutdown_s = (int)n;
	}
	if (hd_cfg.check_mb < 0) {
		n = hd_cfg.check_mb;
		env_num("HAUSDESK_CHECK_MB", 0, 1048576, &n);
		hd_cfg.check_mb = (int)n;
	}
	if (hd_cfg.log_file == NULL)
		env_str("HAUSDESK_LOG_FILE", &hd_cfg.log_file);
}
