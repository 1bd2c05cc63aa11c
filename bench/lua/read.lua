-- SPDX-License-Identifier: MIT
-- read: employees open random Vorgänge visible to them.
-- args: file of "token<TAB>process_id".
package.path = package.path .. ";bench/lua/?.lua"
local common = require("common")
local rows

function init(args)
	rows = common.load(args[1], "^(%S+)\t(%d+)$")
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
	local r = rows[math.random(#rows)]
	return wrk.format("GET", "/api/v1/processes/" .. r[2],
		{ ["Authorization"] = "Bearer " .. r[1] })
end
