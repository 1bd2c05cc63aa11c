/* SPDX-License-Identifier: MIT */
#include "util/settings.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One value of one setting, from the text people write to the value. */

struct suffix {
	const char *s;
	int64_t mult;
};

/* Accepted after a number; the first of each multiple names it. */
static const struct suffix dur_suffix[] = {
    {"h", 3600000},
    {"min", 60000},
    {"m", 60000},
    {"s", 1000},
    {"ms", 1},
    {NULL, 0},
};
static const struct suffix size_suffix[] = {
    {"GiB", 1 << 30},
    {"G", 1 << 30},
    {"GB", 1 << 30},
    {"MiB", 1 << 20},
    {"M", 1 << 20},
    {"MB", 1 << 20},
    {"KiB", 1 << 10},
    {"k", 1 << 10},
    {"K", 1 << 10},
    {"KB", 1 << 10},
    {"B", 1},
    {NULL, 0},
};

static const char *const bool_on[] = {"1", "true", "yes", "on", NULL};
static const char *const bool_off[] = {"0", "false", "no", "off", NULL};

/* ---- values as people write them --------------------------------- */

/* v (in base units: ms or bytes) with the largest suffix that divides it. */
static void
amount(char *buf, size_t n, int64_t v, const struct suffix *sfx)
{
	size_t i;

	if (v == 0) {
		snprintf(buf, n, "0");
		return;
	}
	for (i = 0; sfx[i].s != NULL; i++)
		if (v % sfx[i].mult == 0 &&
		    (i == 0 || sfx[i].mult != sfx[i - 1].mult))
			break;
	snprintf(buf, n, "%" PRId64 " %s", v / sfx[i].mult, sfx[i].s);
}

/* The name of one unit of r: "ms", "MiB". */
static const char *
unit_name(const struct suffix *sfx, int64_t unit)
{
	size_t i;

	for (i = 0; sfx[i].s != NULL; i++)
		if (sfx[i].mult == unit)
			return sfx[i].s;
	return "units";
}

void
hd_setting_describe(const struct hd_setting *r, char *buf, size_t n)
{
	const struct suffix *sfx =
	    r->type == HD_SET_DURATION ? dur_suffix : size_suffix;
	char lo[32], hi[32];

	switch (r->type) {
	case HD_SET_INT:
		snprintf(buf, n, "a whole number from %" PRId64 " to %" PRId64,
		    r->min, r->max);
		break;
	case HD_SET_DURATION:
	case HD_SET_SIZE:
		amount(lo, sizeof(lo), r->min * r->unit, sfx);
		amount(hi, sizeof(hi), r->max * r->unit, sfx);
		snprintf(buf, n,
		    "a %s from %s to %s: a number of %s, or with %s",
		    r->type == HD_SET_DURATION ? "duration" : "size", lo, hi,
		    unit_name(sfx, r->unit),
		    r->type == HD_SET_DURATION ? "ms, s, m or h" : "k, M or G");
		break;
	case HD_SET_DECIMAL:
		snprintf(buf, n,
		    "a number above 0 and at most %" PRId64 ", like 1 or 0.01",
		    r->max);
		break;
	case HD_SET_BOOL:
		snprintf(
		    buf, n, "on or off (1 or 0, true or false, yes or no)");
		break;
	case HD_SET_PATH:
		snprintf(buf, n, "a path");
		break;
	case HD_SET_SECRET:
		snprintf(buf, n, "a secret");
		break;
	case HD_SET_SECRET_FILE:
		snprintf(buf, n, "a file; its first line is the secret");
		break;
	case HD_SET_STRING:
	default:
		snprintf(buf, n, "a text");
		break;
	}
}

/* A number of units, with an optional suffix: "30000", "30s", "32M".
 * The suffixed amount must be a whole number of units. */
static bool
parse_scaled(
    const char *v, const struct suffix *sfx, int64_t unit, int64_t *out)
{
	size_t len = strspn(v, "0123456789"), i;
	int64_t x, mult = unit;
	char num[24];

	if (len == 0 || len >= sizeof(num))
		return false;
	memcpy(num, v, len);
	num[len] = '\0';
	if (!hd_parse_i64(num, 0, INT64_MAX, &x))
		return false;
	if (v[len] != '\0') {
		for (i = 0; sfx[i].s != NULL; i++)
			if (strcmp(v + len, sfx[i].s) == 0)
				break;
		if (sfx[i].s == NULL)
			return false;
		mult = sfx[i].mult;
	}
	if (x > INT64_MAX / mult || (x * mult) % unit != 0)
		return false;
	*out = x * mult / unit;
	return true;
}

/* Digits with at most one '.' inside: no sign, exponent, hex, inf, nan. */
static bool
parse_decimal(const char *v, int64_t max, double *out)
{
	size_t len = strlen(v), digits = strspn(v, "0123456789");
	char *end;
	double d;

	if (len == 0 || len > 16 || digits == 0)
		return false;
	if (v[digits] == '.' &&
	    strspn(v + digits + 1, "0123456789") == len - digits - 1)
		digits = len;
	if (digits != len)
		return false;
	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || *end != '\0' || !isfinite(d) || d <= 0 ||
	    d > (double)max)
		return false;
	*out = d;
	return true;
}

static bool
parse_bool(const char *v, bool *out)
{
	size_t i;

	for (i = 0; bool_on[i] != NULL; i++) {
		if (strcmp(v, bool_on[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v, bool_off[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/*
 * Reads the first line of path (without "\n" or "\r\n") into a new
 * buffer (caller frees, wiping it). NULL with *why set when the file
 * cannot be read, its first line is empty, longer than HD_SETTINGS_LINE
 * or holds a NUL byte.
 */
static char *
first_line(const char *path, const char **why)
{
	size_t cap = HD_SETTINGS_LINE + 2, n = 0, len;
	char *buf = NULL, *eol;
	ssize_t k = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*why = strerror(errno);
		return NULL;
	}
	if ((buf = malloc(cap + 1)) == NULL) {
		*why = "out of memory";
		goto out;
	}
	/* Read only as far as the first line end (or one byte past the
	 * limit): the rest of the file may be anything. */
	while (n < cap && memchr(buf, '\n', n) == NULL) {
		k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	if (k < 0) {
		*why = strerror(errno);
		goto fail;
	}
	eol = memchr(buf, '\n', n);
	len = eol != NULL ? (size_t)(eol - buf) : n;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len > HD_SETTINGS_LINE) {
		*why = "its first line is too long";
		goto fail;
	}
	if (len == 0) {
		*why = "its first line is empty";
		goto fail;
	}
	if (memchr(buf, '\0', len) != NULL) {
		*why = "its first line holds a NUL byte";
		goto fail;
	}
	explicit_bzero(buf + len, n - len);
	buf[len] = '\0';
	goto out;
fail:
	explicit_bzero(buf, n);
	free(buf);
	buf = NULL;
out:
	close(fd);
	return buf;
}

bool
hd_setting_value_parse(const struct hd_setting *r, const char *v,
    struct hd_setting_value *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	*why = NULL;
	switch (r->type) {
	case HD_SET_STRING:
	case HD_SET_SECRET:
		out->s = v;
		return *v != '\0';
	case HD_SET_PATH:
		out->s = v;
		return *v != '\0' && strlen(v) < PATH_MAX;
	case HD_SET_SECRET_FILE:
		if (*v == '\0')
			return false;
		out->owned = first_line(v, why);
		out->s = out->owned;
		return out->owned != NULL;
	case HD_SET_INT:
		return hd_parse_i64(v, r->min, r->max, &out->i);
	case HD_SET_DURATION:
		return parse_scaled(v, dur_suffix, r->unit, &out->i) &&
		       out->i >= r->min && out->i <= r->max;
	case HD_SET_SIZE:
		return parse_scaled(v, size_suffix, r->unit, &out->i) &&
		       out->i >= r->min && out->i <= r->max;
	case HD_SET_DECIMAL:
		return parse_decimal(v, r->max, &out->d);
	case HD_SET_BOOL:
		return parse_bool(v, &out->b);
	}
	return false;
}
