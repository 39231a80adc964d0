#!/usr/bin/env bash
# bench/overview.sh [CASES] — the city overview over a generated city (default 100,000 cases, some 650,000 events):
#   1. a throwaway PostgreSQL cluster; the cases written straight into the event store through Marten (no HTTP);
#   2. the Release API started on it, which logs every event, signs checkpoints and computes the overview from the leaves;
#      how long the overview's agent took (reading the leaves and computing) is what its snapshot says;
#   3. GET /api/operations/overview under wrk --latency (2 threads, 16 connections, 20 s): p50 and p99;
#   4. `ledger operations figures` recomputes the overview from the leaves through the API and must match (timed).
# Writes bench/results/overview.md; everything it starts is stopped and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

cases=${1:-100000}
cases=${cases//_/}
work=$(mktemp -d /tmp/ledger-overview-bench.XXXXXX)
results=bench/results/overview.md
ledger=(dotnet "$LEDGER_ROOT/src/Cli/bin/Release/net10.0/ledger.dll")

cleanup() {
  trap - EXIT INT TERM
  stop_started_processes
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

command -v wrk >/dev/null || as_root apt-get install -y wrk >/dev/null || { log "wrk is not installed"; exit 1; }
ensure_postgres
pg_port=$(free_port)
api_port=$(free_port)
start_postgres "$work/postgres" "$pg_port" throwaway
connection="Host=127.0.0.1;Port=$pg_port;Database=ledger;Username=ledger;Password=ledger"
api="http://127.0.0.1:$api_port"
psql_ledger() { PGPASSWORD=ledger "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U ledger -d ledger -Atc "$1"; }

log "building the API, the CLI and the benchmarks (Release)"
for project in src/Api/Api.csproj src/Cli/Cli.csproj bench/Ledger.Benchmarks/Ledger.Benchmarks.csproj; do
  dotnet build "$project" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null || { log "building $project failed"; exit 1; }
done
"${ledger[@]}" dev-keys --dir "$work/auth" >/dev/null

log "writing $cases cases through Marten"
generated=$(dotnet bench/Ledger.Benchmarks/bin/Release/net10.0/Ledger.Benchmarks.dll generate-cases "$cases" "$connection" 4 | tee /dev/stderr | tail -n 1)

log "starting the API; it logs every event, signs a checkpoint and computes the overview at it"
export ConnectionStrings__Ledger="$connection"
export Auth__PublicKeyFiles__0="$work/auth/token-signing.pub.pem"
export Ledger__CheckpointKeyFile="$work/auth/checkpoint-signing.pem"
export Privacy__KeyEncryptionKeyFile="$work/auth/privacy-kek.key"
export Ledger__Checkpoints__IntervalSeconds=2
export Ledger__Anchoring__Enabled=false
# A load from one token must not be throttled by the per-caller write limit.
export RateLimits__WritesPerMinute=100000000
export ASPNETCORE_URLS="$api"
export ASPNETCORE_ENVIRONMENT=Production
(cd src/Api && exec dotnet bin/Release/net10.0/Ledger.Api.dll >"$work/api.log" 2>&1) &
STACK_PIDS+=($!)
wait_for "the API at $api" 120 http_ok "$api/health/live" || { tail -n 30 "$work/api.log" >&2; exit 1; }

total=$(psql_ledger "select count(*) from ledger.mt_events")
token=$("${ledger[@]}" token --key "$work/auth/token-signing.pem" --agency 11310000000000001A --officer bench.auditor --role auditor)
overview_size() { psql_ledger "select coalesce(max(id), 0) from ledger.mt_doc_operationsoverviewsnapshot" 2>/dev/null || echo 0; }
until [ "$(overview_size)" -ge "$total" ]; do sleep 1; done
size=$(overview_size)
snapshot() { psql_ledger "select data->>'$1' from ledger.mt_doc_operationsoverviewsnapshot where id = $size"; }
compute_ms=$(snapshot computeMilliseconds)
case_events=$(snapshot caseEvents)
cases_counted=$(psql_ledger "select data->'figures'->>'cases' from ledger.mt_doc_operationsoverviewsnapshot where id = $size")
bytes=$(curl -s -H "Authorization: Bearer $token" "$api/api/operations/overview" | wc -c)
agent_line=$(grep -m1 "City overview at $size leaves" "$work/api.log" || true)
log "the overview covers $size leaves ($case_events case events) after ${compute_ms} ms; $bytes bytes a response"

cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
wrk -t2 -c16 -d5s -s "$work/auth.lua" "$api/api/operations/overview" >/dev/null
wrk -t2 -c16 -d20s --latency -s "$work/auth.lua" "$api/api/operations/overview" | tee "$work/wrk.out" >&2
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
throughput=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")

begin=$(date +%s.%N)
"${ledger[@]}" operations figures --api "$api" --token "$token" --size "$size" --page-size 10000 >"$work/figures.out" 2>&1 || { log "ledger operations figures did not match:"; tail -n 40 "$work/figures.out" >&2; exit 1; }
figures_seconds=$(node -pe "($(date +%s.%N) - $begin).toFixed(1)")
verdict=$(grep -E '^(match|differs)' "$work/figures.out" | tail -n 1)
log "ledger operations figures: $verdict in $figures_seconds s"

mkdir -p bench/results
cat >"$results" <<REPORT
# City overview benchmark

$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, PostgreSQL $("$(pg_bindir)/postgres" --version | awk '{print $3}') on the same machine (fsync off: a throwaway cluster), \`bench/overview.sh $cases\`.

$generated

| what | figure |
| --- | ---: |
| cases in the overview / case events folded / leaves | $cases_counted / $case_events / $size |
| the overview's agent: read every leaf from the log's table, fold the cases, compute (first snapshot, from leaf 0) | $compute_ms ms |
| \`GET /api/operations/overview\` response | $bytes bytes |
| \`GET /api/operations/overview\`, wrk 2 threads × 16 connections, 20 s: p50 | $p50 |
| the same: p99 | $p99 |
| the same: requests/s | $throughput |
| \`ledger operations figures --size $size\` (every leaf through the API, checked against the signed root, figures recomputed and compared) | $figures_seconds s: $verdict |

Nothing is computed per request: an index-only query finds the newest snapshot's size, and the snapshot's JSON is
served from memory (read once from its document when a newer checkpoint's snapshot appears). The agent's log line: \`${agent_line#*: }\`
REPORT
cat "$results"
