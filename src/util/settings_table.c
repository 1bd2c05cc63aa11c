/* SPDX-License-Identifier: MIT */
#include "util/settings.h"

#include <stddef.h>

/*
 * The one table of settings: to add one, add a field to struct hd_config
 * (what serve hands to the layers below) or struct hd_settings (a
 * command's own), then a row here. Parsing, --help and the section of
 * docs/operations.md follow (`make settings-doc`; `make lint` fails while
 * the docs are behind). Rows appear in --help and the docs in this order.
 */

/* The field a row fills, and its size (an int or a 64-bit number). */
#define AT(field)                                                              \
	.off = offsetof(struct hd_settings, field),                            \
	.size = sizeof(((struct hd_settings *)0)->field)
#define STR_(x) #x
#define STR(x) STR_(x)

#define ALL                                                                    \
	(HD_CMD_INIT | HD_CMD_SERVE | HD_CMD_DEMO | HD_CMD_CHECK |             \
	    HD_CMD_MAIL_IN)
#define MS 1
#define SEC 1000
#define HOUR (3600 * 1000)
#define MIB (1024 * 1024)
/* app/inbound.h's APP_INBOUND_CAP (util/ cannot include app/). */
#define APP_INBOUND_CAP_DEFAULT 30

const struct hd_setting hd_setting_table[] = {
    /* ---- every command ------------------------------------------- */
    /* Issue 12 adds HAUSDESK_DB and PostgreSQL targets. */
    {.flag = "db",
	.type = HD_SET_PATH,
	.arg = "PATH",
	.cmds = ALL,
	.flags = HD_SETF_REQUIRED,
	AT(cfg.db_path),
	.help = "the SQLite database file"},

    /* ---- migrate-db ---------------------------------------------- */
    {.flag = "from",
	.type = HD_SET_PATH,
	.arg = "PATH",
	.cmds = HD_CMD_MIGRATE_DB,
	.flags = HD_SETF_REQUIRED,
	AT(from),
	.help = "the SQLite database file to copy (read only; it may be in "
		"use)"},
    {.flag = "to",
	.type = HD_SET_STRING,
	.arg = "TARGET",
	.cmds = HD_CMD_MIGRATE_DB,
	.flags = HD_SETF_REQUIRED,
	AT(to),
	.help = "the empty PostgreSQL database to copy into: a "
		"postgresql:// URI or libpq key=value string"},

    /* ---- serve: HTTP ---------------------------------------------- */
    {.flag = "listen",
	.type = HD_SET_STRING,
	.arg = "HOST:PORT",
	.def = "127.0.0.1:8080",
	.cmds = HD_CMD_SERVE,
	AT(cfg.listen),
	.help = "address and port of the HTTP server"},
    {.flag = "base-url",
	.env = "HAUSDESK_BASE_URL",
	.type = HD_SET_STRING,
	.arg = "URL",
	.def_doc = "http:// and the listen address",
	.cmds = HD_CMD_SERVE,
	AT(cfg.base_url),
	.help = "the address used in links in mails; with https:// the "
		"session cookie is marked Secure"},
    /* Changing requests wait for their commit on the write pool, so the
     * HTTP threads only compute: more threads than cores only lengthen
     * the tails (docs/performance.md, "Threads" under the changes). */
    {.flag = "threads",
	.env = "HAUSDESK_THREADS",
	.type = HD_SET_INT,
	.arg = "N",
	.min = 0,
	.max = 64,
	.def_doc = "one per CPU, 2 to 16",
	.cmds = HD_CMD_SERVE,
	AT(cfg.threads),
	.help = "HTTP worker threads; 0: one thread per connection"},
    {.flag = "cache-mb",
	.env = "HAUSDESK_CACHE_MB",
	.type = HD_SET_SIZE,
	.arg = "SIZE",
	.min = 0,
	.max = 4096,
	.unit = MIB,
	.def = STR(HD_CACHE_MB),
	.cmds = HD_CMD_SERVE,
	AT(cfg.cache_mb),
	.help = "memory for the answer cache (Vorgänge and first queue "
		"pages as employees last read them); 0 turns it off"},
    /* On PostgreSQL each connection is a server process, and a
     * request's reads wait for round trips: the pool is what bounds the
     * requests that read at once (docs/postgresql.md, "Pool size"). */
    {.flag = "pool-size",
	.env = "HAUSDESK_POOL_SIZE",
	.type = HD_SET_INT,
	.arg = "N",
	.min = 1,
	.max = 32,
	.def = STR(HD_DB_POOL),
	.cmds = HD_CMD_SERVE,
	AT(cfg.db_pool),
	.help = "database connections of this process for reading requests; "
		"changing requests get twice as many, plus the writer's: "
		"on PostgreSQL keep processes × (3 × N + 3) under "
		"max_connections"},
    {.flag = "trusted-proxies",
	.env = "HAUSDESK_TRUSTED_PROXIES",
	.type = HD_SET_STRING,
	.arg = "ADDRESSES",
	.cmds = HD_CMD_SERVE,
	AT(cfg.trusted_proxies),
	.help = "comma-separated addresses of reverse proxies whose "
		"X-Forwarded-For names the client, for login throttling"},

    /* ---- serve: connections (http/conns.h) ------------------------ */
    {.flag = "max-conns",
	.env = "HAUSDESK_MAX_CONNS",
	.type = HD_SET_INT,
	.arg = "N",
	.min = 0,
	.max = 1000000,
	.def = "0",
	.cmds = HD_CMD_SERVE,
	AT(cfg.max_conns),
	.help = "all connections; 0: as many as the file descriptor limit "
		"leaves room for, at most 8192 (1000 with --threads 0)"},
    /* A browser opens up to 6 connections, an office behind one address
     * a few dozen browsers; make bench opens more (it passes 0). */
    {.flag = "conns-per-ip",
	.env = "HAUSDESK_CONNS_PER_IP",
	.type = HD_SET_INT,
	.arg = "N",
	.min = 0,
	.max = 1000000,
	.def = "128",
	.cmds = HD_CMD_SERVE,
	AT(cfg.conns_per_ip),
	.help = "connections from one client address; 0: no limit"},
    {.flag = "header-timeout-ms",
	.env = "HAUSDESK_HEADER_TIMEOUT_MS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 0,
	.max = 3600000,
	.unit = MS,
	.def = "20000",
	.cmds = HD_CMD_SERVE,
	AT(cfg.header_timeout_ms),
	.help = "time for the request line and all headers, from the "
		"connect or the end of the idle time; 0: none"},
    {.flag = "body-timeout-ms",
	.env = "HAUSDESK_BODY_TIMEOUT_MS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 0,
	.max = 3600000,
	.unit = MS,
	.def = "20000",
	.cmds = HD_CMD_SERVE,
	AT(cfg.body_timeout_ms),
	.help = "time for a request's body, plus a second for every "
		"--body-min-rate bytes received; 0: none"},
    {.flag = "body-min-rate",
	.env = "HAUSDESK_BODY_MIN_RATE",
	.type = HD_SET_INT,
	.arg = "BYTES",
	.min = 0,
	.max = 1000000000,
	.def = "500",
	.cmds = HD_CMD_SERVE,
	AT(cfg.body_min_rate),
	.help = "bytes a second a body must arrive at beyond "
		"--body-timeout-ms"},
    {.flag = "keepalive-ms",
	.env = "HAUSDESK_KEEPALIVE_MS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 1000,
	.max = 3600000,
	.unit = MS,
	.def = "5000",
	.cmds = HD_CMD_SERVE,
	AT(cfg.keepalive_ms),
	.help = "idle time between two requests on a connection before it "
		"is closed"},

    /* ---- serve: start, stop, log ---------------------------------- */
    {.flag = "shutdown-timeout",
	.env = "HAUSDESK_SHUTDOWN_TIMEOUT",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 0,
	.max = 3600,
	.unit = SEC,
	.def = STR(HD_SHUTDOWN_S),
	.cmds = HD_CMD_SERVE,
	AT(cfg.shutdown_s),
	.help = "how long a shutdown waits for the requests already begun "
		"before it cuts them off"},
    {.flag = "check-mb",
	.env = "HAUSDESK_CHECK_MB",
	.type = HD_SET_SIZE,
	.arg = "SIZE",
	.min = 0,
	.max = 1048576,
	.unit = MIB,
	.def = STR(HD_CHECK_MB),
	.cmds = HD_CMD_SERVE,
	AT(cfg.check_mb),
	.help = "databases up to this size (with the WAL) get PRAGMA "
		"quick_check at start; 0: never"},
    {.flag = "log-file",
	.env = "HAUSDESK_LOG_FILE",
	.type = HD_SET_PATH,
	.arg = "PATH",
	.def_doc = "stderr",
	.cmds = HD_CMD_SERVE,
	AT(cfg.log_file),
	.help = "append the log to this file; SIGHUP opens it anew (after "
		"logrotate moved it)"},

    {.flag = "production",
	.env = "HAUSDESK_PRODUCTION",
	.type = HD_SET_BOOL,
	.arg = "BOOL",
	.def = "off",
	.cmds = HD_CMD_SERVE,
	AT(cfg.production),
	.help = "production mode: settings made for tests only "
		"(--test-clock-file) are refused"},

    /* ---- serve: reminders ----------------------------------------- */
    {.flag = "reminder-interval-ms",
	.env = "HAUSDESK_REMINDER_INTERVAL_MS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 10,
	.max = 3600000,
	.unit = MS,
	.def = "60000",
	.cmds = HD_CMD_SERVE,
	AT(cfg.reminder_interval_ms),
	.help = "how often the reminder job looks for Vorgänge past their "
		"type's response time"},
    {.flag = "test-clock-file",
	.env = "HAUSDESK_TEST_CLOCK_FILE",
	.type = HD_SET_PATH,
	.arg = "FILE",
	.cmds = HD_CMD_SERVE,
	.flags = HD_SETF_TEST_ONLY,
	AT(cfg.test_clock_file),
	.help = "for tests only, refused with --production: FILE holds a "
		"number of seconds added to the clock, read at the start and "
		"at each round of the reminder job"},

    /* ---- serve: mail ---------------------------------------------- */
    {.flag = "maildir",
	.env = "HAUSDESK_MAILDIR",
	.type = HD_SET_PATH,
	.arg = "DIR",
	.def_doc = "maildir/ next to the database",
	.cmds = HD_CMD_SERVE,
	AT(cfg.maildir),
	.help = "where mail goes when no SMTP server is set"},
    {.flag = "smtp-url",
	.env = "HAUSDESK_SMTP_URL",
	.type = HD_SET_STRING,
	.arg = "URL",
	.cmds = HD_CMD_SERVE,
	AT(cfg.smtp_url),
	.help = "smtp://host:port or smtps://host:port of the mail server; "
		"STARTTLS is used when offered; unset, mail goes into the "
		"Maildir"},
    {.flag = "smtp-user",
	.env = "HAUSDESK_SMTP_USER",
	.type = HD_SET_STRING,
	.arg = "NAME",
	.cmds = HD_CMD_SERVE,
	AT(cfg.smtp_user),
	.help = "the user name for SMTP authentication"},
    /* The password: from the environment or a file, never argv. */
    {.env = "HAUSDESK_SMTP_PASSWORD",
	.type = HD_SET_SECRET,
	.arg = "PASSWORD",
	.cmds = HD_CMD_SERVE,
	AT(cfg.smtp_password),
	.help = "the password for SMTP authentication"},
    {.flag = "smtp-password-file",
	.type = HD_SET_SECRET_FILE,
	.arg = "FILE",
	.cmds = HD_CMD_SERVE,
	AT(cfg.smtp_password),
	.help = "the password for SMTP authentication: the first line of "
		"FILE, instead of HAUSDESK_SMTP_PASSWORD"},
    {.flag = "smtp-timeout-ms",
	.env = "HAUSDESK_SMTP_TIMEOUT_MS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 0,
	.max = 3600000,
	.unit = MS,
	.def = "0",
	.cmds = HD_CMD_SERVE,
	AT(cfg.smtp_timeout_ms),
	.help = "shortens every SMTP time-out (RFC 5321's: greeting 5 min "
		"… final dot 10 min) to at most this, for tests; 0: RFC "
		"5321's"},
    {.flag = "mail-from",
	.env = "HAUSDESK_MAIL_FROM",
	.type = HD_SET_STRING,
	.arg = "ADDRESS",
	.def = "hausdesk@localhost",
	.cmds = HD_CMD_SERVE | HD_CMD_MAIL_IN,
	AT(cfg.mail_from),
	.help = "sender address of every mail; the organisation's name is "
		"the display name"},
    {.flag = "mail-retry-ms",
	.env = "HAUSDESK_MAIL_RETRY_MS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 10,
	.max = 3600000,
	.unit = MS,
	.def = "30000",
	.cmds = HD_CMD_SERVE,
	AT(cfg.mail_retry_ms),
	.help = "first retry delay of a failed delivery; doubles per "
		"attempt, at most 1 hour"},
    /* Like an MTA: retry for days, not for a number of attempts. */
    {.flag = "mail-give-up-hours",
	.env = "HAUSDESK_MAIL_GIVE_UP_HOURS",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 1,
	.max = 24 * 365,
	.unit = HOUR,
	.def = "120",
	.cmds = HD_CMD_SERVE,
	AT(cfg.mail_give_up_hours),
	.help = "a mail still undelivered when it is older than this (since "
		"queued, or last sent again by an admin) is marked failed; "
		"a 5xx answer fails it at once"},
    {.flag = "mail-max-attempts",
	.env = "HAUSDESK_MAIL_MAX_ATTEMPTS",
	.type = HD_SET_INT,
	.arg = "N",
	.min = 0,
	.max = 100000,
	.def = "0",
	.cmds = HD_CMD_SERVE,
	AT(cfg.mail_max_attempts),
	.help = "an optional cap: attempts before a mail is marked failed; "
		"0: none, only --mail-give-up-hours"},

    /* ---- inbound mail (docs/mail-in.md) ---------------------------- */
    {.flag = "inbound-cap",
	.env = "HAUSDESK_INBOUND_CAP",
	.type = HD_SET_INT,
	.arg = "N",
	.min = 1,
	.max = 100000,
	.def = STR(APP_INBOUND_CAP_DEFAULT),
	.cmds = HD_CMD_SERVE | HD_CMD_MAIL_IN,
	AT(cfg.inbound_cap),
	.help = "inbound mails per sender address and hour; more are "
		"answered ignored (a mail loop, a flood)"},
    /* It holds the IMAP password: from the environment only. */
    {.env = "HAUSDESK_IMAP_URL",
	.type = HD_SET_SECRET,
	.arg = "URL",
	.cmds = HD_CMD_SERVE,
	AT(cfg.imap_url),
	.help = "imaps://user:password@host/INBOX: serve fetches unseen "
		"mail from this mailbox, takes it as inbound mail and marks "
		"it seen"},
    {.flag = "imap-poll",
	.env = "HAUSDESK_IMAP_POLL",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 100,
	.max = 3600000,
	.unit = MS,
	.def = "60s",
	.cmds = HD_CMD_SERVE,
	AT(cfg.imap_poll_ms),
	.help = "how often serve looks for new mail at HAUSDESK_IMAP_URL"},
    /* mail-in writes the database itself (--db), or posts to a server
     * (--url) instead: one of the two (cmd_mail_in.c refuses both). */
    {.flag = "url",
	.type = HD_SET_STRING,
	.arg = "URL",
	.cmds = HD_CMD_MAIL_IN,
	.instead = "db",
	AT(url),
	.help = "instead of --db: post the mail to the server at this base "
		"URL (https://desk.example.com), for an MTA on another host; "
		"needs an API token, best an intake token"},
    /* The token: from the environment or a file, never argv. */
    {.env = "HAUSDESK_API_TOKEN",
	.type = HD_SET_SECRET,
	.arg = "TOKEN",
	.cmds = HD_CMD_MAIL_IN,
	AT(api_token),
	.help = "the API token --url sends (an intake token: POST /tokens "
		"with scope inbound-mail)"},
    {.flag = "token-file",
	.type = HD_SET_SECRET_FILE,
	.arg = "FILE",
	.cmds = HD_CMD_MAIL_IN,
	AT(api_token),
	.help = "the API token --url sends: the first line of FILE, "
		"instead of HAUSDESK_API_TOKEN"},
    {.flag = "recipient",
	.type = HD_SET_STRING,
	.arg = "ADDRESS",
	.cmds = HD_CMD_MAIL_IN,
	AT(recipient),
	.help = "the envelope recipient (Postfix pipe(8): ${original_"
		"recipient}); unset, the mail's Delivered-To, To and Cc are "
		"looked up as intake addresses"},

    /* ---- attachments (docs/attachments.md) ------------------------ */
    {.flag = "attachment-max-mb",
	.env = "HAUSDESK_ATTACHMENT_MAX_MB",
	.type = HD_SET_SIZE,
	.arg = "SIZE",
	.min = 1,
	.max = 20,
	.unit = MIB,
	/* Unset (no default: -1), which app_attachment_limits takes as the
	 * most. */
	.def_doc = "20",
	.cmds = HD_CMD_SERVE | HD_CMD_MAIL_IN,
	AT(cfg.attachment_max_mb),
	.help = "the largest file an upload or a mail may attach (MiB); "
		"larger ones get 413, or are dropped from a mail with a note"},
    {.flag = "attachment-quota-gb",
	.env = "HAUSDESK_ATTACHMENT_QUOTA_GB",
	.type = HD_SET_SIZE,
	.arg = "SIZE",
	.min = 0,
	.max = 1048576,
	.unit = 1024 * MIB,
	.def = "50",
	.cmds = HD_CMD_SERVE | HD_CMD_MAIL_IN,
	AT(cfg.attachment_quota_gb),
	.help = "the bytes of attachments an organisation may keep (GiB), "
		"unless its own row says otherwise; 0: no limit"},
    {.flag = "attachment-reserve-mb",
	.env = "HAUSDESK_ATTACHMENT_RESERVE_MB",
	.type = HD_SET_SIZE,
	.arg = "SIZE",
	.min = 0,
	.max = 1048576,
	.unit = MIB,
	.def = "1024",
	.cmds = HD_CMD_SERVE | HD_CMD_MAIL_IN,
	AT(cfg.attachment_reserve_mb),
	.help = "free disk space kept for the database: uploads are "
		"refused with 507 before less is left (MiB)"},
    {.flag = "attachment-gc-every",
	.env = "HAUSDESK_ATTACHMENT_GC_EVERY",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 100,
	.max = 24 * 3600000,
	.unit = MS,
	.def = "1h",
	.cmds = HD_CMD_SERVE,
	AT(cfg.attachment_gc_every_ms),
	.help = "how often serve removes the stored files of deleted "
		"attachments"},
    {.flag = "attachment-gc-after",
	.env = "HAUSDESK_ATTACHMENT_GC_AFTER",
	.type = HD_SET_DURATION,
	.arg = "DURATION",
	.min = 0,
	.max = 7 * 24 * 3600000,
	.unit = MS,
	.def = "24h",
	.cmds = HD_CMD_SERVE,
	AT(cfg.attachment_gc_after_ms),
	.help = "how long a file no attachment names any more is kept "
		"before it is removed (a backup restored meanwhile still "
		"finds it)"},

    /* ---- init ---------------------------------------------------- */
    {.flag = "org",
	.type = HD_SET_STRING,
	.arg = "NAME",
	.cmds = HD_CMD_INIT,
	.flags = HD_SETF_REQUIRED,
	AT(org),
	.help = "the organisation to create; another name adds another "
		"organisation to the same database"},
    {.flag = "admin-email",
	.type = HD_SET_STRING,
	.arg = "ADDRESS",
	.cmds = HD_CMD_INIT,
	.flags = HD_SETF_REQUIRED,
	AT(admin_email),
	.help = "the e-mail address (the login) of its first admin"},
    {.flag = "admin-name",
	.type = HD_SET_STRING,
	.arg = "NAME",
	.def = "Administrator",
	.cmds = HD_CMD_INIT,
	AT(admin_name),
	.help = "the first admin's name"},
    {.flag = "admin-password-file",
	.type = HD_SET_SECRET_FILE,
	.arg = "FILE",
	.cmds = HD_CMD_INIT,
	AT(admin_password),
	.help = "the first admin's password: the first line of FILE, "
		"instead of HAUSDESK_ADMIN_PASSWORD"},
    /* The old flag still works, with a warning; the variable is the way. */
    {.flag = "admin-password",
	.env = "HAUSDESK_ADMIN_PASSWORD",
	.type = HD_SET_SECRET,
	.arg = "PASSWORD",
	.cmds = HD_CMD_INIT,
	.flags = HD_SETF_REQUIRED | HD_SETF_EXPOSED,
	AT(admin_password),
	.help = "the first admin's password (at least 10 characters); as a "
		"flag it shows in the process list: set the variable or use "
		"--admin-password-file"},

    /* ---- demo ---------------------------------------------------- */
    {.flag = "scale",
	.type = HD_SET_DECIMAL,
	.arg = "N",
	.max = 100,
	.cmds = HD_CMD_DEMO,
	AT(scale),
	.help = "instead of the seed scenario, generate the large data set "
		"of Muster Immobilien GmbH: at 1, 2,000 properties, 90,000 "
		"tenants and owners, 1,000,000 Vorgänge"},
    {.flag = "tokens",
	.type = HD_SET_PATH,
	.arg = "FILE",
	.needs = "scale",
	.cmds = HD_CMD_DEMO,
	AT(tokens),
	.help = "then write API tokens for the benchmark to FILE and "
		"FILE.read"},

    /* ---- check: only --db, above ---------------------------------- */
};

const size_t hd_setting_count =
    sizeof(hd_setting_table) / sizeof(hd_setting_table[0]);

_Static_assert(
    sizeof(hd_setting_table) / sizeof(hd_setting_table[0]) <= HD_SETTINGS_MAX,
    "struct hd_settings keeps a source per row: raise HD_SETTINGS_MAX");

const struct hd_command_doc hd_command_table[] = {
    {HD_CMD_INIT, "init", "create or migrate the database and the first admin",
	"Creates the database (or migrates it to this version) and the "
	"organisation NAME with its first admin. Safe to run twice: an "
	"existing organisation and its admin are left as they are. Another "
	"NAME adds another organisation to the same database; its admin may "
	"use an address that has an account elsewhere."},
    {HD_CMD_SERVE, "serve", "run the HTTP server and the mail worker",
	"Runs the HTTP server and the mail worker until SIGINT or SIGTERM, "
	"which stop accepting connections, answer the requests begun (at "
	"most --shutdown-timeout), then stop. SIGHUP opens the log file "
	"anew. It refuses a missing, empty or damaged database."},
    {HD_CMD_DEMO, "demo", "load the seed scenario as demo data",
	"Loads the seed scenario as demo data (creating the database if "
	"needed) and prints the logins. Running it again changes nothing."},
    {HD_CMD_MAIL_IN, "mail-in", "take one inbound mail from standard input",
	"Reads one RFC 5322 message on standard input and takes it as "
	"inbound mail (docs/mail-in.md): the command for an MTA's pipe "
	"transport (Postfix pipe(8)). It prints what the mail became. Exit "
	"status: 0 taken (any result), 65 (EX_DATAERR) the message cannot "
	"be read, 75 (EX_TEMPFAIL) the database is busy or down - nothing "
	"was taken, the MTA retries - 2 usage."},
    {HD_CMD_CHECK, "check", "check a database file for damage",
	"Checks a database file: every page and index (PRAGMA "
	"integrity_check) and every reference between rows (PRAGMA "
	"foreign_key_check), and prints what is wrong. It only reads, and "
	"may run while the server runs. Exit status: 0 sound, 1 damaged or "
	"not readable, 2 usage."},
    {HD_CMD_MIGRATE_DB, "migrate-db",
	"copy an SQLite database into an empty PostgreSQL one",
	"Copies every table of the SQLite database --from into the "
	"PostgreSQL database --to, keeping ids, Vorgang numbers and queued "
	"mail: it migrates the target first, refuses one that holds rows, "
	"copies in one transaction (a failed or killed run leaves the target "
	"empty: run it again), moves the id sequences past the largest ids, "
	"then compares row counts and a checksum per table on both sides "
	"and prints them. Stop serve on the source first (or copy a backup): "
	"what is written after the copy's snapshot is not copied. Exit "
	"status: 0 copied and verified, 1 failed (the target is left empty), "
	"2 usage, 3 the target is not empty."},
};

const size_t hd_command_count =
    sizeof(hd_command_table) / sizeof(hd_command_table[0]);
