/* SPDX-License-Identifier: MIT */
#include "core/event.h"
#include "core/validate.h"
#include "http/http.h"
#include "util/clock.h"
#include "util/str.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Multi-line text keeps its lines as LF: replaces the value of key in the
 * body by a copy with U+2028 and U+2029 made LF (hd_text_unify_breaks).
 * Returns the (new) value, or NULL when out of memory.
 */
static json_t *
unify_breaks(struct hd_req *r, const char *key, json_t *v)
{
	char *copy = strdup(json_string_value(v));
	json_t *n = NULL;
	size_t len;

	if (copy == NULL)
		return NULL;
	len = hd_text_unify_breaks(copy);
	if ((n = json_stringn(copy, len)) != NULL &&
	    json_object_set_new(r->body, key, n) != 0)
		n = NULL; /* set_new released it */
	free(copy);
	return n;
}

bool
hd_in_text_opt(struct hd_req *r, struct hd_resp *w, const char *key, size_t max,
    bool multiline, const char **out)
{
	json_t *v = json_object_get(r->body, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		hd_resp_err(w, HD_EINVAL, key, "%s must be a string", key);
		return false;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		hd_resp_err(w, HD_EINVAL, key, "%s contains a NUL byte", key);
		return false;
	}
	if (multiline && hd_text_has_unicode_breaks(json_string_value(v)) &&
	    (v = unify_breaks(r, key, v)) == NULL) {
		hd_resp_err(w, HD_ENOMEM, NULL, "out of memory");
		return false;
	}
	switch (hd_text_check(json_string_value(v), max, multiline)) {
	case HD_TEXT_OK:
		*out = json_string_value(v);
		return true;
	case HD_TEXT_BLANK:
		hd_resp_err(w, HD_EINVAL, key, "%s must not be empty", key);
		break;
	case HD_TEXT_TOO_LONG:
		hd_resp_err(w, HD_EINVAL, key, "%s must have at most %zu bytes",
		    key, max);
		break;
	case HD_TEXT_LINE_BREAK:
		hd_resp_err(w, HD_EINVAL, key,
		    "%s must be one line, without line breaks or tabs", key);
		break;
	case HD_TEXT_CONTROL:
		hd_resp_err(w, HD_EINVAL, key,
		    "%s must not contain control characters%s or "
		    "bidirectional controls (U+202A..U+202E, U+2066..U+2069)",
		    key,
		    multiline ? ""
			      : ", line or paragraph separators (U+2028, "
				"U+2029)");
		break;
	}
	return false;
}

bool
hd_in_text(struct hd_req *r, struct hd_resp *w, const char *key, size_t max,
    bool multiline, const char **out)
{
	if (!hd_in_text_opt(r, w, key, max, multiline, out))
		return false;
	if (*out == NULL) {
		hd_resp_err(w, HD_EINVAL, key, "%s is required", key);
		return false;
	}
	return true;
}

bool
hd_in_email(struct hd_req *r, struct hd_resp *w, const char *key, bool required,
    const char **out)
{
	if (!hd_in_text_opt(r, w, key, HD_MAX_EMAIL, false, out))
		return false;
	if (*out == NULL) {
		if (!required)
			return true;
		hd_resp_err(w, HD_EINVAL, key, "%s is required", key);
		return false;
	}
	if (!hd_valid_email(*out)) {
		hd_resp_err(
		    w, HD_EINVAL, key, "%s is not a valid e-mail address", key);
		return false;
	}
	return true;
}

bool
hd_in_id(struct hd_req *r, struct hd_resp *w, const char *key, bool required,
    int64_t *out)
{
	json_t *v = json_object_get(r->body, key);

	*out = 0;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return true;
		hd_resp_err(w, HD_EINVAL, key, "%s is required", key);
		return false;
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		hd_resp_err(
		    w, HD_EINVAL, key, "%s must be a positive integer id", key);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool
hd_in_bool(struct hd_req *r, struct hd_resp *w, const char *key, bool *out,
    bool *present)
{
	json_t *v = json_object_get(r->body, key);

	*present = false;
	if (v == NULL)
		return true;
	if (!json_is_boolean(v)) {
		hd_resp_err(w, HD_EINVAL, key, "%s must be true or false", key);
		return false;
	}
	*out = json_is_true(v);
	*present = true;
	return true;
}

bool
hd_in_enum(struct hd_req *r, struct hd_resp *w, const char *key,
    const char *const *allowed, bool required, const char **out)
{
	json_t *v = json_object_get(r->body, key);
	size_t i;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return true;
		hd_resp_err(w, HD_EINVAL, key, "%s is required", key);
		return false;
	}
	if (json_is_string(v)) {
		for (i = 0; allowed[i]; i++) {
			if (strcmp(allowed[i], json_string_value(v)) == 0) {
				*out = allowed[i];
				return true;
			}
		}
	}
	hd_resp_err(
	    w, HD_EINVAL, key, "%s has a value that is not allowed", key);
	return false;
}

const char *
hd_query(struct hd_req *r, const char *key)
{
	size_t i;

	if (r->mhd != NULL)
		return MHD_lookup_connection_value(
		    r->mhd, MHD_GET_ARGUMENT_KIND, key);
	for (i = 0; i < r->n_args; i++)
		if (strcmp(r->args[i][0], key) == 0)
			return r->args[i][1];
	return NULL;
}

/* The weight of an Accept-Language item ("en-GB;q=0.8": 800). */
static int
lang_weight(const char *item, size_t len)
{
	const char *q = memchr(item, ';', len);
	int w = 1000, scale = 100;
	size_t i;

	if (q == NULL)
		return w;
	for (i = (size_t)(q - item) + 1; i < len && item[i] == ' '; i++)
		;
	if (i + 2 > len || item[i] != 'q' || item[i + 1] != '=')
		return w;
	i += 2;
	w = i < len && item[i] == '1' ? 1000 : 0;
	for (i++; i < len && item[i] == '.'; i++)
		;
	for (; i < len && item[i] >= '0' && item[i] <= '9' && scale > 0; i++) {
		w += (item[i] - '0') * scale;
		scale /= 10;
	}
	return w > 1000 ? 1000 : w;
}

int
hd_req_lang(const struct hd_req *r)
{
	/* hd_query only reads the request. */
	const char *s = hd_query((struct hd_req *)r, "lang"), *p;
	int best = 0, lang = HD_LANG_DE;

	if (s != NULL && strcmp(s, "en") == 0)
		return HD_LANG_EN;
	if (s != NULL && strcmp(s, "de") == 0)
		return HD_LANG_DE;
	s = r->mhd ? MHD_lookup_connection_value(
			 r->mhd, MHD_HEADER_KIND, "Accept-Language")
		   : NULL;
	for (p = s; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, ","), skip = strspn(p, " ");
		const char *t = p + skip;
		int w = lang_weight(t, len - skip);
		bool de = strncasecmp(t, "de", 2) == 0,
		     en = strncasecmp(t, "en", 2) == 0;

		if ((de || en) &&
		    (t[2] == '-' || t[2] == ';' || t[2] == ',' || t[2] == ' ' ||
			t[2] == '\0') &&
		    w > best) {
			best = w;
			lang = en ? HD_LANG_EN : HD_LANG_DE;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return lang;
}

bool
hd_query_id(struct hd_req *r, struct hd_resp *w, const char *key, int64_t *out)
{
	const char *s = hd_query(r, key);

	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (!hd_parse_i64(s, 1, INT64_MAX, out)) {
		hd_resp_err(
		    w, HD_EINVAL, key, "%s must be a positive integer id", key);
		return false;
	}
	return true;
}

bool
hd_in_page(struct hd_req *r, struct hd_resp *w, int *limit, int64_t *cursor)
{
	const char *s = hd_query(r, "limit");
	int64_t v = 50;

	if (s != NULL && !hd_parse_i64(s, 1, 500, &v)) {
		hd_resp_err(w, HD_EINVAL, "limit",
		    "limit must be a number from 1 to 500");
		return false;
	}
	*limit = (int)v;
	*cursor = 0;
	s = hd_query(r, "cursor");
	if (s != NULL && *s != '\0' && !hd_parse_i64(s, 1, INT64_MAX, cursor)) {
		hd_resp_err(w, HD_EINVAL, "cursor",
		    "cursor must be a value returned as next");
		return false;
	}
	return true;
}

bool
hd_in_search(struct hd_req *r, struct hd_resp *w, const char **q)
{
	*q = hd_query(r, "q");
	if (*q == NULL || **q == '\0') {
		*q = NULL;
		return true;
	}
	if (hd_utf8_valid(*q, strlen(*q)) &&
	    hd_valid_text(*q, HD_MAX_NAME, false))
		return true;
	hd_resp_err(w, HD_EINVAL, "q",
	    "q must be one line of UTF-8 text of at most %d bytes",
	    HD_MAX_NAME);
	return false;
}

bool
hd_in_description(struct hd_req *r, struct hd_resp *w, const char **out)
{
	json_t *v = json_object_get(r->body, "description");

	*out = NULL;
	if (v == NULL)
		return true;
	if (json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0)) {
		*out = "";
		return true;
	}
	return hd_in_text(r, w, "description", HD_MAX_TEXT, true, out);
}

bool
hd_in_id_list(struct hd_req *r, struct hd_resp *w, const char *key, size_t max,
    int64_t *ids, size_t *n, bool *present)
{
	json_t *a = json_object_get(r->body, key), *x;
	size_t i, k;

	*present = a != NULL;
	*n = 0;
	if (a == NULL)
		return true;
	if (!json_is_array(a) || json_array_size(a) > max)
		goto bad;
	json_array_foreach(a, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			goto bad;
		ids[i] = json_integer_value(x);
		for (k = 0; k < i; k++)
			if (ids[k] == ids[i])
				goto bad;
	}
	*n = json_array_size(a);
	return true;
bad:
	hd_resp_err(w, HD_EINVAL, key,
	    "%s must be a list of distinct ids (at most %zu)", key, max);
	return false;
}
