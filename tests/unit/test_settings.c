/* SPDX-License-Identifier: MIT */
/*
 * The table of settings (util/settings*.c): parsing each command's argv,
 * the environment and the defaults, --help and the docs. Most tests loop
 * over the table, so a row added later is tested without a new test.
 */
#include "cli/demo_scale.h"
#include "util/settings.h"

#include <ctype.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define ROW(i) (&hd_setting_table[i])
/* For each command: c its index in hd_command_table, k its bit. */
#define EACH_COMMAND(c, k)                                                     \
	for ((c) = 0;                                                          \
	     (c) < hd_command_count && ((k) = hd_command_table[c].cmd, 1);     \
	     (c)++)

/* ---- fixtures ------------------------------------------------------ */

/* Files this test wrote, removed after each test. */
static char made[64][64];
static size_t nmade;

/* A new file under /tmp holding text; returns its name (static). */
static const char *
file_with(const char *text)
{
	char *p;
	int fd;

	assert_true(nmade < sizeof(made) / sizeof(made[0]));
	p = made[nmade];
	snprintf(p, sizeof(made[0]), "/tmp/hd-settings-XXXXXX");
	fd = mkstemp(p);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	nmade++;
	return p;
}

/* Every variable of the table unset: the caller's shell must not count. */
static int
clean(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < hd_setting_count; i++)
		if (ROW(i)->env != NULL)
			unsetenv(ROW(i)->env);
	return 0;
}

/* Every argument passed, kept until the test ends: the settings borrow
 * their strings from argv, as from a process's. */
static char **kept;
static size_t nkept, capkept;

static char *
keep(const char *s)
{
	if (nkept == capkept) {
		capkept = capkept ? 2 * capkept : 256;
		kept = realloc(kept, capkept * sizeof(*kept));
		assert_non_null(kept);
	}
	kept[nkept] = strdup(s);
	assert_non_null(kept[nkept]);
	return kept[nkept++];
}

static int
tidy(void **state)
{
	size_t i;

	for (i = 0; i < nmade; i++)
		unlink(made[i]);
	nmade = 0;
	for (i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	kept = NULL;
	nkept = capkept = 0;
	return clean(state);
}

/* An argv under construction; run empties it. */
struct args {
	char *v[64];
	int n;
};

static void
add(struct args *a, const char *s)
{
	assert_true(a->n < 63);
	a->v[a->n++] = keep(s);
	a->v[a->n] = NULL;
}

/* What one parse said, and the settings it made. */
struct said {
	int rc;
	char *out, *err;
	struct hd_settings s;
};

/* Frees what a parse said and the settings it made. */
static void
done(struct said *o)
{
	free(o->out);
	free(o->err);
	hd_settings_cleanup(&o->s);
}

/* Parses argv a for command k; empties a. */
static struct said
run(enum hd_cmd k, struct args *a)
{
	struct said r = {0};
	size_t on, en;
	FILE *out = open_memstream(&r.out, &on);
	FILE *err = open_memstream(&r.err, &en);

	assert_non_null(out);
	assert_non_null(err);
	r.rc = hd_settings_parse(&r.s, k, a->n, a->v, out, err);
	fclose(out);
	fclose(err);
	a->n = 0;
	return r;
}

static const char *cmd_of(enum hd_cmd cmd);

/* Parses command k with the arguments that follow, up to NULL. */
static struct said
parse(enum hd_cmd k, ...)
{
	struct args a = {0};
	const char *p;
	va_list ap;

	add(&a, cmd_of(k));
	va_start(ap, k);
	while ((p = va_arg(ap, const char *)) != NULL)
		add(&a, p);
	va_end(ap);
	return run(k, &a);
}

/* o is a refusal (status 2) that says want; frees it. */
static void
refused(struct said o, const char *want)
{
	print_message("# %s", o.err);
	assert_int_equal(o.rc, 2);
	assert_non_null(strstr(o.err, want));
	done(&o);
}

static const char *
cmd_of(enum hd_cmd cmd)
{
	const struct hd_command_doc *d = hd_command_doc_find(cmd);

	assert_non_null(d);
	return d->name;
}

/* ---- values a row takes ---------------------------------------------- */

/* Two different valid texts for row r (which 0 or 1); a file's name for
 * a file row. The value stored is what want() says. */
static const char *
sample(const struct hd_setting *r, int which, char *buf, size_t n)
{
	switch (r->type) {
	case HD_SET_INT:
	case HD_SET_DURATION:
	case HD_SET_SIZE:
		snprintf(buf, n, "%lld", (long long)(which ? r->max : r->min));
		return buf;
	case HD_SET_DECIMAL:
		return which ? "2" : "0.5";
	case HD_SET_BOOL:
		return which ? "on" : "off";
	case HD_SET_SECRET_FILE:
		return file_with(which ? "secret-one-from-file\nnot this\n"
				       : "secret-zero-from-file\n");
	default:
		snprintf(buf, n, "%s-%d", r->flag ? r->flag : r->env, which);
		return buf;
	}
}

static int64_t
get_int(const struct hd_settings *s, const struct hd_setting *r)
{
	const char *p = (const char *)s + r->off;
	int64_t v;
	int i;

	if (r->size == sizeof(int)) {
		memcpy(&i, p, sizeof(i));
		return i;
	}
	memcpy(&v, p, sizeof(v));
	return v;
}

static const char *
get_str(const struct hd_settings *s, const struct hd_setting *r)
{
	const char *v;

	memcpy(&v, (const char *)s + r->off, sizeof(v));
	return v;
}

/* The field of r holds sample(r, which). */
static void
assert_holds(const struct hd_settings *s, const struct hd_setting *r, int which)
{
	const char *p = (const char *)s + r->off;
	char buf[64], want[64];
	double d;
	bool b;

	switch (r->type) {
	case HD_SET_INT:
	case HD_SET_DURATION:
	case HD_SET_SIZE:
		assert_int_equal(get_int(s, r), which ? r->max : r->min);
		break;
	case HD_SET_DECIMAL:
		memcpy(&d, p, sizeof(d));
		assert_true(d == (which ? 2.0 : 0.5));
		break;
	case HD_SET_BOOL:
		memcpy(&b, p, sizeof(b));
		assert_int_equal(b, which ? true : false);
		break;
	case HD_SET_SECRET_FILE:
		assert_string_equal(get_str(s, r),
		    which ? "secret-one-from-file" : "secret-zero-from-file");
		break;
	default:
		snprintf(want, sizeof(want), "%s",
		    sample(r, which, buf, sizeof(buf)));
		assert_string_equal(get_str(s, r), want);
		break;
	}
}

/* Adds what cmd requires, except the field skip (another row's job):
 * through a flag that does not show a secret, else the variable. */
static void
add_required(struct args *a, enum hd_cmd cmd, size_t skip)
{
	char buf[64];
	size_t i, j;

	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i), *w = NULL;

		if (!(r->cmds & cmd) || !(r->flags & HD_SETF_REQUIRED) ||
		    r->off == skip)
			continue;
		for (j = 0; j < hd_setting_count && w == NULL; j++)
			if (ROW(j)->off == r->off && (ROW(j)->cmds & cmd) &&
			    ROW(j)->flag != NULL &&
			    !(ROW(j)->flags & HD_SETF_EXPOSED))
				w = ROW(j);
		if (w != NULL) {
			char opt[80];

			snprintf(opt, sizeof(opt), "--%s", w->flag);
			add(a, opt);
			add(a, sample(w, 0, buf, sizeof(buf)));
		} else {
			assert_non_null(r->env);
			setenv(r->env, sample(r, 0, buf, sizeof(buf)), 1);
		}
	}
}

/* argv for command k: its name, what it requires (but the field of r),
 * and "--flag value" of r when value is not NULL. */
static void
start(struct args *a, enum hd_cmd k, const struct hd_setting *r,
    const char *value)
{
	char opt[80];

	add(a, cmd_of(k));
	add_required(a, k, r != NULL ? r->off : SIZE_MAX);
	if (value != NULL) {
		snprintf(opt, sizeof(opt), "--%s", r->flag);
		add(a, opt);
		add(a, value);
	}
}

/* The first command that takes row r. */
static enum hd_cmd
first_cmd(const struct hd_setting *r)
{
	unsigned k;

	for (k = 1; k != 0; k <<= 1)
		if (r->cmds & k)
			return (enum hd_cmd)k;
	fail_msg("a row no command takes");
	return HD_CMD_INIT;
}

/* ---- the table itself ---------------------------------------------- */

static bool
is_number(const struct hd_setting *r)
{
	return r->type == HD_SET_INT || r->type == HD_SET_DURATION ||
	       r->type == HD_SET_SIZE;
}

static void
every_row_is_well_formed_and_its_default_is_one_of_its_values(void **state)
{
	struct hd_setting_value v;
	const char *why;
	char env[96];
	size_t i, j, k;

	(void)state;
	assert_true(hd_setting_count >= 18);
	assert_true(hd_setting_count <= HD_SETTINGS_MAX);
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);

		print_message("# %s %s\n", r->flag ? r->flag : "-",
		    r->env ? r->env : "-");
		assert_true(r->flag != NULL || r->env != NULL);
		assert_true(r->cmds != 0);
		assert_non_null(r->help);
		assert_true(
		    r->help[0] != '\0' && r->help[strlen(r->help) - 1] != '.');
		for (j = 0; j < i; j++) {
			if (r->flag && ROW(j)->flag)
				assert_string_not_equal(r->flag, ROW(j)->flag);
			if (r->env && ROW(j)->env)
				assert_string_not_equal(r->env, ROW(j)->env);
		}
		/* --mail-retry-ms is HAUSDESK_MAIL_RETRY_MS. */
		if (r->flag != NULL && r->env != NULL) {
			snprintf(env, sizeof(env), "HAUSDESK_%s", r->flag);
			for (k = 9; env[k] != '\0'; k++)
				env[k] =
				    env[k] == '-'
					? '_'
					: (char)toupper((unsigned char)env[k]);
			assert_string_equal(r->env, env);
		}
		/* The field fits what the row writes into it. */
		if (is_number(r)) {
			assert_true(r->size == sizeof(int) ||
				    r->size == sizeof(int64_t));
			assert_true(r->min >= 0 && r->min < r->max);
			if (r->size == sizeof(int))
				assert_true(r->max <= INT_MAX);
		} else if (r->type == HD_SET_DECIMAL) {
			assert_int_equal(r->size, sizeof(double));
			assert_true(r->max >= 2);
		} else if (r->type == HD_SET_BOOL) {
			assert_int_equal(r->size, sizeof(bool));
		} else {
			assert_int_equal(r->size, sizeof(const char *));
		}
		if (r->type == HD_SET_DURATION || r->type == HD_SET_SIZE)
			assert_true(r->unit > 0);
		assert_true(r->off + r->size <= sizeof(struct hd_settings));
		/* A secret has no default and is never a plain flag. */
		if (r->type == HD_SET_SECRET || r->type == HD_SET_SECRET_FILE)
			assert_null(r->def);
		if (r->type == HD_SET_SECRET && r->flag != NULL)
			assert_true(r->flags & HD_SETF_EXPOSED);
		if (r->flags & HD_SETF_EXPOSED)
			assert_int_equal(r->type, HD_SET_SECRET);
		if (r->def != NULL) {
			assert_true(
			    hd_setting_value_parse(r, r->def, &v, &why));
			assert_null(v.owned);
			assert_false(r->flags & HD_SETF_REQUIRED);
		}
		if (r->needs != NULL) {
			const struct hd_setting *q = hd_setting_find(r->needs);

			assert_non_null(q);
			assert_true((q->cmds & r->cmds) == r->cmds);
		}
		/* Rows sharing a field share its type's storage. */
		for (j = 0; j < hd_setting_count; j++)
			if (ROW(j)->off == r->off)
				assert_int_equal(ROW(j)->size, r->size);
		for (k = 1; k != 0 && k <= r->cmds; k <<= 1)
			if (r->cmds & k)
				assert_non_null(hd_command_doc_find(k));
	}
}

static void
the_table_keeps_the_numbers_the_code_uses(void **state)
{
	const struct hd_setting *r;
	char buf[32];

	(void)state;
	r = hd_setting_find("cache-mb");
	assert_non_null(r);
	snprintf(buf, sizeof(buf), "%d", HD_CACHE_MB);
	assert_string_equal(r->def, buf);
	r = hd_setting_find("shutdown-timeout");
	assert_non_null(r);
	snprintf(buf, sizeof(buf), "%d", HD_SHUTDOWN_S);
	assert_string_equal(r->def, buf);
	r = hd_setting_find("check-mb");
	assert_non_null(r);
	snprintf(buf, sizeof(buf), "%d", HD_CHECK_MB);
	assert_string_equal(r->def, buf);
	r = hd_setting_find("scale");
	assert_non_null(r);
	assert_true((double)r->max == DEMO_SCALE_MAX);
	/* The same setting, by either name. */
	assert_ptr_equal(
	    hd_setting_find("HAUSDESK_THREADS"), hd_setting_find("threads"));
	assert_null(hd_setting_find("nope"));
}

/* Every flag and variable the commands took before the table (their own
 * getopt tables, cli_config_from_env, serve's connection settings) is
 * still taken by the same command: none was lost in the move. */
static void
every_name_the_commands_took_before_the_table_is_still_taken(void **state)
{
	static const struct {
		enum hd_cmd cmd;
		const char *name;
	} old[] = {
	    {HD_CMD_INIT, "db"},
	    {HD_CMD_INIT, "org"},
	    {HD_CMD_INIT, "admin-email"},
	    {HD_CMD_INIT, "admin-password"},
	    {HD_CMD_INIT, "admin-name"},
	    {HD_CMD_DEMO, "db"},
	    {HD_CMD_DEMO, "scale"},
	    {HD_CMD_DEMO, "tokens"},
	    {HD_CMD_CHECK, "db"},
	    {HD_CMD_SERVE, "db"},
	    {HD_CMD_SERVE, "listen"},
	    {HD_CMD_SERVE, "maildir"},
	    {HD_CMD_SERVE, "base-url"},
	    {HD_CMD_SERVE, "threads"},
	    {HD_CMD_SERVE, "cache-mb"},
	    {HD_CMD_SERVE, "shutdown-timeout"},
	    {HD_CMD_SERVE, "check-mb"},
	    {HD_CMD_SERVE, "log-file"},
	    {HD_CMD_SERVE, "max-conns"},
	    {HD_CMD_SERVE, "conns-per-ip"},
	    {HD_CMD_SERVE, "header-timeout-ms"},
	    {HD_CMD_SERVE, "body-timeout-ms"},
	    {HD_CMD_SERVE, "body-min-rate"},
	    {HD_CMD_SERVE, "keepalive-ms"},
	    {HD_CMD_SERVE, "HAUSDESK_SMTP_URL"},
	    {HD_CMD_SERVE, "HAUSDESK_SMTP_USER"},
	    {HD_CMD_SERVE, "HAUSDESK_SMTP_PASSWORD"},
	    {HD_CMD_SERVE, "HAUSDESK_MAIL_FROM"},
	    {HD_CMD_SERVE, "HAUSDESK_TRUSTED_PROXIES"},
	    {HD_CMD_SERVE, "HAUSDESK_BASE_URL"},
	    {HD_CMD_SERVE, "HAUSDESK_MAILDIR"},
	    {HD_CMD_SERVE, "HAUSDESK_MAIL_RETRY_MS"},
	    {HD_CMD_SERVE, "HAUSDESK_MAIL_MAX_ATTEMPTS"},
	    {HD_CMD_SERVE, "HAUSDESK_MAIL_GIVE_UP_HOURS"},
	    {HD_CMD_SERVE, "HAUSDESK_SMTP_TIMEOUT_MS"},
	    {HD_CMD_SERVE, "HAUSDESK_THREADS"},
	    {HD_CMD_SERVE, "HAUSDESK_CACHE_MB"},
	    {HD_CMD_SERVE, "HAUSDESK_SHUTDOWN_TIMEOUT"},
	    {HD_CMD_SERVE, "HAUSDESK_CHECK_MB"},
	    {HD_CMD_SERVE, "HAUSDESK_LOG_FILE"},
	    {HD_CMD_SERVE, "HAUSDESK_MAX_CONNS"},
	    {HD_CMD_SERVE, "HAUSDESK_CONNS_PER_IP"},
	    {HD_CMD_SERVE, "HAUSDESK_HEADER_TIMEOUT_MS"},
	    {HD_CMD_SERVE, "HAUSDESK_BODY_TIMEOUT_MS"},
	    {HD_CMD_SERVE, "HAUSDESK_BODY_MIN_RATE"},
	    {HD_CMD_SERVE, "HAUSDESK_KEEPALIVE_MS"},
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		const struct hd_setting *r = hd_setting_find(old[i].name);
		bool is_env = strncmp(old[i].name, "HAUSDESK_", 9) == 0;
		struct args a = {0};
		struct said o;

		print_message("# %s %s\n", cmd_of(old[i].cmd), old[i].name);
		assert_non_null(r);
		assert_true(r->cmds & old[i].cmd);
		clean(NULL);
		start(&a, old[i].cmd, r,
		    is_env ? NULL : sample(r, 1, buf, sizeof(buf)));
		if (r->needs != NULL) {
			snprintf(buf, sizeof(buf), "--%s=1", r->needs);
			add(&a, buf);
		}
		if (is_env)
			setenv(old[i].name, sample(r, 1, buf, sizeof(buf)), 1);
		o = run(old[i].cmd, &a);
		assert_int_equal(o.rc, HD_SETTINGS_RUN);
		assert_holds(&o.s, r, 1);
		assert_int_equal(hd_settings_source(&o.s, old[i].name),
		    is_env ? HD_SRC_ENV : HD_SRC_FLAG);
		done(&o);
	}
}

/* Every variable but the secrets has a flag of its own name, so that a
 * setting of the environment can be overridden for one start. */
static void
every_variable_but_a_secret_has_a_flag(void **state)
{
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);

		if (r->env == NULL || r->type == HD_SET_SECRET)
			continue;
		print_message("# %s\n", r->env);
		assert_non_null(r->flag);
		n++;
	}
	assert_true(n >= 20);
}

/* The units people write: "1m" for a time-out in seconds, "1G" for MB. */
static void
serve_takes_durations_and_sizes_in_any_unit(void **state)
{
	struct said o;

	(void)state;
	o = parse(HD_CMD_SERVE, "--db=x.db", "--shutdown-timeout=1m",
	    "--check-mb=1G", "--keepalive-ms=5s", "--mail-give-up-hours=2h",
	    "--header-timeout-ms=1500ms", "--cache-mb=64M", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_int_equal(o.s.cfg.shutdown_s, 60);
	assert_int_equal(o.s.cfg.check_mb, 1024);
	assert_int_equal(o.s.cfg.keepalive_ms, 5000);
	assert_int_equal(o.s.cfg.mail_give_up_hours, 2);
	assert_int_equal(o.s.cfg.header_timeout_ms, 1500);
	assert_int_equal(o.s.cfg.cache_mb, 64);
	done(&o);
	/* Not a whole number of the setting's unit: refused, not rounded. */
	refused(
	    parse(HD_CMD_SERVE, "--db=x.db", "--shutdown-timeout=1500ms", NULL),
	    "--shutdown-timeout: '1500ms' is not a duration from 0 to 1 h");
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--keepalive-ms=999", NULL),
	    "--keepalive-ms: '999' is not a duration from 1 s to 1 h");
}

/* ---- flags, variables, defaults ------------------------------------- */

static void
every_flag_beats_every_variable_of_its_setting_in_every_command(void **state)
{
	char buf[64];
	size_t i, j, pairs = 0;
	unsigned k, c;

	(void)state;
	EACH_COMMAND(c, k)
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);

		if (!(r->cmds & k) || r->flag == NULL)
			continue;
		for (j = 0; j < hd_setting_count; j++) {
			const struct hd_setting *e = ROW(j);
			struct args a = {0};
			struct said o;

			if (!(e->cmds & k) || e->env == NULL ||
			    e->off != r->off)
				continue;
			clean(NULL);
			setenv(e->env, sample(e, 1, buf, sizeof(buf)), 1);
			start(&a, k, r, sample(r, 0, buf, sizeof(buf)));
			o = run(k, &a);
			assert_int_equal(o.rc, HD_SETTINGS_RUN);
			assert_holds(&o.s, r, 0);
			assert_int_equal(
			    hd_settings_source(&o.s, r->flag), HD_SRC_FLAG);
			done(&o);
			pairs++;
		}
	}
	/* Not vacuous: threads, cache-mb, base-url, … and the password. */
	assert_true(pairs >= 11);
}

/* HAUSDESK_THREADS=99 beside --threads 4: the variable is not even read,
 * so a wrong one cannot stop the server the flag configures. */
static void
a_variable_is_not_read_when_a_flag_sets_its_setting(void **state)
{
	char buf[64];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);
		enum hd_cmd k;
		struct args a = {0};
		struct said o;

		if (r->flag == NULL || r->env == NULL ||
		    (!is_number(r) && r->type != HD_SET_DECIMAL &&
			r->type != HD_SET_BOOL))
			continue;
		k = first_cmd(r);
		clean(NULL);
		setenv(r->env, "not-a-value", 1);
		start(&a, k, r, sample(r, 1, buf, sizeof(buf)));
		o = run(k, &a);
		assert_int_equal(o.rc, HD_SETTINGS_RUN);
		assert_holds(&o.s, r, 1);
		done(&o);
		/* Without the flag, the same variable is refused by name. */
		start(&a, k, r, NULL);
		o = run(k, &a);
		assert_int_equal(o.rc, 2);
		assert_non_null(strstr(o.err, r->env));
		done(&o);
		n++;
	}
	assert_true(n >= 4);
}

static void
every_variable_beats_the_default(void **state)
{
	char buf[64];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);
		enum hd_cmd k;
		struct args a = {0};
		struct said o;

		if (r->env == NULL)
			continue;
		k = first_cmd(r);
		clean(NULL);
		start(&a, k, r, NULL);
		setenv(r->env, sample(r, 1, buf, sizeof(buf)), 1);
		if (r->def != NULL)
			assert_string_not_equal(r->def, getenv(r->env));
		o = run(k, &a);
		assert_int_equal(o.rc, HD_SETTINGS_RUN);
		assert_holds(&o.s, r, 1);
		assert_int_equal(
		    hd_settings_source(&o.s, r->flag ? r->flag : r->env),
		    HD_SRC_ENV);
		done(&o);
		n++;
	}
	assert_true(n >= 10);
}

static void
an_empty_variable_counts_as_unset(void **state)
{
	struct said o;

	(void)state;
	setenv("HAUSDESK_MAIL_FROM", "", 1);
	setenv("HAUSDESK_THREADS", "", 1);
	o = parse(HD_CMD_SERVE, "--db", "x.db", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.cfg.mail_from, "hausdesk@localhost");
	assert_int_equal(hd_settings_source(&o.s, "mail-from"), HD_SRC_DEFAULT);
	assert_int_equal(o.s.cfg.threads, -1);
	done(&o);
}

static void
defaults_fill_the_rest_and_unset_numbers_are_minus_one(void **state)
{
	struct said o;

	(void)state;
	o = parse(HD_CMD_SERVE, "--db", "x.db", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.err, "");
	assert_string_equal(o.s.cfg.db_path, "x.db");
	assert_string_equal(o.s.cfg.listen, "127.0.0.1:8080");
	assert_string_equal(o.s.cfg.mail_from, "hausdesk@localhost");
	assert_int_equal(o.s.cfg.mail_retry_ms, 30000);
	assert_int_equal(o.s.cfg.mail_max_attempts, 0);
	assert_int_equal(o.s.cfg.mail_give_up_hours, 120);
	assert_int_equal(o.s.cfg.smtp_timeout_ms, 0);
	assert_int_equal(o.s.cfg.cache_mb, HD_CACHE_MB);
	assert_int_equal(o.s.cfg.shutdown_s, HD_SHUTDOWN_S);
	assert_int_equal(o.s.cfg.check_mb, HD_CHECK_MB);
	assert_int_equal(o.s.cfg.max_conns, 0);
	assert_int_equal(o.s.cfg.conns_per_ip, 128);
	assert_int_equal(o.s.cfg.header_timeout_ms, 20000);
	assert_int_equal(o.s.cfg.body_timeout_ms, 20000);
	assert_int_equal(o.s.cfg.body_min_rate, 500);
	assert_int_equal(o.s.cfg.keepalive_ms, 5000);
	assert_null(o.s.cfg.trusted_proxies);
	assert_null(o.s.cfg.log_file);
	/* Computed by serve: one thread per CPU, the Maildir beside the
	 * database, the base URL from --listen. */
	assert_int_equal(o.s.cfg.threads, -1);
	assert_null(o.s.cfg.maildir);
	assert_null(o.s.cfg.base_url);
	assert_null(o.s.cfg.smtp_url);
	assert_null(o.s.cfg.smtp_password);
	assert_int_equal(hd_settings_source(&o.s, "threads"), HD_SRC_NONE);
	assert_int_equal(hd_settings_source(&o.s, "listen"), HD_SRC_DEFAULT);
	assert_int_equal(hd_settings_source(&o.s, "db"), HD_SRC_FLAG);
	done(&o);

	o = parse(HD_CMD_DEMO, "--db", "x.db", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_true(o.s.scale == -1.0);
	assert_null(o.s.tokens);
	done(&o);
}

static void
a_flag_given_twice_takes_the_last_value(void **state)
{
	struct said o;

	(void)state;
	o = parse(
	    HD_CMD_SERVE, "--db=a.db", "--threads", "3", "--threads=5", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.cfg.db_path, "a.db");
	assert_int_equal(o.s.cfg.threads, 5);
	done(&o);
}

/* ---- what is refused ----------------------------------------------- */

static void
values_out_of_bounds_are_refused_naming_the_flag_and_the_bounds(void **state)
{
	char bad[2][32], what[160], want[320];
	size_t i, n = 0;
	int b;

	(void)state;
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);
		enum hd_cmd k = first_cmd(r);

		if (!is_number(r) && r->type != HD_SET_DECIMAL)
			continue;
		hd_setting_describe(r, what, sizeof(what));
		snprintf(bad[0], sizeof(bad[0]), "%lld", (long long)r->max + 1);
		snprintf(bad[1], sizeof(bad[1]), "%lld",
		    r->type == HD_SET_DECIMAL ? 0 : (long long)r->min - 1);
		for (b = 0; b < 2; b++) {
			struct args a = {0};

			clean(NULL);
			if (r->flag != NULL) {
				start(&a, k, r, bad[b]);
				snprintf(want, sizeof(want),
				    "--%s: '%s' is not %s", r->flag, bad[b],
				    what);
				refused(run(k, &a), want);
			}
			if (r->env != NULL) {
				start(&a, k, r, NULL);
				setenv(r->env, bad[b], 1);
				snprintf(want, sizeof(want),
				    "%s: '%s' is not %s", r->env, bad[b], what);
				refused(run(k, &a), want);
			}
			n++;
		}
	}
	assert_true(n >= 10);
}

static void
the_bounds_say_what_they_are(void **state)
{
	char what[160];

	(void)state;
	hd_setting_describe(hd_setting_find("threads"), what, sizeof(what));
	assert_string_equal(what, "a whole number from 0 to 64");
	hd_setting_describe(
	    hd_setting_find("mail-retry-ms"), what, sizeof(what));
	assert_string_equal(what, "a duration from 10 ms to 1 h: a number of "
				  "ms, or with ms, s, m or h");
	hd_setting_describe(hd_setting_find("cache-mb"), what, sizeof(what));
	assert_string_equal(what, "a size from 0 to 4 GiB: a number of MiB, "
				  "or with k, M or G");
}

static void
unknown_flags_are_refused_by_name_with_status_2(void **state)
{
	(void)state;
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--nope", NULL),
	    "serve: unknown option '--nope'");
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--nope=1", NULL),
	    "serve: unknown option '--nope'");
	refused(parse(HD_CMD_SERVE, "--db=x.db", "-x", NULL),
	    "serve: unknown option '-x'");
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--help=1", NULL),
	    "serve: --help takes no value");
	refused(parse(HD_CMD_INIT, "--nope", NULL),
	    "Run 'hausdesk init --help' for its options.");
}

static void
a_flag_must_be_written_out_and_a_prefix_names_the_flags_it_could_be(
    void **state)
{
	(void)state;
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--thr", "4", NULL),
	    "serve: '--thr' could be --threads: write it out");
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--thr=4", NULL),
	    "serve: '--thr' could be --threads: write it out");
	refused(parse(HD_CMD_SERVE, "--d", "x.db", NULL),
	    "serve: '--d' could be --db: write it out");
	refused(parse(HD_CMD_SERVE, "--db=x.db", "--he", NULL),
	    "serve: '--he' could be");
	refused(parse(HD_CMD_INIT, "--adm", "x", NULL),
	    "'--adm' could be --admin-email or --admin-name or "
	    "--admin-password-file or --admin-password");
}

static void
a_flag_without_its_value_is_refused_naming_the_flag(void **state)
{
	char opt[80], want[120];
	size_t i, n = 0;
	unsigned k, c;

	(void)state;
	EACH_COMMAND(c, k)
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);
		struct args a = {0};
		int form;

		if (!(r->cmds & k) || r->flag == NULL)
			continue;
		snprintf(want, sizeof(want), "--%s needs a value", r->flag);
		/* At the end; before another flag; empty. */
		for (form = 0; form < 3; form++) {
			add(&a, cmd_of(k));
			snprintf(opt, sizeof(opt), "--%s%s", r->flag,
			    form == 2 ? "=" : "");
			add(&a, opt);
			if (form == 1)
				add(&a, "--help");
			refused(run(k, &a), want);
			n++;
		}
	}
	assert_true(n >= 3 * 20);
}

static void
a_value_that_starts_with_two_dashes_needs_the_equals_form(void **state)
{
	struct said o;

	(void)state;
	refused(parse(HD_CMD_SERVE, "--db", "--odd.db", NULL),
	    "--db needs a value");
	o = parse(HD_CMD_SERVE, "--db=--odd.db", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.cfg.db_path, "--odd.db");
	done(&o);
}

static void
a_setting_of_another_command_is_refused_naming_its_command(void **state)
{
	char want[120], buf[64];
	size_t i, n = 0;
	unsigned k, c;

	(void)state;
	EACH_COMMAND(c, k)
	for (i = 0; i < hd_setting_count; i++) {
		const struct hd_setting *r = ROW(i);
		struct args a = {0};

		if ((r->cmds & k) || r->flag == NULL)
			continue;
		start(&a, k, r, sample(r, 0, buf, sizeof(buf)));
		snprintf(want, sizeof(want),
		    "--%s is not an option of %s (only of %s", r->flag,
		    cmd_of(k), cmd_of(first_cmd(r)));
		refused(run(k, &a), want);
		clean(NULL);
		n++;
	}
	assert_true(n >= 25);
}

static void
positional_arguments_are_refused(void **state)
{
	(void)state;
	refused(parse(HD_CMD_SERVE, "--db", "x.db", "extra", NULL),
	    "serve: unexpected argument 'extra'");
	refused(parse(HD_CMD_SERVE, "--db", "x.db", "-", NULL),
	    "serve: unexpected argument '-'");
}

static void
each_command_refuses_to_run_without_what_it_requires(void **state)
{
	char want[80];
	unsigned k, c;

	(void)state;
	EACH_COMMAND(c, k)
	{
		snprintf(want, sizeof(want), "hausdesk %s: --%s is required",
		    cmd_of(k), k == HD_CMD_MIGRATE_DB ? "from" : "db");
		refused(parse(k, NULL), want);
	}
	refused(
	    parse(HD_CMD_INIT, "--db=x.db", "--admin-email=a@b.example", NULL),
	    "init: --org is required");
}

static void
tokens_need_a_scale(void **state)
{
	struct said o;

	(void)state;
	refused(parse(HD_CMD_DEMO, "--db=x.db", "--tokens=t", NULL),
	    "demo: --tokens needs --scale");
	o = parse(HD_CMD_DEMO, "--db=x.db", "--tokens=t", "--scale=0.01", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_true(o.s.scale == 0.01);
	assert_string_equal(o.s.tokens, "t");
	done(&o);
}

/* ---- the admin password ------------------------------------------- */

/* init with its required flags, and flag value when flag is not NULL. */
static struct said
init_with(const char *flag, const char *value)
{
	return parse(HD_CMD_INIT, "--db=x.db", "--org=ABC Hausverwaltung",
	    "--admin-email=admin@abc.example", flag, value, NULL);
}

static void
init_takes_the_password_from_the_variable_without_a_warning(void **state)
{
	struct said o;

	(void)state;
	setenv("HAUSDESK_ADMIN_PASSWORD", "correct horse battery", 1);
	o = init_with(NULL, NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.admin_password, "correct horse battery");
	assert_string_equal(o.s.org, "ABC Hausverwaltung");
	assert_string_equal(o.s.admin_email, "admin@abc.example");
	assert_string_equal(o.s.admin_name, "Administrator");
	assert_int_equal(
	    hd_settings_source(&o.s, "HAUSDESK_ADMIN_PASSWORD"), HD_SRC_ENV);
	assert_string_equal(o.err, "");
	done(&o);
}

static void
init_takes_the_first_line_of_the_password_file(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"pw-from-file\n", "pw-from-file"},
	    {"pw-from-file\r\nsecond line\n", "pw-from-file"},
	    {"no line end", "no line end"},
	    {"  spaces kept  \n", "  spaces kept  "},
	};
	struct said o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o = init_with(
		    "--admin-password-file", file_with(cases[i].text));
		assert_int_equal(o.rc, HD_SETTINGS_RUN);
		assert_string_equal(o.s.admin_password, cases[i].want);
		assert_string_equal(o.err, "");
		assert_int_equal(
		    hd_settings_source(&o.s, "admin-password"), HD_SRC_FLAG);
		done(&o);
		assert_null(o.s.owned[0]);
	}
}

static void
a_password_file_that_cannot_serve_is_refused_naming_it(void **state)
{
	char big[HD_SETTINGS_LINE + 10], want[120];
	const char *bad[4];
	struct said o;
	size_t i;

	(void)state;
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';
	bad[0] = "/tmp/hd-settings-no-such-file";
	bad[1] = file_with("");
	bad[2] = file_with("\nsecond line\n");
	bad[3] = file_with(big);
	for (i = 0; i < 4; i++) {
		o = init_with("--admin-password-file", bad[i]);
		assert_null(strstr(o.err, "xxxxxxxx"));
		snprintf(want, sizeof(want),
		    "init: --admin-password-file: cannot use %s: ", bad[i]);
		refused(o, want);
	}
}

static void
the_password_file_beats_the_variable(void **state)
{
	struct said o;

	(void)state;
	setenv("HAUSDESK_ADMIN_PASSWORD", "from the environment", 1);
	o = init_with("--admin-password-file", file_with("from a file\n"));
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.admin_password, "from a file");
	done(&o);
}

static void
the_old_password_flag_works_and_warns_it_shows_in_the_process_list(void **state)
{
	struct said o;

	(void)state;
	setenv("HAUSDESK_ADMIN_PASSWORD", "from the environment", 1);
	o = init_with("--admin-password", "on the command line");
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.admin_password, "on the command line");
	assert_non_null(strstr(o.err, "init: warning: --admin-password shows "
				      "in the process list"));
	assert_non_null(strstr(o.err, "use --admin-password-file or "
				      "HAUSDESK_ADMIN_PASSWORD instead"));
	assert_null(strstr(o.err, "on the command line"));
	done(&o);
}

static void
two_password_flags_at_once_are_refused(void **state)
{
	struct said o;

	(void)state;
	o = init_with(
	    "--admin-password=one password", "--admin-password-file=/dev/null");
	assert_null(strstr(o.err, "one password"));
	refused(o, "give --admin-password-file or --admin-password, not both");
}

static void
init_without_a_password_names_the_ways_to_give_one(void **state)
{
	(void)state;
	refused(init_with(NULL, NULL), "init: --admin-password-file or "
				       "HAUSDESK_ADMIN_PASSWORD is required");
}

static void
the_smtp_password_comes_from_its_variable_or_a_file(void **state)
{
	struct said o;

	(void)state;
	setenv("HAUSDESK_SMTP_PASSWORD", "smtp from env", 1);
	o = parse(HD_CMD_SERVE, "--db=x.db", NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.cfg.smtp_password, "smtp from env");
	done(&o);
	o = parse(HD_CMD_SERVE, "--db=x.db", "--smtp-password-file",
	    file_with("smtp from file\n"), NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.cfg.smtp_password, "smtp from file");
	done(&o);
	/* No flag shows it in the process list, and the file's flag is not
	 * taken for it: the secret would be a file name, and repeated. */
	o = parse(HD_CMD_SERVE, "--db=x.db", "--smtp-password=s3cret", NULL);
	assert_null(strstr(o.err, "s3cret"));
	refused(o, "'--smtp-password' could be --smtp-password-file: write "
		   "it out");
}

/* ---- --help and the docs ------------------------------------------- */

#define CANARY "canary-7f3a9-secret"

static void
secrets_never_show_in_help_or_the_docs(void **state)
{
	struct hd_buf md;
	struct said o;
	char *help;
	size_t hn, i;
	FILE *f;
	unsigned k, c;

	(void)state;
	/* Every secret set, by variable and by file, then parsed. */
	for (i = 0; i < hd_setting_count; i++)
		if (ROW(i)->type == HD_SET_SECRET && ROW(i)->env != NULL)
			setenv(ROW(i)->env, CANARY, 1);
	o = parse(HD_CMD_SERVE, "--db=x.db", "--smtp-password-file",
	    file_with(CANARY "\n"), NULL);
	assert_int_equal(o.rc, HD_SETTINGS_RUN);
	assert_string_equal(o.s.cfg.smtp_password, CANARY);
	EACH_COMMAND(c, k)
	{
		f = open_memstream(&help, &hn);
		assert_non_null(f);
		hd_settings_help_write(f, k);
		fclose(f);
		assert_null(strstr(help, CANARY));
		assert_non_null(strstr(help, "usage: hausdesk"));
		if (k == HD_CMD_SERVE)
			assert_non_null(strstr(help, "HAUSDESK_SMTP_PASSWORD"));
		if (k == HD_CMD_INIT)
			assert_non_null(
			    strstr(help, "HAUSDESK_ADMIN_PASSWORD"));
		free(help);
	}
	hd_buf_init(&md, 1 << 20);
	assert_int_equal(hd_settings_markdown_append(&md), HD_OK);
	assert_null(strstr(md.data, CANARY));
	assert_non_null(strstr(md.data, "`HAUSDESK_SMTP_PASSWORD`"));
	hd_buf_cleanup(&md);
	done(&o);
}

static void
help_lists_the_commands_settings_only_and_exits_0(void **state)
{
	char opt[80];
	struct said o;
	size_t i;
	unsigned k, c;

	(void)state;
	EACH_COMMAND(c, k)
	{
		struct args a = {0};

		add(&a, cmd_of(k));
		add(&a, "--help");
		o = run(k, &a);
		assert_int_equal(o.rc, 0);
		assert_string_equal(o.err, "");
		for (i = 0; i < hd_setting_count; i++) {
			const struct hd_setting *r = ROW(i);
			bool mine = r->cmds & k;

			if (r->flag != NULL) {
				snprintf(opt, sizeof(opt), "--%s ", r->flag);
				assert_int_equal(
				    strstr(o.out, opt) != NULL, mine);
			}
			if (r->env != NULL)
				assert_int_equal(
				    strstr(o.out, r->env) != NULL, mine);
		}
		done(&o);
	}
}

static void
help_lines_fit_80_columns(void **state)
{
	char *help, *line;
	size_t hn;
	FILE *f;
	unsigned k, c;

	(void)state;
	EACH_COMMAND(c, k)
	{
		f = open_memstream(&help, &hn);
		hd_settings_help_write(f, k);
		fclose(f);
		for (line = help; *line != '\0';) {
			size_t n = strcspn(line, "\n"), w = 0, j;

			for (j = 0; j < n; j++)
				w += ((unsigned char)line[j] & 0xc0) != 0x80;
			assert_true(w < 80);
			line += n + (line[n] == '\n');
		}
		free(help);
	}
}

static void
the_docs_have_one_row_per_setting(void **state)
{
	struct hd_buf md;
	const char *p;
	size_t rows = 0, i;

	(void)state;
	hd_buf_init(&md, 1 << 20);
	assert_int_equal(hd_settings_markdown_append(&md), HD_OK);
	for (p = md.data; (p = strstr(p, "\n| ")) != NULL; p++)
		rows++;
	assert_int_equal(rows, hd_setting_count);
	for (i = 0; i < hd_setting_count; i++) {
		char name[96];

		snprintf(name, sizeof(name), "`%s%s`", ROW(i)->flag ? "--" : "",
		    ROW(i)->flag ? ROW(i)->flag : ROW(i)->env);
		assert_non_null(strstr(md.data, name));
	}
	assert_non_null(strstr(md.data, "| `--threads` | `HAUSDESK_THREADS` | "
					"serve | one per CPU, 2 to 16 | a "
					"whole number from 0 to 64 |"));
	hd_buf_cleanup(&md);
}

static void
splice_replaces_only_the_marked_section(void **state)
{
	static const char doc[] =
	    "# Ops\n\nbefore\n" HD_SETTINGS_BEGIN
	    "\nold table\nold row\n" HD_SETTINGS_END "\nafter\n";
	struct hd_buf out;

	(void)state;
	hd_buf_init(&out, 4096);
	assert_int_equal(
	    hd_settings_doc_splice(doc, strlen(doc), "new\n", &out), HD_OK);
	assert_string_equal(out.data, "# Ops\n\nbefore\n" HD_SETTINGS_BEGIN
				      "\nnew\n" HD_SETTINGS_END "\nafter\n");
	hd_buf_cleanup(&out);
	/* Again: nothing changes (what `make lint` compares). */
	hd_buf_init(&out, 4096);
	assert_int_equal(hd_settings_doc_splice(
			     doc, strlen(doc), "old table\nold row\n", &out),
	    HD_OK);
	assert_string_equal(out.data, doc);
	hd_buf_cleanup(&out);
}

static void
splice_refuses_missing_doubled_or_swapped_markers(void **state)
{
	static const char *const bad[] = {
	    "no markers\n",
	    HD_SETTINGS_BEGIN "\nno end\n",
	    HD_SETTINGS_END "\n" HD_SETTINGS_BEGIN "\n",
	    HD_SETTINGS_BEGIN "\n" HD_SETTINGS_BEGIN "\n" HD_SETTINGS_END "\n",
	    "text " HD_SETTINGS_BEGIN "\n" HD_SETTINGS_END "\n",
	};
	struct hd_buf out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hd_buf_init(&out, 4096);
		assert_int_equal(
		    hd_settings_doc_splice(bad[i], strlen(bad[i]), "x\n", &out),
		    HD_EINVAL);
		hd_buf_cleanup(&out);
	}
}

/* ---- values -------------------------------------------------------- */

static void
durations_sizes_decimals_and_switches_parse_as_written(void **state)
{
	const struct hd_setting ms = {
	    .type = HD_SET_DURATION, .min = 0, .max = 7200000, .unit = 1};
	const struct hd_setting sec = {
	    .type = HD_SET_DURATION, .min = 1, .max = 3600, .unit = 1000};
	const struct hd_setting mib = {
	    .type = HD_SET_SIZE, .min = 0, .max = 4096, .unit = 1 << 20};
	const struct hd_setting dec = {.type = HD_SET_DECIMAL, .max = 100};
	const struct hd_setting sw = {.type = HD_SET_BOOL};
	const struct {
		const struct hd_setting *r;
		const char *v;
		bool ok;
		int64_t i;
	} cases[] = {
	    {&ms, "30000", true, 30000},
	    {&ms, "30s", true, 30000},
	    {&ms, "1500ms", true, 1500},
	    {&ms, "2m", true, 120000},
	    {&ms, "2min", true, 120000},
	    {&ms, "2h", true, 7200000},
	    {&ms, "3h", false, 0},
	    {&ms, "-5", false, 0},
	    {&ms, "5 s", false, 0},
	    {&ms, "5x", false, 0},
	    {&ms, "", false, 0},
	    {&ms, "s", false, 0},
	    {&ms, "99999999999999999999", false, 0},
	    {&ms, "9223372036854775807h", false, 0},
	    {&sec, "10", true, 10},
	    {&sec, "10s", true, 10},
	    {&sec, "1m", true, 60},
	    {&sec, "1500ms", false, 0},
	    {&sec, "0", false, 0},
	    {&mib, "32", true, 32},
	    {&mib, "32M", true, 32},
	    {&mib, "32MiB", true, 32},
	    {&mib, "1G", true, 1024},
	    {&mib, "4GiB", true, 4096},
	    {&mib, "5G", false, 0},
	    {&mib, "2048k", true, 2},
	    {&mib, "512k", false, 0},
	    {&mib, "1048576B", true, 1},
	    {&mib, "1T", false, 0},
	};
	static const struct {
		const char *v;
		bool ok;
		double d;
	} decs[] = {
	    {"1", true, 1},
	    {"0.01", true, 0.01},
	    {"100", true, 100},
	    {"5.", true, 5},
	    {"100.1", false, 0},
	    {"0", false, 0},
	    {"0.0", false, 0},
	    {".5", false, 0},
	    {"-1", false, 0},
	    {"1e3", false, 0},
	    {"1.2.3", false, 0},
	    {"inf", false, 0},
	    {"0x10", false, 0},
	    {"0.00000000000001", true, 1e-14},
	    {"0.000000000000001", false, 0},
	};
	static const char *const on[] = {"1", "true", "yes", "on"};
	static const char *const off[] = {"0", "false", "no", "off"};
	struct hd_setting_value v;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("# '%s'\n", cases[i].v);
		assert_int_equal(
		    hd_setting_value_parse(cases[i].r, cases[i].v, &v, &why),
		    cases[i].ok);
		if (cases[i].ok)
			assert_int_equal(v.i, cases[i].i);
		assert_null(why);
	}
	for (i = 0; i < sizeof(decs) / sizeof(decs[0]); i++) {
		print_message("# '%s'\n", decs[i].v);
		assert_int_equal(
		    hd_setting_value_parse(&dec, decs[i].v, &v, &why),
		    decs[i].ok);
		if (decs[i].ok)
			assert_true(v.d == decs[i].d);
	}
	for (i = 0; i < 4; i++) {
		assert_true(hd_setting_value_parse(&sw, on[i], &v, &why));
		assert_true(v.b);
		assert_true(hd_setting_value_parse(&sw, off[i], &v, &why));
		assert_false(v.b);
	}
	assert_false(hd_setting_value_parse(&sw, "maybe", &v, &why));
	assert_false(hd_setting_value_parse(&sw, "", &v, &why));
}

/* The same scale rule as the demo generator's own parser. */
static void
the_scale_takes_what_demo_scale_parse_takes(void **state)
{
	static const char *const v[] = {"1", "0.01", "100", "5.", "100.1", "0",
	    ".5", "-1", "1e3", "1.2.3", "inf", "0x10", "", "00001",
	    "0.00000000000001", "0.000000000000001", "12345678901234567"};
	const struct hd_setting *r = hd_setting_find("scale");
	struct hd_setting_value x;
	const char *why;
	double d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		print_message("# '%s'\n", v[i]);
		assert_int_equal(hd_setting_value_parse(r, v[i], &x, &why),
		    demo_scale_parse(v[i], &d));
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, clean, tidy)
	const struct CMUnitTest tests[] = {
	    T(every_row_is_well_formed_and_its_default_is_one_of_its_values),
	    T(the_table_keeps_the_numbers_the_code_uses),
	    T(every_name_the_commands_took_before_the_table_is_still_taken),
	    T(every_variable_but_a_secret_has_a_flag),
	    T(serve_takes_durations_and_sizes_in_any_unit),
	    T(every_flag_beats_every_variable_of_its_setting_in_every_command),
	    T(a_variable_is_not_read_when_a_flag_sets_its_setting),
	    T(every_variable_beats_the_default),
	    T(an_empty_variable_counts_as_unset),
	    T(defaults_fill_the_rest_and_unset_numbers_are_minus_one),
	    T(a_flag_given_twice_takes_the_last_value),
	    T(values_out_of_bounds_are_refused_naming_the_flag_and_the_bounds),
	    T(the_bounds_say_what_they_are),
	    T(unknown_flags_are_refused_by_name_with_status_2),
	    T(a_flag_must_be_written_out_and_a_prefix_names_the_flags_it_could_be),
	    T(a_flag_without_its_value_is_refused_naming_the_flag),
	    T(a_value_that_starts_with_two_dashes_needs_the_equals_form),
	    T(a_setting_of_another_command_is_refused_naming_its_command),
	    T(positional_arguments_are_refused),
	    T(each_command_refuses_to_run_without_what_it_requires),
	    T(tokens_need_a_scale),
	    T(init_takes_the_password_from_the_variable_without_a_warning),
	    T(init_takes_the_first_line_of_the_password_file),
	    T(a_password_file_that_cannot_serve_is_refused_naming_it),
	    T(the_password_file_beats_the_variable),
	    T(the_old_password_flag_works_and_warns_it_shows_in_the_process_list),
	    T(two_password_flags_at_once_are_refused),
	    T(init_without_a_password_names_the_ways_to_give_one),
	    T(the_smtp_password_comes_from_its_variable_or_a_file),
	    T(secrets_never_show_in_help_or_the_docs),
	    T(help_lists_the_commands_settings_only_and_exits_0),
	    T(help_lines_fit_80_columns),
	    T(the_docs_have_one_row_per_setting),
	    T(splice_replaces_only_the_marked_section),
	    T(splice_refuses_missing_doubled_or_swapped_markers),
	    T(durations_sizes_decimals_and_switches_parse_as_written),
	    T(the_scale_takes_what_demo_scale_parse_takes),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
