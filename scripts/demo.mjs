// Loads realistic demo data through the public API, exactly as the agencies' systems would call it:
// agencies with seal keys, a restaurant-opening catalogue of matters, and applications in every state.
// Usage: node scripts/demo.mjs API_URL TOKEN_SIGNING_KEY.pem DATA_DIR
// Tokens are minted with the local stack's development signing key; seal private keys stay under DATA_DIR/demo-seals.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { creditCode, demoClient, residentId, sha256 } from "./demo-client.mjs";

const [api = "http://127.0.0.1:5080", signingKeyPath = ".data/auth/token-signing.pem", dataDir = ".data"] = process.argv.slice(2);
const { token, call } = demoClient(api, signingKeyPath);

const admin = token("11310000MB2F00001C", "admin.demo", ["admin"]);
const agencies = {
  portal: { code: "11310000MB2F12348G", name: "上海市一网通办总门户", district: "黄浦", types: [] },
  market: { code: "11310000MB2F123457", name: "上海市市场监督管理局", district: "黄浦", types: ["YYZZ", "JY"] },
  health: { code: "11310000MB2F12346A", name: "上海市卫生健康委员会", district: "黄浦", types: [] },
  fire: { code: "11310000MB2F12347D", name: "上海市消防救援总队", district: "徐汇", types: ["XFAQ"] },
  greening: { code: "11310000MB2F12349K", name: "上海市绿化和市容管理局", district: "静安", types: ["ZP"] },
};
const officer = (agency) => token(agency.code, `officer.${agency.code.slice(-4)}`, ["officer"]);
const portal = token(agencies.portal.code, "portal.web", ["portal"]);

// Agencies and their seal keys (registered once; a re-run finds them and goes on).
const seals = join(dataDir, "demo-seals");
mkdirSync(seals, { recursive: true });
for (const agency of Object.values(agencies)) {
  const registered = await call("POST", "/api/agencies", { creditCode: agency.code, name: agency.name, district: agency.district, certificateTypes: agency.types }, admin, [201, 409]);
  if (registered.status === 409 || agency === agencies.portal) continue;
  const keyFile = join(seals, `${agency.code}.pem`);
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  }
  const publicKey = createPublicKey(createPrivateKey(readFileSync(keyFile))).export({ type: "spki", format: "der" }).toString("base64");
  const now = new Date();
  await call("POST", `/api/agencies/${agency.code}/seal-keys`, {
    version: 1, keyId: `seal-${now.getUTCFullYear()}`, algorithm: "ECDSA-P256-SHA256", publicKey,
    validFrom: new Date(now.getTime() - 86_400_000).toISOString(), validUntil: new Date(now.getTime() + 3 * 365 * 86_400_000).toISOString(),
  }, officer(agency));
}

// The restaurant-opening catalogue (一件事: business licence, food business licence, fire safety inspection, outdoor sign).
const matters = [
  { code: "310000-SC-0001", name: "企业设立登记（营业执照）", lead: agencies.market, co: [], materials: ["公司登记（备案）申请书", "公司章程", "住所使用证明"], days: 5, type: "YYZZ" },
  { code: "310000-SC-0107", name: "食品经营许可", lead: agencies.market, co: [agencies.health, agencies.fire], materials: ["食品经营许可申请书", "食品安全管理制度", "经营场所平面布局图"], days: 20, type: "JY" },
  { code: "310000-XF-0203", name: "公众聚集场所投入使用、营业前消防安全检查", lead: agencies.fire, co: [], materials: ["消防安全检查申请表", "消防设施检测报告"], days: 10, type: "XFAQ" },
  { code: "310000-LH-0311", name: "户外招牌设置审批", lead: agencies.greening, co: [agencies.market], materials: ["户外招牌设置申请表", "招牌效果图"], days: 15, type: "ZP" },
];
for (const matter of matters) {
  await call("POST", "/api/matters", {
    code: matter.code,
    definition: { name: matter.name, leadAgency: matter.lead.code, coApprovers: matter.co.map((agency) => agency.code), requiredMaterials: matter.materials, promisedDays: matter.days, certificateType: matter.type },
  }, admin, [201, 409]);
}

// Electronic certificates, built and sealed as the issuing agency's own system would: the content's RFC 8785
// canonical JSON is hashed with SHA-256 and the hash is signed with the agency's seal key (ECDSA P-256, r||s).
const canonical = (value) => Array.isArray(value) ? `[${value.map(canonical).join(",")}]`
  : value !== null && typeof value === "object" ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`
  : JSON.stringify(value);
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
function mod3736(body) {
  let p = 36;
  for (const character of body.replaceAll(".", "")) {
    const s = (p + ALPHABET.indexOf(character)) % 36;
    p = (2 * (s === 0 ? 36 : s)) % 37;
  }
  return ALPHABET[(37 - p) % 36];
}
const identifier = (type, issuer, serial, version) => {
  const body = `1.2.156.3005.2.${type}.${issuer}.${serial}.${String(version).padStart(3, "0")}`;
  return `${body}.${mod3736(body)}`;
};
const day = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
function sealed(agency, content) {
  const contentHash = createHash("sha256").update(canonical(content), "utf8").digest("hex");
  const key = createPrivateKey(readFileSync(join(seals, `${agency.code}.pem`)));
  const signature = sign("sha256", Buffer.from(contentHash, "hex"), { key, dsaEncoding: "ieee-p1363" }).toString("base64");
  return { content, seal: { keyId: `seal-${new Date().getUTCFullYear()}`, algorithm: "ECDSA-P256-SHA256", signature } };
}
let serials = Date.now() % 100_000_000;
let issuedCount = 0;
const certificateStatuses = { Valid: 0, Suspended: 0, Revoked: 0, Superseded: 0 };

// Applicants: Shanghai restaurants and a few people.
const districts = ["黄浦", "徐汇", "长宁", "静安", "普陀", "虹口", "杨浦", "闵行", "宝山", "嘉定", "浦东新区", "金山", "松江", "青浦", "奉贤", "崇明"];
const dishes = ["小笼包", "本帮菜", "生煎", "葱油面", "咖啡", "馄饨", "粢饭团", "蟹粉面"];
// Unified social credit codes (GB 32100) and resident identity numbers (GB 11643) carry check characters the API checks.
const enterprises = districts.flatMap((district, i) => dishes.slice(0, 2).map((dish, j) => ({
  kind: "Enterprise", name: `上海${district}${dish}餐饮有限公司`, identityNumber: creditCode(`913101${String(i).padStart(2, "0")}MA1${j}DEM${String(i * 2 + j).padStart(2, "0")}`),
})));
// A few people (individual businesses, 个体工商户): their names, numbers and phones go to the vault, never into the log.
const people = [["王建国", "19650312"], ["李秀英", "19780925"], ["陈志强", "19880104"], ["刘芳", "19921117"]].map(([name, born], k) => ({
  kind: "Person", name, identityNumber: residentId(`310101${born}${String(101 + k)}`), phone: `1391234${String(5670 + k)}`,
}));
const applicants = [...enterprises.slice(0, 14), people[0], ...enterprises.slice(14, 28), people[1], ...enterprises.slice(28), people[2], people[3]];
const nonce = () => randomBytes(32).toString("hex");
const holderOf = ({ kind, name, identityNumber }) => ({ kind, name, identityNumber });

// Each application is driven to one of these ends, round-robin, so every state is on show.
const ends = ["Submitted", "SupplementRequested", "NotAccepted", "UnderApproval", "Withdrawn", "Denied", "Approved", "Completed"];
const counts = Object.fromEntries(ends.map((end) => [end, 0]));
let n = 0;
for (let round = 0; round < 9; round++) {
  for (const applicant of applicants) {
    const matter = matters[n % matters.length];
    const end = ends[n % ends.length];
    n++;
    const materials = matter.materials.map((name) => ({ name, sha256: sha256(`${applicant.identityNumber}:${matter.code}:${name}:${round}`) }));
    let status = (await call("POST", "/api/applications", { matterCode: matter.code, applicant, materials: materials.slice(0, -1) }, portal)).body.status;
    const lead = officer(matter.lead);
    const act = async (path, body, bearer) => { status = (await call("POST", `/api/applications/${status.id}/${path}`, { version: status.version, ...body }, bearer)).body; };

    if (end === "Submitted") { counts[end]++; continue; }
    await act("supplement-requests", { missingMaterials: [matter.materials.at(-1)], note: "请补充材料后重新提交" }, lead);
    if (end === "SupplementRequested") { counts[end]++; continue; }
    if (end === "NotAccepted") { await act("rejection", { reason: "经营场所与申请材料不符" }, lead); counts[end]++; continue; }
    await act("supplements", { materials: materials.slice(-1) }, portal);
    await act("acceptance", {}, lead);
    if (end === "Withdrawn") { await act("withdrawal", { reason: "门店选址变更" }, portal); counts[end]++; continue; }
    if (end === "UnderApproval") { counts[end]++; continue; }
    const approvers = [matter.lead, ...matter.co];
    if (end === "Denied") { await act("denials", { reason: "现场核查不符合要求" }, officer(approvers.at(-1))); counts[end]++; continue; }
    for (const agency of approvers) await act("approvals", { opinion: "经审查，符合要求" }, officer(agency));
    const serial = String(serials++);
    const content = {
      identifier: identifier(matter.type, matter.lead.code, serial, 1), type: matter.type, issuer: matter.lead.code,
      holder: holderOf(applicant), fields: { "名称": applicant.name, "事项": matter.name, "经营场所": `上海市${districts[n % districts.length]}区示范路${n}号` },
      validFrom: day(0), validUntil: day(5 * 365), nonce: nonce(),
    };
    let certificate = (await call("POST", "/api/certificates", { applicationId: status.id, ...sealed(matter.lead, content) }, lead)).body;
    const change = async (path, reason) => { certificate = (await call("POST", `/api/certificates/${certificate.id}/${path}`, { version: certificate.version, reason }, lead)).body; };
    switch (issuedCount++ % 5) {
      case 1: await change("suspension", "涉嫌虚假材料，核查中"); certificateStatuses.Suspended++; break;
      case 2: await change("revocation", "企业申请注销"); certificateStatuses.Revoked++; break;
      case 3: {
        const renewed = { ...content, identifier: identifier(matter.type, matter.lead.code, serial, 2), validFrom: day(1), nonce: nonce() };
        await call("POST", `/api/certificates/${certificate.id}/renewal`, { version: certificate.version, ...sealed(matter.lead, renewed) }, lead);
        certificateStatuses.Superseded++; certificateStatuses.Valid++; break;
      }
      default: certificateStatuses.Valid++;
    }
    if (end === "Completed") {
      status = (await call("GET", `/api/applications/${status.id}`, undefined, lead)).body.status;
      await act("completion", {}, lead);
    }
    counts[end]++;
  }
}
// Bundles (一件事): opening a restaurant as one submission; half of them carried through to completion, every part
// sealed and issued. Consents: some holders let the greening bureau use their business licence, which it then does.
const restaurantBundle = [matters[0], matters[2], matters[3]];
let bundlesCompleted = 0;
let uses = 0;
for (let b = 0; b < 8; b++) {
  const applicant = applicants[(b * 3) % applicants.length];
  const created = (await call("POST", "/api/bundles", {
    name: "开办餐饮店",
    applicant,
    parts: restaurantBundle.map((matter) => ({ matterCode: matter.code, materials: matter.materials.map((name) => ({ name, sha256: sha256(`bundle:${b}:${applicant.identityNumber}:${matter.code}:${name}`) })) })),
  }, portal)).body;
  if (b % 2 === 1) continue;
  for (const [i, part] of created.parts.entries()) {
    const matter = restaurantBundle[i];
    const lead = officer(matter.lead);
    let status = part;
    const act = async (path, body, bearer) => { status = (await call("POST", `/api/applications/${status.id}/${path}`, { version: status.version, ...body }, bearer)).body; };
    await act("acceptance", {}, lead);
    for (const agency of [matter.lead, ...matter.co]) await act("approvals", { opinion: "同意" }, officer(agency));
    const content = {
      identifier: identifier(matter.type, matter.lead.code, String(serials++), 1), type: matter.type, issuer: matter.lead.code,
      holder: holderOf(applicant), fields: { "名称": applicant.name, "事项": matter.name }, validFrom: day(0), validUntil: day(5 * 365), nonce: nonce(),
    };
    const certificate = (await call("POST", "/api/certificates", { applicationId: status.id, ...sealed(matter.lead, content) }, lead)).body;
    status = (await call("GET", `/api/applications/${status.id}`, undefined, lead)).body.status;
    await act("completion", {}, lead);
    if (matter === matters[0]) {
      const purpose = "户外招牌设置审批核验营业执照";
      const consented = (await call("POST", `/api/certificates/${certificate.id}/consents`, { version: certificate.version, agency: agencies.greening.code, purpose, until: new Date(Date.now() + 30 * 86_400_000).toISOString() }, portal)).body;
      await call("POST", `/api/certificates/${certificate.id}/uses`, { version: consented.version, consentId: consented.consents.at(-1).consentId, purpose }, officer(agencies.greening));
      uses++;
    }
  }
  bundlesCompleted++;
}

console.log(`demo: ${n} applications across ${matters.length} matters: ${Object.entries(counts).map(([end, count]) => `${count} ${end}`).join(", ")}`);
console.log(`demo: 8 restaurant-opening bundles (一件事), ${bundlesCompleted} carried to completion; ${uses} certificate uses under the holder's consent`);
console.log(`demo: certificates ${Object.entries(certificateStatuses).map(([state, count]) => `${count} ${state}`).join(", ")}`);
