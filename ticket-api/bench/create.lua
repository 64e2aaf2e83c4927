-- POST /tickets: a device-fault ticket on a random seeded device, with a fresh Idempotency-Key.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local token = os.getenv("TOKEN")
local devices = tonumber(os.getenv("DEVICES") or "200")
local run = os.getenv("RUN_ID") or tostring(os.time())
local priorities = {"P1", "P2", "P3", "P4"}
local counter = 0

function request()
  counter = counter + 1
  local serial = string.format("BENCH-%05d", math.random(1, devices))
  local body = '{"type":"DEVICE_FAULT","priority":"' .. priorities[math.random(#priorities)]
    .. '","title":"Ground fault on ' .. serial .. '","serial":"' .. serial
    .. '","alarmCodes":["sunspec-inv:GROUND_FAULT"]}'
  return wrk.format("POST", "/tickets", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. counter
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("create status " .. status .. " " .. body .. "\n")
  end
end
