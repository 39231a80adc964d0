# Sourced by ./bench.sh after bench/loads.sh: the figures that need a long history or a running chain, each written to
# $raw as JSON. Expects what loads.sh does, plus start_api, stop_api and the connection settings.
cases=${BENCH_HISTORY_CASES:-100000}

log "anchoring lag: from each checkpoint's signature to its anchor's confirmation ($confirmations blocks, ${block_seconds} s blocks)"
psql_db ledger "select coalesce(json_agg(round(extract(epoch from ((data->'anchor'->>'confirmedAt')::timestamptz - (data->>'signedAt')::timestamptz))::numeric, 3)), '[]')
  from ledger.mt_doc_checkpointrecord where data->'anchor'->>'confirmedAt' is not null" >"$work/anchoring.json"
node -e '
  const lags = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).map(Number).sort((a, b) => a - b);
  const at = (q) => lags.length ? lags[Math.min(lags.length - 1, Math.ceil(q * lags.length) - 1)] : null;
  console.log(JSON.stringify({ name: "anchoring", anchored: lags.length, intervalSeconds: +process.argv[2], blockSeconds: +process.argv[3],
    confirmations: +process.argv[4], p50: at(0.5), p95: at(0.95), max: lags.length ? lags[lags.length - 1] : null }));
' "$work/anchoring.json" "$checkpoint_seconds" "$block_seconds" "$confirmations" >"$raw/anchoring.json"

log "a city of $cases cases written straight into a database of its own through Marten (4 writers)"
stop_api
psql_db postgres "create database city" >/dev/null
city_connection="Host=127.0.0.1;Port=$pg_port;Database=city;Username=ledger;Password=ledger"
"${benchmarks[@]}" generate-cases "$cases" "$city_connection" 4 | tail -n 1 | tee "$work/generated.txt" >&2
city_events=$(psql_db city "select count(*) from ledger.mt_events")
node -e 'console.log(JSON.stringify({ name: "city", cases: +process.argv[1], events: +process.argv[2], generated: process.argv[3] }))' \
  "$cases" "$city_events" "$(cat "$work/generated.txt")" >"$raw/city.json"

log "log catch-up: the API started on the city's $city_events events assigns and hashes every leaf"
started=$(date +%s.%N)
start_api city
until [ "$(psql_db city "select size from ledger.log_head" 2>/dev/null || echo 0)" -ge "$city_events" ]; do sleep 0.5; done
logged=$(date +%s.%N)
psql_db city "select json_build_object('name', 'catch-up', 'events', count(*),
    'leafSeconds', round(extract(epoch from max(logged_at) - min(logged_at))::numeric, 2),
    'apiSeconds', round(($logged - $started)::numeric, 2))
  from ledger.log_leaves" >"$raw/catch-up.json"
cat "$raw/catch-up.json" >&2

log "operations overview over $cases cases, once the API has nothing left to catch up on"
# The async projection reads the whole history too, and the overview agent folds every leaf at the first checkpoint that
# covers them: measured before they finish, the overview would share the cores with them.
settled() {
  [ "$(psql_db city "select count(*) from ledger.mt_event_progression p where p.name like '%:All'
         and p.last_seq_id < (select last_seq_id from ledger.mt_event_progression where name = 'HighWaterMark')")" = 0 ] \
    && [ "$(curl -s -H "authorization: Bearer $auditor" "$api/api/operations/overview" | node -e '
         let text = ""; process.stdin.on("data", (d) => text += d).on("end", () => {
           try { console.log(JSON.parse(text).logSize ?? 0); } catch { console.log(0); } })')" -ge "$city_events" ]
}
wait_for "the city's projections and overview to settle" 300 settled || log "the city's overview did not settle; measuring anyway"
"${loadgen[@]}" max --name overview-city --search 0 --settle-url "$api/api/ledger/head" --warmup "$warmup_seconds" --step-seconds "$step_seconds" --seconds "$half_seconds" \
  --connections 128 --out "$raw/overview-city.json" --url "$api/api/operations/overview" --token "$auditor" \
  --header "Accept-Encoding: gzip" 2>&1 | sed "s/^/  [overview-city] /" >&2
stop_api

log "projection rebuild: the case read model rebuilt from the city's events by Marten's daemon"
"${benchmarks[@]}" rebuild "$city_connection" | tail -n 1 >"$raw/rebuild.json"
cat "$raw/rebuild.json" >&2
