-- SPDX-License-Identifier: MIT
-- create: many different tenants file a Vorgang each (bearer tokens).
-- args: tenants file ("token<TAB>property<TAB>unit"), comma list of
-- portal type ids.
package.path = package.path .. ";bench/lua/?.lua"
local common = require("common")
local rows, types
local counter = 0

function init(args)
	rows = common.load(args[1], "^(%S+)\t(%d+)\t(%d+)$")
	types = {}
	for t in string.gmatch(args[2], "%d+") do
		types[#types + 1] = t
	end
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
	local r = rows[math.random(#rows)]
	counter = counter + 1
	local unit = r[3] ~= "0" and r[3] or "null"
	local body = string.format(
		'{"type_id":%s,"property_id":%s,"unit_id":%s,' ..
		'"subject":"Benchmark-Meldung %d","description":' ..
		'"Wasserfleck an der Decke im Bad, bitte pr\\u00fcfen."}',
		types[math.random(#types)], r[2], unit, counter)
	return wrk.format("POST", "/api/v1/processes", {
		["Authorization"] = "Bearer " .. r[1],
		["Content-Type"] = "application/json",
	}, body)
end
