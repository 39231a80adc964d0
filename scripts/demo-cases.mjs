// Loads city-operations demo data through the public API, as the command centres, grid inspectors, the 12345 hotline
// and the departments' own systems would call it: departments, the case category catalogue, and cases across Shanghai's
// 16 districts from every source, in every stage, some supervised, hotline cases with callbacks (some reopening them).
// Usage: node scripts/demo-cases.mjs API_URL TOKEN_SIGNING_KEY.pem [CASES]
import { creditCode, demoClient, residentId, sha256 } from "./demo-client.mjs";

const [api = "http://127.0.0.1:5080", signingKeyPath = ".data/auth/token-signing.pem", count = "2500"] = process.argv.slice(2);
const { token, call } = demoClient(api, signingKeyPath);

// A small deterministic generator, so every demo city is the same city.
let seed = 20261202;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (items) => items[Math.floor(random() * items.length)];

const admin = token("11310000MB2F00001C", "admin.demo", ["admin"]);
const cityCentre = creditCode("11310000MB2F20000");
const centre = token(cityCentre, "dispatcher.demo", ["centre"]);
const hotline = token(creditCode("11310000MB2F20099"), "operator.12345", ["hotline"]);
const inspectors = ["inspector.zhang", "inspector.wang", "inspector.li", "inspector.zhao"].map((name) => token(cityCentre, name, ["inspector"]));

const departments = Object.fromEntries([
  ["traffic", "上海市交通委员会"], ["water", "上海市水务局"], ["enforcement", "上海市城市管理行政执法局"], ["greening", "上海市绿化和市容管理局"],
  ["police", "上海市公安局交通警察总队"], ["environment", "上海市生态环境局"], ["housing", "上海市住房和城乡建设管理委员会"],
].map(([key, name], k) => [key, { code: creditCode(`11310000MB2F20${String(k + 1).padStart(3, "0")}`), name }]));
const officerOf = (department) => token(department.code, `officer.${department.code.slice(-5, -1)}`, ["officer"]);

const hours = (amount) => ({ amount, unit: "WorkingHours" });
const days = (amount) => ({ amount, unit: "WorkingDays" });
const categories = [
  ["ROAD-DAMAGE", "道路破损", "traffic", [["Routine", hours(2), days(3), days(1)], ["Urgent", hours(1), days(1), hours(4)]]],
  ["MANHOLE-MISSING", "井盖缺失", "water", [["Routine", hours(2), days(1), days(1)], ["Emergency", hours(1), hours(4), hours(2)]]],
  ["STREET-VENDING", "占道经营", "enforcement", [["Routine", hours(2), days(1), days(1)]]],
  ["OVERFLOWING-BINS", "垃圾满溢", "greening", [["Routine", hours(2), days(1), days(1)]]],
  ["ILLEGAL-PARKING", "违章停车", "police", [["Routine", hours(1), hours(4), hours(4)]]],
  ["NOISE", "噪声扰民", "environment", [["Routine", hours(4), days(3), days(2)]]],
  ["GREENERY-DAMAGE", "绿化损坏", "greening", [["Routine", hours(4), days(5), days(2)]]],
  ["STREETLIGHT-OUT", "路灯故障", "greening", [["Routine", hours(4), days(2), days(1)]]],
  ["WATERLOGGING", "道路积水", "water", [["Urgent", hours(1), hours(4), hours(2)]]],
  ["ILLEGAL-BUILDING", "违法搭建", "housing", [["Routine", days(1), days(10), days(3)]]],
  ["BIKE-CLUTTER", "共享单车乱停", "traffic", [["Routine", hours(2), days(1), days(1)]]],
  ["KITCHEN-FUMES", "油烟扰民", "environment", [["Routine", hours(4), days(5), days(2)]]],
].map(([code, name, department, limits]) => ({
  code, name, department: departments[department],
  limits: limits.map(([severity, acceptance, handling, verification]) => ({ severity, acceptance, handling, verification })),
}));

// The 16 districts: code, a point near their centre, two streets (街道/镇).
const districts = [
  ["310101", 31.2317, 121.4846, ["南京东路街道", "外滩街道"]], ["310104", 31.1885, 121.4365, ["湖南路街道", "天平路街道"]],
  ["310105", 31.2204, 121.4244, ["华阳路街道", "新华路街道"]], ["310106", 31.2290, 121.4480, ["静安寺街道", "南京西路街道"]],
  ["310107", 31.2496, 121.3970, ["长寿路街道", "曹杨新村街道"]], ["310109", 31.2646, 121.5053, ["四川北路街道", "欧阳路街道"]],
  ["310110", 31.2595, 121.5260, ["五角场街道", "控江路街道"]], ["310112", 31.1129, 121.3817, ["江川路街道", "莘庄镇"]],
  ["310113", 31.4050, 121.4890, ["友谊路街道", "吴淞街道"]], ["310114", 31.3747, 121.2654, ["新成路街道", "菊园新区管委会"]],
  ["310115", 31.2214, 121.5447, ["陆家嘴街道", "花木街道"]], ["310116", 30.7419, 121.3420, ["石化街道", "朱泾镇"]],
  ["310117", 31.0322, 121.2277, ["岳阳街道", "方松街道"]], ["310118", 31.1497, 121.1241, ["夏阳街道", "盈浦街道"]],
  ["310120", 30.9180, 121.4741, ["南桥镇", "奉浦街道"]], ["310151", 31.6230, 121.3970, ["城桥镇", "陈家镇"]],
];

// What happens to each case, and how often: every stage of the loop is present.
const plans = [
  ["reported", 5], ["not-registered", 3], ["merged", 3], ["awaiting-dispatch", 8], ["dispatched", 10], ["supervised", 4], ["returned", 5],
  ["in-handling", 14], ["extended", 5], ["extension-asked", 3], ["on-hold", 3], ["handled", 8], ["failed-verification", 4], ["verified", 4], ["closed", 22],
];
const planFor = () => {
  let roll = random() * plans.reduce((total, [, weight]) => total + weight, 0);
  for (const [plan, weight] of plans) {
    if ((roll -= weight) < 0) return plan;
  }
  return "closed";
};

const callers = [["张伟", "19700315"], ["王芳", "19820611"], ["刘洋", "19910923"], ["陈静", "19850207"], ["杨磊", "19790430"]]
  .map(([name, born], k) => ({ kind: "Person", name, identityNumber: residentId(`310104${born}${String(201 + k)}`), phone: `1380013${String(8000 + k)}` }));

function reportOf(index) {
  const category = pick(categories);
  const [district, latitude, longitude, streets] = pick(districts);
  const source = pick(["GridInspector", "GridInspector", "GridInspector", "Hotline12345", "Hotline12345", "IotSensor", "Camera", "Referral"]);
  const cell = `${district}-${String(1 + Math.floor(random() * 40)).padStart(3, "0")}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}`;
  const description = `${category.name}: 演示案件 ${index + 1}, ${pick(["靠近路口", "小区门口", "公交站旁", "学校附近", "菜场外"])}`;
  return {
    category, source,
    body: {
      source, categoryCode: category.code, severity: pick(category.limits).severity,
      location: { district, street: pick(streets), gridCell: cell, latitude: latitude + (random() - 0.5) * 0.04, longitude: longitude + (random() - 0.5) * 0.04 },
      description, attachments: [sha256(`photo:${index}`)],
      reporter: source === "Hotline12345" && random() < 0.7 ? pick(callers) : null,
    },
    token: source === "GridInspector" ? pick(inspectors) : source === "Hotline12345" ? hotline : centre,
  };
}

const at = (status, step) => `/api/cases/${status.id}/${step}`;
// A case may move on between reading and writing (a duplicate merged into it appends to its stream): read it again, retry once.
async function step(status, path, body, bearer) {
  const sent = await call("POST", at(status, path), { version: status.version, ...body }, bearer, [200, 409]);
  if (sent.status === 200) return sent.body;
  const current = (await call("GET", `/api/cases/${status.id}`, undefined, centre)).body;
  return (await call("POST", at(status, path), { version: current.version, ...body }, bearer)).body;
}
const openCases = [];

async function runCase(index) {
  const plan = planFor();
  const report = reportOf(index);
  let status = (await call("POST", "/api/cases", report.body, report.token, [201])).body.status;
  if (plan === "reported") return;
  if (plan === "not-registered") return void await step(status, "non-registration", { reason: "经核实不属于城市管理范围" }, centre);
  if (plan === "merged" && openCases.length > 0) return void await step(status, "merger", { originalCaseId: pick(openCases) }, centre);
  status = await step(status, "registration", {}, centre);
  if (plan === "awaiting-dispatch" || plan === "merged") return void openCases.push(status.id);
  const department = report.category.department;
  if (plan === "returned") {
    const wrong = pick(Object.values(departments).filter((other) => other !== department));
    status = await step(status, "dispatches", { department: wrong.code }, centre);
    status = await step(status, "returns", { reason: "不属本部门职责, 请改派" }, officerOf(wrong));
  }
  status = await step(status, "dispatches", { department: department.code }, centre);
  openCases.push(status.id);
  if (plan === "dispatched") return;
  if (plan === "supervised") return void await step(status, "supervision", { reason: "群众反映强烈, 督促尽快签收" }, centre);
  const officer = officerOf(department);
  status = await step(status, "acceptance", {}, officer);
  if (plan === "in-handling" || plan === "returned") return;
  if (plan === "extended" || plan === "extension-asked") {
    status = await step(status, "extension-requests", { reason: "需协调施工队伍和材料", extraWorkingDays: 3 }, officer);
    if (plan === "extended") await step(status, "extension-approval", {}, centre);
    return;
  }
  if (plan === "on-hold") {
    status = await step(status, "hold-requests", { reason: "需待汛期结束后施工" }, officer);
    return void await step(status, "hold-approval", {}, centre);
  }
  status = await step(status, "handling", { result: "已现场处置完毕", evidence: [sha256(`after:${index}`)] }, officer);
  if (plan === "handled") return;
  const inspector = pick(inspectors);
  if (plan === "failed-verification") return void await step(status, "verifications", { result: "Failed", note: "现场问题仍存在", evidence: [sha256(`site:${index}`)] }, inspector);
  status = await step(status, "verifications", { result: "Passed", note: "现场已整改", evidence: [sha256(`site:${index}`)] }, inspector);
  if (plan === "verified") return;
  // Out of the open list before it closes, so that no other worker merges a duplicate into it meanwhile.
  openCases.splice(openCases.indexOf(status.id), 1);
  status = await step(status, "closing", {}, centre);
  if (report.source === "Hotline12345") {
    const satisfaction = pick(["Satisfied", "Satisfied", "Satisfied", "BasicallySatisfied", "Dissatisfied"]);
    await step(status, "callbacks", { satisfaction, note: satisfaction === "Dissatisfied" ? "问题反复出现" : "" }, hotline);
  }
}

for (const department of Object.values(departments)) {
  await call("POST", "/api/agencies", { creditCode: department.code, name: department.name, district: "黄浦", certificateTypes: [] }, admin, [201, 409]);
}
for (const category of categories) {
  await call("POST", "/api/incidents/categories", {
    code: category.code,
    definition: { name: category.name, defaultDepartment: category.department.code, limits: category.limits },
  }, admin, [201, 409]);
}

const total = Number(count);
let next = 0;
let failures = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (next < total) {
    const index = next++;
    try {
      await runCase(index);
    } catch (error) {
      failures++;
      if (failures <= 5) console.error(`[demo] case ${index}: ${error.message}`);
    }
  }
}));
console.error(`[demo] ${total - failures} cases loaded through the API (${failures} failed)`);
