#!/usr/bin/env bash
# bench/compare-submit.sh BEFORE_TREE AFTER_TREE — the end-to-end cost of POST /api/applications for two builds of the
# API, measured in one run on one machine: one PostgreSQL (this run's own throwaway cluster), each tree's API on its own
# database, the same set-up (a portal, a lead agency, one matter), and wrk in a closed loop (2 threads, 16 connections),
# the two trees taking turns so that neither gets the quieter minutes. Each tree must have been built with
#   dotnet build src/Api -c Release && dotnet build src/Cli -c Release
# Prints one line per measured round and writes the same as Markdown rows to bench/results/submit-compare.md.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

before=${1:?usage: bench/compare-submit.sh BEFORE_TREE AFTER_TREE}
after=${2:?usage: bench/compare-submit.sh BEFORE_TREE AFTER_TREE}
rounds=${ROUNDS:-3} seconds=${SECONDS_PER_ROUND:-20}
command -v wrk >/dev/null || as_root apt-get install -y wrk >/dev/null || { log "wrk is not installed"; exit 1; }

work=$(mktemp -d /tmp/ledger-submit.XXXXXX)
cleanup() { stop_started_processes; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_postgres || exit 1
pg_port=$(free_port)
start_postgres "$work/postgres" "$pg_port" throwaway || exit 1
rpc_port=$(free_port)
start_anvil "$work/anvil" "$rpc_port" throwaway || exit 1

ledger="dotnet $after/src/Cli/bin/Release/net10.0/ledger.dll"
$ledger dev-keys --dir "$work/auth" >/dev/null
admin=$($ledger token --key "$work/auth/token-signing.pem" --agency 11310000MB2F00001C --officer admin.bench --role admin)
portal=$($ledger token --key "$work/auth/token-signing.pem" --agency 11310000MB2F12348G --officer portal.bench --role portal)

start_api() { # tree, port, database
  psql "host=127.0.0.1 port=$pg_port user=ledger password=ledger dbname=postgres" -qc "create database $3" >/dev/null
  ConnectionStrings__Ledger="Host=127.0.0.1;Port=$pg_port;Database=$3;Username=ledger;Password=ledger" \
  Chain__RpcUrl="http://127.0.0.1:$rpc_port" Auth__PublicKeyFiles__0="$work/auth/token-signing.pub.pem" \
  Ledger__CheckpointKeyFile="$work/auth/checkpoint-signing.pem" Privacy__KeyEncryptionKeyFile="$work/auth/privacy-kek.key" \
  ASPNETCORE_URLS="http://127.0.0.1:$2" Logging__LogLevel__Default=Warning RateLimits__WritesPerMinute=100000000 \
    bash -c 'cd "$1" && exec dotnet Ledger.Api.dll' api "$1/src/Api/bin/Release/net10.0" >"$work/api-$2.log" 2>&1 &
  STACK_PIDS+=("$!")
  wait_for "the API of $1" 90 http_ok "http://127.0.0.1:$2/health/ready" || { tail -20 "$work/api-$2.log" >&2; return 1; }
}

post() { curl -sf -o /dev/null "http://127.0.0.1:$1$2" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d "$3"; }

set_up() { # port
  post "$1" /api/agencies '{"creditCode":"11310000MB2F12348G","name":"上海市一网通办总门户","district":"黄浦","certificateTypes":[]}' &&
  post "$1" /api/agencies '{"creditCode":"11310000MB2F123457","name":"上海市市场监督管理局","district":"黄浦","certificateTypes":[]}' &&
  post "$1" /api/matters '{"code":"310000-SC-0001","definition":{"name":"企业设立登记","leadAgency":"11310000MB2F123457","coApprovers":[],"requiredMaterials":["公司登记（备案）申请书"],"promisedDays":20,"certificateType":null}}'
}

measure() { # label, port, seconds
  LEDGER_TOKEN=$portal MATTER=310000-SC-0001 APPLICANT=enterprise \
    wrk -t2 -c16 -d"$3"s --latency -s bench/submit.lua "http://127.0.0.1:$2" | grep -E "^(applicant|mean_ms)" | tr '\n' ' ' | sed "s/^/$1 /"
  echo
}

start_api "$before" 5291 submit_before || exit 1
start_api "$after" 5292 submit_after || exit 1
set_up 5291 && set_up 5292 || { log "the set-up requests failed"; exit 1; }

measure before-warmup 5291 10 >/dev/null
measure after-warmup 5292 10 >/dev/null
mkdir -p bench/results
{
  echo "# submit, before ($(git -C "$before" rev-parse --short HEAD)) and after ($(git -C "$after" rev-parse --short HEAD)), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  for round in $(seq 1 "$rounds"); do
    measure "round $round before" 5291 "$seconds"
    measure "round $round after" 5292 "$seconds"
  done
} | tee bench/results/submit-compare.md
