-- GET /tickets filtered by region, status and batch (20 per page), the filters varying per request.
local token = os.getenv("TOKEN")
local regions = {"EAST", "NORTH", "SOUTH", "WEST"}
local statuses = {"NEW", "ASSIGNED"}
local batches = {"B2026-01", "B2026-02", "B2026-03", "B2026-04", "B2026-05"}

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

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
