#!/usr/bin/env bash
# Shared by run.sh and test.sh: install what is missing, start and stop a private PostgreSQL cluster
# and a local anvil node. Source it; it defines functions and changes nothing by itself.

LEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_PIDS=()

log() { printf '[ledger] %s\n' "$*" >&2; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_postgres() {
  if [ -z "$(pg_bindir)" ]; then
    log "installing PostgreSQL from Debian packages"
    as_root apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
  [ -n "$(pg_bindir)" ] || { log "PostgreSQL is not installed and could not be installed"; return 1; }
}

# Headless Chromium for the browser tests (driven by Playwright, which downloads no browser), and a CJK font so the
# Chinese labels render in screenshots.
ensure_browser() {
  local fonts; fonts=$(fc-list 2>/dev/null || true)
  if [ ! -x /usr/bin/chromium ] || ! grep -qi "wenquanyi\|noto sans cjk" <<<"$fonts"; then
    log "installing Chromium and a CJK font from Debian packages"
    as_root apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  fi
  [ -x /usr/bin/chromium ] || { log "Chromium is not installed and could not be installed"; return 1; }
}

# The npm packages pinned in package.json: the chain tools, and ECharts, which the API build copies into its static files
# for the /operations page (so npm ci must run before dotnet build).
ensure_chain_tools() {
  local anvil="$LEDGER_ROOT/node_modules/.bin/anvil"
  local echarts="$LEDGER_ROOT/node_modules/echarts/dist/echarts.min.js"
  if [ ! -x "$anvil" ] || ! "$anvil" --version 2>/dev/null | grep -q "1.7.1" || [ ! -f "$echarts" ]; then
    log "installing pinned chain tools and ECharts (npm ci)"
    (cd "$LEDGER_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  [ -x "$anvil" ] || { log "anvil is missing after npm ci"; return 1; }
  [ -f "$echarts" ] || { log "ECharts is missing after npm ci"; return 1; }
}

purge_cached_shim() {
  # Early versions of this repository packed an empty stand-in for Patched.DistributedLock.Core 1.0.11 (1,786 bytes,
  # a dependency and no code) when the registry lacked it. A machine that restored then still holds it in the NuGet
  # global packages folder under the real package's id and version, where NuGet would take it again: remove that one
  # folder (the real package is about 300 KB) so the next restore fetches the real one.
  local cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}/patched.distributedlock.core/1.0.11
  local nupkg="$cache/patched.distributedlock.core.1.0.11.nupkg"
  if [ -f "$nupkg" ] && [ "$(stat -c %s "$nupkg")" -lt 100000 ]; then
    log "removing the cached stand-in for Patched.DistributedLock.Core 1.0.11 from $cache"
    rm -rf "$cache"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# port_taken PORT: true when something listens on 127.0.0.1:PORT.
port_taken() {
  node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));' "$1"
}

# rpc_ready URL: true when an Ethereum JSON-RPC endpoint answers eth_chainId.
rpc_ready() {
  node -e '
    fetch(process.argv[1], {method: "POST", headers: {"content-type": "application/json"},
      body: JSON.stringify({jsonrpc: "2.0", id: 1, method: "eth_chainId", params: []})})
      .then(r => r.json()).then(j => process.exit(j.result ? 0 : 1)).catch(() => process.exit(1));' "$1"
}

# contract_deployed URL ADDRESS: true when the chain at URL has code at ADDRESS.
contract_deployed() {
  node -e '
    fetch(process.argv[1], {method: "POST", headers: {"content-type": "application/json"},
      body: JSON.stringify({jsonrpc: "2.0", id: 1, method: "eth_getCode", params: [process.argv[2], "latest"]})})
      .then(r => r.json()).then(j => process.exit(j.result && j.result !== "0x" ? 0 : 1)).catch(() => process.exit(1));' "$1" "$2"
}

# http_ok URL: true when a GET answers 2xx.
http_ok() {
  node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1));' "$1"
}

wait_for() { # description, seconds, command...
  local what=$1 seconds=$2; shift 2
  local i
  for ((i = 0; i < seconds * 10; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "timed out waiting for $what"
  return 1
}

# PostgreSQL refuses to run as root, so the cluster belongs to the postgres system user.
# That user must be able to reach the data directory, so each parent gets search (x) permission if it lacks it.
grant_path_to_postgres() {
  local dir
  dir=$(cd "$1" && pwd)
  while [ "$dir" != "/" ] && [ "$dir" != "." ]; do
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then chmod o+x "$dir"; fi
    dir=$(dirname "$dir")
  done
}

run_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DATA_DIR PORT [throwaway]
start_postgres() {
  local data=$1 port=$2 throwaway=${3:-}
  local bin; bin=$(pg_bindir)
  mkdir -p "$data"
  data=$(cd "$data" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$data"
    chmod 700 "$data"
    grant_path_to_postgres "$(dirname "$data")"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    local pwfile; pwfile=$(mktemp)
    echo "ledger" > "$pwfile"; chmod 644 "$pwfile"
    run_as_postgres "$bin/initdb" -D "$data" -U ledger --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  local extra=()
  if [ -n "$throwaway" ]; then extra=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off); fi
  if ! run_as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && port_taken "$port"; then
    log "port $port is taken by another process; set LEDGER_PG_PORT to a free port (or stop that process)"
    return 1
  fi
  if run_as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL in $data is already running (left over from an earlier run): reusing it"
  else
    run_as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$data' -c max_connections=200 ${extra[*]}" \
      start >/dev/null
  fi
  STACK_PG_DATA=$data
  PGPASSWORD=ledger wait_for "PostgreSQL on port $port" 30 \
    "$bin/psql" -h 127.0.0.1 -p "$port" -U ledger -d postgres -Atc "select 1"
  if ! PGPASSWORD=ledger "$bin/psql" -h 127.0.0.1 -p "$port" -U ledger -d postgres -Atc \
      "select 1 from pg_database where datname = 'ledger'" | grep -q 1; then
    PGPASSWORD=ledger "$bin/psql" -h 127.0.0.1 -p "$port" -U ledger -d postgres -qc "create database ledger" >/dev/null
  fi
}

stop_postgres() {
  [ -n "${STACK_PG_DATA:-}" ] || return 0
  run_as_postgres "$(pg_bindir)/pg_ctl" -D "$STACK_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  STACK_PG_DATA=
}

# start_anvil STATE_DIR PORT [throwaway]
start_anvil() {
  local dir=$1 port=$2 throwaway=${3:-}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local args=(--host 127.0.0.1 --port "$port" --chain-id 31337 --silent)
  # The kept chain mines a block a second, as a real chain would, so that anchors gather confirmations.
  if [ -z "$throwaway" ]; then args+=(--state "$dir/state.json" --state-interval 5 --block-time 1); fi
  "$LEDGER_ROOT/node_modules/.bin/anvil" "${args[@]}" >"$dir/anvil.log" 2>&1 &
  STACK_ANVIL_PID=$!
  STACK_PIDS+=("$STACK_ANVIL_PID")
  wait_for "anvil on port $port" 30 rpc_ready "http://127.0.0.1:$port"
}

stop_started_processes() {
  local pid
  for pid in "${STACK_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${STACK_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  STACK_PIDS=()
  stop_postgres
}
