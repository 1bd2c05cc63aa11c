/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "db/health.h"
#include "http/server.h"
#include "http/tokenuse.h"
#include "mail/worker.h"
#include "store/feed.h"
#include "store/vcache.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/str.h"

#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The HTTP connection settings (http/conns.h, docs/operations.md):
 * --flag N or the environment variable; a flag beats the variable. */
static const struct conn_setting {
	const char *flag, *env;
	int min, max;
	int *dst;
} conn_settings[] = {
    {"max-conns", "HAUSDESK_MAX_CONNS", 0, 1000000, &hd_cfg.max_conns},
    {"conns-per-ip", "HAUSDESK_CONNS_PER_IP", 0, 1000000, &hd_cfg.conns_per_ip},
    {"header-timeout-ms", "HAUSDESK_HEADER_TIMEOUT_MS", 0, 3600000,
	&hd_cfg.header_timeout_ms},
    {"body-timeout-ms", "HAUSDESK_BODY_TIMEOUT_MS", 0, 3600000,
	&hd_cfg.body_timeout_ms},
    {"body-min-rate", "HAUSDESK_BODY_MIN_RATE", 0, 1000000000,
	&hd_cfg.body_min_rate},
    {"keepalive-ms", "HAUSDESK_KEEPALIVE_MS", 1000, 3600000,
	&hd_cfg.keepalive_ms},
};
#define N_CONN_SETTINGS (sizeof(conn_settings) / sizeof(conn_settings[0]))
#define CONN_OPT 256 /* getopt values of conn_settings: CONN_OPT + i */
static bool conn_flag_set[N_CONN_SETTINGS];

static void
usage(FILE *f)
{
	fputs(
	    "usage: hausdesk serve --db PATH [--listen HOST:PORT] "
	    "[--maildir DIR] [--base-url URL] [--threads N]\n"
	    "       [--cache-mb N] [--shutdown-timeout S] [--check-mb N] "
	    "[--log-file PATH]\n\n"
	    "Runs the HTTP server and the mail worker until SIGINT/SIGTERM\n"
	    "(which stop accepting, answer the requests begun, then stop).\n"
	    "SIGHUP opens the log file anew. A flag beats its variable.\n"
	    "  --listen    address to listen on (default 127.0.0.1:8080)\n"
	    "  --maildir   where mail goes without HAUSDESK_SMTP_URL\n"
	    "              (default: maildir/ next to the database)\n"
	    "  --base-url  the address used in links in mails\n"
	    "              (HAUSDESK_BASE_URL; default http://LISTEN)\n"
	    "  --threads   HTTP worker threads, 0: one per connection\n"
	    "              (HAUSDESK_THREADS; default one per CPU, 2 to 16)\n"
	    "  --cache-mb  memory for answers employees read again, 0: none\n"
	    "              (HAUSDESK_CACHE_MB; default 32)\n"
	    "  --shutdown-timeout  seconds a shutdown waits for requests\n"
	    "              begun (HAUSDESK_SHUTDOWN_TIMEOUT; default 10)\n"
	    "  --check-mb  run PRAGMA quick_check at start on databases up\n"
	    "              to this size, 0: never (HAUSDESK_CHECK_MB;\n"
	    "              default 256)\n"
	    "  --log-file  append the log to this file instead of stderr\n"
	    "              (HAUSDESK_LOG_FILE)\n"
	    "Environment: HAUSDESK_SMTP_URL, HAUSDESK_SMTP_USER,\n"
	    "HAUSDESK_SMTP_PASSWORD, HAUSDESK_MAIL_FROM, HAUSDESK_MAILDIR,\n"
	    "HAUSDESK_MAIL_RETRY_MS, HAUSDESK_MAIL_MAX_ATTEMPTS,\n"
	    "HAUSDESK_MAIL_GIVE_UP_HOURS, HAUSDESK_SMTP_TIMEOUT_MS,\n"
	    "HAUSDESK_TRUSTED_PROXIES (reverse proxies whose X-Forwarded-For\n"
	    "names the client).\n",
	    f);
	fputs("Connections (see docs/operations.md; flags beat variables):\n"
	      "  --max-conns N          HAUSDESK_MAX_CONNS: all connections\n"
	      "                         (default: what the file descriptor\n"
	      "                         limit allows, at most 8192)\n"
	      "  --conns-per-ip N       HAUSDESK_CONNS_PER_IP: per client\n"
	      "                         address, 0: any (default 128)\n"
	      "  --header-timeout-ms N  HAUSDESK_HEADER_TIMEOUT_MS: request\n"
	      "                         line and headers, 0: none (20000)\n"
	      "  --body-timeout-ms N    HAUSDESK_BODY_TIMEOUT_MS: the body,\n"
	      "                         0: none (20000), plus a second for\n"
	      "  --body-min-rate N      each HAUSDESK_BODY_MIN_RATE bytes\n"
	      "                         received (500)\n"
	      "  --keepalive-ms N       HAUSDESK_KEEPALIVE_MS: idle between\n"
	      "                         requests (5000)\n",
	    f);
}

/* The number arg of --flag, 0 to max, into *dst; false (said) if not. */
static bool
flag_num(const char *flag, const char *arg, int max, int *dst)
{
	int64_t n;

	if (!hd_parse_i64(arg, 0, max, &n)) {
		fprintf(stderr, "hausdesk: --%s takes 0 to %d\n", flag, max);
		return false;
	}
	*dst = (int)n;
	return true;
}

/* The number arg of conn_settings[i] into it; false (said) if not. */
static bool
conn_flag(size_t i, const char *arg)
{
	const struct conn_setting *c = &conn_settings[i];
	int64_t n;

	if (!hd_parse_i64(arg, c->min, c->max, &n)) {
		fprintf(stderr, "hausdesk: --%s takes %d to %d\n", c->flag,
		    c->min, c->max);
		return false;
	}
	*c->dst = (int)n;
	conn_flag_set[i] = true;
	return true;
}

/* The settings no flag set, from their environment variables. */
static bool
conn_env(void)
{
	size_t i;

	for (i = 0; i < N_CONN_SETTINGS; i++) {
		const struct conn_setting *c = &conn_settings[i];
		const char *v = getenv(c->env);
		int64_t n;

		if (conn_flag_set[i] || v == NULL || *v == '\0')
			continue;
		if (!hd_parse_i64(v, c->min, c->max, &n)) {
			fprintf(stderr,
			    "hausdesk: %s must be a number from %d "
			    "to %d\n",
			    c->env, c->min, c->max);
			return false;
		}
		*c->dst = (int)n;
	}
	return true;
}

static int
parse(int argc, char **argv)
{
	static const struct option fixed[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"maildir", required_argument, NULL, 'm'},
	    {"base-url", required_argument, NULL, 'b'},
	    {"threads", required_argument, NULL, 't'},
	    {"cache-mb", required_argument, NULL, 'c'},
	    {"shutdown-timeout", required_argument, NULL, 's'},
	    {"check-mb", required_argument, NULL, 'k'},
	    {"log-file", required_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	};
	struct option
	    opts[sizeof(fixed) / sizeof(fixed[0]) + N_CONN_SETTINGS + 1];
	size_t i, nf = sizeof(fixed) / sizeof(fixed[0]);
	int ch;

	memcpy(opts, fixed, sizeof(fixed));
	for (i = 0; i < N_CONN_SETTINGS; i++)
		opts[nf + i] = (struct option){conn_settings[i].flag,
		    required_argument, NULL, CONN_OPT + (int)i};
	memset(&opts[nf + N_CONN_SETTINGS], 0, sizeof(opts[0]));
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch >= CONN_OPT && ch < CONN_OPT + (int)N_CONN_SETTINGS) {
			if (!conn_flag((size_t)(ch - CONN_OPT), optarg))
				return 2;
			continue;
		}
		switch (ch) {
		case 'd':
			hd_cfg.db_path = optarg;
			break;
		case 'l':
			hd_cfg.listen = optarg;
			break;
		case 'm':
			hd_cfg.maildir = optarg;
			break;
		case 'b':
			hd_cfg.base_url = optarg;
			break;
		case 't':
			if (!flag_num("threads", optarg, 64, &hd_cfg.threads))
				return 2;
			break;
		case 'c':
			if (!flag_num(
				"cache-mb", optarg, 4096, &hd_cfg.cache_mb))
				return 2;
			break;
		case 's':
			if (!flag_num("shutdown-timeout", optarg, 3600,
				&hd_cfg.shutdown_s))
				return 2;
			break;
		case 'k':
			if (!flag_num(
				"check-mb", optarg, 1048576, &hd_cfg.check_mb))
				return 2;
			break;
		case 'L':
			hd_cfg.log_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (hd_cfg.db_path == NULL) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* Fills the defaults that depend on other settings. */
static void
defaults(char *maildir, size_t mn, char *base, size_t bn)
{
	char tmp[4096];

	if (hd_cfg.maildir == NULL) {
		hd_strlcpy(tmp, hd_cfg.db_path, sizeof(tmp));
		snprintf(maildir, mn, "%s/maildir", dirname(tmp));
		hd_cfg.maildir = maildir;
	}
	if (hd_cfg.shutdown_s < 0)
		hd_cfg.shutdown_s = HD_SHUTDOWN_S;
	if (hd_cfg.check_mb < 0)
		hd_cfg.check_mb = HD_CHECK_MB;
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

/* The change feed's "mail queued": wakes the worker after the commit. */
static void
wake_mail(void *arg)
{
	(void)arg;
	mail_worker_wake();
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
	char maildir[4096], base[1024];
	struct mail_transport_config mt = {0};
	struct db_conn *c;
	sigset_t set;
	int rc, sig;

	/* Before any thread starts (the checkpointer is the first): each
	 * inherits the mask, so these signals reach only sigwait below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = parse(argc, argv)) >= 0)
		return rc;
	cli_config_from_env();
	if (!conn_env())
		return 2;
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
	/* Before the writer, which takes the change feed. */
	vcache_start(
	    (size_t)(hd_cfg.cache_mb < 0 ? HD_CACHE_MB : hd_cfg.cache_mb) *
	    1024 * 1024);
	store_feed_on_mail(wake_mail, NULL);
	if (store_feed_start() != HD_OK ||
	    db_writer_open(hd_cfg.db_path) != HD_OK ||
	    db_checkpointer_start(hd_cfg.db_path) != HD_OK ||
	    db_reader_set_target(hd_cfg.db_path) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot open %s\n", hd_cfg.db_path);
		return 1;
	}
	mt.smtp_url = hd_cfg.smtp_url;
	mt.smtp_user = hd_cfg.smtp_user;
	mt.smtp_password = hd_cfg.smtp_password;
	mt.maildir = hd_cfg.maildir;
	if (hd_tokenuse_start() != HD_OK) {
		fprintf(stderr, "hausdesk: cannot start a thread\n");
		return 1;
	}
	if (mail_worker_start(&mt) != HD_OK) {
		fprintf(stderr, "hausdesk: cannot start the mail worker (%s)\n",
		    hd_cfg.smtp_url ? hd_cfg.smtp_url : hd_cfg.maildir);
		return 1;
	}
	if (hd_cfg.threads < 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		hd_cfg.threads = cpus < 2 ? 2 : cpus > 16 ? 16 : (int)cpus;
	}
	if (hd_server_start(hd_cfg.listen, hd_cfg.threads) != HD_OK) {
		fprintf(
		    stderr, "hausdesk: cannot listen on %s\n", hd_cfg.listen);
		mail_worker_stop();
		return 1;
	}
	hd_log(HD_LOG_INFO, "hausdesk %s listening on http://%s, mail %s %s",
	    HD_VERSION, hd_cfg.listen, hd_cfg.smtp_url ? "via" : "into",
	    hd_cfg.smtp_url ? hd_cfg.smtp_url : hd_cfg.maildir);
	hd_log(HD_LOG_INFO,
	    "settings: threads %d, cache %d MB, shutdown timeout %d s, "
	    "start-up check up to %d MB, base URL %s, log file %s",
	    hd_cfg.threads, hd_cfg.cache_mb < 0 ? HD_CACHE_MB : hd_cfg.cache_mb,
	    hd_cfg.shutdown_s, hd_cfg.check_mb, hd_cfg.base_url,
	    hd_cfg.log_file ? hd_cfg.log_file : "(stderr)");
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
	hd_server_quiesce();
	drain(&set);
	hd_server_stop();
	hd_tokenuse_stop(); /* writes the last-used times it holds */
	mail_worker_stop();
	db_reader_close_all();
	db_checkpointer_stop();
	db_writer_close();
	store_feed_stop();
	vcache_stop();
	hd_log(HD_LOG_INFO, "stopped");
	return 0;
}
