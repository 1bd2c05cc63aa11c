/* SPDX-License-Identifier: MIT */
#include "http/static.h"

#include "util/metrics.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct hd_embedded {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct hd_embedded hd_web[];
extern const size_t hd_web_count;

#define CSP                                                                    \
	"default-src 'self'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; "          \
	"object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "         \
	"form-action 'self'"

static char (*etags)[24];
static pthread_once_t etag_once = PTHREAD_ONCE_INIT;

/* ETags are FNV-1a hashes of the content, computed once. */
static void
make_etags(void)
{
	static char tags[512][24];
	size_t i, k;

	for (i = 0; i < hd_web_count && i < 512; i++) {
		unsigned long long h = 1469598103934665603ULL;

		for (k = 0; k < hd_web[i].len; k++)
			h = (h ^ (unsigned char)hd_web[i].data[k]) *
			    1099511628211ULL;
		snprintf(tags[i], sizeof(tags[i]), "\"%016llx\"", h);
	}
	etags = tags;
}

static const char *
content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".json", "application/json; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void
hd_static_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

bool
hd_static_owns(const char *path)
{
	return strncmp(path, "/api/", 5) != 0 && strcmp(path, "/api") != 0 &&
	       strcmp(path, "/healthz") != 0 && strcmp(path, "/metrics") != 0;
}

static ssize_t
find(const char *name)
{
	size_t i;

	for (i = 0; i < hd_web_count && i < 512; i++)
		if (strcmp(hd_web[i].name, name) == 0)
			return (ssize_t)i;
	return -1;
}

/* etag: of the body, or NULL; for a 405 (etag NULL), allow names the
 * methods in the Allow header. */
static int
answer(struct MHD_Connection *conn, unsigned status, const char *body,
    size_t len, const char *type, const char *etag, const char *allow)
{
	struct MHD_Response *resp;
	int ret;

	resp = MHD_create_response_from_buffer(
	    len, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	hd_static_security_headers(resp);
	if (allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	if (etag != NULL) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
		/* Always revalidate: a new build must show at once. */
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	}
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	hd_metrics_request(status);
	return ret;
}

int
hd_static_serve(
    struct MHD_Connection *conn, const char *method, const char *path)
{
	static const char notfound[] = "Nicht gefunden.\n";
	static const char badmethod[] = "Methode nicht erlaubt.\n";
	const char *inm;
	ssize_t i;

	pthread_once(&etag_once, make_etags);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return answer(conn, 405, badmethod, sizeof(badmethod) - 1,
		    "text/plain; charset=utf-8", NULL, "GET, HEAD");
	if (strncmp(path, "/assets/", 8) == 0 ||
	    strncmp(path, "/i18n/", 6) == 0)
		i = strstr(path, "..") ? -1 : find(path + 1);
	else
		i = find("index.html");
	if (i < 0)
		return answer(conn, 404, notfound, sizeof(notfound) - 1,
		    "text/plain; charset=utf-8", NULL, NULL);
	inm = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && strcmp(inm, etags[i]) == 0)
		return answer(conn, 304, "", 0, content_type(hd_web[i].name),
		    etags[i], NULL);
	return answer(conn, 200, hd_web[i].data, hd_web[i].len,
	    content_type(hd_web[i].name), etags[i], NULL);
}
