-- SPDX-License-Identifier: MIT
-- search: employees search Vorgänge (GET /processes?q=) with a mix of
-- words, names, streets and number fragments taken from the data set.
-- args: employees file ("token" per line), queries file (one per line,
-- already URL-encoded).
package.path = package.path .. ";bench/lua/?.lua"
local common = require("common")
local rows, queries

function init(args)
	rows = common.load(args[1], "^(%S+)$")
	queries = common.load(args[2], "^(%S+)$")
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
	local r = rows[math.random(#rows)]
	local q = queries[math.random(#queries)]
	return wrk.format("GET", "/api/v1/processes?q=" .. q[1],
		{ ["Authorization"] = "Bearer " .. r[1] })
end
