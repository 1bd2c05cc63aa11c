/* SPDX-License-Identifier: MIT */
#ifndef HD_CONFIG_H
#define HD_CONFIG_H

#include <stdbool.h>

/*
 * Run-time settings, filled once at start-up by hd_settings_parse
 * (util/settings.h: flags, then HAUSDESK_* environment variables, then the
 * defaults of the table in settings_table.c); read-only afterwards.
 */
struct hd_config {
	const char *db_path;
	const char *listen;    /* "127.0.0.1:8080" */
	const char *base_url;  /* links in mails */
	const char *mail_from; /* envelope and From address */
	const char *smtp_url;  /* NULL: Maildir */
	const char *smtp_user;
	const char *smtp_password;
	const char *maildir;
	long mail_retry_ms;	 /* base of the exponential backoff */
	int mail_max_attempts;	 /* 0: no cap, retry until mail_give_up_hours */
	long mail_give_up_hours; /* failed for good when older than this */
	long smtp_timeout_ms;	 /* 0: RFC 5321's; else at most this (tests) */
	int threads; /* HTTP worker threads; 0 one per connection, -1 per CPU */
	int cache_mb; /* the answer cache (store/cache.h) in MB; 0 off */
	/* Database connections of the read pool (GET requests); the
	 * change pool gets twice as many (db/pool.c). */
	int db_pool;
	/* Comma-separated addresses of reverse proxies whose
	 * X-Forwarded-For names the client (login throttling); NULL: none. */
	const char *trusted_proxies;
	/* HTTP connections (http/conns.h). */
	int max_conns;	       /* all connections; 0: from the fd limit */
	int conns_per_ip;      /* per client address; 0: no limit */
	int header_timeout_ms; /* request line and headers; 0: none */
	int body_timeout_ms;   /* body, plus 1 s per body_min_rate bytes */
	int body_min_rate;     /* bytes a second */
	int keepalive_ms;      /* idle between two requests */
	const char *log_file;  /* NULL: stderr */
	int shutdown_s;	       /* bound of a shutdown's wait */
	int check_mb; /* largest database quick_check'ed at start; 0 never */
	/* Production mode: settings for tests (HD_SETF_TEST_ONLY) are
	 * refused. */
	bool production;
	/* Tests only: a file holding seconds added to the clock
	 * (util/clock.h), read again at each round of the reminder job;
	 * NULL: the real clock. */
	const char *test_clock_file;
	long reminder_interval_ms; /* between two rounds of the job */
	/* Inbound mail (app/inbound.h). */
	int inbound_cap;      /* mails per sender and hour */
	const char *imap_url; /* NULL: no IMAP poller */
	long imap_poll_ms;    /* between two polls */
	/* Attachments (app/attachment.h, docs/attachments.md). */
	int attachment_max_mb;	     /* the largest file, at most 20 */
	int attachment_quota_gb;     /* per organisation; 0: none */
	int attachment_reserve_mb;   /* free space kept for the database */
	long attachment_gc_every_ms; /* between two collector rounds */
	long attachment_gc_after_ms; /* unreferenced this long: removed */
};

extern struct hd_config hd_cfg;

/* What all database connections of the server may keep in memory. */
#define HD_DB_MEMORY (24 * 1024 * 1024)
/* The answer cache's default size in MB (--cache-mb). */
#define HD_CACHE_MB 32
/* The read pool's connections by default (db_reader_pool_size). */
#define HD_DB_POOL 16
/* How long a shutdown waits for running requests, in seconds
 * (--shutdown-timeout). */
#define HD_SHUTDOWN_S 10
/* Databases up to this size (MB, with the WAL) get PRAGMA quick_check at
 * start (--check-mb); docs/operations.md has the measured times. */
#define HD_CHECK_MB 256

#endif
