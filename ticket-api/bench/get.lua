-- GET /tickets/{id} for a random existing id in [1, MAX_ID].
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local token = os.getenv("TOKEN")
local maxId = tonumber(os.getenv("MAX_ID") or "1000")

function request()
  local id = math.random(1, maxId)
  return wrk.format("GET", "/tickets/" .. id, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("GET status " .. status .. "\n")
  end
end
