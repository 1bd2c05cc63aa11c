/* SPDX-License-Identifier: MIT */
#include "http/auth.h"

#include "util/rand.h"

#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

enum hd_status
hd_auth_resolve(struct hd_req *r)
{
	const char *h, *tok = NULL;
	bool bearer = false;

	memset(&r->auth, 0, sizeof(r->auth));
	h = MHD_lookup_connection_value(
	    r->mhd, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0) {
		tok = h + 7;
		bearer = true;
	} else {
		tok = MHD_lookup_connection_value(
		    r->mhd, MHD_COOKIE_KIND, "hd_session");
	}
	if (tok == NULL || !hd_token_wellformed(tok) || r->rd == NULL)
		return HD_OK;
	return app_auth_resolve(r->rd, tok, !bearer, &r->auth);
}

enum hd_status
hd_auth_check(struct hd_req *r, enum hd_access access)
{
	const char *csrf = r->auth.csrf;
	bool safe =
	    strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
	const char *sent;

	if (access == HD_PUBLIC)
		return HD_OK;
	if (r->auth.kind == HD_ANON)
		return HD_EUNAUTH;
	if (r->auth.via_cookie && !safe) {
		sent = MHD_lookup_connection_value(
		    r->mhd, MHD_HEADER_KIND, "X-CSRF-Token");
		if (sent == NULL || strlen(sent) != strlen(csrf) ||
		    sodium_memcmp(sent, csrf, strlen(csrf)) != 0)
			return HD_ECSRF;
	}
	/* An intake token posts inbound mail and does nothing else. */
	if (r->auth.intake)
		return access == HD_INTAKE ? HD_OK : HD_EFORBIDDEN;
	if (access == HD_INTAKE && !r->auth.is_admin)
		return HD_EFORBIDDEN;
	if (access == HD_STAFF && r->auth.kind != HD_EMPLOYEE)
		return HD_EFORBIDDEN;
	if (access == HD_ADMIN && !r->auth.is_admin)
		return HD_EFORBIDDEN;
	return HD_OK;
}
