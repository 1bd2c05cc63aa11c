-- SPDX-License-Identifier: MIT
-- my queue: employees list their open Vorgänge.
-- args: employees file ("token" per line).
package.path = package.path .. ";bench/lua/?.lua"
local common = require("common")
local rows

function init(args)
	rows = common.load(args[1], "^(%S+)$")
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
	local r = rows[math.random(#rows)]
	return wrk.format("GET", "/api/v1/processes?assignee=me&status=open",
		{ ["Authorization"] = "Bearer " .. r[1] })
end
