// node bench/report.mjs RAW_DIR TOTAL_SECONDS BUILD_SECONDS SETUP_SECONDS — turns the JSON files of one ./bench.sh run
// into bench/results/latest.json (all of them, as measured) and bench/results/latest.md (the table of issue 14).
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const [raw, total, build, setup] = process.argv.slice(2);
const runs = Object.fromEntries(readdirSync(raw).filter((f) => f.endsWith(".json")).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(raw, f), "utf8"))]));
const get = (name) => runs[name] ?? null;
// A load's throughput is its closed-loop rate (16 callers, as the baselines are measured); maxRate is the open-loop rate its p99 held at.
const rate = (name) => get(name)?.closedRate ?? get(name)?.maxRate ?? get(name)?.perSecond ?? null;
const halfP99 = (name) => get(name)?.atHalf?.p99 ?? null;

const bundle = get("bundle");
const bundleEvents = get("bundle-events");
const bundlesOk = bundle ? [...bundle.steps, bundle.atHalf, ...[bundle.closed, bundle.warmup].filter(Boolean)].reduce((sum, step) => sum + step.succeeded, 0) : 0;
const eventsPerBundle = bundle && bundleEvents && bundlesOk > 0 ? (bundleEvents.eventsAfter - bundleEvents.eventsBefore) / bundlesOk : null;
const bundleEventRate = eventsPerBundle && bundle ? rate("bundle") * eventsPerBundle : null;

const fmt = (value, digits = 0) => value === null || value === undefined || Number.isNaN(value) ? "–"
  : Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
// row: metric, ours, unit, baseline label and value, target as [text, test(ours, baseline)]
const rows = [];
const row = (metric, ours, unit, baselineName, baseline, targetText, met) => {
  const ratio = ours !== null && baseline ? ours / baseline : null;
  const verdict = ours === null ? "not measured" : met(ours, ratio) ? "met" : "missed";
  const target = targetText === "none" ? "–" : `${targetText}: **${verdict}**`;
  rows.push(`| ${metric} | ${fmt(ours, unit === "ms" || unit === "s" ? 2 : 0)} ${unit} | ${baseline ? `${fmt(baseline)} (${baselineName})` : "–"} | ${ratio === null ? "–" : fmt(ratio, 2)} | ${target} |`);
};

const quick = rate("marten-quick"), rich = rate("marten-rich"), pg = rate("pgbench"), trivial = rate("health");
row("single-event append: submit application, max req/s", rate("submit"), "req/s", "raw Marten quick append", quick, "≥ 1.0 × raw Marten quick", (_, r) => r >= 1.0);
row("single-event append: submit application, max req/s", rate("submit"), "req/s", "pgbench", pg, "≥ 0.5 × pgbench", (_, r) => r >= 0.5);
row("single-event append: submit application, p99 at half the max rate", halfP99("submit"), "ms", "", null, "≤ 20 ms", (v) => v <= 20);
row("command on an existing stream: acceptance, max req/s", rate("accept"), "req/s", "raw Marten quick append", quick, "≥ 1.0 × raw Marten quick", (_, r) => r >= 1.0);
row("command on an existing stream: acceptance, max req/s", rate("accept"), "req/s", "pgbench", pg, "≥ 0.5 × pgbench", (_, r) => r >= 0.5);
row("command on an existing stream: acceptance, p99 at half the max rate", halfP99("accept"), "ms", "", null, "≤ 20 ms", (v) => v <= 20);
row(`batched appends: bundles of ${fmt(eventsPerBundle, 1)} events, events/s at the max rate`, bundleEventRate, "events/s", "raw Marten rich append", rich, "≥ 10,000 events/s", (v) => v >= 10000);
row("inclusion proof, max req/s", rate("inclusion"), "req/s", "GET /health/live", trivial, "≥ 0.3 × trivial endpoint", (_, r) => r >= 0.3);
row("inclusion proof, p99 at half the max rate", halfP99("inclusion"), "ms", "", null, "≤ 10 ms", (v) => v <= 10);
row("consistency proof, max req/s", rate("consistency"), "req/s", "GET /health/live", trivial, "≥ 0.3 × trivial endpoint", (_, r) => r >= 0.3);
row("consistency proof, p99 at half the max rate", halfP99("consistency"), "ms", "", null, "≤ 10 ms", (v) => v <= 10);
row("public verification (by content hash), max req/s", rate("verification"), "req/s", "GET /health/live", trivial, "≥ 5,000 req/s", (v) => v >= 5000);
row("latest checkpoint, max req/s", rate("checkpoint"), "req/s", "GET /health/live", trivial, "≥ 0.5 × trivial endpoint", (_, r) => r >= 0.5);
row(`operations overview over the demo's ${fmt(get("demo")?.cases)} cases, p99 at half the max rate`, halfP99("overview"), "ms", "", null, "none", () => true);
row("operations overview, max req/s", rate("overview"), "req/s", "GET /health/live", trivial, "none", () => true);
row("leaves page for auditors (1,000 leaves), max req/s", rate("leaves"), "req/s", "GET /health/live", trivial, "none", () => true);
const catchUp = get("catch-up"), anchoring = get("anchoring"), rebuild = get("rebuild");
const cityCasesCount = get("city")?.cases ?? null;
row(`log catch-up: leaves assigned and hashed for ${fmt(catchUp?.events)} events, events/s`, catchUp && catchUp.leafSeconds > 0 ? catchUp.events / catchUp.leafSeconds : null, "events/s", "", null, "≥ 20,000 events/s", (v) => v >= 20000);
row(`anchoring lag: checkpoint signed to anchor confirmed (${anchoring?.confirmations ?? "?"} blocks of ${anchoring?.blockSeconds ?? "?"} s), p95 of ${fmt(anchoring?.anchored)}`, anchoring?.p95 ?? null, "s", "", null,
  `≤ the interval (${anchoring?.intervalSeconds ?? "?"} s) + 2 blocks`, (v) => v <= anchoring.intervalSeconds + 2 * anchoring.blockSeconds);
row(`projection rebuild: the case read model from ${fmt(rebuild?.events)} case events, events/s`, rebuild?.perSecond ?? null, "events/s", "", null, "≥ 20,000 events/s", (v) => v >= 20000);
row(`operations overview over ${fmt(cityCasesCount)} cases, p99 at half the max rate`, halfP99("overview-city"), "ms", "", null, "≤ 10 ms", (v) => v <= 10);
row("operations overview over the same, max req/s", rate("overview-city"), "req/s", "GET /health/live", trivial, "none", () => true);
row("proofs in process, per core", rate("proofs"), "proofs/s", "SHA256.HashData, 64 bytes", rate("sha256-64") ?? get("sha256")?.perSecond, "≥ 200,000/s per core", (v) => v >= 200000);

const loads = ["health", "submit", "accept", "bundle", "checkpoint", "inclusion", "consistency", "leaves", "verification", "overview", "overview-city"].filter((name) => get(name));
const detail = loads.map((name) => {
  const l = get(name), h = l.atHalf;
  const statuses = Object.entries(h.statuses).map(([s, c]) => `${s}×${c}`).join(" ");
  const steps = (l.steps ?? []).map((s) => `${fmt(s.rate)}: ${fmt(s.p99, 1)}${s.late ? `, ${s.late} late` : ""}${s.failed ? `, ${s.failed} failed` : ""}`).join("; ");
  return `| ${name} | ${fmt(l.closedRate)} | ${l.closed ? fmt(l.closed.p99, 2) : "–"} | ${fmt(l.maxRate)} | ${fmt(h.rate)} | ${fmt(h.achievedPerSecond)} | ${fmt(h.p50, 2)} | ${fmt(h.p99, 2)} | ${fmt(h.p999, 2)} | ${h.late} | ${h.failed} (${statuses}) | ${steps} |`;
});
const base = (name, what) => get(name) ? `| ${what} | ${fmt(get(name).perSecond)}/s | ${get(name).p99 !== undefined ? `p50 ${fmt(get(name).p50, 2)} ms, p99 ${fmt(get(name).p99, 2)} ms, p99.9 ${fmt(get(name).p999, 2)} ms` : get(name).latencyAverageMs !== undefined ? `latency average ${fmt(get(name).latencyAverageMs, 2)} ms; event ${get(name).eventBytes} bytes, read model ${get(name).docBytes} bytes (SQL literals)` : `${get(name).nanoseconds} ns each`} |` : `| ${what} | not measured | |`;

const restartsFile = join(raw, "..", "restarts.ndjson");
const restarts = existsSync(restartsFile) ? readFileSync(restartsFile, "utf8").trim().split("\n").map((line) => JSON.parse(line)) : [];
const restartNote = restarts.length === 0 ? "" : `\n**The API process disappeared during ${restarts.map((r) => `load ${r.load} (${r.at})`).join(", ")}** (killed from outside: the machine is shared); bench.sh started it again and measured that load again.\n`;
const md = `# Benchmarks of issue 14 (\`./bench.sh\`)

${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB RAM; PostgreSQL with fsync and synchronous_commit on, the API (Release), the load generator and the baselines on the same machine. The run took ${total} s (build ${build} s, set-up ${setup} s); the log held ${fmt(get("log")?.treeSize)} leaves for the read loads, and the verification load asked about its ${fmt(get("certificates")?.certificates)} registered certificates in turn.

The max req/s of each load is its throughput with 16 callers in a closed loop (each sends its next request when the last is answered), as the raw Marten and pgbench baselines are measured with 16 writers. Latency is measured in an open loop at half that rate: requests are sent at a constant rate whether earlier ones answered or not, latency runs from each request's scheduled time, and a request that found no free connection within 10 ms of its schedule is *late*. Each load also has an open-loop *held* rate: the highest offered rate (doubling, then two geometric refinements) at which p99 stayed ≤ ${get("submit")?.p99LimitMs ?? 50} ms (≤ 250 ms for bundles and leaf pages) with ≤ 1% late and ≤ 1% failed requests; it is coarse (within about 20%). On a shared machine the figures move between runs.
${restartNote}
| metric | ours | baseline (same run) | ratio | target |
| --- | ---: | ---: | ---: | --- |
${rows.join("\n")}

## Each load

The closed-loop throughput and its p99, the open-loop held rate, the open-loop run at half the throughput (which gives p50, p99, p99.9), and the p99 (ms) of every rate step of the search for the held rate.

| load | max req/s (closed, 16) | closed p99 ms | held req/s (open) | offered at half | achieved | p50 ms | p99 ms | p99.9 ms | late | failed (statuses) | steps: rate: p99 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |
${detail.join("\n")}

## Baselines

| baseline | rate | latency |
| --- | ---: | --- |
${base("marten-quick", "raw Marten, Quick append, one ApplicationSubmitted a transaction with its inline read model, 16 writers, no HTTP")}
${base("marten-rich", "raw Marten, Rich append (the API's mode), the same")}
${base("pgbench", "pgbench, 16 clients: a stream row, an event row and a read-model row of the API's sizes in one transaction")}
${base("sha256", "SHA256.HashData on 64 bytes, one thread")}

## The long history

${get("city")?.generated ? get("city").generated + "." : "No city was generated."} The log's catch-up is timed from its first leaf to its last (${fmt(catchUp?.leafSeconds, 2)} s; ${fmt(catchUp?.apiSeconds, 2)} s from starting the API process to the last leaf); the rebuild is Marten's daemon rebuilding \`CaseStatus\` (${fmt(rebuild?.documents)} documents) in ${fmt(rebuild?.seconds, 2)} s. Anchoring lag over ${fmt(anchoring?.anchored)} anchored checkpoints of the loads: p50 ${fmt(anchoring?.p50, 2)} s, p95 ${fmt(anchoring?.p95, 2)} s, max ${fmt(anchoring?.max, 2)} s.
`;
writeFileSync("bench/results/latest.json", JSON.stringify({ at: new Date().toISOString(), seconds: { total: +total, build: +build, setup: +setup }, eventsPerBundle, runs }, null, 2) + "\n");
writeFileSync("bench/results/latest.md", md);
