-- GET /tickets filtered by region, status and batch (20 per page), the filters varying per request.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local token = os.getenv("TOKEN")
local regions = {"EAST", "NORTH", "SOUTH", "WEST"}
local statuses = {"NEW", "ASSIGNED"}
local batches = {"B2026-01", "B2026-02", "B2026-03", "B2026-04", "B2026-05"}

function request()
  local path = "/tickets?region=" .. regions[math.random(#regions)]
    .. "&status=" .. statuses[math.random(#statuses)]
    .. "&batch=" .. batches[math.random(#batches)]
    .. "&limit=20"
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("list status " .. status .. "\n")
  end
end
