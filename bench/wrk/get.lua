-- GET one page and check it holds a marker (the form: its form token).
--   wrk -t4 -c4 -d10s -s get.lua http://127.0.0.1:8701 -- /bao-tin/?ward=B0-0 form_token
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path, marker = args[1], args[2]
  errors, pages = 0, 0
end

function request()
  return wrk.format("GET", path)
end

function response(status, headers, body)
  pages = pages + 1
  if status ~= 200 or not body:find(marker, 1, true) then errors = errors + 1 end
end

function done(summary, latency, requests)
  local total_errors = 0
  for _, thread in ipairs(threads) do
    total_errors = total_errors + thread:get("errors")
  end
  io.write(string.format("BENCH errors=%d\n", total_errors))
  for _, p in ipairs({ 50, 90, 99 }) do
    io.write(string.format("BENCH p%d_ms=%.2f\n", p, latency:percentile(p) / 1000))
  end
end
