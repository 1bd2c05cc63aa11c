/* SPDX-License-Identifier: MIT */
#include "mail/transport.h"

#include "mail/smtp.h"
#include "util/str.h"

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

/* One of the two: an SMTP connection, or a Maildir. */
struct mail_transport {
	struct smtp_conn *smtp;
	char *maildir;
};

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
	if (cfg->smtp_url != NULL) {
		if ((st = smtp_conn_new(cfg->smtp_url, cfg->smtp_user,
			 cfg->smtp_password, cfg->timeout_ms, &t->smtp)) !=
		    HD_OK)
			goto out;
	} else if ((t->maildir = strdup(cfg->maildir)) == NULL) {
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
	smtp_conn_free(t->smtp);
	free(t->maildir);
	free(t);
}

void
mail_transport_abort(struct mail_transport *t)
{
	/* A Maildir delivery is a few local writes: it ends by itself. */
	if (t->smtp != NULL)
		smtp_conn_abort(t->smtp);
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
		hd_errf(err, errlen, "Maildir %s: %s", what, strerror(errno));
	if (fd != -1)
		close(fd);
	if (created)
		unlink(tmp);
	return res;
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

enum mail_send_result
mail_transport_send(struct mail_transport *t, const char *from_addr,
    const char *to_addr, const char *data, size_t len, char *err, size_t errlen)
{
	hd_errf(err, errlen, "%s", "");
	if (t->smtp == NULL)
		return maildir_send(t, data, len, err, errlen);
	/* A broken envelope address will not get better by retrying; CR/LF
	 * in it would also inject SMTP commands. */
	if (!envelope_ok(from_addr) || !envelope_ok(to_addr)) {
		hd_errf(err, errlen, "invalid envelope address");
		return MAIL_PERMFAIL;
	}
	return smtp_conn_send(
	    t->smtp, from_addr, to_addr, data, len, err, errlen);
}
