// The Fedify side of the federation fan-out reference: one Create{Article} to N followers through Fedify's
// own fan-out and outbox queue, delivered to the verifying sink (sink.mjs), timed to the last delivery.
//
//   node bench/fedify/fanout.mjs --sink http://127.0.0.1:8200 --followers 1000 [--workers 1] [--port 0]
//
// Each follower has its own inbox URL, spread over the sink's 200 inbox paths (/inbox/{i % 200}?f={i}),
// so N followers mean N signed deliveries (Fedify sends once per distinct inbox URL). `--workers` wraps
// the in-process queue in Fedify's ParallelMessageQueue (1 = the plain, sequential in-process queue).
// Prints one JSON line: followers, verified, refused, time to the last delivery, deliveries per second,
// and the CPU milliseconds per delivery the sender and the sink spent.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import {
  Article,
  Create,
  InProcessMessageQueue,
  MemoryKvStore,
  Organization,
  ParallelMessageQueue,
  PUBLIC_COLLECTION,
  createFederation,
  generateCryptoKeyPair,
} from "@fedify/fedify";

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith("--") ? [[arg.slice(2), all[i + 1]]] : [])),
);
const sink = args.sink ?? "http://127.0.0.1:8200";
const followers = Number(args.followers ?? 1000);
const workers = Number(args.workers ?? 1);
const paths = Number(args.inboxes ?? 200);
const timeoutMs = Number(args["timeout-s"] ?? 900) * 1000;

const key = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
const inProcess = new InProcessMessageQueue({ pollInterval: { milliseconds: 100 } });
const federation = createFederation({
  kv: new MemoryKvStore(),
  queue: workers > 1 ? new ParallelMessageQueue(inProcess, workers) : inProcess,
  allowPrivateAddress: true,
  onOutboxError: (error) => console.error(`delivery failed: ${error?.message ?? error}`),
});

federation
  .setActorDispatcher("/actors/{identifier}", async (ctx, identifier) => {
    if (identifier !== "org") return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Organization({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fan-out reference",
      inbox: ctx.getInboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      publicKey: pairs[0].cryptographicKey,
    });
  })
  .setKeyPairsDispatcher((_ctx, identifier) => (identifier === "org" ? [key] : []));

federation.setInboxListeners("/actors/{identifier}/inbox", "/inbox");

federation.setFollowersDispatcher("/actors/{identifier}/followers", (_ctx, identifier) => {
  if (identifier !== "org") return null;
  const items = [];
  for (let i = 0; i < followers; i++) {
    items.push({ id: new URL(`${sink}/users/${i}`), inboxId: new URL(`${sink}/inbox/${i % paths}?f=${i}`) });
  }
  return { items };
});

const server = createServer(async (req, res) => {
  const response = await federation.fetch(new Request(new URL(req.url, origin), { headers: req.headers }), {
    contextData: undefined,
  });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise((resolve) => server.listen(Number(args.port ?? 0), "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const ctx = federation.createContext(new URL(origin), undefined);
const actor = ctx.getActorUri("org");
const articleId = new URL(`${origin}/articles/${randomUUID()}`);
const create = new Create({
  id: new URL(`${origin}/activities/${randomUUID()}`),
  actor,
  to: PUBLIC_COLLECTION,
  cc: ctx.getFollowersUri("org"),
  object: new Article({
    id: articleId,
    attribution: actor,
    name: "Fan-out reference article",
    summary: "One Create{Article} to every follower.",
    content: "<p>" + "Solidarity is a verb. ".repeat(40) + "</p>",
    url: articleId,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri("org"),
  }),
});

await fetch(`${sink}/reset`, { method: "POST" });
const started = Date.now();
const cpuAtStart = process.cpuUsage();
await ctx.sendActivity({ identifier: "org" }, "followers", create, { fanout: "force" });
const enqueuedMs = Date.now() - started;

let stats;
for (;;) {
  stats = await (await fetch(`${sink}/stats`)).json();
  if (stats.verified + stats.refused >= followers || Date.now() - started > timeoutMs) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const toLastMs = stats.last == null ? null : stats.last - started;
const cpu = process.cpuUsage(cpuAtStart);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
console.log(JSON.stringify({
  fedify: "1.5.9",
  node: process.version,
  followers,
  workers,
  verified: stats.verified,
  refused: stats.refused,
  reasons: stats.reasons,
  inboxesHit: stats.inboxesHit,
  enqueuedMs,
  toLastMs,
  perSecond: toLastMs ? Math.round((stats.verified * 1000 * 10) / toLastMs) / 10 : null,
  // CPU the sender spent (all of its own work: fan-out, signing, HTTP), and the sink's on verifying;
  // per delivery these hardly depend on what else the machine runs, unlike deliveries per second.
  senderCpuMsPerDelivery: stats.verified ? Math.round((cpuMs / stats.verified) * 100) / 100 : null,
  sinkCpuMsPerDelivery: stats.verified ? Math.round((stats.cpuMs / stats.verified) * 100) / 100 : null,
}));
process.exit(stats.verified === followers ? 0 : 1);
