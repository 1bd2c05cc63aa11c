-- SPDX-License-Identifier: MIT
-- The ceiling: the fastest answer this server gives.
wrk.method = "GET"
wrk.path = "/healthz"
