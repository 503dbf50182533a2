// A delivery sink for the federation fan-out benchmark: 200 inboxes that each VERIFY what they receive.
//
//   node bench/fedify/sink.mjs [--port 8200] [--inboxes 200]
//
// POST /inbox/{0..199}[?anything]  an ActivityPub delivery; also POST /users/{n}/inbox, a personal inbox
// POST /users/{n}/inbox            (bench/fanout.sh addresses Commune's followers so). Checked: the
//                                  draft-cavage HTTP Signature (rsa-sha256, or hs2019 with an RSA key) over
//                                  the headers it names, the Digest (SHA-256) of the body, a Date within an
//                                  hour, and that the key's owner is the activity's actor; the sender's key
//                                  is fetched from its keyId once and cached. 202 when all hold, 401
//                                  otherwise (with the reason as the body).
// GET  /stats                      {verified, refused, reasons, inboxesHit, first, last, elapsedMs, perSecond, cpuMs}
// POST /reset                      zero the counters (the sender calls it right before it starts sending)
//
// It uses nothing but Node's own crypto, so it measures Commune and Fedify with the same ruler.
import { createServer } from "node:http";
import { createHash, createPublicKey, verify } from "node:crypto";

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith("--") ? [[arg.slice(2), all[i + 1]]] : [])),
);
const port = Number(args.port ?? 8200);
const inboxes = Number(args.inboxes ?? 200);
const maxSkewMs = 3600 * 1000;

const keys = new Map(); // keyId -> Promise<{owner, publicKey} | null>: fetched once, shared by concurrent requests
let stats = fresh();

function fresh() {
  return {
    verified: 0, refused: 0, reasons: {}, hit: new Set(), reset: Date.now(), cpu: process.cpuUsage(), first: null, last: null,
  };
}

function cpuSinceReset() {
  const cpu = process.cpuUsage(stats.cpu);
  return Math.round((cpu.user + cpu.system) / 1000);
}

function refuse(reason) {
  stats.refused++;
  stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
  return [401, reason];
}

async function deliver(req, path, body) {
  const signature = parseSignature(req.headers.signature);
  if (signature == null) return refuse("no-signature");
  const algorithm = (signature.algorithm ?? "hs2019").toLowerCase();
  if (algorithm !== "rsa-sha256" && algorithm !== "hs2019") return refuse("algorithm");
  const signed = (signature.headers ?? "date").toLowerCase().split(/\s+/);
  for (const required of ["(request-target)", "host", "date", "digest"]) {
    if (!signed.includes(required)) return refuse(`unsigned-${required}`);
  }
  const date = Date.parse(req.headers.date ?? "");
  if (Number.isNaN(date) || Math.abs(Date.now() - date) > maxSkewMs) return refuse("date");
  const digest = /^sha-256=(.+)$/i.exec((req.headers.digest ?? "").trim());
  if (digest == null || digest[1] !== createHash("sha256").update(body).digest("base64")) return refuse("digest");
  for (const name of signed) {
    if (name !== "(request-target)" && req.headers[name] == null) return refuse(`missing-${name}`);
  }
  const key = await keyFor(signature.keyId);
  if (key == null) return refuse("key");
  let actor;
  try {
    actor = JSON.parse(body.toString("utf8")).actor;
  } catch {
    return refuse("json");
  }
  if (actor == null || (typeof actor === "object" ? actor.id : actor) !== key.owner) return refuse("key-owner");
  const bytes = Buffer.from(signature.signature, "base64");
  // draft-cavage's (request-target) is the path with its query; Fedify 1.5 signs the path alone.
  const targets = [path, path.split("?")[0]];
  const ok = targets.some((target) => verify("sha256", signingString(req, signed, target), key.publicKey, bytes));
  if (!ok) return refuse("signature");
  stats.verified++;
  const now = Date.now();
  stats.first ??= now;
  stats.last = now;
  return [202, ""];
}

function signingString(req, signed, target) {
  const lines = signed.map((name) =>
    name === "(request-target)" ? `(request-target): post ${target}` : `${name}: ${req.headers[name].trim()}`);
  return Buffer.from(lines.join("\n"));
}

function parseSignature(header) {
  if (typeof header !== "string") return null;
  const out = {};
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) out[match[1]] = match[2];
  return out.keyId && out.signature ? out : null;
}

function keyFor(keyId) {
  if (!keys.has(keyId)) keys.set(keyId, fetchKey(keyId));
  return keys.get(keyId);
}

async function fetchKey(keyId) {
  try {
    const response = await fetch(keyId.split("#")[0], { headers: { Accept: "application/activity+json" } });
    if (!response.ok) return null;
    const document = await response.json();
    const candidates = [document.publicKey].flat().filter((k) => k != null);
    const found = document.publicKeyPem != null ? document : candidates.find((k) => k.id === keyId);
    if (found?.publicKeyPem == null) return null;
    return { owner: found.owner ?? document.id, publicKey: createPublicKey(found.publicKeyPem) };
  } catch (error) {
    console.error(`key ${keyId}: ${error}`);
    keys.delete(keyId); // a later delivery may try again
    return null;
  }
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", async () => {
    const url = new URL(req.url, "http://sink");
    const body = Buffer.concat(chunks);
    let status = 404;
    let text = "";
    const shared = /^\/inbox\/(\d+)$/.exec(url.pathname);
    const personal = /^\/users\/(\d+)\/inbox$/.exec(url.pathname);
    if (req.method === "POST" && ((shared != null && Number(shared[1]) < inboxes) || personal != null)) {
      [status, text] = await deliver(req, req.url, body);
      if (status === 202) stats.hit.add(url.pathname);
    } else if (req.method === "GET" && url.pathname === "/stats") {
      status = 200;
      const elapsedMs = stats.last == null ? null : stats.last - stats.reset;
      text = JSON.stringify({
        verified: stats.verified,
        refused: stats.refused,
        reasons: stats.reasons,
        inboxesHit: stats.hit.size,
        first: stats.first,
        last: stats.last,
        elapsedMs,
        perSecond: elapsedMs ? Math.round((stats.verified * 1000 * 10) / elapsedMs) / 10 : null,
        cpuMs: cpuSinceReset(),
      });
    } else if (req.method === "POST" && url.pathname === "/reset") {
      stats = fresh();
      status = 204;
    }
    res.writeHead(status, { "Content-Type": status === 200 ? "application/json" : "text/plain" });
    res.end(text);
  });
});

server.keepAliveTimeout = 30_000;
server.listen(port, "127.0.0.1", () => console.log(`sink ready http://127.0.0.1:${server.address().port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
