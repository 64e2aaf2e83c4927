-- GET /tickets/{id} for a random existing id in [1, MAX_ID].
local token = os.getenv("TOKEN")
local maxId = tonumber(os.getenv("MAX_ID") or "1000")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

function request()
  local id = math.random(1, maxId)
  return wrk.format("GET", "/tickets/" .. id, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("GET status " .. status .. "\n")
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
