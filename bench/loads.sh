# Sourced by ./bench.sh once the API is up and the demo data loaded: every open-loop load and baseline, each writing
# one JSON file to $raw. Expects $api, $raw, the tokens, psql_db, the tool arrays and the *_seconds settings.
p99_limit=${P99_LIMIT_MS:-50}
# BENCH_SEARCH=1 also searches each load for the open-loop rate its p99 holds at (p99 ≤ P99_LIMIT_MS): a few minutes more.
search=${BENCH_SEARCH:-0}
warmup_seconds=${WARMUP_SECONDS:-4}
# The first load of each write endpoint warms longer: right after a start the API needs about 20 s of load to reach its
# steady speed (Wolverine compiles an endpoint's code with Roslyn at its first request, and the JIT moves the hot paths
# to their optimised tier while both cores are busy). Measured: submissions 876/s closed-loop after a 10 s warm-up of a
# fresh API, 1,513/s after 30 s more.
write_warmup_seconds=${WRITE_WARMUP_SECONDS:-20}

# load NAME START_RATE LoadGen-options...: the highest rate whose p99 stays within the limit (a later --p99-ms wins) with at most 1% late or
# failed requests (doubling the rate, then two geometric refinements), then a run at half that rate.
load() {
  local name=$1 start=$2; shift 2
  local attempt
  for attempt in 1 2; do
    log "load $name"
    "${loadgen[@]}" max --name "$name" --search "$search" --settle-url "$api/api/ledger/head" --p99-ms "$p99_limit" --start "$start" --factor 2 --refine 2 --warmup "$warmup_seconds" \
      --step-seconds "$step_seconds" --seconds "$half_seconds" --connections 128 --out "$raw/$name.json" "$@" 2>&1 \
      | sed "s/^/  [$name] /" >&2
    kill -0 "$api_pid" 2>/dev/null && return 0
    # On a shared machine another job may stop processes by name: say so, start the API again and measure this load again.
    log "the API (process $api_pid) is gone during load $name (see $work/api.log); starting it again"
    echo "{\"load\":\"$name\",\"at\":\"$(date -u +%FT%TZ)\"}" >>"$raw/../restarts.ndjson"
    start_api
  done
}

events() { psql_db ledger "select coalesce(max(seq_id), 0) from ledger.mt_events"; }
head_size() { node -e 'fetch(process.argv[1]).then(r => r.json()).then(j => console.log(j.treeSize))' "$api/api/ledger/head"; }
log_caught_up() { [ "$(head_size)" -ge "$(events)" ]; }

load health 100 --url "$api/health/live"

submit='{"matterCode":"310000-SC-0001","applicant":{"kind":"Enterprise","name":"上海小笼包餐饮有限公司{n}","identityNumber":"91310101MA1FPX1234"},"materials":[{"name":"公司登记（备案）申请书","sha256":"{hex}"}]}'
load submit 20 --warmup "$write_warmup_seconds" --url "$api/api/applications" --body "$submit" --token "$portal" --save-ids "$work/applications.txt"
# A command on an existing stream: the lead agency accepts applications submitted above (version 1: just submitted).
load accept 20 --warmup $((write_warmup_seconds / 2)) --url "$api/api/applications/{id}/acceptance" --body '{"version":1}' --token "$market" --ids "$work/applications.txt"

# A bundle of 20 parts (the most a bundle may have, each of a different matter): 21 streams started in one transaction.
parts=
for i in $(seq -w 1 20); do
  curl -sf -o /dev/null "$api/api/matters" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
    -d '{"code":"310000-BN-00'"$i"'","definition":{"name":"基准事项'"$i"'","leadAgency":"11310000MB2F123457","coApprovers":[],"requiredMaterials":["申请书"],"promisedDays":20,"certificateType":null}}' \
    || log "publishing matter 310000-BN-00$i failed"
  parts+='{"matterCode":"310000-BN-00'"$i"'","materials":[{"name":"申请书","sha256":"{hex}"}]},'
done
parts=${parts%,}
bundle='{"name":"开办餐饮店{n}","applicant":{"kind":"Enterprise","name":"上海生煎餐饮有限公司","identityNumber":"91310101MA1FPX1234"},"parts":['"$parts"']}'
before=$(events)
load bundle 2 --warmup $((write_warmup_seconds / 2)) --url "$api/api/bundles" --body "$bundle" --token "$portal" --p99-ms 250
echo "{\"eventsBefore\":$before,\"eventsAfter\":$(events)}" >"$raw/bundle-events.json"

log "waiting for the log to take every event and a checkpoint to cover it"
wait_for "the log to catch up" 180 log_caught_up || true
sleep 3
size=$(head_size)
echo "{\"treeSize\":$size}" >"$raw/log.json"

load checkpoint 50 --url "$api/api/ledger/checkpoint"
load inclusion 50 --url "$api/api/ledger/proofs/inclusion?index={rand:0:$size}&size=$size"
load consistency 50 --url "$api/api/ledger/proofs/consistency?from={rand:1:$size}&to=$size"
load leaves 10 --url "$api/api/ledger/leaves?from={rand:0:$((size > 1000 ? size - 1000 : 1))}&count=1000" --token "$auditor" --p99-ms 250
# Every registered certificate, taken in turn: a citizen's burst asks about many certificates, not one.
psql_db ledger "select data->>'contentHash' from ledger.mt_doc_certificaterecord" >"$work/certificates.txt"
echo "{\"certificates\":$(wc -l <"$work/certificates.txt")}" >"$raw/certificates.json"
load verification 50 --url "$api/api/verify/certificates/{id}" --ids "$work/certificates.txt"
load overview 50 --url "$api/api/operations/overview" --token "$auditor" --header "Accept-Encoding: gzip"

log "baseline: SHA256.HashData on 64 bytes"
"${loadgen[@]}" sha256 3 >"$raw/sha256.json"

log "baseline: inclusion and consistency proofs in process, one thread, a log of 1,000,000 leaves in memory"
"${benchmarks[@]}" proof-rate 1_000_000 3 | tail -n 1 >"$raw/proofs.json"

log "baseline: raw Marten appends, 16 writers, no HTTP (quick, then rich)"
raw_connection="Host=127.0.0.1;Port=$pg_port;Database=raw;Username=ledger;Password=ledger;Maximum Pool Size=32"
"${benchmarks[@]}" append-rate "$baseline_seconds" "$raw_connection" 16 quick | tail -n 1 >"$raw/marten-quick.json"
"${benchmarks[@]}" append-rate "$baseline_seconds" "$raw_connection" 16 rich | tail -n 1 >"$raw/marten-rich.json"

log "baseline: pgbench, 16 clients, a stream row, an event row and a read-model row of the sizes the API writes, one transaction"
event=$(psql_db ledger "select quote_literal(data::text) from ledger.mt_events where type = 'application_submitted.v2' order by seq_id desc limit 1")
doc=$(psql_db ledger "select quote_literal(data::text) from ledger.mt_doc_applicationstatus limit 1")
psql_db pgbench "create table streams (id uuid primary key, type text, version bigint, timestamp timestamptz default now());
  create table events (seq_id bigserial primary key, id uuid, stream_id uuid, version bigint, data jsonb, type text, timestamp timestamptz default now(), unique (stream_id, version));
  create table docs (id uuid primary key, data jsonb, mt_version uuid, mt_last_modified timestamptz default now());" >/dev/null
cat >"$work/pgbench.sql" <<SQL
\set unused random(1, 1000)
BEGIN;
WITH s AS (SELECT gen_random_uuid() AS id)
  , e AS (INSERT INTO events (id, stream_id, version, data, type) SELECT gen_random_uuid(), s.id, 1, $event::jsonb, 'application_submitted' FROM s RETURNING stream_id)
  , t AS (INSERT INTO streams (id, type, version) SELECT stream_id, 'application', 1 FROM e RETURNING id)
INSERT INTO docs (id, data, mt_version) SELECT id, $doc::jsonb, gen_random_uuid() FROM t;
COMMIT;
SQL
PGPASSWORD=ledger "$(pg_bindir)/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U ledger -c 16 -j 2 -T "$baseline_seconds" \
  -f "$work/pgbench.sql" pgbench >"$work/pgbench.out" 2>&1 || { tail -n 20 "$work/pgbench.out" >&2; }
tps=$(awk '/^tps = / {print $3; exit}' "$work/pgbench.out")
latency=$(awk '/^latency average/ {print $4; exit}' "$work/pgbench.out")
echo "{\"name\":\"pgbench\",\"clients\":16,\"perSecond\":${tps:-0},\"latencyAverageMs\":${latency:-0},\"eventBytes\":${#event},\"docBytes\":${#doc}}" >"$raw/pgbench.json"
