/* SPDX-License-Identifier: MIT */
#include "util/status.h"

const char *
hd_status_str(enum hd_status status)
{
	switch (status) {
	case HD_OK:
		return "ok";
	case HD_ENOMEM:
		return "out of memory";
	case HD_EINVAL:
		return "invalid input";
	case HD_ENOTFOUND:
		return "not found";
	case HD_ECONFLICT:
		return "conflict";
	case HD_EFORBIDDEN:
		return "forbidden";
	case HD_EUNAUTH:
		return "not authenticated";
	case HD_EGONE:
		return "used or expired";
	case HD_ETOOBIG:
		return "too large";
	case HD_EMEDIA:
		return "unsupported media type";
	case HD_EUNPROCESSABLE:
		return "unprocessable";
	case HD_EBADJSON:
		return "invalid JSON";
	case HD_EBADTOKEN:
		return "invalid token";
	case HD_ECSRF:
		return "CSRF token missing or wrong";
	case HD_ERATE:
		return "too many requests";
	case HD_EAMBIGUOUS:
		return "several organisations";
	case HD_EIO:
		return "I/O error";
	case HD_EBADREQ:
		return "malformed request";
	case HD_ENOTIMPL:
		return "not implemented";
	case HD_EMETHOD:
		return "method not allowed";
	case HD_EBUSY:
		return "server busy";
	case HD_EFULL:
		return "disk full";
	case HD_EUNAVAIL:
		return "database unavailable";
	case HD_ESTOPPING:
		return "shutting down";
	case HD_ETYPE:
		return "file type not allowed";
	case HD_EQUOTA:
		return "attachment quota exceeded";
	}
	return "unknown";
}
