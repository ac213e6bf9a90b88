-- One submission = GET the form, then POST it with its CSRF and form tokens.
-- Run with as many threads as connections (wrk -tN -cN): each thread then drives one
-- keep-alive connection and its state (page read, token) is that connection's.
--   wrk -t32 -c32 -d20s -s submit.lua http://127.0.0.1:8701 -- /bao-tin/?ward=B0-0 tracking-code
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function urlencode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  path, marker = args[1], args[2]
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  local chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
  local secret = {}
  for i = 1, 32 do
    local n = math.random(1, #chars)
    secret[i] = chars:sub(n, n)
  end
  csrf = table.concat(secret)
  phase, errors, posts, fields = "get", 0, 0, nil
end

function request()
  local headers = { Cookie = "csrftoken=" .. csrf }
  if phase == "get" then
    return wrk.format("GET", path, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = "csrfmiddlewaretoken=" .. csrf .. "&leave_contact=0&description="
    .. urlencode("Đo hiệu năng: có người lạ bẻ khóa xe máy trong hẻm 12.") .. fields
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if phase == "get" then
    local token = body:match('name="form_token" value="([^"]+)"')
    local ward = body:match('<option value="(%d+)" selected>')
    local category = body:match('name="category"[^>]*><option value=""[^>]*>[^<]*</option><option value="(%d+)"')
    fields = "&category=" .. (category or "1")
    if token then fields = fields .. "&form_token=" .. urlencode(token) end
    if ward then fields = fields .. "&ward=" .. ward end
    if status == 200 then phase = "post" else errors = errors + 1 end
  else
    posts = posts + 1
    if status ~= 200 or not body:find(marker, 1, true) then errors = errors + 1 end
    phase = "get"
  end
end

function done(summary, latency, requests)
  local total_errors, total_posts = 0, 0
  for _, thread in ipairs(threads) do
    total_errors = total_errors + thread:get("errors")
    total_posts = total_posts + thread:get("posts")
  end
  io.write(string.format("BENCH submissions=%d errors=%d\n", total_posts, total_errors))
  for _, p in ipairs({ 50, 90, 99 }) do
    io.write(string.format("BENCH p%d_ms=%.2f\n", p, latency:percentile(p) / 1000))
  end
end
