/* SPDX-License-Identifier: MIT */
#include "util/settings.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long's value for row i (above every short option). */
#define OPT_ROW 0x100

static const char *
cmd_name(enum hd_cmd cmd)
{
	const struct hd_command_doc *d = hd_command_doc_find(cmd);

	return d != NULL ? d->name : "?";
}

const struct hd_command_doc *
hd_command_doc_find(enum hd_cmd cmd)
{
	size_t i;

	for (i = 0; i < hd_command_count; i++)
		if (hd_command_table[i].cmd == cmd)
			return &hd_command_table[i];
	return NULL;
}

const struct hd_setting *
hd_setting_find(const char *name)
{
	size_t i;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];

		if ((r->flag != NULL && strcmp(r->flag, name) == 0) ||
		    (r->env != NULL && strcmp(r->env, name) == 0))
			return r;
	}
	return NULL;
}

/* ---- fields ------------------------------------------------------- */

static void *
field(struct hd_settings *s, const struct hd_setting *r)
{
	return (char *)s + r->off;
}

static void
put_str(struct hd_settings *s, const struct hd_setting *r, const char *v)
{
	memcpy(field(s, r), &v, sizeof(v));
}

/* Into an int or a 64-bit field (the table's test checks the sizes). */
static void
put_int(struct hd_settings *s, const struct hd_setting *r, int64_t v)
{
	int i = (int)v;

	if (r->size == sizeof(int))
		memcpy(field(s, r), &i, sizeof(i));
	else
		memcpy(field(s, r), &v, sizeof(v));
}

/* What filled the field of r: rows sharing a field share a source. */
static enum hd_setting_source
field_src(const struct hd_settings *s, const struct hd_setting *r)
{
	size_t i;

	for (i = 0; i < hd_setting_count; i++)
		if (hd_setting_table[i].off == r->off &&
		    s->src[i] != HD_SRC_NONE)
			return (enum hd_setting_source)s->src[i];
	return HD_SRC_NONE;
}

enum hd_setting_source
hd_settings_source(const struct hd_settings *s, const char *name)
{
	const struct hd_setting *r = hd_setting_find(name);

	return r != NULL ? field_src(s, r) : HD_SRC_NONE;
}

/* ---- one value ---------------------------------------------------- */

struct ctx {
	struct hd_settings *s;
	enum hd_cmd cmd;
	FILE *out, *err;
};

static void say(const struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(c->err, "hausdesk %s: ", cmd_name(c->cmd));
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
}

/* Keeps a buffer read from a file; false when there is no room. */
static bool
own(struct hd_settings *s, char *p)
{
	size_t i;

	for (i = 0; i < HD_SETTINGS_FILES; i++) {
		if (s->owned[i] == NULL) {
			s->owned[i] = p;
			return true;
		}
	}
	return false;
}

/* Converts v (from who: "--threads", "HAUSDESK_THREADS") into r's field;
 * false, said, when it is not one of r's values. */
static bool
set(struct ctx *c, const struct hd_setting *r, const char *v, const char *who)
{
	struct hd_setting_value x;
	const char *why;
	char what[160];

	if (!hd_setting_value_parse(r, v, &x, &why)) {
		hd_setting_describe(r, what, sizeof(what));
		if (why != NULL)
			say(c, "%s: cannot use %s: %s", who, v, why);
		else if (*v == '\0')
			say(c, "%s needs a value: %s", who, what);
		/* A secret is never repeated (only the empty one fails). */
		else
			say(c, "%s: '%.64s' is not %s", who, v, what);
		return false;
	}
	if (x.owned != NULL && !own(c->s, x.owned)) {
		explicit_bzero(x.owned, strlen(x.owned));
		free(x.owned);
		say(c, "%s: too many files", who);
		return false;
	}
	switch (r->type) {
	case HD_SET_INT:
	case HD_SET_DURATION:
	case HD_SET_SIZE:
		put_int(c->s, r, x.i);
		break;
	case HD_SET_DECIMAL:
		memcpy(field(c->s, r), &x.d, sizeof(x.d));
		break;
	case HD_SET_BOOL:
		memcpy(field(c->s, r), &x.b, sizeof(x.b));
		break;
	default:
		put_str(c->s, r, x.s);
		break;
	}
	return true;
}

/* The "unset" value of a field that nothing filled. */
static void
unset(struct hd_settings *s, const struct hd_setting *r)
{
	double d = -1;

	switch (r->type) {
	case HD_SET_INT:
	case HD_SET_DURATION:
	case HD_SET_SIZE:
		put_int(s, r, -1);
		break;
	case HD_SET_DECIMAL:
		memcpy(field(s, r), &d, sizeof(d));
		break;
	default:
		break; /* NULL and false from the memset */
	}
}

/* ---- argv ---------------------------------------------------------- */

/* getopt_long's table for cmd: its rows' flags (each takes a value,
 * booleans too: --x on, --x off), --help. */
static void
options(enum hd_cmd cmd, struct option *o)
{
	size_t i, n = 0;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];

		if ((r->cmds & cmd) && r->flag != NULL)
			o[n++] = (struct option){
			    r->flag, required_argument, NULL, OPT_ROW + (int)i};
	}
	o[n++] = (struct option){"help", no_argument, NULL, 'h'};
	o[n] = (struct option){NULL, 0, NULL, 0};
}

/* "--adm" or "--smtp-password": a prefix getopt_long would take for a
 * flag. Refused, lest "--smtp-password=secret" name a file (and the
 * error repeat the secret); says which flags it could be. */
static void
ambiguous(struct ctx *c, const char *name)
{
	size_t i, len = strlen(name), k = 0;

	for (i = 0; i <= hd_setting_count; i++) {
		const char *flag =
		    i < hd_setting_count ? hd_setting_table[i].flag : "help";

		if (i < hd_setting_count &&
		    !(hd_setting_table[i].cmds & c->cmd))
			continue;
		if (flag == NULL || strncmp(flag, name, len) != 0)
			continue;
		if (k++ == 0)
			fprintf(c->err, "hausdesk %s: '--%s' could be --%s",
			    cmd_name(c->cmd), name, flag);
		else
			fprintf(c->err, " or --%s", flag);
	}
	if (k == 0)
		say(c, "unknown option '--%s'", name);
	else
		fputs(": write it out\n", c->err);
}

/* The name in "--name" or "--name=value", into buf. */
static void
typed(const char *text, char *buf, size_t n)
{
	size_t len = strcspn(text + 2, "=");

	if (len >= n)
		len = n - 1;
	memcpy(buf, text + 2, len);
	buf[len] = '\0';
}

/* An option getopt_long refused: a value given to --help, another
 * command's option, an ambiguous prefix, or none at all. */
static void
unknown(struct ctx *c, const char *text, int opt)
{
	const struct hd_setting *r;
	char name[64];
	unsigned k;

	if (opt == 'h' && strncmp(text, "--", 2) == 0) {
		say(c, "--help takes no value");
		goto hint;
	}
	if (opt != 0 || strncmp(text, "--", 2) != 0) {
		say(c, "unknown option '-%c'",
		    opt > 0 && opt < 128 ? opt : '?');
		goto hint;
	}
	typed(text, name, sizeof(name));
	r = hd_setting_find(name);
	if (r == NULL || r->flag == NULL) {
		ambiguous(c, name);
		goto hint;
	}
	fprintf(c->err, "hausdesk %s: --%s is not an option of %s (only of",
	    cmd_name(c->cmd), r->flag, cmd_name(c->cmd));
	for (k = 1; k != 0 && k <= r->cmds; k <<= 1)
		if (r->cmds & k)
			fprintf(c->err, " %s", cmd_name((enum hd_cmd)k));
	fputs(")\n", c->err);
hint:
	fprintf(c->err, "Run 'hausdesk %s --help' for its options.\n",
	    cmd_name(c->cmd));
}

/* Collects the last value of each flag into given[]. Returns
 * HD_SETTINGS_RUN, 0 after --help or 2. */
static int
collect(struct ctx *c, int argc, char **argv, const char **given)
{
	struct option o[HD_SETTINGS_MAX + 2];
	char what[160], name[64];
	int ch, li = -1;

	options(c->cmd, o);
	optind = 0; /* glibc: start afresh, parse argv anew */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", o, &li)) != -1) {
		const struct hd_setting *r;

		/* The flag as typed: before its value, or holding it. */
		if (li >= 0 && ch != '?' && ch != ':') {
			const char *flag =
			    ch != 'h' && optarg == argv[optind - 1]
				? argv[optind - 2]
				: argv[optind - 1];

			typed(flag, name, sizeof(name));
			if (strcmp(name, o[li].name) != 0) {
				/* Another command's flag that is also a
				 * prefix of one of this command's (demo's
				 * --tokens, migrate-db's --to): named as
				 * that. */
				const struct hd_setting *x =
				    hd_setting_find(name);

				if (x != NULL && x->flag != NULL) {
					unknown(c, flag, 0);
					return 2;
				}
				ambiguous(c, name);
				fprintf(c->err,
				    "Run 'hausdesk %s --help' for its "
				    "options.\n",
				    cmd_name(c->cmd));
				return 2;
			}
		}
		li = -1;
		if (ch == 'h') {
			hd_settings_help_write(c->out, c->cmd);
			return 0;
		}
		if (ch == '?') {
			unknown(c, argv[optind - 1], optopt);
			return 2;
		}
		if (ch == ':' || (optarg == argv[optind - 1] &&
				     strncmp(optarg, "--", 2) == 0)) {
			/* "--db --listen x": --listen is not a path. Who
			 * means it writes --db=--listen. */
			int i = (ch == ':' ? optopt : ch) - OPT_ROW;

			if (i < 0 || (size_t)i >= hd_setting_count) {
				say(c, "an option needs a value");
				return 2;
			}
			r = &hd_setting_table[i];
			hd_setting_describe(r, what, sizeof(what));
			say(c, "--%s needs a value: %s", r->flag, what);
			return 2;
		}
		given[ch - OPT_ROW] = optarg;
	}
	if (optind < argc) {
		say(c, "unexpected argument '%.64s'", argv[optind]);
		fprintf(c->err, "Run 'hausdesk %s --help' for its options.\n",
		    cmd_name(c->cmd));
		return 2;
	}
	return HD_SETTINGS_RUN;
}

/* Two flags for one field ("--admin-password" and "--admin-password-file"):
 * neither may silently win. */
static bool
one_flag_each(struct ctx *c, const char **given)
{
	size_t i, j;

	for (i = 0; i < hd_setting_count; i++)
		for (j = i + 1; j < hd_setting_count; j++)
			if (given[i] != NULL && given[j] != NULL &&
			    hd_setting_table[i].off ==
				hd_setting_table[j].off) {
				say(c, "give --%s or --%s, not both",
				    hd_setting_table[i].flag,
				    hd_setting_table[j].flag);
				return false;
			}
	return true;
}

/* "--admin-password-file or HAUSDESK_ADMIN_PASSWORD": the ways to fill
 * r's field for cmd, without the exposed flags. */
static void
ways(struct ctx *c, const struct hd_setting *r)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *q = &hd_setting_table[i];

		if (q->off != r->off || !(q->cmds & c->cmd))
			continue;
		if (q->flag != NULL && !(q->flags & HD_SETF_EXPOSED)) {
			fprintf(c->err, "%s--%s", sep, q->flag);
			sep = " or ";
		}
		if (q->env != NULL) {
			fprintf(c->err, "%s%s", sep, q->env);
			sep = " or ";
		}
	}
}

/* Whether a row of cmd that stands in for required row r is given
 * (--url for --db). */
static bool
stand_in(struct ctx *c, const struct hd_setting *r)
{
	size_t i;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *q = &hd_setting_table[i];

		if ((q->cmds & c->cmd) && q->instead != NULL &&
		    r->flag != NULL && strcmp(q->instead, r->flag) == 0 &&
		    (c->s->src[i] == HD_SRC_FLAG || c->s->src[i] == HD_SRC_ENV))
			return true;
	}
	return false;
}

/* " (or --url)": the rows of cmd that may stand in for r. */
static void
alternatives(struct ctx *c, const struct hd_setting *r)
{
	const char *sep = " (or ";
	size_t i;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *q = &hd_setting_table[i];

		if ((q->cmds & c->cmd) && q->instead != NULL &&
		    r->flag != NULL && strcmp(q->instead, r->flag) == 0) {
			fprintf(c->err, "%s--%s", sep, q->flag);
			sep = ", ";
		}
	}
	if (strcmp(sep, ", ") == 0)
		fputc(')', c->err);
}

/* Required fields are filled; a setting's needs are met. */
static bool
complete(struct ctx *c)
{
	size_t i;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];
		const struct hd_setting *q;

		if (!(r->cmds & c->cmd))
			continue;
		if ((r->flags & HD_SETF_REQUIRED) &&
		    field_src(c->s, r) == HD_SRC_NONE && !stand_in(c, r)) {
			fprintf(c->err, "hausdesk %s: ", cmd_name(c->cmd));
			ways(c, r);
			fputs(" is required", c->err);
			alternatives(c, r);
			fprintf(c->err,
			    "\nRun 'hausdesk %s --help' for its "
			    "options.\n",
			    cmd_name(c->cmd));
			return false;
		}
		/* The rule for test-only settings: never in production. */
		if ((r->flags & HD_SETF_TEST_ONLY) &&
		    (c->s->src[i] == HD_SRC_FLAG ||
			c->s->src[i] == HD_SRC_ENV) &&
		    c->s->cfg.production) {
			say(c,
			    "--%s is for tests only and refused with "
			    "--production",
			    r->flag);
			return false;
		}
		if (r->needs != NULL &&
		    (c->s->src[i] == HD_SRC_FLAG ||
			c->s->src[i] == HD_SRC_ENV) &&
		    (q = hd_setting_find(r->needs)) != NULL &&
		    field_src(c->s, q) == HD_SRC_NONE) {
			say(c, "--%s needs --%s", r->flag, q->flag);
			return false;
		}
	}
	return true;
}

int
hd_settings_parse(struct hd_settings *s, enum hd_cmd cmd, int argc, char **argv,
    FILE *out, FILE *err)
{
	const char *given[HD_SETTINGS_MAX] = {0};
	struct ctx c = {s, cmd, out, err};
	char who[80];
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = collect(&c, argc, argv, given)) != HD_SETTINGS_RUN)
		return rc;
	if (!one_flag_each(&c, given))
		return 2;
	/* Flags first; then the environment and the defaults fill only what
	 * no flag of the same field filled. */
	for (i = 0; i < hd_setting_count; i++) {
		if (given[i] == NULL)
			continue;
		snprintf(who, sizeof(who), "--%s", hd_setting_table[i].flag);
		if (!set(&c, &hd_setting_table[i], given[i], who))
			return 2;
		s->src[i] = HD_SRC_FLAG;
	}
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];
		const char *v;

		if (!(r->cmds & cmd) || r->env == NULL ||
		    field_src(s, r) != HD_SRC_NONE)
			continue;
		/* Empty counts as unset, as in a shell's VAR= cmd. */
		if ((v = getenv(r->env)) == NULL || *v == '\0')
			continue;
		if (!set(&c, r, v, r->env))
			return 2;
		s->src[i] = HD_SRC_ENV;
	}
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];

		if (!(r->cmds & cmd) || field_src(s, r) != HD_SRC_NONE)
			continue;
		if (r->def == NULL) {
			unset(s, r);
			continue;
		}
		snprintf(who, sizeof(who), "the default of %s%s",
		    r->flag != NULL ? "--" : "",
		    r->flag != NULL ? r->flag : r->env);
		if (!set(&c, r, r->def, who))
			return 2;
		s->src[i] = HD_SRC_DEFAULT;
	}
	if (!complete(&c))
		return 2;
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = &hd_setting_table[i];

		if (s->src[i] != HD_SRC_FLAG || !(r->flags & HD_SETF_EXPOSED))
			continue;
		fprintf(err,
		    "hausdesk %s: warning: --%s shows in the process list "
		    "(ps) to every user of this machine; use ",
		    cmd_name(cmd), r->flag);
		ways(&c, r);
		fputs(" instead\n", err);
	}
	return HD_SETTINGS_RUN;
}

void
hd_settings_cleanup(struct hd_settings *s)
{
	size_t i;

	for (i = 0; i < HD_SETTINGS_FILES; i++) {
		if (s->owned[i] == NULL)
			continue;
		explicit_bzero(s->owned[i], strlen(s->owned[i]));
		free(s->owned[i]);
		s->owned[i] = NULL;
	}
}
