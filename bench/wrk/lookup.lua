-- A look-up: POST a code and its PIN (a random pair of those the bench stored) with a CSRF
-- token. Each request comes from another client address (X-Forwarded-For, with the server's
-- WARDSEC_NUM_PROXIES=1) so the per-client limit is exercised but never reached.
--   wrk -t8 -c8 -d20s -s lookup.lua http://127.0.0.1:8701 -- /tra-cuu/ data-testid="status" pairs.txt
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path, marker = args[1], args[2]
  pairs_ = {}
  for line in io.lines(args[3]) do
    local code, pin = line:match("^(%S+)%s+(%d+)$")
    if code then table.insert(pairs_, { code, pin }) end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  csrf = string.rep("b", 16) .. string.format("%016d", math.random(1, 999999999))
  errors, lookups = 0, 0
end

function request()
  local pair = pairs_[math.random(1, #pairs_)]
  local headers = {
    Cookie = "csrftoken=" .. csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)),
  }
  local body = "csrfmiddlewaretoken=" .. csrf .. "&code=" .. pair[1] .. "&pin=" .. pair[2]
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  lookups = lookups + 1
  if status ~= 200 or not body:find(marker, 1, true) then errors = errors + 1 end
end

function done(summary, latency, requests)
  local total_errors, total = 0, 0
  for _, thread in ipairs(threads) do
    total_errors = total_errors + thread:get("errors")
    total = total + thread:get("lookups")
  end
  io.write(string.format("BENCH lookups=%d errors=%d\n", total, total_errors))
  for _, p in ipairs({ 50, 90, 99 }) do
    io.write(string.format("BENCH p%d_ms=%.2f\n", p, latency:percentile(p) / 1000))
  end
end
