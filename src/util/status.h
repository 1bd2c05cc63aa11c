/* SPDX-License-Identifier: MIT */
#ifndef HD_STATUS_H
#define HD_STATUS_H

/*
 * One status enum for the whole project. Every fallible function returns
 * one of these; src/http/errors.c holds the only table that maps them to
 * HTTP status codes and error codes.
 */
enum hd_status {
	HD_OK = 0,
	HD_ENOMEM,	   /* out of memory */
	HD_EINVAL,	   /* bad input: 400 / 422 */
	HD_ENOTFOUND,	   /* unknown id: 404 */
	HD_ECONFLICT,	   /* duplicate or still in use: 409 */
	HD_EFORBIDDEN,	   /* authenticated but not allowed: 403 */
	HD_EUNAUTH,	   /* not authenticated: 401 */
	HD_EGONE,	   /* used or expired token: 410 */
	HD_ETOOBIG,	   /* body over the limit: 413 */
	HD_EMEDIA,	   /* wrong content type: 415 */
	HD_EUNPROCESSABLE, /* well-formed but not acceptable: 422 */
	HD_EBADJSON,	   /* body is not a JSON object: 400 invalid_json */
	HD_EBADTOKEN,	   /* unknown invitation/reset token: 400 */
	HD_ECSRF,	   /* missing or wrong X-CSRF-Token: 403 */
	HD_ERATE,	   /* too many attempts: 429 */
	HD_EAMBIGUOUS,	   /* login fits accounts of several orgs: 409 */
	HD_EIO,		   /* database, disk or network failure: 500 */
	HD_EBADREQ,	   /* malformed HTTP framing: 400, connection closed */
	HD_ENOTIMPL,	   /* unknown transfer coding: 501 */
	HD_EMETHOD,	   /* path exists, method does not: 405 */
	HD_EBUSY,	   /* no connection slot free: 503 */
	HD_EFULL,	   /* the disk holding the database is full: 507 */
	HD_EUNAVAIL,	   /* the database file is gone or damaged: 503 */
	HD_ESTOPPING,	   /* the server is shutting down: 503 */
	HD_ETYPE,	   /* a file of a type not allowed: 415 */
	HD_EQUOTA,	   /* the organisation's attachment quota: 507 */
};

/* Returns a short English description of status (static string). */
const char *hd_status_str(enum hd_status status);

#endif
