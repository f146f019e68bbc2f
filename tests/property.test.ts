// Property-based tests (fast-check) of the agent protocol and the HTTP API against the real
// server (CONTRACT.md, "The agent protocol": "Bad input never closes a connection
// otherwise, never crashes the process, and never leaves a partial write"). Each run is a
// few steps; in each step three agents (two of bot 1, one of bot 2) and bot 1's backend act
// at once with plausible, mutated and hostile input: wrong types, huge numbers, deep
// nesting, unicode, missing fields, binary frames, broken JSON. After every step:
// - the process answers GET /healthz;
// - every reply carries a contract code, and never 500;
// - a user has at most one open session; an active session has exactly one agent, of its
//   own bot; a waiting one has none;
// - no agent holds more automatic assignments than its capacity;
// - nothing is half-written (read from the SQLite file itself, read-only).
import { afterAll, beforeAll, expect, test } from "bun:test";
import fc from "fast-check";
import { requests as frames } from "../src/wire/requests";
import { type Frame, TestAgent } from "./helpers/agent";
import { openTestDb, type TestDb } from "./helpers/db";
import { startTestServer, type TestServer } from "./helpers/server";

const WS_CODES = new Set([0, 400, 401, 403, 404, 409, 429, 440, 490, 492]);
const HTTP_CODES = new Set([0, 400, 401, 403, 404, 409, 413, 429]);
const USERS = ["u0", "u1", "u2", "u3", "u4", "用户", "u\u0000x"];

let server: TestServer;
let sqlite: TestDb;
let bot2Key: string;
/** The fuzzed agents: [bot 1, bot 1, bot 2]. Small capacity, so it is reached. */
const agents: { id: number; token: string; conn: TestAgent | null; sent: number }[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_API_RATE: "100000" } });
  const b2 = await server.store.identity.createBot({
    name: "two",
    webhookUrl: null,
    now: Date.now(),
  });
  bot2Key = b2.apiKey;
  for (const botId of [1, 1, b2.bot.id]) {
    const { agent, token } = await server.store.identity.createAgent({
      botId,
      name: `fuzz-${agents.length}`,
      headImg: "",
      maxSessions: 2,
      now: Date.now(),
    });
    agents.push({ id: agent.id, token, conn: null, sent: 0 });
  }
  sqlite = openTestDb(server.db);
});
afterAll(async () => {
  for (const a of agents) a.conn?.close();
  await sqlite.close();
  await server.destroy();
});

// ---------------------------------------------------------------------------------------
// Input: plausible values, hostile values, and both mixed into frames and bodies.

const hugeNumber = fc.constantFrom(
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -0,
  0.5,
  1e-7,
);
const nastyString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "0", "01", "1e3", "-1", "NaN", "null", "__proto__", "constructor"),
  fc.constantFrom("a".repeat(9000), "😀".repeat(3000), "\u202e\u0000\ud800"),
);
/** For a query string: a URL has a length limit of its own, in front of kefu. */
const shortString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", "-1", "1e3", "NaN", "99999999999999999999", "0x10"),
);
/** Nested arrays and objects, deeper than any handler expects. */
const deep = fc
  .integer({ min: 50, max: 3000 })
  .map((d) => JSON.parse("[".repeat(d) + "]".repeat(d)) as unknown);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  hugeNumber,
  nastyString,
  deep,
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
);

const item = fc.oneof(
  fc.record({
    type: fc.constant("text"),
    value: fc.record({ text: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), nastyString) }),
  }),
  fc.record({
    type: fc.constantFrom("picture", "video", "voice"),
    value: fc.record({ url: fc.webUrl() }),
  }),
  hostile,
);
const items = fc.oneof(fc.array(item, { minLength: 1, maxLength: 4 }), hostile);

/** Plausible values for the fields the protocol and the API know, by name. */
function plausible(field: string): fc.Arbitrary<unknown> {
  switch (field) {
    case "userid":
      return fc.constantFrom(...USERS);
    case "customer_id":
      // Agent 1 is bot 1's admin; 2 and 3 are the fuzzed agents of bot 1, 4 of bot 2.
      return fc.constantFrom(1, 2, 3, 4, 999, "2", "4");
    case "bid":
      return fc.constantFrom(1, 2, "1", "2", 3);
    case "status":
      return fc.constantFrom(0, 1, 1, 1, 2, 3, "1");
    case "message":
    case "user_query":
    case "bot_response":
      return items;
    case "page":
    case "pagesize":
      return fc.integer({ min: 1, max: 120 });
    case "force_online":
      return fc.constantFrom(0, 1, true);
    case "handoff":
      return fc.boolean();
    case "token":
      return fc.constantFrom("kft_wrong", "");
    case "data":
      return fc.record({ method: fc.constant("bot_data"), n: fc.integer() });
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 100 }));
  }
}

/** An object with some of these fields, each plausible or hostile, plus stray ones. */
function body(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const entries = fields.map((f) =>
    fc.option(fc.oneof({ weight: 4, arbitrary: plausible(f) }, { weight: 1, arbitrary: hostile }), {
      freq: 4,
    }),
  );
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 2 }),
    )
    .map(([values, stray]) => {
      const out: Record<string, unknown> = { ...stray };
      fields.forEach((f, i) => {
        if (values[i] !== null) out[f] = values[i];
      });
      return out;
    });
}

/** What reaches the socket: a text or a binary frame. */
type Wire = { text: string } | { bytes: Uint8Array };

const methodFrame = fc.constantFrom(...Object.keys(frames), "nope", "").chain((method) => {
  const schema = (frames as Record<string, { shape: Record<string, unknown> } | undefined>)[method];
  return body(Object.keys(schema?.shape ?? {})).map((b) => ({ ...b, method }));
});

/** Well-formed frames of the methods that move sessions, so the desk's state gets busy. */
const sessionFrame = fc.oneof(
  fc.record({ method: fc.constantFrom("connect", "disconnect"), userid: plausible("userid") }),
  fc.record({ method: fc.constant("transform"), userid: plausible("userid") }),
  fc.record({
    method: fc.constant("transform"),
    userid: plausible("userid"),
    customer_id: plausible("customer_id"),
  }),
  fc.record({
    method: fc.constant("send_to_user"),
    userid: plausible("userid"),
    message: fc.array(item, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ method: fc.constant("set_customer_status"), status: plausible("status") }),
);

/** Text-level damage to a frame: cut, spliced, or not JSON at all. */
const wire: fc.Arbitrary<Wire> = fc.oneof(
  { weight: 6, arbitrary: sessionFrame.map((f) => ({ text: JSON.stringify(f) })) },
  { weight: 6, arbitrary: methodFrame.map((f) => ({ text: JSON.stringify(f) })) },
  {
    weight: 1,
    arbitrary: fc.tuple(methodFrame, fc.nat(), fc.string({ maxLength: 3 })).map(([f, at, junk]) => {
      const t = JSON.stringify(f);
      const cut = at % (t.length + 1);
      return { text: t.slice(0, cut) + junk + t.slice(cut + 1) };
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
        nastyString,
        deep.map((d) => JSON.stringify({ method: "connect", userid: "u1", d })),
        fc.constant(`{"method":"connect","userid":"u1","x":${"[".repeat(20000)}`),
        fc.constant('{"method":{"toString":1}}'),
      )
      .filter((t) => t !== "beat")
      .map((text) => ({ text })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })) },
);

const ROUTES: Record<string, readonly string[]> = {
  "/api/chat/user_message": ["bid", "userid", "user_query", "bot_response", "msgid", "handoff"],
  "/api/user/profile": ["bid", "userid", "nickname", "sex", "wid", "att_time", "city"],
  "/api/chat/send_to_group": ["bid", "data", "exclude_client_id"],
  "/api/chat/send_to_customer": ["bid", "customer_id", "data"],
  "/api/chat/queue_status": ["bid", "userid"],
  "/api/chat/rating": ["bid", "userid", "session_id", "score", "comment"],
  "/api/customer/list": ["bid"],
  "/api/customer/info": ["bid", "customer_id"],
  "/api/customer/is_online": ["bid", "customer_id"],
  "/api/canned/list": ["bid", "code"],
  "/api/kb/create": ["bid", "questions", "answer"],
  "/api/kb/delete": ["bid", "id"],
};

interface HttpCall {
  method: "GET" | "POST";
  path: string;
  body: string | null;
  key: "bot1" | "bot2" | "wrong";
}

const httpCall: fc.Arbitrary<HttpCall> = fc.oneof(
  // A user's well-formed message: it drives sessions, routing and capacity.
  {
    weight: 4,
    arbitrary: fc
      .record({
        userid: fc.constantFrom(...USERS),
        user_query: fc.array(item, { minLength: 1, maxLength: 2 }),
        handoff: fc.boolean(),
      })
      .map((b) => ({
        method: "POST" as const,
        path: "/api/chat/user_message",
        body: JSON.stringify(b),
        key: "bot1" as const,
      })),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...Object.keys(ROUTES)),
        fc.constantFrom("bot1", "bot1", "bot2", "wrong"),
      )
      .chain(([path, key]) =>
        fc
          .oneof(
            { weight: 5, arbitrary: body(ROUTES[path] ?? []).map((b) => JSON.stringify(b)) },
            {
              weight: 1,
              arbitrary: fc.oneof(
                nastyString,
                fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
              ),
            },
          )
          .map((b) => ({ method: "POST" as const, path, body: b, key: key as HttpCall["key"] })),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom("/api/chat/events", "/api/reports", "/api/audit"),
        fc.dictionary(
          fc.constantFrom("after", "limit", "bid", "from", "to", "by", "customer_id"),
          shortString,
          { maxKeys: 3 },
        ),
      )
      .map(([path, q]) => ({
        method: "GET" as const,
        path: `${path}?${new URLSearchParams(q as Record<string, string>)}`,
        body: null,
        key: "bot1" as const,
      })),
  },
);

type Action = { kind: "agent"; who: number; wire: Wire } | { kind: "http"; call: HttpCall };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ who: fc.integer({ min: 0, max: 2 }), wire })
      .map((a) => ({ kind: "agent" as const, ...a })),
  },
  { weight: 2, arbitrary: httpCall.map((call) => ({ kind: "http" as const, call })) },
);

// ---------------------------------------------------------------------------------------
// Running actions and checking what came back.

/** Logged in, on a connection that has room left in its frame budget (429 is not the point). */
async function ready(i: number): Promise<TestAgent> {
  const a = agents[i];
  if (!a) throw new Error(`no agent ${i}`);
  if (a.conn && !a.conn.closed && a.sent < 40) return a.conn;
  if (a.conn && !a.conn.closed) {
    a.conn.close();
    await a.conn.waitClosed();
  }
  a.conn = await TestAgent.login(server.wsUrl, a.token, { force_online: 1 });
  a.sent = 1;
  // Auto-connect on for two of them, so routing and capacity are exercised.
  if (i < 2) {
    const r = await a.conn.request({ method: "set_auto_connect_status", status: 1 });
    expect(r.code).toBe(0);
    a.sent++;
  }
  return a.conn;
}

/** The method a reply to this frame names: the frame's own, or null if it has none. */
function expectedMethod(w: Wire): string | null {
  if (!("text" in w)) return null;
  try {
    const v: unknown = JSON.parse(w.text);
    if (typeof v === "object" && v !== null && !Array.isArray(v) && "method" in v) {
      return typeof v.method === "string" ? v.method : null;
    }
  } catch {}
  return null;
}

async function runAgent(who: number, w: Wire): Promise<void> {
  const conn = await ready(who);
  const method = expectedMethod(w);
  const agent = agents[who];
  if (agent) agent.sent++;
  conn.ws.send("text" in w ? w.text : w.bytes);
  const reply: Frame = await conn.next(
    (f) => "msg" in f && (f.method ?? null) === method && !String(f.method).endsWith("_push"),
    10_000,
  );
  const label = { sent: "text" in w ? w.text.slice(0, 300) : "binary", reply };
  expect({ ...label, ok: WS_CODES.has(reply.code as number) }).toEqual({ ...label, ok: true });
  // logout closes the connection; so may a login frame's 4003 after repeated bad tokens.
  if (method === "logout" && reply.code === 0) await conn.waitClosed();
}

async function runHttp(call: HttpCall): Promise<void> {
  const key = call.key === "bot1" ? server.apiKey : call.key === "bot2" ? bot2Key : "kfk_wrong";
  const res = await fetch(`${server.url}${call.path}`, {
    method: call.method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(call.body === null ? {} : { body: call.body }),
  });
  const text = await res.text();
  const label = {
    call: { ...call, body: call.body?.slice(0, 300) },
    status: res.status,
    text: text.slice(0, 300),
  };
  const parsed = JSON.parse(text) as { code: number };
  const ok = HTTP_CODES.has(parsed.code) && res.status === (parsed.code === 0 ? 200 : parsed.code);
  expect({ ...label, ok }).toEqual({ ...label, ok: true });
}

const rows = <T>(q: string, ...params: unknown[]) => sqlite.all<T>(q, ...params);

async function checkInvariants(): Promise<void> {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });

  // At most one open session per user.
  expect(
    await rows(`SELECT bot_id, userid FROM sessions WHERE state <> 'ended'
          GROUP BY bot_id, userid HAVING count(*) > 1`),
  ).toEqual([]);
  // Active: exactly one agent, of the same bot, and a time it was assigned.
  expect(
    await rows(`SELECT s.id, s.agent_id FROM sessions s LEFT JOIN agents a ON a.id = s.agent_id
          WHERE s.state = 'active'
            AND (a.id IS NULL OR a.bot_id <> s.bot_id OR s.assigned_at IS NULL)`),
  ).toEqual([]);
  // Waiting: no agent. Ended: when and why.
  expect(
    await rows(`SELECT id FROM sessions WHERE state = 'waiting' AND agent_id IS NOT NULL`),
  ).toEqual([]);
  expect(
    await rows(`SELECT id FROM sessions WHERE state = 'ended'
          AND (ended_at IS NULL OR ended_reason IS NULL)`),
  ).toEqual([]);
  // No agent holds more automatic assignments than its capacity.
  expect(
    await rows(
      `SELECT a.id, a.max_sessions, count(s.id) AS auto FROM agents a
          JOIN sessions s ON s.agent_id = a.id AND s.state = 'active' AND s.assigned_auto = $1
          GROUP BY a.id HAVING count(s.id) > a.max_sessions`,
      true,
    ),
  ).toEqual([]);
  // Nothing half-written: each agent reply has its event, each message its user, each item
  // of one call the same session and sender, and each open session a user.
  const replies = (
    await rows<{ n: number }>(
      `SELECT CAST(count(DISTINCT batch) AS integer) AS n FROM messages WHERE "from" = 'agent'`,
    )
  )[0]?.n;
  const replyEvents = (
    await rows<{ n: number }>(
      `SELECT CAST(count(*) AS integer) AS n FROM events WHERE type = 'agent_message'`,
    )
  )[0]?.n;
  expect(replyEvents).toBe(replies);
  expect(
    await rows(`SELECT m.id FROM messages m LEFT JOIN users u ON u.bot_id = m.bot_id AND u.userid = m.userid
          WHERE u.userid IS NULL`),
  ).toEqual([]);
  expect(
    await rows(`SELECT batch FROM messages GROUP BY batch
          HAVING count(DISTINCT "from") > 1 OR count(DISTINCT coalesce(session_id, -1)) > 1
              OR count(DISTINCT userid) > 1`),
  ).toEqual([]);
  expect(
    await rows(`SELECT s.id FROM sessions s LEFT JOIN users u ON u.bot_id = s.bot_id AND u.userid = s.userid
          WHERE u.userid IS NULL`),
  ).toEqual([]);
  expect(await rows(`SELECT id FROM messages WHERE "from" = 'agent' AND agent_id IS NULL`)).toEqual(
    [],
  );
}

test("agents and a bot sending random and hostile input at once keep every invariant", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(action, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
      async (steps) => {
        for (const step of steps) {
          // At once across agents and the bot; one agent's frames go in order, as its
          // replies are matched to them in order.
          const lanes = new Map<string, Promise<void>>();
          for (const a of step) {
            const lane = a.kind === "agent" ? `agent${a.who}` : `http${lanes.size}`;
            const run = () => (a.kind === "agent" ? runAgent(a.who, a.wire) : runHttp(a.call));
            lanes.set(lane, (lanes.get(lane) ?? Promise.resolve()).then(run));
          }
          await Promise.all(lanes.values());
          await checkInvariants();
        }
      },
    ),
    { numRuns: 200, endOnFailure: true },
  );
}, 60_000);
