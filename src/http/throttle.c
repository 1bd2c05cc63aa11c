/* SPDX-License-Identifier: MIT */
#include "http/throttle.h"

#include "util/config.h"
#include "util/str.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* ---- client addresses ------------------------------------------------ */

static void
from_v4(const unsigned char b[4], struct hd_client *out)
{
	snprintf(
	    out->ip, sizeof(out->ip), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	snprintf(out->net, sizeof(out->net), "%u.%u.%u.0/24", b[0], b[1], b[2]);
}

static void
from_v6(const struct in6_addr *a, struct hd_client *out)
{
	struct in6_addr net;

	if (IN6_IS_ADDR_V4MAPPED(a)) {
		from_v4(a->s6_addr + 12, out);
		return;
	}
	inet_ntop(AF_INET6, a, out->ip, sizeof(out->ip));
	/* A /64 is what one customer line (or one machine) gets. */
	net = *a;
	memset(net.s6_addr + 8, 0, 8);
	inet_ntop(AF_INET6, &net, out->net, sizeof(out->net) - 4);
	hd_strlcpy(out->net + strlen(out->net), "/64", 4);
}

bool
hd_client_from_sockaddr(const struct sockaddr *sa, struct hd_client *out)
{
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		from_v4((const unsigned char *)&in->sin_addr, out);
		return true;
	}
	if (sa != NULL && sa->sa_family == AF_INET6) {
		from_v6(&((const struct sockaddr_in6 *)sa)->sin6_addr, out);
		return true;
	}
	hd_strlcpy(out->ip, "unknown", sizeof(out->ip));
	hd_strlcpy(out->net, "unknown", sizeof(out->net));
	return false;
}

bool
hd_client_from_text(const char *text, struct hd_client *out)
{
	unsigned char v4[4];
	struct in6_addr v6;

	if (inet_pton(AF_INET, text, v4) == 1) {
		from_v4(v4, out);
		return true;
	}
	if (inet_pton(AF_INET6, text, &v6) == 1) {
		from_v6(&v6, out);
		return true;
	}
	return false;
}

/* Whether ip (as hd_client writes it) is in the comma-separated list. */
static bool
trusted_proxy(const char *list, const char *ip)
{
	struct hd_client c;
	char item[64];

	while (list != NULL && *list != '\0') {
		size_t len = strcspn(list, ", ");

		if (len > 0 && len < sizeof(item)) {
			memcpy(item, list, len);
			item[len] = '\0';
			if (hd_client_from_text(item, &c) &&
			    strcmp(c.ip, ip) == 0)
				return true;
		}
		list += len;
		list += strspn(list, ", ");
	}
	return false;
}

void
hd_client_of(struct hd_req *r, struct hd_client *out)
{
	const union MHD_ConnectionInfo *ci;
	const char *xff, *last;
	struct hd_client fwd;
	char item[64];
	size_t len;

	ci = r->mhd ? MHD_get_connection_info(
			  r->mhd, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
		    : NULL;
	hd_client_from_sockaddr(ci ? ci->client_addr : NULL, out);
	if (hd_cfg.trusted_proxies == NULL ||
	    !trusted_proxy(hd_cfg.trusted_proxies, out->ip))
		return;
	xff = MHD_lookup_connection_value(
	    r->mhd, MHD_HEADER_KIND, "X-Forwarded-For");
	if (xff == NULL)
		return;
	/* The proxy appends the address it saw: the last one. Those before
	 * it are whatever the client claimed. */
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof(item))
		return;
	memcpy(item, last, len);
	item[len] = '\0';
	if (hd_client_from_text(item, &fwd))
		*out = fwd;
}

/* ---- login ------------------------------------------------------------- */

enum hd_status
hd_login_try_init(struct hd_req *r, const char *email, struct app_login_try *t)
{
	const char *cookie;
	struct hd_client client;

	hd_client_of(r, &client);
	cookie = r->mhd ? MHD_lookup_connection_value(
			      r->mhd, MHD_COOKIE_KIND, HD_DEVICE_COOKIE)
			: NULL;
	return app_login_try_init(
	    r->rd, email, client.ip, client.net, cookie, t);
}

enum hd_status
hd_device_cookie_new(struct db_conn *rd, const char *email, char *buf, size_t n)
{
	char value[HD_DEVICE_VALUE_MAX];
	enum hd_status st;

	if ((st = app_device_cookie_new(rd, email, value, sizeof(value))) !=
	    HD_OK)
		return st;
	/* Sent only to the login, never readable by scripts. */
	snprintf(buf, n,
	    HD_DEVICE_COOKIE "=%s; Path=/api/v1/session; HttpOnly; "
			     "SameSite=Strict; Max-Age=%d%s",
	    value, HD_DEVICE_TTL,
	    strncmp(hd_cfg.base_url, "https:", 6) == 0 ? "; Secure" : "");
	return HD_OK;
}
