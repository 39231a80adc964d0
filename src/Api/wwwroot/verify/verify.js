// Certificate verification for citizens: asks the public API for the step-by-step report, then recomputes the Merkle
// inclusion proof here, in the browser, with WebCrypto SHA-256, so the last word on the proof is not the server's.
"use strict";

const $ = (selector) => document.querySelector(selector);
const labels = {
  integrity: ["完整性", "Integrity"],
  seal: ["电子印章", "Seal"],
  issuer: ["签发机关", "Issuer"],
  status: ["状态", "Status"],
  inclusion: ["存证", "Inclusion in the ledger"],
  anchor: ["链上锚定", "Anchor on the chain"],
};
const outcomes = { Pass: ["通过", "pass", "pass"], Fail: ["未通过", "fail", "fail"], Pending: ["待定", "pending", "pending"] };
const verdicts = {
  genuine: ["真实有效", "Genuine", "pass"],
  "not-genuine": ["核验未通过", "Not genuine", "fail"],
  pending: ["暂未完成链上存证", "Pending the next anchor", "pending"],
};

function hex(bytes) { return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join(""); }
function fromHex(text) { return new Uint8Array(text.match(/../g).map((pair) => parseInt(pair, 16))); }
function fromBase64(text) { return Uint8Array.from(atob(text), (c) => c.charCodeAt(0)); }
async function sha256(...parts) {
  const joined = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) { joined.set(part, offset); offset += part.length; }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
}

// RFC 9162 section 2.1.3.2: verify an audit path for leaf `index` in a tree of `size` leaves.
async function verifyInclusion(canonicalBytes, index, size, path, rootHex) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  let r = await sha256(new Uint8Array([0]), canonicalBytes);
  for (const nodeHex of path) {
    const node = fromHex(nodeHex);
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await sha256(new Uint8Array([1]), node, r);
      while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await sha256(new Uint8Array([1]), r, node);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && hex(r) === rootHex.toLowerCase();
}

function showError(message) {
  $("#result").hidden = false;
  $("#verdict").textContent = "无法核验 Could not verify";
  $("#verdict").className = "fail";
  $("#message").textContent = message;
  $("#message").className = "error";
  $("#steps").replaceChildren();
  $("#browser-proof").textContent = "";
}

async function show(report) {
  const [zh, en, css] = verdicts[report.verdict] || verdicts["not-genuine"];
  $("#result").hidden = false;
  $("#verdict").textContent = `${zh} ${en}`;
  $("#verdict").className = css;
  $("#message").textContent = report.identifier ? `证照标识 Identifier: ${report.identifier}` : "";
  $("#message").className = "";
  $("#steps").replaceChildren(...report.steps.map((step) => {
    const [stepZh, stepEn] = labels[step.name] || [step.name, step.name];
    const [outcomeZh, outcomeEn, outcomeCss] = outcomes[step.outcome] || outcomes.Fail;
    const item = document.createElement("li");
    item.className = outcomeCss;
    item.dataset.step = step.name;
    item.dataset.outcome = outcomeCss;
    const title = document.createElement("div");
    title.innerHTML = `<strong></strong> <span class="outcome"></span>`;
    title.querySelector("strong").textContent = `${stepZh} ${stepEn}`;
    title.querySelector(".outcome").textContent = `${outcomeZh} ${outcomeEn}`;
    const reason = document.createElement("div");
    reason.textContent = step.reason;
    item.append(title, reason);
    return item;
  }));
  const inclusion = report.steps.find((step) => step.name === "inclusion");
  const proof = $("#browser-proof");
  if (inclusion && inclusion.outcome === "Pass" && inclusion.details.path) {
    const d = inclusion.details;
    const match = await verifyInclusion(fromBase64(d.canonicalBytes), d.leafIndex, d.treeSize, d.path, d.rootHash);
    proof.dataset.match = String(match);
    proof.textContent = match
      ? `本页已在您的浏览器中重新计算默克尔证明：一致。This page recomputed the Merkle proof in your browser: match (leaf ${d.leafIndex} of ${d.treeSize}, root ${d.rootHash}).`
      : "本页在您的浏览器中重新计算默克尔证明：不一致！This page recomputed the Merkle proof in your browser: MISMATCH.";
    proof.className = match ? "pass" : "fail";
    if (!match) {
      $("#verdict").textContent = "核验未通过 Not genuine";
      $("#verdict").className = "fail";
    }
  } else {
    proof.textContent = "";
    delete proof.dataset.match;
  }
}

async function request(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
  }
  return body;
}

async function verify() {
  const documentText = $("#document").value.trim();
  const lookup = $("#lookup").value.trim();
  try {
    if (documentText) {
      await show(await request("/api/verify/certificate", { method: "POST", headers: { "Content-Type": "application/json" }, body: documentText }));
    } else if (/^[0-9a-fA-F]{64}$/.test(lookup)) {
      await show(await request(`/api/verify/certificates/${lookup.toLowerCase()}`));
    } else if (lookup) {
      await show(await request(`/api/verify/identifiers/${encodeURIComponent(lookup)}`));
    } else {
      showError("请提供证照文件、内容、标识或哈希。Give the certificate file, its content, its identifier or its hash.");
    }
  } catch (error) {
    showError(error.message);
  }
}

async function readFile(file) {
  if (file.size > 64 * 1024) {
    showError("文件过大，不是证照。The file is too large to be a certificate.");
    return;
  }
  $("#document").value = await file.text();
  $("#lookup").value = "";
  await verify();
}

const drop = $("#drop");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  if (event.dataTransfer.files.length) readFile(event.dataTransfer.files[0]);
});
$("#file").addEventListener("change", (event) => { if (event.target.files.length) readFile(event.target.files[0]); });
$("#verify").addEventListener("click", verify);
$("#lookup").addEventListener("keydown", (event) => { if (event.key === "Enter") verify(); });

const query = new URLSearchParams(location.search);
const given = query.get("hash") || query.get("id");
if (given) {
  $("#lookup").value = given;
  verify();
}
