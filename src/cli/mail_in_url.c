/* SPDX-License-Identifier: MIT */
/*
 * hausdesk mail-in --url: the mail posted to a running server's
 * POST /api/v1/inbound-mail instead of written into the database, so
 * that an MTA on another host can pipe into hausdesk (docs/mail-in.md).
 * The exit status follows the answer: 2xx taken (0), a 4xx about the
 * message bounces it (65), everything else — unreachable, 5xx, a token
 * refused — keeps it in the MTA's queue (75).
 */
#include "cli/cli.h"
#include "util/buf.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define EXIT_DATAERR 65	 /* EX_DATAERR */
#define EXIT_TEMPFAIL 75 /* EX_TEMPFAIL */
/* The endpoint under the base URL. */
#define MAIL_IN_PATH "/api/v1/inbound-mail"
/* The longest base URL taken (with the path and the recipient). */
#define MAIL_IN_URL_MAX 2048
/* The longest answer read (the server's is a short JSON object). */
#define MAIL_IN_ANSWER_MAX (64 * 1024)
/* Seconds to connect, and for the whole post (30 MiB on a slow line). */
#define MAIL_IN_CONNECT_S 30L
#define MAIL_IN_TIMEOUT_S 600L
/* The longest token sent ("Authorization: Bearer " and it). */
#define MAIL_IN_AUTH_MAX 256

static size_t
answer_cb(char *p, size_t size, size_t n, void *cls)
{
	struct hd_buf *b = cls;

	/* Beyond the limit the answer is cut, not the transfer failed. */
	if (b->len + size * n <= MAIL_IN_ANSWER_MAX)
		(void)hd_buf_add(b, p, size * n);
	return size * n;
}

/* The result line, as `mail-in --db` prints it, from the answer j. */
static void
print_result(json_t *j)
{
	static const char *const ids[] = {
	    "process_id", "comment_id", "unassigned_id"};
	const char *reason;
	size_t i;

	printf("%s", json_string_value(json_object_get(j, "result")));
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (json_is_integer(json_object_get(j, ids[i])))
			printf(" %s=%lld", ids[i],
			    (long long)json_integer_value(
				json_object_get(j, ids[i])));
	reason = json_string_value(json_object_get(j, "reason"));
	if (reason != NULL)
		printf(" reason=\"%s\"", reason);
	printf("\n");
}

/* Whether a 4xx status says the message itself is refused (bounce),
 * not the credential or the server's state (retry). */
static bool
message_refused(long status)
{
	return status == 400 || status == 413 || status == 415 || status == 422;
}

/* The endpoint's URL for base and recipient into url; false when too
 * long or recipient cannot be escaped. */
static bool
endpoint(CURL *h, const char *base, const char *recipient, char *url)
{
	size_t len = strlen(base);
	char *esc = NULL;
	int n;

	while (len > 0 && base[len - 1] == '/')
		len--;
	if (recipient != NULL &&
	    (esc = curl_easy_escape(h, recipient, 0)) == NULL)
		return false;
	n = snprintf(url, MAIL_IN_URL_MAX, "%.*s%s%s%s", (int)len, base,
	    MAIL_IN_PATH, esc != NULL ? "?recipient=" : "",
	    esc != NULL ? esc : "");
	curl_free(esc);
	return n > 0 && n < MAIL_IN_URL_MAX;
}

int
cli_mail_in_url(const char *base, const char *token, const char *recipient,
    const char *raw, size_t len)
{
	char url[MAIL_IN_URL_MAX], auth[MAIL_IN_AUTH_MAX];
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs = NULL, *h2;
	struct hd_buf answer;
	json_t *j = NULL;
	long status = 0;
	CURLcode cc;
	int rc = EXIT_TEMPFAIL;
	CURL *h;

	hd_buf_init(&answer, MAIL_IN_ANSWER_MAX);
	if ((h = curl_easy_init()) == NULL) {
		fprintf(stderr, "hausdesk: libcurl could not start\n");
		goto out;
	}
	if (!endpoint(h, base, recipient, url)) {
		fprintf(stderr, "hausdesk: the --url is too long\n");
		rc = 2;
		goto out;
	}
	if (snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token) >=
	    (int)sizeof(auth)) {
		fprintf(stderr, "hausdesk: the API token is too long\n");
		rc = 2;
		goto out;
	}
	hdrs = curl_slist_append(NULL, auth);
	if (hdrs != NULL && (h2 = curl_slist_append(
				 hdrs, "Content-Type: message/rfc822")) != NULL)
		hdrs = curl_slist_append(h2, "Expect:");
	if (hdrs == NULL) {
		fprintf(stderr, "hausdesk: out of memory\n");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, raw);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, answer_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, MAIL_IN_CONNECT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, MAIL_IN_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if ((cc = curl_easy_perform(h)) != CURLE_OK) {
		fprintf(stderr,
		    "hausdesk: the server is not reachable (%s); nothing was "
		    "taken\n",
		    errbuf[0] ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (answer.data != NULL)
		j = json_loadb(answer.data, answer.len, 0, NULL);
	if (status >= 200 && status < 300 &&
	    json_is_string(json_object_get(j, "result"))) {
		print_result(j);
		rc = 0;
		goto out;
	}
	fprintf(stderr, "hausdesk: the server answered %ld: %.*s\n", status,
	    (int)(answer.len > 512 ? 512 : answer.len),
	    answer.data != NULL ? answer.data : "");
	rc = message_refused(status) ? EXIT_DATAERR : EXIT_TEMPFAIL;
out:
	json_decref(j);
	curl_slist_free_all(hdrs);
	if (h != NULL)
		curl_easy_cleanup(h);
	hd_buf_cleanup(&answer);
	return rc;
}
