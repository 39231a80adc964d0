// Loads realistic demo data through the public API, exactly as an agency's system would call it.
// Usage: node scripts/demo.mjs http://127.0.0.1:5080
import { createHash } from "node:crypto";

const api = process.argv[2] ?? "http://127.0.0.1:5080";
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

// Opening a restaurant (一件事): business licence, food business licence, fire safety inspection, outdoor sign permit.
const matters = {
  businessLicence: "310000-SC-0001",
  foodBusinessLicence: "310000-SC-0107",
  fireSafetyInspection: "310000-XF-0203",
  outdoorSign: "310000-LH-0311",
};

const enterprises = [
  ["上海黄浦老正兴餐饮有限公司", "91310101MA1FL0QX3T", "黄浦"],
  ["上海徐汇小笼包点心店", "92310104MA1K4BRL5X", "徐汇"],
  ["上海静安咖啡实验室有限公司", "91310106MA1FYJ2E8R", "静安"],
  ["上海浦东新区本帮菜馆有限公司", "91310115MA1HAQ7C2N", "浦东新区"],
  ["上海杨浦面馆有限公司", "91310110MA1G8W6Y4P", "杨浦"],
];

const applications = [];
for (const [name, creditCode, district] of enterprises) {
  const applicant = { kind: "Enterprise", name, identityNumber: creditCode };
  applications.push(
    { matterCode: matters.businessLicence, applicant, materials: [
      { name: "公司登记（备案）申请书", sha256: sha256(`${creditCode}:registration-form`) },
      { name: "公司章程", sha256: sha256(`${creditCode}:articles`) },
      { name: `住所使用证明（${district}）`, sha256: sha256(`${creditCode}:premises`) },
    ] },
    { matterCode: matters.foodBusinessLicence, applicant, materials: [
      { name: "食品经营许可申请书", sha256: sha256(`${creditCode}:food-application`) },
      { name: "食品安全管理制度", sha256: sha256(`${creditCode}:food-safety-rules`) },
      { name: "经营场所平面布局图", sha256: sha256(`${creditCode}:floor-plan`) },
    ] },
    { matterCode: matters.fireSafetyInspection, applicant, materials: [
      { name: "公众聚集场所投入使用、营业前消防安全检查申请表", sha256: sha256(`${creditCode}:fire-form`) },
      { name: "消防设施检测报告", sha256: sha256(`${creditCode}:fire-report`) },
    ] },
  );
}
applications.push({
  matterCode: matters.outdoorSign,
  applicant: { kind: "Enterprise", name: enterprises[0][0], identityNumber: enterprises[0][1] },
  materials: [{ name: "户外招牌设置效果图", sha256: sha256("outdoor-sign-rendering") }],
});
applications.push({
  matterCode: matters.businessLicence,
  applicant: { kind: "Person", name: "李明", identityNumber: "310104198807153216" },
  materials: [{ name: "个体工商户登记申请书", sha256: sha256("li-ming:registration") }],
});

let created = 0;
for (const application of applications) {
  const response = await fetch(`${api}/api/applications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(application),
  });
  if (response.status !== 201) {
    console.error(`demo: ${application.matterCode} was refused: ${response.status} ${await response.text()}`);
    process.exit(1);
  }
  created++;
}
console.log(`demo: submitted ${created} applications across ${Object.keys(matters).length} matters`);
