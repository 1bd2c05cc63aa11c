/* SPDX-License-Identifier: MIT */
#ifndef HD_SERVER_H
#define HD_SERVER_H

#include "util/status.h"

/* Starts the HTTP server on listen ("host:port") with a pool of threads
 * workers, or a thread per connection when threads is 0.
 * HD_EINVAL for a bad address, HD_EIO when it cannot bind. */
enum hd_status hd_server_start(const char *listen, int threads);
/*
 * The first step of a shutdown: stops accepting connections (the listen
 * socket is closed) and refuses, with 503 shutting_down, requests begun
 * from now on; the requests begun before go on, and every answer from
 * now on closes its connection.
 */
void hd_server_quiesce(void);
/* Requests begun and not yet answered (sent) or given up. */
int hd_server_inflight(void);
/* Stops the server: finishes what the request pools hold, then closes
 * every connection, answered or not. After hd_server_quiesce and a wait
 * for hd_server_inflight() to reach 0, nobody is cut off. */
void hd_server_stop(void);

#endif
