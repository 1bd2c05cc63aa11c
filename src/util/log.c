/* SPDX-License-Identifier: MIT */
#include "util/log.h"

#include "util/clock.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Debug lines are for development builds only. */
static const enum hd_log_level max_level = HD_LOG_INFO;

void
hd_log(enum hd_log_level level, const char *fmt, ...)
{
	static const char *names[] = {"error", "warn", "info", "debug"};
	char ts[HD_TIME_MAX];
	char line[1024];
	va_list ap;

	if (level > max_level)
		return;
	hd_time_format(hd_now(), ts, sizeof(ts));
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s %s\n", ts, names[level], line);
}

enum hd_status
hd_log_file_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

	if (fd < 0)
		return HD_EIO;
	/* dup2 replaces stderr at once: a line being written goes to the
	 * old file or the new one, never nowhere. */
	if (fd != STDERR_FILENO && dup2(fd, STDERR_FILENO) < 0) {
		close(fd);
		return HD_EIO;
	}
	if (fd != STDERR_FILENO)
		close(fd);
	return HD_OK;
}

void
hd_fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("hausdesk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
