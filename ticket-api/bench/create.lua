-- POST /tickets: a device-fault ticket on a random seeded device, with a fresh Idempotency-Key.
local token = os.getenv("TOKEN")
local devices = tonumber(os.getenv("DEVICES") or "200")
local run = os.getenv("RUN_ID") or tostring(os.time())
local priorities = {"P1", "P2", "P3", "P4"}
local threadIds = 0
local counter = 0

function setup(thread)
  threadIds = threadIds + 1
  thread:set("tid", threadIds)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

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

-- Paced mode: with RATE set, each connection waits CONNECTIONS * 1000 / RATE ms before each
-- request, so the offered load is about RATE requests/s (less when responses are slow: wrk is
-- closed-loop, unlike wrk2, so latency under overload is understated).
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")

function delay()
  if rate > 0 then
    return connections * 1000 / rate
  end
  return 0
end
