#!/usr/bin/env bash
# bench/audit.sh [EVENTS] — how fast the full audit runs, in both modes, over a generated history (default 1,000,000 events).
#   1. a throwaway PostgreSQL cluster; the history written straight into the event store through Marten (no HTTP);
#   2. the API started on it, which logs every event and signs checkpoints (the log's catch-up is timed too);
#   3. `ledger audit --connection` (events, leaves, checkpoints and every read model, from the database) and
#      `ledger audit --api` (leaves and checkpoints from the proof API, no database), each timed.
# Writes bench/results/audit.md; everything it starts is stopped and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

events=${1:-1000000}
events=${events//_/}
work=$(mktemp -d /tmp/ledger-audit-bench.XXXXXX)
results=bench/results/audit.md
ledger=(dotnet "$LEDGER_ROOT/src/Cli/bin/Release/net10.0/ledger.dll")

cleanup() {
  trap - EXIT INT TERM
  stop_started_processes
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

ensure_postgres
ensure_chain_tools
pg_port=$(free_port)
api_port=$(free_port)
start_postgres "$work/postgres" "$pg_port" throwaway
connection="Host=127.0.0.1;Port=$pg_port;Database=ledger;Username=ledger;Password=ledger"
api="http://127.0.0.1:$api_port"

log "building the API, the CLI and the benchmarks (Release)"
for project in src/Api/Api.csproj src/Cli/Cli.csproj bench/Ledger.Benchmarks/Ledger.Benchmarks.csproj; do
  dotnet build "$project" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null || { log "building $project failed"; exit 1; }
done
"${ledger[@]}" dev-keys --dir "$work/auth" >/dev/null

log "writing $events events through Marten"
generated=$(dotnet bench/Ledger.Benchmarks/bin/Release/net10.0/Ledger.Benchmarks.dll generate "$events" "$connection" 4 | tee /dev/stderr | tail -n 1)

log "starting the API on the generated history; it logs every event and signs a checkpoint"
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
started=$(date +%s.%N)
(cd src/Api && exec dotnet bin/Release/net10.0/Ledger.Api.dll >"$work/api.log" 2>&1) &
STACK_PIDS+=($!)
# No chain in this benchmark, so /health/ready (which asks the chain) stays unready: wait for the API to answer at all.
wait_for "the API at $api" 120 http_ok "$api/health/live" || { tail -n 30 "$work/api.log" >&2; exit 1; }

total=$(PGPASSWORD=ledger "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U ledger -d ledger -Atc "select count(*) from ledger.mt_events")
checkpoint_size() { node -e 'fetch(process.argv[1]).then(r => r.ok ? r.json() : {treeSize: 0}).then(j => console.log(j.treeSize ?? 0)).catch(() => console.log(0))' "$api/api/ledger/checkpoint"; }
logged_size() { PGPASSWORD=ledger "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U ledger -d ledger -Atc "select size from ledger.log_head"; }
until [ "$(logged_size 2>/dev/null || echo 0)" -ge "$total" ]; do sleep 0.5; done
logged=$(date +%s.%N)
until [ "$(checkpoint_size)" -ge "$total" ]; do sleep 0.5; done
log "the log holds all $total events"
# The async projections catch up too before anything is timed, so the audits do not share the CPU with them.
projections_behind() {
  PGPASSWORD=ledger "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U ledger -d ledger -Atc \
    "select count(*) from ledger.mt_event_progression p where p.name like '%:All' and p.last_seq_id < (select last_seq_id from ledger.mt_event_progression where name = 'HighWaterMark')"
}
until [ "$(projections_behind)" = 0 ]; do sleep 1; done
log "the async projections have caught up"

key=$(node -e 'fetch(process.argv[1]).then(r => r.json()).then(j => console.log(j.verifierKey))' "$api/api/ledger/key")
token=$("${ledger[@]}" token --key "$work/auth/token-signing.pem" --agency 11310000000000001A --officer bench.auditor --role auditor)

timed() { # label, command...: runs it, prints its last line, and records the seconds it took in $seconds
  local label=$1; shift
  local begin end
  begin=$(date +%s.%N)
  "$@" >"$work/$label.out" 2>&1 || { log "$label failed:"; tail -n 20 "$work/$label.out" >&2; exit 1; }
  end=$(date +%s.%N)
  seconds=$(node -pe "($end - $begin).toFixed(1)")
  log "$label: $(grep -E '^(verified|not verified)' "$work/$label.out" | tail -n 1) in $seconds s"
}

timed database "${ledger[@]}" audit --connection "$connection" --key "$key"
database_seconds=$seconds
timed api "${ledger[@]}" audit --api "$api" --token "$token" --key "$key" --page-size 10000
api_seconds=$seconds

rate() { node -pe "Math.round($total / $1).toLocaleString('en-US')"; }
catch_up=$(node -pe "($logged - $started).toFixed(1)")
mkdir -p bench/results
cat >"$results" <<REPORT
# Audit benchmark

$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, PostgreSQL $("$(pg_bindir)/postgres" --version | awk '{print $3}') on the same machine (fsync off: a throwaway cluster), \`bench/audit.sh $events\`.

$generated

| step | events | seconds | events/s |
| --- | ---: | ---: | ---: |
| the API logs the generated history (from its start to the last leaf) | $total | $catch_up | $(rate "$catch_up") |
| \`ledger audit --connection\` (leaves recomputed from the events, tree, checkpoints, every read model) | $total | $database_seconds | $(rate "$database_seconds") |
| \`ledger audit --api\` (every leaf and checkpoint from the proof API, 10,000 leaves a page) | $total | $api_seconds | $(rate "$api_seconds") |
REPORT
cat "$results"
