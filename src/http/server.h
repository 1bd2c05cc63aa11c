/* SPDX-License-Identifier: MIT */
#ifndef HD_SERVER_H
#define HD_SERVER_H

#include "util/status.h"

/* Starts the HTTP server on listen ("host:port") with a pool of threads
 * workers, or a thread per connection when threads is 0.
 * HD_EINVAL for a bad address, HD_EIO when it cannot bind. */
enum hd_status hd_server_start(const char *listen, int threads);
/* Stops the server (waits for running requests). */
void hd_server_stop(void);

#endif
