/* SPDX-License-Identifier: MIT */
#include "util/jsonx.h"

#include "util/clock.h"

json_t *
hd_json_time(int64_t t)
{
	char buf[HD_TIME_MAX];

	hd_time_format(t, buf, sizeof(buf));
	return json_string(buf);
}

json_t *
hd_json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}
