/* SPDX-License-Identifier: MIT */
#ifndef HD_SETTINGS_H
#define HD_SETTINGS_H

#include "util/buf.h"
#include "util/config.h"
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Every setting of every command in one declarative table (as Redis's
 * config.c): flag, environment variable, type, bounds, default, help and
 * the commands that take it. The table drives the parsing of argv, the
 * environment and the defaults, each command's --help, and the generated
 * section of docs/operations.md. Adding a setting is one row in
 * settings_table.c (and a field in struct hd_settings or hd_config).
 *
 * Order, by construction: a flag, then the environment variable, then the
 * default. An environment variable is not even read when a flag of the
 * same setting was given, so it can neither override nor break it.
 */

/* The commands, as bits of hd_setting.cmds. Issue 12's `migrate-db` and
 * issue 14's `mail-in` add their bit here and their words to
 * hd_command_table. */
enum hd_cmd {
	HD_CMD_INIT = 1u << 0,
	HD_CMD_SERVE = 1u << 1,
	HD_CMD_DEMO = 1u << 2,
	HD_CMD_CHECK = 1u << 3,
	HD_CMD_MIGRATE_DB = 1u << 4,
	HD_CMD_MAIL_IN = 1u << 5,
};

enum hd_setting_type {
	HD_SET_STRING = 1,  /* one non-empty text */
	HD_SET_PATH,	    /* a file or directory name */
	HD_SET_SECRET,	    /* never printed, never has a default */
	HD_SET_SECRET_FILE, /* the value names a file; its first line (without
			       the line end) is the secret */
	HD_SET_INT,	    /* a whole number from min to max */
	HD_SET_BOOL,	    /* on off, 1 0, true false, yes no: --x on */
	HD_SET_DURATION,    /* a number of units (unit = milliseconds per
			       unit) or with ms, s, m, min, h: "30s" */
	HD_SET_SIZE,	    /* a number of units (unit = bytes per unit) or
			       with k, M, G (KiB, MiB, GiB): "32M" */
	HD_SET_DECIMAL,	    /* digits with at most one '.', above 0 and at
			       most max: "0.01" */
};

enum hd_setting_flags {
	HD_SETF_REQUIRED = 1u << 0,  /* some source must set it */
	HD_SETF_EXPOSED = 1u << 1,   /* a secret on the command line: shows
					in the process list, warned about */
	HD_SETF_TEST_ONLY = 1u << 2, /* for tests: refused, when set by a
					flag or the environment, while
					--production is on */
};

/* Where a value came from. */
enum hd_setting_source {
	HD_SRC_NONE = 0, /* unset: strings NULL, numbers -1, false */
	HD_SRC_DEFAULT,
	HD_SRC_ENV,
	HD_SRC_FLAG,
};

/*
 * One row. Rows that write the same field (off) are one setting with
 * several sources (the admin password: --admin-password-file,
 * HAUSDESK_ADMIN_PASSWORD, --admin-password): a flag of any of them beats
 * the environment variable of any of them, and two of their flags at once
 * are refused.
 */
struct hd_setting {
	const char *flag; /* long option without "--"; NULL: none */
	const char *env;  /* HAUSDESK_...; NULL: none */
	enum hd_setting_type type;
	const char *arg;     /* what --help calls the value; NULL: by type */
	int64_t min, max;    /* INT, DURATION, SIZE in units; DECIMAL: max */
	int64_t unit;	     /* DURATION: ms per unit; SIZE: bytes per unit */
	const char *def;     /* parsed like a flag's value; NULL: none */
	const char *def_doc; /* def NULL: the default the command computes */
	const char *needs;   /* flag of another setting this one needs */
	const char *instead; /* flag of a required setting this one may
				replace (mail-in --url for --db) */
	unsigned cmds;	     /* enum hd_cmd bits */
	unsigned flags;	     /* enum hd_setting_flags bits */
	size_t off, size;    /* the field in struct hd_settings */
	const char *help;    /* one sentence, no final full stop */
};

/* The table (settings_table.c) and its length. */
extern const struct hd_setting hd_setting_table[];
extern const size_t hd_setting_count;

/* A command's words for --help and the docs. */
struct hd_command_doc {
	enum hd_cmd cmd;
	const char *name;    /* "serve" */
	const char *summary; /* one line, for `hausdesk --help` */
	const char *about;   /* a paragraph for `hausdesk serve --help` */
};

extern const struct hd_command_doc hd_command_table[];
extern const size_t hd_command_count;

#define HD_SETTINGS_MAX 64    /* rows the table may have */
#define HD_SETTINGS_FILES 4   /* values read from files per parse */
#define HD_SETTINGS_LINE 4096 /* longest first line of such a file */

/* hd_settings_parse's answer when the command should run. */
#define HD_SETTINGS_RUN (-1)

/*
 * The values of one command's settings. cfg is what serve hands to the
 * layers below (hd_cfg); the rest belongs to init and demo. Strings are
 * borrowed from argv, the environment or the table, except those read
 * from files, which the struct owns until hd_settings_cleanup.
 */
struct hd_settings {
	struct hd_config cfg;
	/* init */
	const char *org;
	const char *admin_email;
	const char *admin_name;
	const char *admin_password;
	/* mail-in */
	const char *recipient;
	const char *url;
	const char *api_token;
	/* demo */
	double scale;
	const char *tokens;
	/* migrate-db */
	const char *from;
	const char *to;
	/* private: the source of each row, the file contents owned */
	unsigned char src[HD_SETTINGS_MAX];
	char *owned[HD_SETTINGS_FILES];
};

/*
 * Fills *s for command cmd (one bit) from argv (argv[0] is the command's
 * name), then the environment, then the defaults; settings of other
 * commands are refused. Errors name the flag or variable and the values
 * it takes. Writes --help to out, errors and warnings (a secret given on
 * the command line) to err. Returns HD_SETTINGS_RUN to go on, 0 after
 * --help, 2 on a usage error. Call hd_settings_cleanup afterwards in
 * every case. Uses getopt_long: not thread-safe. A command's start:
 *
 *	static struct hd_settings s;	(outlives what borrows from it)
 *
 *	if ((rc = hd_settings_parse(&s, HD_CMD_SERVE, argc, argv, stdout,
 *	    stderr)) != HD_SETTINGS_RUN) {
 *		hd_settings_cleanup(&s);
 *		return rc;
 *	}
 *	hd_cfg = s.cfg;
 */
int hd_settings_parse(struct hd_settings *s, enum hd_cmd cmd, int argc,
    char **argv, FILE *out, FILE *err);

/* Wipes and frees what *s owns (the secrets read from files); the
 * borrowed strings stay valid. Accepts a zeroed or parsed struct. */
void hd_settings_cleanup(struct hd_settings *s);

/* Where the setting named name (its flag, or its variable when it has no
 * flag) got its value in *s; HD_SRC_NONE for an unknown name. */
enum hd_setting_source hd_settings_source(
    const struct hd_settings *s, const char *name);

/* The row with the flag or variable name; NULL when there is none. */
const struct hd_setting *hd_setting_find(const char *name);

/* Writes to buf (size n, truncating) what values row r takes, as --help,
 * the docs and the error messages say it: "a whole number from 0 to 64". */
void hd_setting_describe(const struct hd_setting *r, char *buf, size_t n);

/* One value of a row, as hd_setting_value_parse makes it. */
struct hd_setting_value {
	const char *s; /* STRING, PATH, SECRET: the text itself (borrowed);
			  SECRET_FILE: == owned */
	char *owned;   /* SECRET_FILE: the file's first line (caller wipes
			  and frees) */
	int64_t i;     /* INT; DURATION and SIZE in the row's units */
	double d;      /* DECIMAL */
	bool b;	       /* BOOL */
};

/*
 * Parses the text v as a value of row r (bounds included) into *out.
 * False when it is not one; *why then says why a file could not be used
 * (static text), or is NULL: v is simply not one of r's values.
 */
bool hd_setting_value_parse(const struct hd_setting *r, const char *v,
    struct hd_setting_value *out, const char **why);

/* The words of command cmd (one bit); NULL when unknown. */
const struct hd_command_doc *hd_command_doc_find(enum hd_cmd cmd);

/* Writes the --help of command cmd (one bit) to f. Never prints a value
 * other than the table's defaults (secrets have none). */
void hd_settings_help_write(FILE *f, enum hd_cmd cmd);

/*
 * Appends the Markdown table of every setting of every command to b (one
 * row per setting, by the table's order). HD_ETOOBIG or HD_ENOMEM from
 * the buffer.
 */
enum hd_status hd_settings_markdown_append(struct hd_buf *b);

#define HD_SETTINGS_BEGIN "<!-- settings:begin -->"
#define HD_SETTINGS_END "<!-- settings:end -->"

/*
 * Appends to out the len bytes of doc with what lies between the lines
 * HD_SETTINGS_BEGIN and HD_SETTINGS_END replaced by section (which ends
 * in a newline). HD_EINVAL unless each marker is there once, on a line of
 * its own, BEGIN first; HD_ETOOBIG or HD_ENOMEM from the buffer.
 */
enum hd_status hd_settings_doc_splice(
    const char *doc, size_t len, const char *section, struct hd_buf *out);

#endif
