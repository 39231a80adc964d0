// Issues an Open311 API key for the "12345 热线" channel through the admin API and writes it to DATA_DIR/open311-api-key,
// for trying GeoReport v2 clients against the local stack. Kept when the file is already there (the database under the
// same DATA_DIR holds its hash).
// Usage: node scripts/open311-key.mjs API_URL TOKEN_SIGNING_KEY.pem DATA_DIR
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoClient } from "./demo-client.mjs";

const [api = "http://127.0.0.1:5080", signingKeyPath = ".data/auth/token-signing.pem", dataDir = ".data"] = process.argv.slice(2);
const keyFile = join(dataDir, "open311-api-key");
if (existsSync(keyFile)) {
  console.log(`open311: the 12345 热线 channel's key is in ${keyFile}`);
  process.exit(0);
}

const { token } = demoClient(api, signingKeyPath);
const response = await fetch(`${api}/api/open311/keys`, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${token("11310000MB2F00001C", "admin.demo", ["admin"], 600)}` },
  body: JSON.stringify({ channel: "12345 热线", source: "Hotline12345" }),
});
const text = await response.text();
if (response.status !== 201) {
  throw new Error(`POST /api/open311/keys answered ${response.status}: ${text}`);
}

writeFileSync(keyFile, JSON.parse(text).apiKey + "\n", { mode: 0o600 });
console.log(`open311: issued a key for the 12345 热线 channel, written to ${keyFile}`);
