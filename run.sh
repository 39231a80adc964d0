#!/usr/bin/env bash
# ./run.sh — run the whole stack locally: PostgreSQL and anvil with their data under .data/, then the API.
#   ./run.sh            start (re-running reuses .data/)
#   ./run.sh --demo     also load demo data through the public API once it is ready
#   ./run.sh --port N   serve the API on port N (default 5080; or LEDGER_API_PORT)
# Ctrl-C stops everything this script started, by process id.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/stack.sh

api_port=${LEDGER_API_PORT:-5080}
pg_port=${LEDGER_PG_PORT:-5433}
rpc_port=${LEDGER_RPC_PORT:-8545}
demo=

while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --port) api_port=$2; shift ;;
    --port=*) api_port=${1#--port=} ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) log "unknown argument: $1 (try --help)"; exit 2 ;;
  esac
  shift
done

data="$LEDGER_ROOT/.data"
mkdir -p "$data"

shutdown() {
  trap - INT TERM HUP EXIT
  log "stopping"
  stop_started_processes
  exit 0
}
trap shutdown INT TERM HUP EXIT

ensure_postgres
ensure_chain_tools
purge_cached_shim

start_postgres "$data/postgres" "$pg_port"
start_anvil "$data/anvil" "$rpc_port"

log "building the API and the ledger CLI"
# Two projects: the CLI does not reference the API.
for project in src/Api/Api.csproj src/Cli/Cli.csproj; do
  dotnet build "$project" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null || { log "building $project failed"; exit 1; }
done
ledger_cli=(dotnet "$LEDGER_ROOT/src/Cli/bin/Release/net10.0/ledger.dll")
# Development keys, made once and kept under .data/auth (git-ignored): the token-signing pair (the API trusts its
# public half), the Ed25519 key that signs checkpoints, and the vault's key-encryption key (privacy-kek.key).
"${ledger_cli[@]}" dev-keys --dir "$data/auth" >/dev/null

# The anchor contract on the local chain: deployed once by anvil's dev account 0 (its admin), which allows dev account 1
# to anchor; both are anvil's published development keys, never to be used elsewhere. Redeployed if the chain was reset.
chain_dir="$data/chain"
mkdir -p "$chain_dir"
echo 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 >"$chain_dir/admin.key"
echo 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d >"$chain_dir/anchorer.key"
chmod 600 "$chain_dir"/*.key
rpc_url="http://127.0.0.1:$rpc_port"
if [ ! -s "$chain_dir/contract.address" ] || ! contract_deployed "$rpc_url" "$(cat "$chain_dir/contract.address")"; then
  log "deploying the LedgerAnchor contract"
  "${ledger_cli[@]}" chain deploy --rpc "$rpc_url" --key-file "$chain_dir/admin.key" \
    --anchorer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 >"$chain_dir/contract.address"
fi
contract=$(cat "$chain_dir/contract.address")

api_url="http://127.0.0.1:$api_port"
if port_taken "$api_port"; then
  log "port $api_port is taken (an API left over from an earlier run?); stop it or use --port N"
  exit 1
fi
export ConnectionStrings__Ledger="Host=127.0.0.1;Port=$pg_port;Database=ledger;Username=ledger;Password=ledger"
export Chain__RpcUrl="http://127.0.0.1:$rpc_port"
export Auth__PublicKeyFiles__0="$data/auth/token-signing.pub.pem"
export Ledger__CheckpointKeyFile="$data/auth/checkpoint-signing.pem"
export Privacy__KeyEncryptionKeyFile="$data/auth/privacy-kek.key"
export Ledger__Checkpoints__IntervalSeconds=${LEDGER_CHECKPOINT_SECONDS:-10}
export Ledger__Anchoring__Enabled=true
export Ledger__Anchoring__ChainId=31337
export Ledger__Anchoring__Contract="$contract"
export Ledger__Anchoring__PrivateKeyFile="$chain_dir/anchorer.key"
export ASPNETCORE_URLS="$api_url"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
(cd src/Api && exec dotnet bin/Release/net10.0/Ledger.Api.dll) &
STACK_PIDS+=($!)
wait_for "the API at $api_url" 120 http_ok "$api_url/health/ready"

# The loaders wait out a restarting database (503), the write limit (429) and a dropped connection, and resend with the
# same Idempotency-Key. If one still fails, it says so and the stack keeps running: a loader is not the stack.
if [ -n "$demo" ]; then
  loaded=1
  log "loading demo data through the public API"
  node scripts/demo.mjs "$api_url" "$data/auth/token-signing.pem" "$data" || loaded=
  log "loading city operations demo data: departments, case categories and cases across the 16 districts"
  node scripts/demo-cases.mjs "$api_url" "$data/auth/token-signing.pem" "${LEDGER_DEMO_CASES:-2500}" || loaded=
  node scripts/open311-key.mjs "$api_url" "$data/auth/token-signing.pem" "$data" || loaded=
  [ -n "$loaded" ] || log "some demo data did not load (see above); the stack keeps running"
fi

cat <<INFO

  Ledger is running.
    API          $api_url
    API docs     $api_url/docs
    OpenAPI      $api_url/openapi/v1.json
    Health       $api_url/health/ready
    PostgreSQL   127.0.0.1:$pg_port (database ledger, user ledger, password ledger)
    Chain RPC    http://127.0.0.1:$rpc_port (anvil, chain id 31337, a block a second)
    Anchor       $contract (LedgerAnchor; checkpoints every ${Ledger__Checkpoints__IntervalSeconds} s when the log grows)
    Verify       $api_url/verify (citizens)   $api_url/api/ledger/checkpoint (the latest signed checkpoint)
    Operations   $api_url/operations (一屏观天下, with a token that may read cases)
    Data         $data

  A bearer token for calling the API (agency = unified social credit code; roles: admin, officer, portal, auditor, privacy-officer, centre, inspector, hotline):
    dotnet src/Cli/bin/Release/net10.0/ledger.dll token --key $data/auth/token-signing.pem \\
      --agency 11310000MB2F00001C --officer admin.demo --role admin

  Ctrl-C stops everything.

INFO

wait "${STACK_PIDS[@]}"
