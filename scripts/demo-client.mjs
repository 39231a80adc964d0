// What the demo scripts share: bearer tokens minted with the local stack's development signing key, calls to the public
// API (waiting out a 503 while the database restarts), and the check characters of China's identifiers.
import { createHash, createPrivateKey, randomUUID, sign } from "node:crypto";
import { readFileSync } from "node:fs";

export const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const b64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/// A client of the API at `api`, minting tokens with the development key at `signingKeyPath`.
export function demoClient(api, signingKeyPath) {
  const signingKey = createPrivateKey(readFileSync(signingKeyPath));

  function token(agency, officer, roles, seconds = 3600) {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url({ alg: "ES256", typ: "JWT" });
    const payload = b64url({ iss: "ledger-dev", aud: "ledger-api", agency, sub: officer, role: roles, iat: now, nbf: now, exp: now + seconds });
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), { key: signingKey, dsaEncoding: "ieee-p1363" });
    return `${header}.${payload}.${signature.toString("base64url")}`;
  }

  // While the database restarts the API answers 503 with Retry-After; over the write limit, 429 with Retry-After; a
  // connection can drop while the API restarts. Each write carries one Idempotency-Key for all its attempts, so sending
  // it again never records it twice, whatever became of the first attempt.
  async function call(method, path, body, bearer, accept = [200, 201]) {
    const headers = { "content-type": "application/json", authorization: `Bearer ${bearer}` };
    if (method !== "GET") headers["idempotency-key"] = randomUUID();
    let response;
    for (let attempt = 1; ; attempt++) {
      try {
        response = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (unreachable) {
        if (attempt === 60) throw unreachable;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        continue;
      }
      const said = response.status === 503 || response.status === 409 ? await response.clone().text() : "";
      // Recorded, but the answer was lost as the database dropped: never send it again; read what was recorded instead.
      if (said.includes('"recorded":true') || said.includes("idempotency-key-recorded")) {
        const location = response.headers.get("location") ?? path.split("/").slice(0, -1).join("/");
        return call("GET", location, undefined, bearer);
      }
      const busy = response.status === 503 || response.status === 429 || said.includes("idempotency-key-in-flight");
      if (!busy || attempt === 60) break;
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get("retry-after") || 2)));
    }
    const text = await response.text();
    if (!accept.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  return { token, call };
}

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A unified social credit code (GB 32100): the 17 characters given and their check character.
export const creditCode = (body) => {
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...body].reduce((total, c, k) => total + creditAlphabet.indexOf(c) * weights[k], 0);
  return body + creditAlphabet[(31 - (sum % 31)) % 31];
};

/// A resident identity number (GB 11643): the 17 digits given and their check character.
export const residentId = (body) => {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, c, k) => total + Number(c) * weights[k], 0);
  return body + "10X98765432"[sum % 11];
};
