// The auditor console: plain fetch calls to the audit and ledger APIs, with the bearer token kept for this tab only.
"use strict";

const $ = (selector) => document.querySelector(selector);
let token = sessionStorage.getItem("ledger-token") || "";

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.headers || {}), ...(token ? { Authorization: "Bearer " + token } : {}) },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = body && (body.detail || body.title);
    throw new Error(`${response.status} ${problem || response.statusText}`);
  }
  return body;
}

function cell(text, code = false) {
  const td = document.createElement("td");
  if (code) {
    const c = document.createElement("code");
    c.textContent = text;
    td.append(c);
  } else {
    td.textContent = text;
  }
  return td;
}

function showError(target, error) {
  target.textContent = error.message;
  target.className = "error";
}

async function loadCheckpoints() {
  try {
    const checkpoint = await api("/api/ledger/checkpoint");
    $("#checkpoint").textContent =
      `最新检查点 Latest checkpoint: ${checkpoint.treeSize} 叶子 leaves, root ${checkpoint.rootHash}, ${checkpoint.anchorStatus}`;
  } catch (error) {
    showError($("#checkpoint"), error);
  }
  try {
    const anchors = await api("/api/ledger/anchors?limit=20");
    const body = $("#anchors tbody");
    body.replaceChildren(...anchors.map((anchor) => {
      const row = document.createElement("tr");
      row.append(cell(anchor.treeSize), cell(anchor.rootHash, true), cell(`${anchor.blockNumber} (${anchor.blockTime})`),
        cell(anchor.transactionHash, true), cell(anchor.confirmations));
      return row;
    }));
  } catch (error) {
    showError($("#checkpoint"), error);
  }
}

async function loadStreams() {
  const kind = $("#kind").value;
  const body = $("#streams tbody");
  try {
    const streams = await api(`/api/audit/streams?limit=100${kind ? "&kind=" + encodeURIComponent(kind) : ""}`);
    body.replaceChildren(...streams.map((stream) => {
      const row = document.createElement("tr");
      row.className = "clickable";
      row.tabIndex = 0;
      row.dataset.stream = stream.id;
      row.dataset.kind = stream.kind;
      row.append(cell(stream.id, true), cell(stream.kind), cell(stream.version), cell(stream.lastChanged));
      row.addEventListener("click", () => loadTimeline(stream.id, stream.kind));
      row.addEventListener("keydown", (event) => { if (event.key === "Enter") loadTimeline(stream.id, stream.kind); });
      return row;
    }));
  } catch (error) {
    const row = document.createElement("tr");
    const td = cell(error.message);
    td.colSpan = 4;
    td.className = "error";
    row.append(td);
    body.replaceChildren(row);
  }
}

const pluralKinds = { agency: "agencies", matter: "matters", application: "applications", bundle: "bundles", certificate: "certificates" };
let current = null;

async function loadTimeline(stream, kind) {
  current = { stream, kind };
  $("#timeline-section").hidden = false;
  $("#timeline-stream").textContent = `${kind} ${stream}`;
  $("#state").textContent = "";
  const body = $("#timeline tbody");
  try {
    const page = await api(`/api/audit/streams/${stream}/events?limit=500`);
    const events = Array.isArray(page) ? page : page.events;
    body.replaceChildren(...events.map((event) => {
      const row = document.createElement("tr");
      const show = document.createElement("button");
      show.type = "button";
      show.textContent = "状态 State";
      show.addEventListener("click", () => loadState({ version: event.version }));
      const action = document.createElement("td");
      action.append(show);
      row.append(cell(event.version), cell(event.position ?? event.globalPosition), cell(event.leafIndex ?? "—"), cell(event.type),
        cell(event.timestamp), action);
      return row;
    }));
  } catch (error) {
    const row = document.createElement("tr");
    const td = cell(error.message);
    td.colSpan = 6;
    td.className = "error";
    row.append(td);
    body.replaceChildren(row);
  }
}

// A person's values are in the log only as {subject, commitment}; the console says so, and says 已删除 once the subject
// was erased (GET /api/privacy/subjects/{id}). Auditors see commitments, never values.
function sealedReferences(value, found = new Set()) {
  if (Array.isArray(value)) value.forEach((item) => sealedReferences(item, found));
  else if (value && typeof value === "object") {
    if (typeof value.subject === "string" && typeof value.commitment === "string") found.add(value.subject);
    else Object.values(value).forEach((item) => sealedReferences(item, found));
  }
  return found;
}

async function erasedSubjects(subjects) {
  const erased = new Set();
  await Promise.all([...subjects].map(async (subject) => {
    try {
      const record = await api(`/api/privacy/subjects/${subject}`);
      if (record && record.erasedAt) erased.add(subject);
    } catch {
      // nothing recorded for this subject: not erased
    }
  }));
  return erased;
}

function showSealed(state, erased) {
  return JSON.stringify(state, (key, value) =>
    value && typeof value === "object" && typeof value.subject === "string" && typeof value.commitment === "string"
      ? (erased.has(value.subject) ? "已删除 erased" : "个人数据，仅存承诺 personal: commitment only") + ` · ${value.commitment.slice(0, 16)}…`
      : value, 2);
}

async function loadState({ version, at }) {
  if (!current || !pluralKinds[current.kind]) {
    $("#state").textContent = "这类流没有可回放的状态 No replayable state for this kind of stream.";
    return;
  }
  const query = version ? `version=${version}` : `at=${encodeURIComponent(new Date(at).toISOString())}`;
  try {
    const state = await api(`/api/audit/${pluralKinds[current.kind]}/${current.stream}/state?${query}`);
    $("#state").textContent = showSealed(state, await erasedSubjects(sealedReferences(state)));
    $("#state").className = "";
  } catch (error) {
    showError($("#state"), error);
  }
}

async function startAudit() {
  const status = $("#audit-status");
  const progress = $("#audit-progress");
  $("#audit-findings").replaceChildren();
  try {
    const started = await api("/api/audit/runs", { method: "POST" });
    progress.hidden = false;
    for (;;) {
      const run = await api(started.location);
      progress.max = Math.max(1, run.total);
      progress.value = run.done;
      status.textContent = `${run.status}: ${run.phase} ${run.done}/${run.total}`;
      status.className = "";
      if (["Passed", "Failed", "Error"].includes(run.status)) {
        showReport(run);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    showError(status, error);
  }
}

function showReport(run) {
  const status = $("#audit-status");
  if (run.status === "Error") {
    showError(status, new Error(run.error));
    return;
  }
  const report = run.report;
  status.className = report.passed ? "pass" : "fail";
  status.textContent = report.passed
    ? `通过 Passed: ${report.leavesChecked} 叶子 leaves, root ${report.recomputedRoot}; ${report.rootsMatched.length} 个可信根一致 trusted roots match`
    : `发现篡改 Tampering found: ${report.logFindings.length + report.readModelFindings.length} 处 finding(s)`;
  const items = [
    ...report.logFindings.map((finding) => `${finding.kind} — ${finding.what}${finding.provenBy ? ` (proven by ${finding.provenBy})` : ""}`),
    ...report.readModelFindings.map((finding) => `read model ${finding.readModel} ${finding.id} — ${finding.what}`),
  ];
  $("#audit-findings").replaceChildren(...items.map((text) => {
    const li = document.createElement("li");
    li.className = "fail";
    li.textContent = text;
    return li;
  }));
}

$("#token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("ledger-token", token);
  $("#who").textContent = "令牌已设置 Token set for this tab.";
  loadStreams();
});
$("#kind").addEventListener("change", loadStreams);
$("#start-audit").addEventListener("click", startAudit);
$("#state-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const version = $("#state-version").value;
  const at = $("#state-at").value;
  if (!version && !at) {
    showError($("#state"), new Error("请输入版本或时间 Give a version or a time."));
    return;
  }
  loadState(version ? { version } : { at });
});

$("#token").value = token;
loadCheckpoints();
if (token) loadStreams();
