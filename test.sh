#!/usr/bin/env bash
# ./test.sh — install what is missing, start a throwaway PostgreSQL and anvil, run every test project
# against them, and print one line: "N passed, N failed" (", N skipped" when some were skipped).
# LEDGER_UPDATE_SPECS=1 ./test.sh rewrites the checked-in contracts in specs/ from the running code.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/stack.sh

results="$LEDGER_ROOT/TestResults"
work=$(mktemp -d /tmp/ledger-test.XXXXXX)
cleanup() { stop_started_processes; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_setup() { log "$1"; echo "0 passed, 0 failed"; exit 1; }

ensure_postgres || fail_setup "could not install PostgreSQL"
ensure_chain_tools || fail_setup "could not install the chain tools"
ensure_browser || fail_setup "could not install Chromium for the browser tests"
purge_cached_shim

pg_port=$(free_port)
start_postgres "$work/postgres" "$pg_port" throwaway || fail_setup "PostgreSQL did not start"
rpc_port=$(free_port)
start_anvil "$work/anvil" "$rpc_port" throwaway || fail_setup "anvil did not start"
export LEDGER_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=ledger;Password=ledger"
export LEDGER_TEST_RPC_URL="http://127.0.0.1:$rpc_port"
# A new development key-encryption key for this run's vault (its database is as throwaway as the key).
LEDGER_TEST_PRIVACY_KEY=$(head -c 32 /dev/urandom | base64)
export LEDGER_TEST_PRIVACY_KEY
log "PostgreSQL on 127.0.0.1:$pg_port, anvil on 127.0.0.1:$rpc_port"

rm -rf "$results"
mkdir -p "$results"
# Locked mode: the packages are exactly those pinned in the committed packages.lock.json files, or the run fails here.
if ! dotnet restore Ledger.sln --locked-mode --nologo >"$results/dotnet-restore.log" 2>&1; then
  grep -E "error" "$results/dotnet-restore.log" | head -20 >&2
  log "the locked restore failed (a package differs from packages.lock.json): see TestResults/dotnet-restore.log"
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test Ledger.sln --nologo --no-restore --results-directory "$results/trx" \
  >"$results/dotnet-test.log" 2>&1
status=$?
# The full log is kept in TestResults/; show what matters: errors, failures and the per-project summaries.
grep -E "error|\[FAIL\]|Failed |Passed!|Failed!|Skipped!|^\s+(at |Shouldly|Expected|Actual)" "$results/dotnet-test.log" \
  | grep -v "NU1603" | head -200 >&2

passed=0 failed=0 skipped=0
for trx in "$results"/trx/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed)))
  skipped=$((skipped + $(count notExecuted)))
done

# A run that did not finish (a project that did not build, a crashed test host) is a failure even if no test failed.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with $status although no test failed: see TestResults/dotnet-test.log"
  failed=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
