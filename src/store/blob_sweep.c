/* SPDX-License-Identifier: MIT */
/*
 * The spool sweep (docs/attachments.md, "Garbage collection", step 1): a
 * spool file in <dir>/tmp/ outlives its upload only when the process that
 * received it died (kill -9, a crash, a power cut). A living upload holds
 * an flock on its file; a file nobody holds and that is older than
 * BLOB_SPOOL_STALE_MS is removed. The age covers the moment between
 * mkostemp and flock in blob_spool_open.
 */
#include "store/blob.h"
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether the spool file name (in dir d) is stale: nobody holds it and it
 * was last written before cutoff_ms. Removes it then. */
static bool
sweep_one(int d, const char *name, int64_t cutoff_ms)
{
	struct stat sb;
	int64_t mtime_ms;
	bool gone = false;
	int fd;

	fd = openat(d, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		goto out;
	mtime_ms =
	    (int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
	if (mtime_ms >= cutoff_ms || flock(fd, LOCK_EX | LOCK_NB) != 0)
		goto out;
	/* Held now by us: no upload can take it up again. */
	gone = unlinkat(d, name, 0) == 0;
	if (!gone && errno != ENOENT)
		hd_log(HD_LOG_WARN, "attachments: spool %s/tmp/%s: %s",
		    blob_dir(), name, strerror(errno));
out:
	close(fd);
	return gone;
}

enum hd_status
blob_spool_sweep(int64_t now_ms, int64_t *removed)
{
	char path[BLOB_PATH_MAX];
	struct dirent *e;
	DIR *dp;

	*removed = 0;
	if (blob_dir()[0] == '\0')
		return HD_OK;
	snprintf(path, sizeof(path), "%s/tmp", blob_dir());
	if ((dp = opendir(path)) == NULL)
		return errno == ENOENT ? HD_OK : HD_EIO;
	while ((e = readdir(dp)) != NULL)
		if (strncmp(e->d_name, BLOB_SPOOL_PREFIX,
			strlen(BLOB_SPOOL_PREFIX)) == 0 &&
		    sweep_one(
			dirfd(dp), e->d_name, now_ms - BLOB_SPOOL_STALE_MS))
			(*removed)++;
	closedir(dp);
	return HD_OK;
}
