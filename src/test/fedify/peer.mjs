// A real ActivityPub peer for Commune's federation tests, built on Fedify 1.5 (npm @fedify/fedify).
//
//   node peer.mjs --port 8123 [--actors alice,bob]
//
// It serves the actors (Person, RSA-2048 + Ed25519 keys, shared and personal inboxes, followers
// collection, notes) on http://127.0.0.1:PORT and keeps everything in memory. Fedify itself verifies
// the HTTP Signatures of every delivery (and that the signing key belongs to the activity's actor), so
// the inbox handlers below only ever see activities that passed; those are what `/control/received`
// lists. A small JSON control API under /control/ lets a test drive the peer (see `control` below).
//
// Fedify needs actor URLs, not acct: handles, over plain HTTP on loopback, and `allowPrivateAddress`.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import {
  Accept,
  Create,
  Delete,
  Endpoints,
  Follow,
  InProcessMessageQueue,
  MemoryKvStore,
  Move,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Reject,
  Undo,
  Update,
  createFederation,
  generateCryptoKeyPair,
  getDocumentLoader,
} from "@fedify/fedify";
import { signRequest } from "@fedify/fedify/sig";
import { Temporal } from "@js-temporal/polyfill";

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? 0);
const host = "127.0.0.1";
const actorNames = (args.actors ?? "alice,bob").split(",").filter((name) => name !== "");

// State, all in memory: the test that starts the peer owns it.
const keys = new Map(); // actor name -> [{privateKey, publicKey}] (RSA first, then Ed25519)
const aliases = new Map(); // actor name -> [alsoKnownAs URL strings]
const movedTo = new Map(); // actor name -> URL string
const followers = new Map(); // actor name -> Map(follower actor id -> {id, inbox, sharedInbox, followId})
const following = new Map(); // actor name -> Map(followed actor id -> {actor, state, followId})
const notes = new Map(); // note id -> {name, note JSON-LD}
const received = []; // every verified activity the inbox handlers got, in arrival order
const problems = []; // what the peer refused to act on (e.g. a Move without the alias), for tests to see

for (const name of actorNames) {
  keys.set(name, [
    await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"),
    await generateCryptoKeyPair("Ed25519"),
  ]);
  aliases.set(name, []);
  followers.set(name, new Map());
  following.set(name, new Map());
}

let origin; // set once the server listens (the port may be chosen by the OS)

const federation = createFederation({
  kv: new MemoryKvStore(),
  queue: new InProcessMessageQueue(),
  allowPrivateAddress: true,
  // Tests should not wait hours for a retry: a few quick attempts, then give up.
  outboxRetryPolicy: quickRetries,
  inboxRetryPolicy: quickRetries,
});

// Look-ups the tests drive (and the Move check) fetch afresh, as Mastodon does: Fedify's default
// loader caches remote documents, which would hide an actor's new alsoKnownAs or movedTo.
const freshLoader = getDocumentLoader({ allowPrivateAddress: true });

function lookupFresh(ctx, url) {
  return ctx.lookupObject(url, { documentLoader: freshLoader, contextLoader: ctx.contextLoader });
}

function quickRetries({ attempts }) {
  return attempts < 3 ? { seconds: 1 } : null;
}

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (!keys.has(identifier)) return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: `Fedify ${identifier}`,
      summary: "A Fedify peer in Commune's federation tests.",
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      followers: ctx.getFollowersUri(identifier),
      url: ctx.getActorUri(identifier),
      manuallyApprovesFollowers: false,
      publicKey: pairs[0].cryptographicKey,
      assertionMethods: pairs.map((pair) => pair.multikey),
      aliases: aliases.get(identifier).map((url) => new URL(url)),
      successor: movedTo.has(identifier) ? new URL(movedTo.get(identifier)) : null,
    });
  })
  .setKeyPairsDispatcher((_ctx, identifier) => keys.get(identifier) ?? []);

federation.setFollowersDispatcher("/users/{identifier}/followers", (_ctx, identifier) => {
  const theirs = followers.get(identifier);
  if (theirs == null) return null;
  return {
    items: [...theirs.values()].map((follower) => ({
      id: new URL(follower.id),
      inboxId: new URL(follower.inbox),
      endpoints: follower.sharedInbox == null ? null : { sharedInbox: new URL(follower.sharedInbox) },
    })),
  };
});

federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", async (ctx, values) => {
  const stored = notes.get(ctx.getObjectUri(Note, values).href);
  return stored == null ? null : await Note.fromJsonLd(stored.json, ctx);
});

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, async (ctx, follow) => {
    await record(ctx, follow);
    const parsed = ctx.parseUri(follow.objectId);
    if (parsed?.type !== "actor" || !keys.has(parsed.identifier)) return;
    const follower = await follow.getActor();
    if (follower?.id == null || follower.inboxId == null) return;
    followers.get(parsed.identifier).set(follower.id.href, {
      id: follower.id.href,
      inbox: follower.inboxId.href,
      sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
      followId: follow.id?.href ?? null,
    });
    await ctx.sendActivity(
      { identifier: parsed.identifier },
      follower,
      new Accept({
        id: new URL(`${ctx.getActorUri(parsed.identifier).href}#accepts/${randomUUID()}`),
        actor: follow.objectId,
        object: follow,
      }),
    );
  })
  .on(Accept, async (ctx, accept) => {
    await record(ctx, accept);
    settleFollow(accept, "accepted");
  })
  .on(Reject, async (ctx, reject) => {
    await record(ctx, reject);
    settleFollow(reject, "rejected");
  })
  .on(Create, async (ctx, create) => {
    await record(ctx, create);
  })
  .on(Update, async (ctx, update) => {
    await record(ctx, update);
  })
  .on(Delete, async (ctx, del) => {
    await record(ctx, del);
  })
  .on(Undo, async (ctx, undo) => {
    await record(ctx, undo);
    const object = await undo.getObject();
    if (object instanceof Follow && object.actorId?.href === undo.actorId?.href) {
      const parsed = ctx.parseUri(object.objectId);
      if (parsed?.type === "actor") followers.get(parsed.identifier)?.delete(undo.actorId.href);
    }
  })
  .on(Move, async (ctx, move) => {
    await record(ctx, move);
    await followMove(ctx, move);
  });

/** What Mastodon does on Move: check the target names the old actor in alsoKnownAs, then follow it. */
async function followMove(ctx, move) {
  const oldId = move.actorId?.href;
  if (oldId == null || move.objectId?.href !== oldId || move.targetId == null) {
    problems.push({ move: move.id?.href ?? null, reason: "malformed" });
    return;
  }
  // Fetched afresh, as Mastodon does: the target's own document must claim the old account.
  const target = await lookupFresh(ctx, move.targetId.href);
  if (target?.id == null || target.inboxId == null) {
    problems.push({ move: move.id?.href ?? null, reason: "target-unreachable" });
    return;
  }
  if (!target.aliasIds.some((alias) => alias.href === oldId)) {
    problems.push({ move: move.id?.href ?? null, reason: "target-does-not-claim-old-actor" });
    return;
  }
  for (const [name, theirs] of following) {
    const old = theirs.get(oldId);
    if (old == null) continue;
    old.state = "moved";
    await sendFollow(ctx, name, target);
  }
}

function settleFollow(answer, state) {
  const followId = answer.objectId?.href;
  for (const theirs of following.values()) {
    for (const entry of theirs.values()) {
      if (entry.actor === answer.actorId?.href && (followId == null || entry.followId === followId
          || entry.state === "pending")) {
        entry.state = state;
      }
    }
  }
}

async function record(ctx, activity) {
  received.push({
    type: activity.constructor.typeId.href.replace("https://www.w3.org/ns/activitystreams#", ""),
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    recipient: ctx.recipient ?? null,
    receivedAt: new Date().toISOString(),
    object: activity.objectId?.href ?? null,
    activity: await activity.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader }),
  });
}

async function sendFollow(ctx, name, target) {
  const followId = `${ctx.getActorUri(name).href}#follows/${randomUUID()}`;
  following.get(name).set(target.id.href, { actor: target.id.href, state: "pending", followId });
  await ctx.sendActivity(
    { identifier: name },
    target,
    new Follow({ id: new URL(followId), actor: ctx.getActorUri(name), object: target.id }),
  );
  return followId;
}

// ---- The control API --------------------------------------------------------------------------

async function control(request, url) {
  const ctx = federation.createContext(new URL(origin), undefined);
  const body = request.method === "POST" ? await request.json().catch(() => ({})) : {};
  const name = body.as ?? url.searchParams.get("as") ?? actorNames[0];
  if (!keys.has(name)) return json({ error: "unknown-actor" }, 404);
  switch (`${request.method} ${url.pathname}`) {
    case "GET /control/ready":
      return json({ origin, actors: actorNames.map((n) => ctx.getActorUri(n).href) });
    case "GET /control/received":
      return json(received);
    case "GET /control/problems":
      return json(problems);
    case "GET /control/following":
      return json([...following.get(name).values()]);
    case "GET /control/followers":
      return json([...followers.get(name).values()]);
    case "POST /control/lookup": {
      const object = await lookupFresh(ctx, requireString(body.url));
      if (object == null) return json({ error: "not-found" }, 404);
      return json(await object.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader }));
    }
    case "POST /control/follow": {
      const target = await lookupFresh(ctx, requireString(body.url));
      if (target?.id == null || target.inboxId == null) return json({ error: "not-an-actor" }, 404);
      return json({ followId: await sendFollow(ctx, name, target) });
    }
    case "POST /control/unfollow": {
      const entry = following.get(name).get(requireString(body.url));
      if (entry == null) return json({ error: "not-following" }, 404);
      const target = await lookupFresh(ctx, entry.actor);
      following.get(name).delete(entry.actor);
      await ctx.sendActivity({ identifier: name }, target, new Undo({
        id: new URL(`${ctx.getActorUri(name).href}#undo/${randomUUID()}`),
        actor: ctx.getActorUri(name),
        object: new Follow({ id: new URL(entry.followId), actor: ctx.getActorUri(name), object: target.id }),
      }));
      return json({ ok: true });
    }
    case "POST /control/post": {
      const create = await newCreateNote(ctx, name, requireString(body.content));
      await ctx.sendActivity({ identifier: name }, "followers", create, { preferSharedInbox: true });
      return json({ id: create.id.href, object: create.objectId.href });
    }
    case "POST /control/alias": {
      aliases.get(name).push(requireString(body.url));
      return json({ alsoKnownAs: aliases.get(name) });
    }
    case "POST /control/move": {
      const target = requireString(body.target);
      movedTo.set(name, target);
      const move = new Move({
        id: new URL(`${ctx.getActorUri(name).href}#moves/${randomUUID()}`),
        actor: ctx.getActorUri(name),
        object: ctx.getActorUri(name),
        target: new URL(target),
        to: ctx.getFollowersUri(name),
      });
      await ctx.sendActivity({ identifier: name }, "followers", move, { preferSharedInbox: true });
      return json({ id: move.id.href });
    }
    case "POST /control/forge":
      return json(await forge(ctx, name, requireString(body.inbox), requireString(body.kind)));
    default:
      return json({ error: "no-such-control" }, 404);
  }
}

async function newCreateNote(ctx, name, content) {
  const actor = ctx.getActorUri(name);
  const noteId = ctx.getObjectUri(Note, { identifier: name, id: randomUUID() });
  const note = new Note({
    id: noteId,
    attribution: actor,
    content,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(name),
    published: Temporal.Now.instant(),
  });
  notes.set(noteId.href, { name, json: await note.toJsonLd({ contextLoader: ctx.contextLoader }) });
  return new Create({
    id: new URL(`${noteId.href}/activity`),
    actor,
    object: note,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(name),
  });
}

/**
 * Delivers a Create{Note} from `name` to `inbox`, forged the way `kind` says, straight (no queue,
 * no retry) so the test sees the receiver's answer:
 *  - valid:         signed properly — the control case, which the receiver must accept;
 *  - wrong-key:     the Signature names the actor's key id but was made with another private key;
 *  - other-actor:   validly signed by another actor of this peer, while `actor` claims `name`;
 *  - tampered-body: signed, then the body changed (Digest and signature no longer match);
 *  - stale-date:    properly signed, but with a Date two hours old;
 *  - unsigned:      no Signature header at all.
 */
async function forge(ctx, name, inbox, kind) {
  const create = await newCreateNote(ctx, name, `Forged (${kind}) ${randomUUID()}`);
  const body = JSON.stringify(await create.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader }));
  const headers = { "Content-Type": "application/activity+json", Accept: "application/activity+json" };
  const keyId = (await ctx.getActorKeyPairs(name))[0].keyId;
  let signed;
  switch (kind) {
    case "valid":
      signed = await signRequest(post(inbox, body, headers), keys.get(name)[0].privateKey, keyId);
      break;
    case "wrong-key": {
      const stranger = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
      signed = await signRequest(post(inbox, body, headers), stranger.privateKey, keyId);
      break;
    }
    case "other-actor": {
      const other = actorNames.find((n) => n !== name);
      if (other == null) throw new ControlError("needs-two-actors");
      const otherKeyId = (await ctx.getActorKeyPairs(other))[0].keyId;
      signed = await signRequest(post(inbox, body, headers), keys.get(other)[0].privateKey, otherKeyId);
      break;
    }
    case "tampered-body": {
      const original = await signRequest(post(inbox, body, headers), keys.get(name)[0].privateKey, keyId);
      const changed = body.replace("Forged (tampered-body)", "Changed after signing");
      signed = new Request(original.url, { method: "POST", headers: original.headers, body: changed });
      break;
    }
    case "stale-date": {
      const stale = { ...headers, Date: new Date(Date.now() - 2 * 3600 * 1000).toUTCString() };
      signed = await signRequest(post(inbox, body, stale), keys.get(name)[0].privateKey, keyId);
      break;
    }
    case "unsigned":
      signed = post(inbox, body, headers);
      break;
    default:
      throw new ControlError("unknown-kind");
  }
  const response = await fetch(signed, { redirect: "manual" });
  return { kind, id: create.id.href, status: response.status, body: (await response.text()).slice(0, 2000) };
}

function post(url, body, headers) {
  return new Request(url, { method: "POST", headers, body });
}

class ControlError extends Error {}

function requireString(value) {
  if (typeof value !== "string" || value === "") throw new ControlError("missing-field");
  return value;
}

function json(value, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });
}

// ---- HTTP: Node's server in front of Fedify's fetch handler ------------------------------------

const server = createServer(async (req, res) => {
  try {
    const request = await toRequest(req);
    const url = new URL(request.url);
    let response;
    if (url.pathname.startsWith("/control/")) {
      response = await control(request, url).catch((error) => {
        if (error instanceof ControlError) return json({ error: error.message }, 400);
        console.error(`control ${url.pathname} failed:`, error);
        return json({ error: "failed", message: String(error?.message ?? error) }, 500);
      });
    } else {
      response = await federation.fetch(request, {
        contextData: undefined,
        onNotFound: () => new Response("Not found", { status: 404 }),
        onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
      });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    console.error("request failed:", error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("peer error");
  }
});

async function toRequest(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value != null) headers.set(key, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url, origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

server.listen(port, host, () => {
  origin = `http://${host}:${server.address().port}`;
  // The Java harness waits for this line.
  console.log(`fedify-peer ready ${origin}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}
