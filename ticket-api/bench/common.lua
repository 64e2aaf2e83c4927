-- Shared by the request scripts: a seed and an id per wrk thread, and the paced mode.
--
-- Paced mode: with RATE set, each connection waits CONNECTIONS * 1000 / RATE ms before each
-- request, so the offered load is about RATE requests/s (less when responses are slow: wrk is
-- closed-loop, unlike wrk2, so latency under overload is understated).
local threadIds = 0

function setup(thread)
  threadIds = threadIds + 1
  thread:set("tid", threadIds)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")

function delay()
  if rate > 0 then
    return connections * 1000 / rate
  end
  return 0
end
