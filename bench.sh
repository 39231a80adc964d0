#!/usr/bin/env bash
# ./bench.sh — the measuring harness of issue 14: the same local stack as the tests (a private PostgreSQL cluster, this
# time with fsync and synchronous_commit ON, and anvil mining a block a second), the Release API on it, loads over
# loopback from bench/LoadGen (each load's throughput with 16 callers in a closed loop, then its latency in an open loop
# at half that rate: constant arrival rate, latency from the scheduled send time, requests that found no free connection
# within 10 ms of their schedule counted as late), baselines measured in the same run (GET /health/live on the same
# Kestrel host, raw Marten appends quick and rich with no HTTP, pgbench inserting rows of the same size in the same
# transaction shape, SHA256.HashData on 64 bytes, proofs in process), and the long history of bench/history.sh (anchoring
# lag, log catch-up, the overview over 100,000 cases, a projection rebuild). Writes bench/results/latest.md and .json.
#   STEP_SECONDS (3), HALF_SECONDS (6), BASELINE_SECONDS (8), BENCH_SEARCH (0), BENCH_CASES (200), BENCH_HISTORY_CASES
#   (100000): see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/stack.sh

step_seconds=${STEP_SECONDS:-3}
half_seconds=${HALF_SECONDS:-6}
baseline_seconds=${BASELINE_SECONDS:-8}
began=$(date +%s)
work=$(mktemp -d /tmp/ledger-bench.XXXXXX)
raw="$work/raw"
mkdir -p "$raw" bench/results
ledger=(dotnet "$LEDGER_ROOT/src/Cli/bin/Release/net10.0/ledger.dll")
loadgen=(dotnet "$LEDGER_ROOT/bench/LoadGen/bin/Release/net10.0/LoadGen.dll")
benchmarks=(dotnet "$LEDGER_ROOT/bench/Ledger.Benchmarks/bin/Release/net10.0/Ledger.Benchmarks.dll")

cleanup() {
  trap - EXIT INT TERM
  stop_started_processes
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

ensure_postgres
ensure_chain_tools
purge_cached_shim

log "building the API, the CLI, LoadGen and the benchmarks (Release)"
# One build of the four projects (bench/bench.slnf), so the shared libraries are checked once.
dotnet build bench/bench.slnf -c Release --nologo -v q -clp:ErrorsOnly >/dev/null || { log "building bench/bench.slnf failed"; exit 1; }
built=$(date +%s)

pg_port=$(free_port)
rpc_port=$(free_port)
api_port=$(free_port)
# Not a throwaway cluster: fsync and synchronous_commit stay on, as in production.
start_postgres "$work/postgres" "$pg_port"
# Not throwaway either: one block a second, as a permissioned chain mines, so anchoring lag is measured against real blocks.
start_anvil "$work/anvil" "$rpc_port"
psql_db() { PGPASSWORD=ledger "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U ledger -d "$1" -Atc "$2"; }
psql_db postgres "create database raw" >/dev/null
psql_db postgres "create database pgbench" >/dev/null

"${ledger[@]}" dev-keys --dir "$work/auth" >/dev/null
key="$work/auth/token-signing.pem"
token() { "${ledger[@]}" token --key "$key" --agency "$1" --officer "$2" --role "$3"; }
portal=$(token 11310000MB2F12348G portal.bench portal)
market=$(token 11310000MB2F123457 officer.bench officer)
auditor=$(token 11310000MB2F00001C auditor.bench auditor)
admin=$(token 11310000MB2F00001C admin.bench admin)

chain="$work/chain"
mkdir -p "$chain"
echo 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 >"$chain/admin.key"
echo 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d >"$chain/anchorer.key"
chmod 600 "$chain"/*.key
contract=$("${ledger[@]}" chain deploy --rpc "http://127.0.0.1:$rpc_port" --key-file "$chain/admin.key" \
  --anchorer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8)

api="http://127.0.0.1:$api_port"
checkpoint_seconds=2
block_seconds=1
confirmations=2
# How often the anchoring agent looks for a new checkpoint and for receipts (default 1,000 ms); against 1 s blocks, 500 ms.
anchoring_poll_ms=500
# start_api [DATABASE]: the Release API on the cluster's ledger database (or another one, with anchoring off), in the
# background; api_pid is its process.
start_api() {
  local database=${1:-ledger}
  local anchoring=true ready=/health/ready
  # The chain's contract holds the ledger database's log: another database's log is not anchored there.
  [ "$database" = ledger ] || { anchoring=false; ready=/health/live; }
  log "starting the API at $api on database $database"
  (
    export ConnectionStrings__Ledger="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=ledger;Password=ledger"
    export Chain__RpcUrl="http://127.0.0.1:$rpc_port"
    export Auth__PublicKeyFiles__0="$work/auth/token-signing.pub.pem"
    export Ledger__CheckpointKeyFile="$work/auth/checkpoint-signing.pem"
    export Privacy__KeyEncryptionKeyFile="$work/auth/privacy-kek.key"
    export Ledger__Checkpoints__IntervalSeconds=$checkpoint_seconds
    export Ledger__Anchoring__Enabled=$anchoring
    export Ledger__Anchoring__Confirmations=$confirmations
    export Ledger__Anchoring__PollMilliseconds=$anchoring_poll_ms
    export Ledger__Anchoring__ChainId=31337
    export Ledger__Anchoring__Contract="$contract"
    export Ledger__Anchoring__PrivateKeyFile="$chain/anchorer.key"
    export RateLimits__WritesPerMinute=100000000
    export Verification__PermitsPerMinute=100000000
    export Logging__LogLevel__Default=Warning
    export ASPNETCORE_URLS="$api"
    export ASPNETCORE_ENVIRONMENT=Production
    cd src/Api && exec dotnet bin/Release/net10.0/Ledger.Api.dll >>"$work/api.log" 2>&1
  ) &
  api_pid=$!
  STACK_PIDS+=("$api_pid")
  wait_for "the API at $api" 120 http_ok "$api$ready" || { tail -n 30 "$work/api.log" >&2; exit 1; }
}
stop_api() {
  kill "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
}
start_api

log "setting up agencies, matters, applications and certificates through the API (scripts/demo.mjs, demo-cases.mjs)"
node scripts/demo.mjs "$api" "$key" "$work/demo" >"$work/demo.log" 2>&1 || { tail -n 20 "$work/demo.log" >&2; exit 1; }
node scripts/demo-cases.mjs "$api" "$key" "${BENCH_CASES:-200}" >>"$work/demo.log" 2>&1 || { tail -n 20 "$work/demo.log" >&2; exit 1; }
echo "{\"name\":\"demo\",\"cases\":${BENCH_CASES:-200}}" >"$raw/demo.json"
set_up=$(date +%s)

source bench/loads.sh
source bench/history.sh

log "writing bench/results/latest.json and bench/results/latest.md"
node bench/report.mjs "$raw" "$(( $(date +%s) - began ))" "$(( built - began ))" "$(( set_up - built ))"
cat bench/results/latest.md
