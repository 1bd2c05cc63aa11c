/* SPDX-License-Identifier: MIT */
#include "mail/transport.h"

#include "util/str.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 30000L
/* Longest server reply line kept for the error text. */
#define REPLY_MAX 256

/*
 * The handle, the upload cursor and the reply trace live here, not on the
 * stack of mail_transport_send: libcurl may still call the debug callback
 * when it closes the connection (QUIT) in mail_transport_free.
 */
struct mail_transport {
	char *smtp_url;
	char *smtp_user;
	char *smtp_password;
	char *maildir;
	long timeout_ms;
	CURL *curl;
	/* state of the current send */
	const char *data;
	size_t len, pos;
	char verb[5];	       /* verb of the last command we sent */
	char reply[REPLY_MAX]; /* last reply line from the server ... */
	char reply_verb[5];    /* ... and the command it answered */
	char errbuf[CURL_ERROR_SIZE];
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static char *
dup_opt(const char *s, bool *fail)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*fail = true;
	return d;
}

/* mkdir -p with mode 0700 for every directory it creates. */
static int
mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	struct stat sb;
	char *p;

	if (hd_strlcpy(tmp, path, sizeof(tmp)) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) == -1) {
		if (errno != EEXIST)
			return -1;
		if (stat(tmp, &sb) == -1)
			return -1;
		if (!S_ISDIR(sb.st_mode)) {
			errno = ENOTDIR;
			return -1;
		}
	}
	return 0;
}

/* Creates maildir and its tmp/, new/ and cur/. Sets errno on failure. */
static int
maildir_prepare(const char *maildir)
{
	static const char *const sub[] = {"tmp", "new", "cur"};
	char path[PATH_MAX];
	size_t i;
	int r;

	if (mkdir_p(maildir) == -1)
		return -1;
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		r = snprintf(path, sizeof(path), "%s/%s", maildir, sub[i]);
		if (r < 0 || (size_t)r >= sizeof(path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (mkdir_p(path) == -1)
			return -1;
	}
	return 0;
}

static bool
smtp_url_ok(const char *url)
{
	return strncasecmp(url, "smtp://", 7) == 0 ||
	       strncasecmp(url, "smtps://", 8) == 0;
}

enum hd_status
mail_transport_new(
    const struct mail_transport_config *cfg, struct mail_transport **out)
{
	struct mail_transport *t = NULL;
	enum hd_status st = HD_EINVAL;
	bool fail = false;

	*out = NULL;
	if (cfg == NULL || cfg->timeout_ms < 0)
		goto out;
	if (cfg->smtp_url != NULL && !smtp_url_ok(cfg->smtp_url))
		goto out;
	if (cfg->smtp_url == NULL &&
	    (cfg->maildir == NULL || *cfg->maildir == '\0'))
		goto out;
	st = HD_ENOMEM;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		goto out;
	t->smtp_url = dup_opt(cfg->smtp_url, &fail);
	t->smtp_user = dup_opt(cfg->smtp_user, &fail);
	t->smtp_password = dup_opt(cfg->smtp_password, &fail);
	t->maildir = dup_opt(cfg->maildir, &fail);
	t->timeout_ms =
	    cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;
	if (fail)
		goto out;
	if (t->smtp_url != NULL) {
		if ((t->curl = curl_easy_init()) == NULL)
			goto out;
	} else if (maildir_prepare(t->maildir) == -1) {
		st = HD_EIO;
		goto out;
	}
	*out = t;
	t = NULL;
	st = HD_OK;
out:
	mail_transport_free(t);
	return st;
}

void
mail_transport_free(struct mail_transport *t)
{
	if (t == NULL)
		return;
	if (t->curl != NULL)
		curl_easy_cleanup(t->curl);
	free(t->smtp_url);
	free(t->smtp_user);
	if (t->smtp_password != NULL) {
		sodium_memzero(t->smtp_password, strlen(t->smtp_password));
		free(t->smtp_password);
	}
	free(t->maildir);
	free(t);
}

/* --- Maildir --------------------------------------------------------- */

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
fsync_dir(const char *path)
{
	int fd, r, saved;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	r = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return r;
}

/*
 * Maildir delivery: write tmp/<unique>, fsync it, rename it into new/ and
 * fsync new/ so the entry survives a crash. The directories are made again
 * each time in case someone removed them while we ran.
 */
static enum mail_send_result
maildir_send(struct mail_transport *t, const char *data, size_t len, char *err,
    size_t errlen)
{
	char name[96], tmp[PATH_MAX], fin[PATH_MAX], dir[PATH_MAX], hex[17];
	enum mail_send_result res = MAIL_TEMPFAIL;
	const char *what = "mkdir";
	unsigned char rnd[8];
	int fd = -1, tries, r;
	bool created = false;

	if (maildir_prepare(t->maildir) == -1)
		goto out;
	r = snprintf(dir, sizeof(dir), "%s/new", t->maildir);
	if (r < 0 || (size_t)r >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		goto out;
	}
	what = "open";
	for (tries = 0; tries < 5 && fd == -1; tries++) {
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
		snprintf(name, sizeof(name), "%lld.%s.hausdesk",
		    (long long)time(NULL), hex);
		r = snprintf(tmp, sizeof(tmp), "%s/tmp/%s", t->maildir, name);
		if (r < 0 || (size_t)r >= sizeof(tmp) ||
		    snprintf(fin, sizeof(fin), "%s/%s", dir, name) >=
			(int)sizeof(fin)) {
			errno = ENAMETOOLONG;
			goto out;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST)
			goto out;
	}
	if (fd == -1)
		goto out;
	created = true;
	what = "write";
	if (write_all(fd, data, len) == -1)
		goto out;
	what = "fsync";
	if (fsync(fd) == -1)
		goto out;
	what = "close";
	r = close(fd);
	fd = -1;
	if (r == -1)
		goto out;
	what = "rename";
	if (rename(tmp, fin) == -1)
		goto out;
	created = false;
	/*
	 * Past the rename the message is visible. If new/ cannot be synced
	 * we still answer TEMPFAIL: the retry delivers the same Message-ID
	 * again, which mail clients fold into one, while claiming success
	 * could lose it in a crash.
	 */
	what = "fsync new/";
	if (fsync_dir(dir) == -1)
		goto out;
	res = MAIL_SENT;
out:
	if (res != MAIL_SENT)
		set_err(err, errlen, "Maildir %s: %s", what, strerror(errno));
	if (fd != -1)
		close(fd);
	if (created)
		unlink(tmp);
	return res;
}

/* --- SMTP ------------------------------------------------------------ */

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct mail_transport *t = arg;
	size_t n = size * nmemb;

	if (n > t->len - t->pos)
		n = t->len - t->pos;
	memcpy(buf, t->data + t->pos, n);
	t->pos += n;
	return n;
}

/*
 * Keeps the last reply line and the verb of the command it answered,
 * except the answer to QUIT: libcurl sends QUIT after a failure, and the
 * reply that failed is the one we want. Only the first four characters of
 * what we send are looked at, so AUTH credentials are never copied.
 */
static int
debug_cb(CURL *h, curl_infotype type, char *p, size_t n, void *arg)
{
	struct mail_transport *t = arg;
	size_t i, k;

	(void)h;
	if (type == CURLINFO_HEADER_OUT) {
		for (i = 0; i < 4 && i < n; i++)
			t->verb[i] = p[i];
		t->verb[i] = '\0';
	} else if (type == CURLINFO_HEADER_IN &&
		   strcasecmp(t->verb, "QUIT") != 0) {
		for (i = 0, k = 0; i < n && k + 1 < sizeof(t->reply); i++) {
			unsigned char c = (unsigned char)p[i];

			if (c == '\r' || c == '\n')
				break;
			t->reply[k++] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
		}
		t->reply[k] = '\0';
		memcpy(t->reply_verb, t->verb, sizeof(t->reply_verb));
	}
	return 0;
}

static bool
envelope_ok(const char *a)
{
	const unsigned char *p = (const unsigned char *)a;

	if (a == NULL || *a == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>')
			return false;
	return true;
}

/* A 5xx answer to MAIL, RCPT or DATA rejects this message; a 5xx at any
 * other step (greeting, EHLO, AUTH) is a server or configuration problem
 * that must not throw away the outbox, so it is retried. */
static bool
rejects_message(const struct mail_transport *t, long code)
{
	return code >= 500 && code <= 599 &&
	       (strcasecmp(t->reply_verb, "MAIL") == 0 ||
		   strcasecmp(t->reply_verb, "RCPT") == 0 ||
		   strcasecmp(t->reply_verb, "DATA") == 0);
}

static bool
is_connect_error(CURLcode rc)
{
	return rc == CURLE_COULDNT_CONNECT ||
	       rc == CURLE_COULDNT_RESOLVE_HOST ||
	       rc == CURLE_COULDNT_RESOLVE_PROXY ||
	       rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_SSL_CONNECT_ERROR;
}

static CURLcode
smtp_setup(struct mail_transport *t, const char *from, struct curl_slist *rcpt)
{
	CURL *c = t->curl;
	CURLcode rc = CURLE_OK;

#define SET(opt, val)                                                          \
	do {                                                                   \
		if (rc == CURLE_OK)                                            \
			rc = curl_easy_setopt(c, opt, val);                    \
	} while (0)
	SET(CURLOPT_URL, t->smtp_url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (strncasecmp(t->smtp_url, "smtp://", 7) == 0)
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (t->smtp_user != NULL)
		SET(CURLOPT_USERNAME, t->smtp_user);
	if (t->smtp_password != NULL)
		SET(CURLOPT_PASSWORD, t->smtp_password);
	SET(CURLOPT_MAIL_FROM, from);
	SET(CURLOPT_MAIL_RCPT, rcpt);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_cb);
	SET(CURLOPT_READDATA, t);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)t->len);
	SET(CURLOPT_TIMEOUT_MS, t->timeout_ms);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ERRORBUFFER, t->errbuf);
	/* VERBOSE only routes the protocol trace to debug_cb; nothing is
	 * printed. */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, t);
	SET(CURLOPT_VERBOSE, 1L);
#undef SET
	return rc;
}

static enum mail_send_result
smtp_send(struct mail_transport *t, const char *from_addr, const char *to_addr,
    const char *data, size_t len, char *err, size_t errlen)
{
	char from[512], to[512];
	struct curl_slist *rcpt = NULL;
	enum mail_send_result res = MAIL_TEMPFAIL;
	const char *why;
	long code = 0;
	CURLcode rc;
	int r;

	r = snprintf(from, sizeof(from), "<%s>", from_addr);
	if (r < 0 || (size_t)r >= sizeof(from) ||
	    snprintf(to, sizeof(to), "<%s>", to_addr) >= (int)sizeof(to)) {
		set_err(err, errlen, "address too long");
		return MAIL_PERMFAIL;
	}
	if ((rcpt = curl_slist_append(NULL, to)) == NULL) {
		set_err(err, errlen, "out of memory");
		return MAIL_TEMPFAIL;
	}
	/* Reset drops the options of the last message but keeps the open
	 * connection for reuse. */
	curl_easy_reset(t->curl);
	t->data = data;
	t->len = len;
	t->pos = 0;
	t->reply[0] = '\0';
	t->verb[0] = '\0';
	t->reply_verb[0] = '\0';
	t->errbuf[0] = '\0';
	if ((rc = smtp_setup(t, from, rcpt)) == CURLE_OK)
		rc = curl_easy_perform(t->curl);
	curl_easy_setopt(t->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_slist_free_all(rcpt);
	t->data = NULL;
	if (rc == CURLE_OK)
		return MAIL_SENT;

	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
	why = t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror(rc);
	/* Trust the code only when the reply we saw in this transfer says the
	 * same (the handle is reused, its last code may be older). */
	if (code >= 400 && strtol(t->reply, NULL, 10) == code) {
		if (rejects_message(t, code))
			res = MAIL_PERMFAIL;
		set_err(err, errlen, "%s", t->reply);
	} else if (code >= 400)
		set_err(err, errlen, "%ld %s", code, why);
	else if (is_connect_error(rc))
		set_err(err, errlen, "Verbindung fehlgeschlagen: %s", why);
	else
		set_err(err, errlen, "SMTP-Fehler: %s", why);
	return res;
}

enum mail_send_result
mail_transport_send(struct mail_transport *t, const char *from_addr,
    const char *to_addr, const char *data, size_t len, char *err, size_t errlen)
{
	set_err(err, errlen, "%s", "");
	if (t->smtp_url == NULL)
		return maildir_send(t, data, len, err, errlen);
	/* A broken envelope address will not get better by retrying; CR/LF
	 * in it would also inject SMTP commands. */
	if (!envelope_ok(from_addr) || !envelope_ok(to_addr)) {
		set_err(err, errlen, "invalid envelope address");
		return MAIL_PERMFAIL;
	}
	return smtp_send(t, from_addr, to_addr, data, len, err, errlen);
}
