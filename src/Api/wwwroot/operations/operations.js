// 一屏观天下, the city operations page: the overview computed at a signed checkpoint (GET /api/operations/overview), drawn
// with ECharts served from our own static files, refreshed every 30 s; and a case's timeline (GET /api/cases/{id}) at
// #case/{id}. Plain fetch calls, with the bearer token kept for this tab only.
"use strict";

const $ = (selector) => document.querySelector(selector);
const REFRESH_SECONDS = 30;
let token = sessionStorage.getItem("ledger-token") || "";
let period = sessionStorage.getItem("ledger-operations-period") || "last-30-days";
let snapshot = null;
let categories = {};
let utcOffsetMinutes = 8 * 60;
const charts = {};

const DISTRICTS = {
  "310101": "黄浦区", "310104": "徐汇区", "310105": "长宁区", "310106": "静安区", "310107": "普陀区", "310109": "虹口区",
  "310110": "杨浦区", "310112": "闵行区", "310113": "宝山区", "310114": "嘉定区", "310115": "浦东新区", "310116": "金山区",
  "310117": "松江区", "310118": "青浦区", "310120": "奉贤区", "310151": "崇明区",
};
const STAGES = {
  Reported: "已上报", AwaitingDispatch: "待派遣", Dispatched: "待签收", InHandling: "处置中", Handled: "待核查",
  Verified: "待结案", Closed: "已结案", OnHold: "挂起", NotRegistered: "不予立案", Merged: "已合并",
};
const LIMITS = { Acceptance: "签收 Acceptance", Handling: "处置 Handling", Verification: "核查 Verification" };
const SUPERVISION = { District: "区级督办 District", City: "市级督办 City" };
const EVENTS = {
  case_reported: "上报 Reported", case_registered: "立案 Registered", case_not_registered: "不予立案 Not registered",
  case_merged: "合并 Merged", duplicate_case_noted: "重复上报 Duplicate noted", case_dispatched: "派遣 Dispatched",
  case_accepted: "签收 Accepted", case_returned: "退回 Returned", joint_handling_arranged: "联合处置 Joint handling",
  extension_requested: "申请延期 Extension requested", extension_approved: "批准延期 Extension approved",
  extension_refused: "不予延期 Extension refused", hold_requested: "申请挂起 Hold requested", hold_approved: "批准挂起 Hold approved",
  hold_refused: "不予挂起 Hold refused", case_resumed: "恢复 Resumed", case_handled: "处置完毕 Handled",
  verification_passed: "核查通过 Verified", verification_failed: "核查未通过 Verification failed", case_closed: "结案 Closed",
  callback_recorded: "回访 Callback", case_reopened: "重新办理 Reopened", case_overdue: "超期 Overdue", case_supervised: "督办 Supervised",
};

const districtName = (code) => DISTRICTS[code] || code;
const stageName = (stage) => (STAGES[stage] ? `${STAGES[stage]} ${stage}` : stage);
const categoryName = (code) => (categories[code] ? `${categories[code]} ${code}` : code);
const eventName = (type) => EVENTS[type.replace(/\.v\d+$/, "")] || type;

class ApiError extends Error {
  constructor(status, problem) {
    super(`${status} ${(problem && (problem.detail || problem.title)) || ""}`.trim());
    this.status = status;
    this.code = problem && problem.code;
  }
}

async function api(path) {
  const response = await fetch(path, { headers: token ? { Authorization: "Bearer " + token } : {} });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// Plainly, what went wrong and what to do about it.
function explain(error, what) {
  if (!(error instanceof ApiError)) return `无法连接服务器 Could not reach the API (${what}): ${error.message}`;
  switch (error.status) {
    case 401: return "令牌缺失、无效或已过期，请输入新的令牌。 The token is missing, invalid or expired: enter a new one.";
    case 403: return "此令牌无权查看案件与总览（需要 centre、officer、inspector、hotline、auditor 或 admin 角色）。 This token's roles may not read cases and the overview.";
    case 404:
      return error.code === "no-overview"
        ? "总览尚未计算：日志签署第一个检查点后即会计算。 The overview has not been computed yet: it is computed from the log once a checkpoint is signed."
        : `未找到 Not found (${what}): ${error.message}`;
    default: return `${what}: ${error.message}`;
  }
}

function showMessage(text) {
  const message = $("#message");
  message.textContent = text;
  message.hidden = !text;
}

// Times in the working calendar's offset (UTC+08:00 in Shanghai), as the overview counts its days.
function localTime(iso, withSeconds = false) {
  if (!iso) return "—";
  const local = new Date(Date.parse(iso) + utcOffsetMinutes * 60_000);
  const pad = (n) => String(n).padStart(2, "0");
  const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return withSeconds ? `${text}:${pad(local.getUTCSeconds())}` : text;
}

function offsetLabel() {
  const sign = utcOffsetMinutes < 0 ? "-" : "+";
  const minutes = Math.abs(utcOffsetMinutes);
  return `UTC${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

// A TimeSpan as .NET writes it: [-][d.]hh:mm:ss[.fffffff].
function parseTimeSpan(text) {
  const match = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(text || "");
  if (!match) return null;
  const seconds = (+(match[2] || 0)) * 86400 + (+match[3]) * 3600 + (+match[4]) * 60 + (+match[5]);
  return match[1] ? -seconds : seconds;
}

function duration(text) {
  const seconds = parseTimeSpan(text);
  if (seconds === null) return "—";
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} 天 ${hours} 小时`;
  if (hours > 0) return `${hours} 小时 ${minutes} 分`;
  return `${minutes} 分`;
}

const percent = (rate) => (rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`);

function cell(content, className) {
  const td = document.createElement("td");
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  if (className) td.className = className;
  return td;
}

function row(...cells) {
  const tr = document.createElement("tr");
  tr.append(...cells.map((content) => (content instanceof HTMLTableCellElement ? content : cell(content))));
  return tr;
}

function emptyRow(columns, text = "无 None") {
  const td = cell(text, "empty");
  td.colSpan = columns;
  return row(td);
}

// ECharts, when /vendor/echarts.min.js loaded; the tables say the same without it.
function chart(id) {
  if (typeof echarts === "undefined") return null;
  if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), "dark", { renderer: "canvas" });
  return charts[id];
}

const TEXT = "#c9d4e3";
const AXIS = { axisLabel: { color: TEXT }, axisLine: { lineStyle: { color: "#3a4a63" } }, splitLine: { lineStyle: { color: "#1f2b3e" } } };
const narrow = () => window.innerWidth < 700;

function drawDistricts(figures) {
  const loads = new Map(figures.districts.map((load) => [load.district, load]));
  // Every district of the city, with those that have no case yet at zero; then any other code the log holds.
  const codes = [...Object.keys(DISTRICTS), ...figures.districts.map((load) => load.district).filter((code) => !DISTRICTS[code])];
  const of = (code) => loads.get(code) || { district: code, open: 0, overdue: 0, closed: 0 };
  $("#districts tbody").replaceChildren(...codes.filter((code) => loads.has(code)).map((code) => {
    const load = of(code);
    const tr = row(`${districtName(code)} ${code}`, load.open, cell(load.overdue, load.overdue > 0 ? "alert" : ""), load.closed);
    tr.dataset.district = code;
    return tr;
  }));
  if (!loads.size) $("#districts tbody").replaceChildren(emptyRow(4));
  const instance = chart("district-chart");
  if (!instance) return;
  const names = codes.map(districtName).reverse();
  const series = (name, color, value) => ({
    name, type: "bar", stack: "cases", itemStyle: { color }, emphasis: { focus: "series" },
    label: { show: !narrow(), position: "inside", color: "#fff", formatter: (p) => (p.value ? p.value : "") },
    data: codes.map((code) => value(of(code))).reverse(),
  });
  instance.setOption({
    backgroundColor: "transparent",
    textStyle: { fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Zen Hei', sans-serif" },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, textStyle: { color: TEXT } },
    // On a phone the legend takes two lines.
    grid: { left: 8, right: 16, top: narrow() ? 60 : 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, ...AXIS },
    yAxis: { type: "category", data: names, ...AXIS },
    series: [
      series("在办未超期 Open, on time", "#3b82f6", (load) => load.open - load.overdue),
      series("超期 Overdue", "#ef4444", (load) => load.overdue),
      series("已结案 Closed", "#22c55e", (load) => load.closed),
    ],
  }, true);
}

function drawDaily(figures) {
  const instance = chart("daily-chart");
  if (!instance) return;
  const days = figures.daily.map((day) => day.day.slice(5));
  const rate = (value) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);
  instance.setOption({
    backgroundColor: "transparent",
    tooltip: { trigger: "axis", valueFormatter: (value) => (value === null || value === undefined ? "—" : `${value}%`) },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: days, boundaryGap: false, ...AXIS },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { color: TEXT, formatter: "{value}%" }, axisLine: AXIS.axisLine, splitLine: AXIS.splitLine },
    series: [
      { name: "结案率 Closing rate", type: "line", data: figures.daily.map((day) => rate(day.closingRate)), itemStyle: { color: "#38bdf8" }, connectNulls: false, symbolSize: 6 },
      { name: "按期结案率 On time", type: "line", data: figures.daily.map((day) => rate(day.onTimeClosingRate)), itemStyle: { color: "#facc15" }, connectNulls: false, symbolSize: 6 },
    ],
  }, true);
}

function drawStages(figures) {
  const counts = new Map();
  for (const count of figures.byStage) counts.set(count.stage, (counts.get(count.stage) || 0) + count.cases);
  const stages = Object.keys(STAGES).filter((stage) => counts.has(stage)).concat([...counts.keys()].filter((stage) => !STAGES[stage]));
  $("#stages tbody").replaceChildren(...stages.map((stage) => {
    const tr = row(stageName(stage), counts.get(stage));
    tr.dataset.stage = stage;
    return tr;
  }));
  if (!stages.length) $("#stages tbody").replaceChildren(emptyRow(2));
  const instance = chart("stage-chart");
  if (!instance) return;
  instance.setOption({
    backgroundColor: "transparent",
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: stages.map((stage) => STAGES[stage] || stage), ...AXIS, axisLabel: { color: TEXT, interval: 0 } },
    yAxis: { type: "value", minInterval: 1, ...AXIS },
    series: [{
      name: "案件 Cases", type: "bar", data: stages.map((stage) => counts.get(stage)), barMaxWidth: 40,
      itemStyle: { color: "#a78bfa" }, label: { show: true, position: "top", color: TEXT },
    }],
  }, true);
}

function showPeriod() {
  for (const button of document.querySelectorAll("#periods button")) {
    button.setAttribute("aria-pressed", String(button.dataset.period === period));
  }
  if (!snapshot) return;
  const chosen = snapshot.figures.periods.find((candidate) => candidate.period === period) || snapshot.figures.periods.at(-1);
  const figures = chosen.figures;
  $("#closing-rate").textContent = percent(figures.closingRate);
  $("#on-time-rate").textContent = percent(figures.onTimeClosingRate);
  $("#return-rate").textContent = percent(figures.returnRate);
  $("#extension-rate").textContent = percent(figures.extensionRate);
  $("#satisfaction-rate").textContent = percent(figures.satisfactionRate);
  $("#mean-time").textContent = duration(figures.meanTimeToClose);
  $("#p90-time").textContent = duration(figures.p90TimeToClose);
  const from = chosen.period === "all-time" ? "开始 the beginning" : localTime(chosen.from);
  $("#period-counts").textContent =
    `${from} — ${localTime(chosen.to)} (${offsetLabel()}): 到期 due ${figures.due}, 结案 closed ${figures.closed}, 按期 on time ${figures.closedOnTime}, ` +
    `派遣 dispatches ${figures.dispatches}, 退回 returns ${figures.returns}, 延期 extended ${figures.extended}, 回访 callbacks ${figures.callbacks}, 满意 satisfied ${figures.satisfied}`;
}

function showOverview(overview) {
  snapshot = overview;
  const figures = overview.figures;
  utcOffsetMinutes = Math.round((parseTimeSpan(figures.utcOffset) ?? 8 * 3600) / 60);
  $("#cases").textContent = figures.cases;
  $("#open-cases").textContent = figures.openCases;
  $("#overdue-cases").textContent = figures.overdueCases;
  $("#log-size").textContent = overview.logSize;
  const provenance = $("#provenance");
  provenance.replaceChildren(
    `以上数字由日志的前 ${overview.logSize} 个叶子计算，截至 ${localTime(overview.checkpointTimestamp, true)} (${offsetLabel()}) 签署的检查点；可用 `,
    Object.assign(document.createElement("code"), { textContent: `ledger operations figures --size ${overview.logSize}` }),
    " 从叶子重新计算核对。",
    Object.assign(document.createElement("span"), {
      lang: "en",
      textContent: ` Figures computed from the first ${overview.logSize} leaves of the log, checkpoint signed at ${overview.checkpointTimestamp}; ` +
        `recompute them with ledger operations figures --size ${overview.logSize}. (${overview.caseEvents} case events, computed in ${Math.round(overview.computeMilliseconds)} ms.)`,
    }));
  provenance.dataset.logSize = overview.logSize;
  showPeriod();
  drawDistricts(figures);
  drawDaily(figures);
  drawStages(figures);

  $("#grid-cells tbody").replaceChildren(...figures.busiestGridCells.map((grid) => row(grid.gridCell, districtName(grid.district), grid.cases)));
  if (!figures.busiestGridCells.length) $("#grid-cells tbody").replaceChildren(emptyRow(3));

  $("#overdue-count").textContent = figures.overdueCases > figures.overdue.length
    ? `${figures.overdueCases} (列出最久的 ${figures.overdue.length} the longest overdue listed)` : `${figures.overdueCases}`;
  $("#overdue tbody").replaceChildren(...figures.overdue.map((overdue) => {
    const link = Object.assign(document.createElement("a"), { href: `#case/${overdue.caseId}`, textContent: "时间线 Timeline" });
    const tr = row(categoryName(overdue.categoryCode), districtName(overdue.district), stageName(overdue.stage), LIMITS[overdue.kind] || overdue.kind,
      cell(localTime(overdue.due), "alert"), overdue.supervision ? SUPERVISION[overdue.supervision] || overdue.supervision : "—", cell(link));
    tr.dataset.case = overdue.caseId;
    return tr;
  }));
  if (!figures.overdue.length) $("#overdue tbody").replaceChildren(emptyRow(7, "没有超期案件 No case is overdue"));
}

async function loadCategories() {
  try {
    const entries = await api("/api/incidents/categories");
    categories = Object.fromEntries(entries.map((entry) => [entry.code, entry.definition.name]));
  } catch {
    // the codes alone will do
  }
}

async function refresh() {
  if (!token) {
    showMessage("请输入访问令牌。 Enter a bearer token to see the overview.");
    return;
  }
  try {
    if (!Object.keys(categories).length) await loadCategories();
    const overview = await api("/api/operations/overview");
    showMessage("");
    $("#overview").hidden = routeCase() !== null;
    showOverview(overview);
    resizeCharts();
    const refreshed = $("#refreshed");
    refreshed.textContent = `上次刷新 Last refreshed ${new Date().toLocaleTimeString("zh-CN", { hour12: false })}，每 ${REFRESH_SECONDS} 秒自动刷新 every ${REFRESH_SECONDS} s`;
    refreshed.dataset.at = new Date().toISOString();
  } catch (error) {
    showMessage(explain(error, "/api/operations/overview") + (snapshot ? " 仍显示上次的数字 Still showing the last figures." : ""));
  }
}

function routeCase() {
  const match = /^#case\/([0-9a-fA-F-]{36})$/.exec(location.hash);
  return match ? match[1] : null;
}

async function showCase(id) {
  $("#overview").hidden = true;
  $("#case-view").hidden = false;
  $("#case-id").textContent = id;
  const body = $("#timeline tbody");
  body.replaceChildren(emptyRow(6, "加载中 Loading…"));
  $("#case-facts").replaceChildren();
  try {
    const status = await api(`/api/cases/${id}`);
    const facts = [
      ["类别 Category", categoryName(status.case.categoryCode)],
      ["区 District", districtName(status.case.location.district)],
      ["网格 Grid cell", status.case.location.gridCell],
      ["环节 Stage", stageName(status.stage)],
      ["当前时限 Current limit", status.currentDeadline ? `${LIMITS[status.currentDeadline.kind] || status.currentDeadline.kind} ${localTime(status.currentDeadline.due)}` : "—"],
      ["超期 Overdue", status.overdue ? "是 Yes" : "否 No"],
      ["督办 Supervision", status.case.supervision ? SUPERVISION[status.case.supervision] || status.case.supervision : "—"],
    ];
    $("#case-facts").replaceChildren(...facts.map(([term, value]) => {
      const div = document.createElement("div");
      div.append(Object.assign(document.createElement("dt"), { textContent: term }), Object.assign(document.createElement("dd"), { textContent: value }));
      return div;
    }));
    body.replaceChildren(...status.timeline.map((entry) => {
      const tr = row(cell(entry.position, "number-cell"), eventName(entry.event), localTime(entry.at, true), entry.agency || "—", entry.officer || "—", entry.note || "");
      tr.dataset.event = entry.event;
      return tr;
    }));
  } catch (error) {
    body.replaceChildren(emptyRow(6, explain(error, `/api/cases/${id}`)));
  }
}

function route() {
  const id = routeCase();
  if (id) {
    showCase(id);
    window.scrollTo(0, 0);
  } else {
    $("#case-view").hidden = true;
    $("#overview").hidden = !snapshot;
    resizeCharts();
  }
}

function resizeCharts() {
  for (const instance of Object.values(charts)) instance.resize();
}

$("#token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("ledger-token", token);
  refresh().then(route);
});
for (const button of document.querySelectorAll("#periods button")) {
  button.addEventListener("click", () => {
    period = button.dataset.period;
    sessionStorage.setItem("ledger-operations-period", period);
    showPeriod();
  });
}
window.addEventListener("hashchange", route);
window.addEventListener("resize", () => {
  if (snapshot) {
    drawDistricts(snapshot.figures);
    resizeCharts();
  }
});

if (typeof echarts === "undefined") {
  // /vendor/echarts.min.js is copied from npm at build; without it the tables say what the charts would.
  document.body.classList.add("no-charts");
  for (const details of document.querySelectorAll("details")) details.open = true;
}
$("#token").value = token;
showPeriod();
refresh().then(route);
setInterval(refresh, REFRESH_SECONDS * 1000);
