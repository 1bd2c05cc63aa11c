/* SPDX-License-Identifier: MIT */
/* Types of files from their bytes (filetype.h). */
#include "util/filetype.h"

#include "util/log.h"

#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* libmagic's handle is not thread-safe: one, behind a lock. Loading its
 * database takes milliseconds, once. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t cookie;
static bool failed;

static const char *const images[] = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "image/heif",
    "image/heic-sequence",
    "image/heif-sequence",
    NULL,
};

static const char *const others[] = {
    "application/pdf",
    "text/plain",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml."
    "document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml."
    "presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    NULL,
};

static bool
listed(const char *const *list, const char *type)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, type) == 0)
			return true;
	return false;
}

/* Opens the handle (under lock). */
static bool
ready(void)
{
	if (cookie != NULL)
		return true;
	if (failed)
		return false;
	cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
			    MAGIC_NO_CHECK_ELF | MAGIC_ERROR);
	if (cookie == NULL || magic_load(cookie, NULL) != 0) {
		hd_log(HD_LOG_ERROR, "libmagic: cannot load its database: %s",
		    cookie ? magic_error(cookie) : "out of memory");
		if (cookie != NULL)
			magic_close(cookie);
		cookie = NULL;
		failed = true;
		return false;
	}
	return true;
}

enum hd_status
hd_filetype_of(const void *data, size_t n, char *type)
{
	enum hd_status st = HD_EIO;
	const char *t;

	type[0] = '\0';
	if (n > HD_FILETYPE_PEEK)
		n = HD_FILETYPE_PEEK;
	pthread_mutex_lock(&lock);
	if (ready()) {
		t = magic_buffer(cookie, data, n);
		if (t != NULL) {
			snprintf(type, HD_FILETYPE_MAX, "%s", t);
			st = HD_OK;
		}
	}
	pthread_mutex_unlock(&lock);
	return st;
}

bool
hd_filetype_allowed(const char *type)
{
	return listed(images, type) || listed(others, type);
}

bool
hd_filetype_inline(const char *type)
{
	return listed(images, type);
}
