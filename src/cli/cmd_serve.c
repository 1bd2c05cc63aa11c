/* SPDX-License-Identifier: MIT */
#include "app/attachment.h"
#include "app/authcache.h"
#include "app/inbound.h"
#include "app/mailer.h"
#include "app/remind.h"
#include "app/tokenuse.h"
#include "cli/cli.h"
#include "db/health.h"
#include "http/server.h"
#include "store/blob.h"
#include "store/cache.h"
#include "store/feed.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/settings.h"
#include "util/str.h"

#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Fills the defaults that depend on other settings. */
static void
defaults(char *maildir, size_t mn, char *base, size_t bn)
{
	char tmp[4096];

	if (hd_cfg.maildir == NULL) {
		/* Beside an SQLite file; on PostgreSQL in the working
		 * directory (the target is no path). */
		if (db_driver_of(hd_cfg.db_path) == DB_SQLITE) {
			hd_strlcpy(tmp, hd_cfg.db_path, sizeof(tmp));
			snprintf(maildir, mn, "%s/maildir", dirname(tmp));
		} else {
			hd_strlcpy(maildir, "maildir", mn);
		}
		hd_cfg.maildir = maildir;
	}
	if (hd_cfg.base_url == NULL) {
		snprintf(base, bn, "http://%s", hd_cfg.listen);
		hd_cfg.base_url = base;
	}
	/* Links are built as base_url + "/path": no trailing slash. */
	if (hd_cfg.base_url[0] != '\0' &&
	    hd_cfg.base_url[strlen(hd_cfg.base_url) - 1] == '/') {
		hd_strlcpy(base, hd_cfg.base_url, bn);
		base[strlen(base) - 1] = '\0';
		hd_cfg.base_url = base;
	}
}

/* SIGHUP: the log file anew (after a rotation moved it), or a note that
 * there is none. Never stops the server. */
static void
on_hangup(void)
{
	if (hd_cfg.log_file == NULL) {
		hd_log(HD_LOG_INFO, "SIGHUP ignored: there is no log file to "
				    "open anew (--log-file)");
		return;
	}
	if (hd_log_file_open(hd_cfg.log_file) != HD_OK)
		hd_log(HD_LOG_ERROR,
		    "SIGHUP: cannot open %s; logging on "
		    "into the file open before",
		    hd_cfg.log_file);
	else
		hd_log(HD_LOG_INFO, "SIGHUP: log file %s opened anew",
		    hd_cfg.log_file);
}

/*
 * After hd_server_quiesce: waits until every request begun is answered,
 * at most hd_cfg.shutdown_s seconds; a second SIGINT or SIGTERM ends the
 * wait at once. Polls (a shutdown is no hot path) while taking signals.
 */
static void
drain(const sigset_t *set)
{
	const struct timespec tick = {0, 20 * 1000 * 1000};
	int64_t start = hd_mono_ms();
	int sig, n;

	while ((n = hd_server_inflight()) > 0) {
		if (hd_mono_ms() - start >= hd_cfg.shutdown_s * 1000L) {
			hd_log(HD_LOG_WARN,
			    "%d requests still running after %d s are cut "
			    "off (--shutdown-timeout)",
			    n, hd_cfg.shutdown_s);
			return;
		}
		sig = sigtimedwait(set, NULL, &tick);
		if (sig == SIGHUP) {
			on_hangup();
		} else if (sig == SIGINT || sig == SIGTERM) {
			hd_log(HD_LOG_WARN,
			    "second signal %d: %d requests still running are "
			    "cut off",
			    sig, n);
			return;
		}
	}
	hd_log(HD_LOG_INFO, "every request begun was answered (%lld ms)",
	    (long long)(hd_mono_ms() - start));
}

int
cmd_serve(int argc, char **argv)
{
	/* Static: hd_cfg borrows from it until the end. */
	static struct hd_settings s;
	char maildir[4096], base[1024];
	struct mail_transport_config mt = {0};
	struct db_conn *c;
	sigset_t set;
	int rc, sig;
	bool pg = false;

	/* Before any thread starts (the checkpointer is the first): each
	 * inherits the mask, so these signals reach only sigwait below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = hd_settings_parse(&s, HD_CMD_SERVE, argc, argv, stdout,
		 stderr)) != HD_SETTINGS_RUN) {
		hd_settings_cleanup(&s);
		return rc;
	}
	hd_cfg = s.cfg;
	if (hd_cfg.test_clock_file != NULL &&
	    !hd_clock_offset_load(hd_cfg.test_clock_file)) {
		fprintf(stderr,
		    "hausdesk: --test-clock-file %s holds no number of "
		    "seconds\n",
		    hd_cfg.test_clock_file);
		return 1;
	}
	defaults(maildir, sizeof(maildir), base, sizeof(base));
	/* Before the first connection: the database's own reports (SQLite's
	 * error log) tell of a full disk or a damaged page wherever a
	 * statement meets one. */
	db_health_init();
	if (cli_serve_precheck(hd_cfg.db_path, hd_cfg.check_mb) != 0)
		return 1;
	if ((c = cli_open_db(hd_cfg.db_path, true)) == NULL)
		return 1;
	db_close(c);
	/* From here on the log goes to the file; refusals to start above
	 * went to the terminal. */
	if (hd_cfg.log_file != NULL &&
	    hd_log_file_open(hd_cfg.log_file) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot open the log file %s\n",
		    hd_cfg.log_file);
		return 1;
	}
	db_memory_limit(HD_DB_MEMORY);
	/* Before the writer, which takes the change feed. On PostgreSQL,
	 * other serve processes write too, and this process's feed hears
	 * only its own writer: the answer cache and the credential cache
	 * are off there (docs/postgresql.md, "Several processes"). */
	if (db_driver_of(hd_cfg.db_path) == DB_PGSQL) {
		pg = true;
		app_authcache_enable(false);
	}
	store_cache_start(pg ? 0 : (size_t)hd_cfg.cache_mb << 20);
	app_mailer_listen();
	if (store_feed_start() != HD_OK ||
	    db_writer_open(hd_cfg.db_path) != HD_OK ||
	    db_checkpointer_start(hd_cfg.db_path) != HD_OK ||
	    db_reader_set_target(hd_cfg.db_path) != HD_OK ||
	    db_reader_pool_size(hd_cfg.db_pool) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot open %s\n",
		    cli_shown(hd_cfg.db_path));
		return 1;
	}
	/* Attachments: files beside an SQLite database (docs/
	 * attachments.md). */
	if (blob_setup(hd_cfg.db_path, NULL) != HD_OK) {
		fprintf(stderr,
		    "hausdesk: cannot make the attachments "
		    "directory beside %s\n",
		    hd_cfg.db_path);
		return 1;
	}
	mt.smtp_url = hd_cfg.smtp_url;
	mt.smtp_user = hd_cfg.smtp_user;
	mt.smtp_password = hd_cfg.smtp_password;
	mt.maildir = hd_cfg.maildir;
	if (app_tokenuse_start() != HD_OK) {
		fprintf(stderr, "hausdesk: cannot start a thread\n");
		return 1;
	}
	if (app_mailer_start(&mt) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot start the mail worker (%s)\n",
		    hd_cfg.smtp_url ? hd_cfg.smtp_url : hd_cfg.maildir);
		return 1;
	}
	if (app_remind_start() != HD_OK) {
		fprintf(stderr, "hausdesk: cannot start the reminder job\n");
		app_mailer_stop();
		return 1;
	}
	app_attachment_limits((int64_t)hd_cfg.attachment_max_mb * (1 << 20),
	    (int64_t)hd_cfg.attachment_quota_gb * (1 << 30),
	    (int64_t)hd_cfg.attachment_reserve_mb * (1 << 20));
	if (app_attachment_gc_start(hd_cfg.attachment_gc_every_ms,
		hd_cfg.attachment_gc_after_ms) != HD_OK)
		hd_log(HD_LOG_ERROR, "attachments: cannot start the collector");
	if (hd_cfg.threads < 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		hd_cfg.threads = cpus < 2 ? 2 : cpus > 16 ? 16 : (int)cpus;
	}
	if (hd_server_start(hd_cfg.listen, hd_cfg.threads) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot listen on %s\n", hd_cfg.listen);
		app_remind_stop();
		app_mailer_stop();
		return 1;
	}
	/* After the server: a mail it takes may be answered at once. */
	if (app_imap_start(hd_cfg.imap_url, (int)hd_cfg.imap_poll_ms) != HD_OK)
		hd_log(HD_LOG_ERROR, "imap: cannot start the poller");
	hd_log(HD_LOG_INFO, "hausdesk %s listening on http://%s, mail %s %s",
	    HD_VERSION, hd_cfg.listen, hd_cfg.smtp_url ? "via" : "into",
	    hd_cfg.smtp_url ? hd_cfg.smtp_url : hd_cfg.maildir);
	hd_log(HD_LOG_INFO,
	    "settings: threads %d, cache %d MB%s, shutdown timeout %d s, "
	    "start-up check up to %d MB, base URL %s, log file %s, "
	    "database pool %d (+%d changing)",
	    hd_cfg.threads, hd_cfg.cache_mb, pg ? " (off on PostgreSQL)" : "",
	    hd_cfg.shutdown_s, hd_cfg.check_mb, hd_cfg.base_url,
	    hd_cfg.log_file ? hd_cfg.log_file : "(stderr)", hd_cfg.db_pool,
	    2 * hd_cfg.db_pool);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		on_hangup();
	}
	hd_log(HD_LOG_INFO,
	    "stopping (signal %d): no new connections; waiting up to %d s "
	    "for %d requests begun",
	    sig, hd_cfg.shutdown_s, hd_server_inflight());
	app_imap_stop(); /* no mail is taken half */
	hd_server_quiesce();
	drain(&set);
	hd_server_stop();
	app_attachment_gc_stop();
	app_remind_stop();
	app_tokenuse_stop(); /* writes the last-used times it holds */
	app_mailer_stop();
	hd_settings_cleanup(&s); /* the SMTP password read from a file */
	db_reader_close_all();
	db_checkpointer_stop();
	db_writer_close();
	store_feed_stop();
	store_cache_stop();
	hd_log(HD_LOG_INFO, "stopped");
	return 0;
}
