-- SPDX-License-Identifier: MIT
-- Shared by the scenario scripts: reads a tab-separated data file given as
-- the first script argument, one record per line.
local M = {}

function M.load(path, pattern)
	local rows = {}
	for line in io.lines(path) do
		local r = { line:match(pattern) }
		if #r > 0 then
			rows[#rows + 1] = r
		end
	end
	assert(#rows > 0, "no data in " .. path)
	return rows
end

return M
