/* SPDX-License-Identifier: MIT */
#ifndef HD_THROTTLE_H
#define HD_THROTTLE_H

#include "app/login.h"
#include "http/http.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * What the throttle of logins (app/login.h) and of reset mails
 * (app/account.h) needs from a request: where it comes from, and its
 * device cookie.
 */

/* The device cookie: its name and how long a browser keeps it. */
#define HD_DEVICE_COOKIE "hd_device"
#define HD_DEVICE_TTL (180 * 24 * 3600)

/* Where a request comes from, as counted: the address in text and its
 * network ("192.0.2.0/24", "2001:db8:1:2::/64"). */
struct hd_client {
	char ip[64];
	char net[64];
};

/*
 * Fills out from a socket address (IPv4, IPv6; an IPv4-mapped IPv6
 * address counts as IPv4). Loopback is not special: 127.0.0.2 and
 * 127.0.0.3 are two clients of the network 127.0.0.0/24. False for
 * another family (out then holds "unknown").
 */
bool hd_client_from_sockaddr(const struct sockaddr *sa, struct hd_client *out);
/* Like hd_client_from_sockaddr for an address in text ("192.0.2.7",
 * "2001:db8::1"); false when text is not one. */
bool hd_client_from_text(const char *text, struct hd_client *out);
/*
 * The client of request r: the peer address, or — when the peer is one
 * of HAUSDESK_TRUSTED_PROXIES — the last address of its
 * X-Forwarded-For header (the one that proxy added).
 */
void hd_client_of(struct hd_req *r, struct hd_client *out);

/*
 * Prepares t for a login of email from request r (app_login_try_init
 * with r's client and device cookie). HD_OK or HD_EIO.
 */
enum hd_status hd_login_try_init(
    struct hd_req *r, const char *email, struct app_login_try *t);

/*
 * The Set-Cookie value of a new device cookie for email into buf (size
 * n >= 256). HD_OK, or HD_EIO when the key cannot be had. Call it
 * outside a job: it may need the writer itself.
 */
enum hd_status hd_device_cookie_new(
    struct db_conn *rd, const char *email, char *buf, size_t n);

#endif
