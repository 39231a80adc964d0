-- wrk script: POST /api/applications in closed loop, counting answers other than 201.
--   LEDGER_TOKEN=<portal token> MATTER=<matter code> APPLICANT=enterprise|person [PERSON_ID=<GB 11643 number>] \
--     wrk -t2 -c16 -d30s --latency -s submit.lua http://127.0.0.1:5190
local token = assert(os.getenv("LEDGER_TOKEN"), "set LEDGER_TOKEN to a portal token")
local matter = os.getenv("MATTER") or "310000-SC-0001"
local kind = os.getenv("APPLICANT") or "enterprise"
local person = os.getenv("PERSON_ID") or "310101199001011234"

local applicant
if kind == "person" then
  applicant = '{"kind":"Person","name":"张三","identityNumber":"' .. person .. '","phone":"13912345678"}'
else
  applicant = '{"kind":"Enterprise","name":"上海小笼包餐饮有限公司","identityNumber":"91310101MA1FPX1234"}'
end

local body = '{"matterCode":"' .. matter .. '","applicant":' .. applicant ..
  ',"materials":[{"name":"公司登记（备案）申请书","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}'

wrk.method = "POST"
wrk.path = "/api/applications"
wrk.body = body
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["content-type"] = "application/json"

local threads = {}
function setup(thread) table.insert(threads, thread) end

ok, bad, first_bad = 0, 0, nil
function response(status, headers, resp_body)
  if status == 201 then
    ok = ok + 1
  else
    bad = bad + 1
    if not first_bad then first_bad = status .. " " .. string.sub(resp_body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, sample = 0, 0, nil
  for _, t in ipairs(threads) do
    total_ok = total_ok + (t:get("ok") or 0)
    total_bad = total_bad + (t:get("bad") or 0)
    sample = sample or t:get("first_bad")
  end
  io.write(string.format("applicant=%s 201=%d non201=%d\n", kind, total_ok, total_bad))
  if sample then io.write("first non-201: " .. sample .. "\n") end
  io.write(string.format("mean_ms=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f rps=%.1f\n",
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
