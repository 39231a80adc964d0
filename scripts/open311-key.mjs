// Issues an Open311 API key for the "12345 热线" channel through the admin API and writes it to DATA_DIR/open311-api-key,
// for trying GeoReport v2 clients against the local stack. Kept when the file is already there (the database under the
// same DATA_DIR holds its hash).
// Usage: node scripts/open311-key.mjs API_URL TOKEN_SIGNING_KEY.pem DATA_DIR
import { createPrivateKey, sign } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [api = "http://127.0.0.1:5080", signingKeyPath = ".data/auth/token-signing.pem", dataDir = ".data"] = process.argv.slice(2);
const keyFile = join(dataDir, "open311-api-key");
if (existsSync(keyFile)) {
  console.log(`open311: the 12345 热线 channel's key is in ${keyFile}`);
  process.exit(0);
}

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const unsigned = `${b64url({ alg: "ES256", typ: "JWT" })}.${b64url({ iss: "ledger-dev", aud: "ledger-api", agency: "11310000MB2F00001C", sub: "admin.demo", role: ["admin"], iat: now, nbf: now, exp: now + 600 })}`;
const signature = sign("sha256", Buffer.from(unsigned), { key: createPrivateKey(readFileSync(signingKeyPath)), dsaEncoding: "ieee-p1363" });

const response = await fetch(`${api}/api/open311/keys`, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${unsigned}.${signature.toString("base64url")}` },
  body: JSON.stringify({ channel: "12345 热线", source: "Hotline12345" }),
});
const text = await response.text();
if (response.status !== 201) {
  throw new Error(`POST /api/open311/keys answered ${response.status}: ${text}`);
}

writeFileSync(keyFile, JSON.parse(text).apiKey + "\n", { mode: 0o600 });
console.log(`open311: issued a key for the 12345 热线 channel, written to ${keyFile}`);
