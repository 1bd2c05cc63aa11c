/* SPDX-License-Identifier: MIT */
/* The spool and the file backend of the byte store (blob.h). */
#include "store/blob.h"

#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Directories are only for the server's user and group. */
#define DIR_MODE 0750
/* Files never change once written: read-only. */
#define FILE_MODE 0440

/* Room below it for "/<org>/<aa>/<hex>" and the spool names. */
static char dir[BLOB_PATH_MAX - 256];
static bool files = true;
/* The free space kept for the database (--attachment-reserve-mb). */
static int64_t reserve = BLOB_RESERVE;

void
blob_set_reserve(int64_t bytes)
{
	reserve = bytes;
}

static enum hd_status
errno_status(int e)
{
	return e == ENOSPC || e == EDQUOT ? HD_EFULL
	       : e == ENOMEM		  ? HD_ENOMEM
					  : HD_EIO;
}

/* mkdir that accepts an existing directory. */
static enum hd_status
make_dir(const char *path)
{
	if (mkdir(path, DIR_MODE) == 0 || errno == EEXIST)
		return HD_OK;
	hd_log(
	    HD_LOG_ERROR, "attachments: mkdir %s: %s", path, strerror(errno));
	return errno_status(errno);
}

/* fsyncs directory path. */
static enum hd_status
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int e;

	if (fd < 0)
		return errno_status(errno);
	e = fsync(fd) == 0 ? 0 : errno;
	close(fd);
	if (e != 0)
		hd_log(HD_LOG_ERROR, "attachments: fsync %s: %s", path,
		    strerror(e));
	return e == 0 ? HD_OK : errno_status(e);
}

enum hd_status
blob_setup(const char *target, const char *want)
{
	char tmp[BLOB_PATH_MAX];
	const char *slash, *base;
	int n;

	files = db_driver_of(target) != DB_PGSQL;
	if (want != NULL) {
		n = snprintf(dir, sizeof(dir), "%s", want);
	} else if (files) {
		slash = strrchr(target, '/');
		n = slash == NULL
			? snprintf(dir, sizeof(dir), "attachments")
			: snprintf(dir, sizeof(dir), "%.*s/attachments",
			      (int)(slash - target), target);
	} else {
		base = getenv("TMPDIR");
		n = snprintf(dir, sizeof(dir), "%s/hausdesk-spool-%ld",
		    base && base[0] ? base : "/tmp", (long)getuid());
	}
	if (n < 0 || (size_t)n >= sizeof(dir))
		return HD_EINVAL;
	snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
	if (make_dir(dir) != HD_OK || make_dir(tmp) != HD_OK)
		return HD_EIO;
	return HD_OK;
}

bool
blob_is_files(void)
{
	return files;
}

const char *
blob_dir(void)
{
	return dir;
}

void
blob_hex(const unsigned char *sha256, char *out)
{
	sodium_bin2hex(out, 65, sha256, 32);
}

enum hd_status
blob_room(int64_t len)
{
	static atomic_bool refusing;
	struct statvfs sv;
	int64_t free_bytes;
	bool full;

	if (dir[0] == '\0' || statvfs(dir, &sv) != 0)
		return HD_EIO;
	free_bytes = (int64_t)sv.f_bavail * (int64_t)sv.f_frsize;
	full = free_bytes - len < reserve;
	if (full != atomic_exchange(&refusing, full))
		hd_log(full ? HD_LOG_WARN : HD_LOG_INFO,
		    full ? "attachments: refused from now on: %lld bytes free "
			   "in %s, %lld kept for the database"
			 : "attachments: taken again: %lld bytes free in %s "
			   "(%lld kept for the database)",
		    (long long)free_bytes, dir, (long long)reserve);
	return full ? HD_EFULL : HD_OK;
}

enum hd_status
blob_spool_open(struct blob_spool *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (dir[0] == '\0')
		return HD_EIO;
	snprintf(s->path, sizeof(s->path), "%s/tmp/" BLOB_SPOOL_PREFIX "XXXXXX",
	    dir);
	if ((s->fd = mkostemp(s->path, O_CLOEXEC)) < 0) {
		hd_log(HD_LOG_ERROR, "attachments: spool in %s/tmp: %s", dir,
		    strerror(errno));
		s->path[0] = '\0';
		return errno_status(errno);
	}
	/* A locked spool file has a living upload: the collector leaves
	 * it alone. */
	(void)flock(s->fd, LOCK_EX | LOCK_NB);
	crypto_hash_sha256_init(&s->h);
	return HD_OK;
}

enum hd_status
blob_spool_write(struct blob_spool *s, const void *data, size_t n)
{
	const char *p = data;
	ssize_t w;

	crypto_hash_sha256_update(&s->h, data, n);
	s->size += (int64_t)n;
	while (n > 0) {
		w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno_status(errno);
		p += w;
		n -= (size_t)w;
	}
	return HD_OK;
}

void
blob_spool_finish(struct blob_spool *s)
{
	crypto_hash_sha256_final(&s->h, s->sha256);
}

enum hd_status
blob_spool_read(
    struct blob_spool *s, int64_t off, void *buf, size_t n, size_t *got)
{
	ssize_t r;
	size_t have = 0;

	while (have < n) {
		r = pread(s->fd, (char *)buf + have, n - have,
		    (off_t)(off + (int64_t)have));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return HD_EIO;
		if (r == 0)
			break;
		have += (size_t)r;
	}
	*got = have;
	return HD_OK;
}

void
blob_spool_close(struct blob_spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->path[0] != '\0')
		unlink(s->path);
	s->fd = -1;
	s->path[0] = '\0';
}

/* The final name of content (org_id, sha256), and its directory. */
static void
final_path(int64_t org_id, const unsigned char *sha256, char *path, size_t n,
    char *parent, size_t pn)
{
	char hex[65];

	blob_hex(sha256, hex);
	snprintf(parent, pn, "%s/%lld/%.2s", dir, (long long)org_id, hex);
	snprintf(path, n, "%s/%lld/%.2s/%s", dir, (long long)org_id, hex, hex);
}

enum hd_status
blob_put(struct blob_spool *s, int64_t org_id)
{
	char path[BLOB_PATH_MAX], parent[BLOB_PATH_MAX], org[BLOB_PATH_MAX];
	enum hd_status st;

	if (!files)
		return HD_OK;
	if (fsync(s->fd) != 0) {
		/* Never retried: the pages may be gone (docs/attachments.md).
		 */
		hd_log(HD_LOG_ERROR, "attachments: fsync %s: %s", s->path,
		    strerror(errno));
		return errno_status(errno);
	}
	final_path(
	    org_id, s->sha256, path, sizeof(path), parent, sizeof(parent));
	snprintf(org, sizeof(org), "%s/%lld", dir, (long long)org_id);
	if ((st = make_dir(org)) != HD_OK || (st = make_dir(parent)) != HD_OK)
		return st;
	(void)fchmod(s->fd, FILE_MODE);
	if (link(s->path, path) != 0 && errno != EEXIST) {
		hd_log(HD_LOG_ERROR, "attachments: link %s: %s", path,
		    strerror(errno));
		return errno_status(errno);
	}
	/* The new name, and a new directory's name in its parents. */
	if ((st = sync_dir(parent)) != HD_OK || (st = sync_dir(org)) != HD_OK)
		return st;
	return sync_dir(dir);
}

enum hd_status
blob_open_file(
    int64_t org_id, const unsigned char *sha256, int64_t size, int *fd)
{
	char path[BLOB_PATH_MAX], parent[BLOB_PATH_MAX];
	struct stat sb;

	final_path(org_id, sha256, path, sizeof(path), parent, sizeof(parent));
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (*fd < 0) {
		hd_log(HD_LOG_ERROR, "attachments: open %s: %s", path,
		    strerror(errno));
		return HD_EIO;
	}
	if (fstat(*fd, &sb) != 0 || sb.st_size != size) {
		hd_log(HD_LOG_ERROR,
		    "attachments: %s has %lld bytes, the row says %lld", path,
		    (long long)sb.st_size, (long long)size);
		close(*fd);
		*fd = -1;
		return HD_EIO;
	}
	return HD_OK;
}

bool
blob_file_present(int64_t org_id, const unsigned char *sha256)
{
	char path[BLOB_PATH_MAX], parent[BLOB_PATH_MAX];
	struct stat sb;

	if (!files)
		return true;
	final_path(org_id, sha256, path, sizeof(path), parent, sizeof(parent));
	return lstat(path, &sb) == 0;
}

enum hd_status
blob_remove_file(int64_t org_id, const unsigned char *sha256)
{
	char path[BLOB_PATH_MAX], parent[BLOB_PATH_MAX];

	if (!files)
		return HD_OK;
	final_path(org_id, sha256, path, sizeof(path), parent, sizeof(parent));
	if (unlink(path) != 0 && errno != ENOENT) {
		hd_log(HD_LOG_ERROR, "attachments: unlink %s: %s", path,
		    strerror(errno));
		return errno_status(errno);
	}
	return HD_OK;
}
