/* SPDX-License-Identifier: MIT */
/* Events as stored JSON (event_json.h). */
#include "store/event_json.h"

#include "util/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int
set_str(json_t *o, const char *key, const char *s)
{
	return s == NULL ? 0 : json_object_set_new(o, key, json_string(s));
}

static int
set_int(json_t *o, const char *key, int64_t v)
{
	return v == 0 ? 0 : json_object_set_new(o, key, json_integer(v));
}

static int
set_list(json_t *o, const char *key, const char *const *v, size_t n)
{
	json_t *a;
	size_t i;

	if (n == 0)
		return 0;
	if ((a = json_array()) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i] ? v[i] : "?"));
	return json_object_set_new(o, key, a);
}

static int
set_absent(json_t *o, const struct event *ev)
{
	json_t *a;
	size_t i;

	if (ev->n_absent == 0)
		return 0;
	if ((a = json_array()) == NULL)
		return -1;
	for (i = 0; i < ev->n_absent; i++)
		json_array_append_new(
		    a, json_pack("{s:s,s:I}", "name",
			   ev->absent[i].name ? ev->absent[i].name : "?",
			   "until", (json_int_t)ev->absent[i].until));
	return json_object_set_new(o, "absent", a);
}

enum hd_status
event_json_write(const struct event *ev, char **out)
{
	const char *code = event_code_name(ev->code);
	json_t *o;
	int bad = 0;

	*out = NULL;
	if (code == NULL)
		return HD_EINVAL;
	if ((o = json_object()) == NULL)
		return HD_ENOMEM;
	bad |= set_str(o, "code", code);
	bad |= set_str(o, "who", ev->who);
	bad |= set_str(o, "actor", ev->actor);
	bad |= set_str(o, "property", ev->property);
	bad |= set_str(o, "text", ev->text);
	if (ev->portal)
		bad |= json_object_set_new(o, "portal", json_true());
	if (ev->code == EVENT_STATUS) {
		bad |= set_str(o, "from", hd_pstatus_name(ev->from));
		bad |= set_str(o, "to", hd_pstatus_name(ev->to));
	}
	if (ev->code == EVENT_CHANGED) {
		bad |= json_object_set_new(
		    o, "field", json_integer((json_int_t)ev->field));
		bad |= set_str(o, "old", ev->old_value);
		bad |= set_str(o, "new", ev->new_value);
	}
	bad |= set_int(o, "hours", ev->hours);
	bad |= set_int(o, "size", ev->size);
	bad |= set_int(o, "limit", ev->limit);
	bad |= set_int(o, "picks", (int64_t)ev->picks);
	bad |= set_list(o, "roles", ev->roles, ev->n_roles);
	bad |= set_absent(o, ev);
	bad |= set_list(o, "names", ev->names, ev->n_names);
	if (ev->code == EVENT_FALLBACK || ev->code == EVENT_ADMIN ||
	    ev->code == EVENT_UNROUTED) {
		bad |= json_object_set_new(
		    o, "cause", json_integer((json_int_t)ev->cause));
		bad |= set_list(
		    o, "cause_roles", ev->cause_roles, ev->n_cause_roles);
	}
	if (!bad)
		*out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return *out != NULL ? HD_OK : HD_ENOMEM;
}

/* Copies the string value of o[key] into the arena at *cur; NULL when
 * absent or no string. */
static const char *
take(json_t *o, const char *key, char **cur)
{
	json_t *v = key ? json_object_get(o, key) : o;
	const char *s;
	char *dst;
	size_t len;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	len = json_string_length(v);
	dst = *cur;
	memcpy(dst, s, len);
	dst[len] = '\0';
	*cur += len + 1;
	return dst;
}

static int64_t
num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* The strings of array o[key] into v (at most cap) and *n. */
static void
take_list(json_t *o, const char *key, char **cur, const char **v, size_t cap,
    size_t *n)
{
	json_t *a = json_object_get(o, key), *x;
	size_t i;

	*n = 0;
	json_array_foreach(a, i, x)
	{
		if (*n == cap)
			break;
		if (json_is_string(x))
			v[(*n)++] = take(x, NULL, cur);
	}
}

static void
take_absent(json_t *o, char **cur, struct event *ev)
{
	json_t *a = json_object_get(o, "absent"), *x;
	size_t i;

	json_array_foreach(a, i, x)
	{
		if (ev->n_absent == EVENT_NAMES_MAX)
			break;
		ev->absent[ev->n_absent].name = take(x, "name", cur);
		ev->absent[ev->n_absent].until = (int32_t)num(x, "until");
		ev->n_absent++;
	}
}

enum hd_status
event_json_read(const char *json, struct event *ev)
{
	enum event_code code;
	json_t *o;
	char *cur;
	const char *s;

	event_init(ev, EVENT_LEGACY);
	if (json == NULL)
		return HD_EINVAL;
	o = json_loads(json, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o) ||
	    !event_code_parse(
		json_string_value(json_object_get(o, "code")), &code)) {
		json_decref(o);
		return HD_EINVAL;
	}
	/* Every decoded string with its NUL is no longer than its quoted
	 * JSON form: the text's length bounds them all. */
	if ((ev->mem = malloc(strlen(json) + 1)) == NULL) {
		json_decref(o);
		return HD_ENOMEM;
	}
	cur = ev->mem;
	ev->code = code;
	ev->who = take(o, "who", &cur);
	ev->actor = take(o, "actor", &cur);
	ev->property = take(o, "property", &cur);
	ev->text = take(o, "text", &cur);
	ev->portal = json_is_true(json_object_get(o, "portal"));
	if ((s = json_string_value(json_object_get(o, "from"))) != NULL)
		hd_pstatus_parse(s, &ev->from);
	if ((s = json_string_value(json_object_get(o, "to"))) != NULL)
		hd_pstatus_parse(s, &ev->to);
	ev->field = (enum event_field)num(o, "field");
	ev->old_value = take(o, "old", &cur);
	ev->new_value = take(o, "new", &cur);
	ev->hours = num(o, "hours");
	ev->size = num(o, "size");
	ev->limit = num(o, "limit");
	ev->picks = (unsigned)num(o, "picks");
	take_list(o, "roles", &cur, ev->roles, EVENT_ROLES_MAX, &ev->n_roles);
	take_absent(o, &cur, ev);
	take_list(o, "names", &cur, ev->names, EVENT_NAMES_MAX, &ev->n_names);
	ev->cause = (enum event_cause)num(o, "cause");
	take_list(o, "cause_roles", &cur, ev->cause_roles, EVENT_ROLES_MAX,
	    &ev->n_cause_roles);
	json_decref(o);
	return HD_OK;
}

void
event_json_render(const char *json, const char *fallback, enum hd_lang lang,
    char *buf, size_t n)
{
	struct event ev;

	if (json != NULL && event_json_read(json, &ev) == HD_OK &&
	    event_render(&ev, lang, buf, n) == HD_OK) {
		event_cleanup(&ev);
		return;
	}
	if (json != NULL)
		event_cleanup(&ev);
	hd_strlcpy(buf, fallback ? fallback : "", n);
}
