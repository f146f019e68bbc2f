// Tenant isolation on the HTTP API (CONTRACT.md, "The bot backend's HTTP API": "The key
// fixes the bot: a `bid` in a body must match it (403); an agent of another bot is 404").
// Bot A's api key tries every /api route on bot B's users, agents, sessions, history and
// events: each is refused or lands in A's own space, no answer carries anything of B's, and
// B's state is the same afterwards. The WebSocket side is tests/protocol-tenants.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadConfig } from "../src/config";
import { createApp, type HttpDeps } from "../src/http/app";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
/** Bot A: the attacker's key. */
let a: TestBot;
/** Bot B: the victim, seen through its own key only to compare before and after. */
let b: TestBot;
let bAgent: TestAgent;
let bAgentId: number;
let bToken: string;
let bBid: number;
let bGroupId: number;
let bCannedId: number;
let bEndedSession: number;
let aGroupId: number;
let bKbId: number;
let bMissId: number;
/** Strings that only bot B's data holds: none may appear in an answer to A. */
let secretsOfB: string[];

const text = (t: string) => [{ type: "text", value: { text: t } }];

beforeAll(async () => {
  server = await startTestServer();
  a = new TestBot(server.url, server.apiKey);
  const made = await server.store.identity.createBot({
    name: "B-BOTNAME-victim",
    webhookUrl: null,
    now: Date.now(),
  });
  bBid = made.bot.id;
  b = new TestBot(server.url, made.apiKey);
  const agent = await server.store.identity.createAgent({
    botId: bBid,
    name: "B-AGENTNAME-zhang",
    headImg: "https://b.example/B-HEADIMG.png",
    maxSessions: 5,
    now: Date.now(),
  });
  bAgentId = agent.agent.id;
  bToken = agent.token;
  bAgent = await TestAgent.login(server.wsUrl, bToken);

  // B's user, with a profile, a session with B's agent, history both ways, and events.
  await b.post("/api/user/profile", { userid: "shared-id", nickname: "B-NICK-secret" });
  await b.say("shared-id", "B-USERMSG-secret");
  expect((await bAgent.request({ method: "connect", userid: "shared-id" })).code).toBe(0);
  // Asked for suggestions and found none: the reply makes a question B's base missed.
  await bAgent.request({
    method: "get_answer_from_ai",
    userid: "shared-id",
    user_query: text("B-USERMSG-secret"),
  });
  const sent = await bAgent.request({
    method: "send_to_user",
    userid: "shared-id",
    message: text("B-REPLY-secret"),
  });
  expect(sent.code).toBe(0);
  await b.say("b-only", "B-WAITING-secret");
  // An ended (rateable) session, a skill group with B's agent, a shared canned reply.
  bEndedSession = (await b.say("b-ended", "B-ENDED-secret")).body.data.session_id as number;
  expect((await bAgent.request({ method: "connect", userid: "b-ended" })).code).toBe(0);
  expect((await bAgent.request({ method: "disconnect", userid: "b-ended" })).code).toBe(0);
  const group = await b.post<{ group_id: number }>("/api/group/create", { name: "B-GROUP-vip" });
  bGroupId = group.body.data.group_id;
  await b.post("/api/group/add_agent", { group_id: bGroupId, customer_id: bAgentId });
  const canned = await b.post<{ id: number }>("/api/canned/create", {
    code: "bcode",
    message: text("B-CANNED-secret"),
  });
  bCannedId = canned.body.data.id;
  const kb = await b.post<{ id: number }>("/api/kb/create", {
    questions: ["how do refunds work"],
    answer: "B-KBANSWER-secret",
  });
  bKbId = kb.body.data.id;
  const missed = await b.post<{ list: { ids: number[] }[] }>("/api/kb/missed", {});
  bMissId = missed.body.data.list[0]?.ids[0] ?? 0;
  expect(bMissId).toBeGreaterThan(0);
  aGroupId = (await a.post<{ group_id: number }>("/api/group/create", { name: "A-group" })).body
    .data.group_id;

  secretsOfB = [
    made.apiKey,
    made.bot.webhookSecret,
    bToken,
    "B-BOTNAME",
    "B-AGENTNAME",
    "B-HEADIMG",
    "B-NICK",
    "B-USERMSG",
    "B-REPLY",
    "B-WAITING",
    "B-ENDED",
    "B-GROUP",
    "B-CANNED",
    "B-KBANSWER",
    bAgent.me.client_id as string,
  ];
});
afterAll(async () => {
  bAgent.close();
  await server.destroy();
});

/** What bot B can see of itself: must not change whatever A tries. */
// A fixed window: the default one ends now, and two reads a second apart would differ.
const REPORT_TO = Math.floor(Date.now() / 1000) + 3600;
const REPORT_WINDOW = `from=${REPORT_TO - 7 * 86400}&to=${REPORT_TO}`;

async function stateOfB() {
  const events = await b.get<{ events: unknown[] }>("/api/chat/events?limit=1000");
  const info = await b.post("/api/customer/info", { customer_id: bAgentId });
  const profile = await server.store.identity.getUser(bBid, "shared-id");
  const history = await server.store.history.chatRecord(bBid, "shared-id", 1, 100);
  const waiting = await server.store.sessions.waitingSessions(bBid);
  const active = await server.store.sessions.activeSessions(bAgentId);
  return {
    events: events.body.data.events,
    info: info.body.data,
    profile,
    history,
    waiting,
    active,
    groups: (await b.post("/api/group/list", {})).body.data,
    canned: (await b.post("/api/canned/list", {})).body.data,
    reports: (await b.get(`/api/reports?${REPORT_WINDOW}`)).body.data,
    audit: (await b.get("/api/audit?limit=1000")).body.data,
    kb: (await b.post("/api/kb/list", { limit: 1000 })).body.data,
    missed: (await b.post("/api/kb/missed", {})).body.data,
    bot: (await b.get("/api/bot")).body.data,
    // B's webhook url and secrets, as stored.
    webhook: await server.store.identity.getBot(bBid),
  };
}

interface Attempt {
  method: "GET" | "POST";
  path: string;
  body?: Record<string, unknown>;
  /** The refusal A must get; 200 where the call is legal but only touches A's own space. */
  status: number;
}

/** Every /api route, with what A tries on B through it. */
function attempts(): Attempt[] {
  const post = (path: string, body: Record<string, unknown>, status: number): Attempt => ({
    method: "POST",
    path,
    body,
    status,
  });
  const get = (path: string, status: number): Attempt => ({ method: "GET", path, status });
  return [
    post("/api/chat/send_to_group", { bid: bBid, data: { method: "x" } }, 403),
    post("/api/chat/send_to_group", { bid: String(bBid), data: { method: "x" } }, 403),
    post("/api/chat/send_to_group", { data: { method: "x" }, exclude_client_id: [] }, 200),
    post("/api/chat/send_to_customer", { customer_id: bAgentId, data: { method: "x" } }, 404),
    post("/api/chat/send_to_customer", { customer_id: String(bAgentId), data: {} }, 404),
    post("/api/chat/user_message", { bid: bBid, userid: "shared-id", user_query: text("x") }, 403),
    post(
      "/api/chat/user_message",
      { bid: bBid, userid: "b-only", user_query: text("x"), handoff: false },
      403,
    ),
    // Legal: the same userid under A's key is A's own user, a session of A's.
    post("/api/chat/user_message", { userid: "shared-id", user_query: text("A-hello") }, 200),
    get("/api/chat/events", 200),
    get("/api/chat/events?after=0&limit=1000", 200),
    get(`/api/chat/events?bid=${bBid}&limit=1000`, 403),
    post("/api/chat/queue_status", { bid: bBid, userid: "shared-id" }, 403),
    post("/api/chat/queue_status", { userid: "b-ended" }, 404),
    post("/api/chat/rating", { bid: bBid, userid: "b-ended", score: 1 }, 403),
    post("/api/chat/rating", { userid: "b-ended", score: 1 }, 404),
    post("/api/chat/rating", { userid: "b-ended", session_id: bEndedSession, score: 1 }, 404),
    // B's user is held by B's agent: A's key reaches none of B's connections.
    post("/api/chat/user_typing", { bid: bBid, userid: "shared-id" }, 403),
    post("/api/chat/user_typing", { userid: "shared-id" }, 200),
    post("/api/chat/user_read", { bid: bBid, userid: "shared-id", read_to: 1 }, 403),
    post("/api/chat/user_read", { userid: "shared-id", read_to: 1 }, 200),
    post("/api/labels/create", { bid: bBid, kind: "tag", name: "A-x" }, 403),
    post("/api/labels/create", { kind: "tag", name: "A-own" }, 200),
    post("/api/labels/list", { bid: bBid }, 403),
    post("/api/labels/list", {}, 200),
    post("/api/labels/delete", { bid: bBid, kind: "tag", name: "A-own" }, 403),
    get(`/api/reports/labels?bid=${bBid}`, 403),
    get("/api/reports/labels", 200),
    post("/api/canned/create", { bid: bBid, code: "bcode", message: text("A-x") }, 403),
    post("/api/canned/create", { code: "bcode", message: text("A-own") }, 200),
    post("/api/canned/list", { bid: bBid }, 403),
    post("/api/canned/list", {}, 200),
    post("/api/canned/delete", { id: bCannedId }, 404),
    post("/api/canned/delete", { bid: bBid, id: bCannedId }, 403),
    get(`/api/reports?bid=${bBid}`, 403),
    get("/api/reports?by=group", 200),
    get("/api/reports", 200),
    get(`/api/audit?bid=${bBid}`, 403),
    get(`/api/audit?customer_id=${bAgentId}`, 404),
    get("/api/audit?limit=1000", 200),
    post("/api/group/create", { bid: bBid, name: "A-x" }, 403),
    post("/api/group/list", { bid: bBid }, 403),
    post("/api/group/list", {}, 200),
    post("/api/group/add_agent", { group_id: bGroupId, customer_id: 1 }, 404),
    post("/api/group/add_agent", { group_id: aGroupId, customer_id: bAgentId }, 404),
    post("/api/group/remove_agent", { group_id: bGroupId, customer_id: bAgentId }, 404),
    post(
      "/api/group/set_hours",
      { group_id: bGroupId, hours: { time_zone: "UTC", weekly: {} } },
      404,
    ),
    post("/api/group/set_hours", { bid: bBid, group_id: aGroupId, hours: null }, 403),
    post("/api/group/delete", { group_id: bGroupId }, 404),
    post("/api/group/delete", { bid: bBid, group_id: aGroupId }, 403),
    post("/api/kb/create", { bid: bBid, questions: ["refund policy"], answer: "A-x" }, 403),
    post("/api/kb/create", { questions: ["how do refunds work"], answer: "A-own" }, 200),
    post("/api/kb/update", { id: bKbId, questions: ["refund policy"], answer: "A-x" }, 404),
    post(
      "/api/kb/update",
      { bid: bBid, id: bKbId, questions: ["refund policy"], answer: "A-x" },
      403,
    ),
    post("/api/kb/delete", { id: bKbId }, 404),
    post("/api/kb/list", { bid: bBid }, 403),
    post("/api/kb/list", { limit: 1000 }, 200),
    post(
      "/api/kb/import",
      { bid: bBid, format: "jsonl", data: '{"questions":["q"],"answer":"x"}' },
      403,
    ),
    // Replacing A's whole knowledge base leaves B's alone.
    post(
      "/api/kb/import",
      {
        format: "jsonl",
        data: '{"questions":["how do refunds work"],"answer":"A-imported"}',
        replace: true,
      },
      200,
    ),
    post("/api/kb/missed", { bid: bBid }, 403),
    post("/api/kb/missed", {}, 200),
    post("/api/kb/missed/adopt", { ids: [bMissId] }, 404),
    post("/api/kb/missed/adopt", { bid: bBid, ids: [bMissId] }, 403),
    post("/api/customer/list", { bid: bBid }, 403),
    post("/api/customer/list", {}, 200),
    post("/api/customer/info", { customer_id: bAgentId }, 404),
    post("/api/customer/is_online", { customer_id: bAgentId }, 404),
    post("/api/customer/token", { customer_id: bAgentId }, 404),
    post("/api/customer/create", { customer_name: "A-new", bid: bBid }, 403),
    post("/api/customer/info", { bid: bBid, customer_id: 1 }, 403),
    post("/api/customer/is_online", { bid: bBid, customer_id: 1 }, 403),
    post("/api/customer/token", { bid: bBid, customer_id: 1 }, 403),
    post("/api/customer/all", { bid: bBid }, 403),
    post("/api/customer/update", { customer_id: bAgentId, role: "admin" }, 404),
    post("/api/customer/update", { bid: bBid, customer_id: 1, disabled: 1 }, 403),
    post(
      "/api/customer/password",
      { customer_id: bAgentId, login: "b-stolen", password: "x".repeat(12) },
      404,
    ),
    post(
      "/api/customer/password",
      { bid: bBid, customer_id: 1, login: "b-stolen", password: "x".repeat(12) },
      403,
    ),
    post("/api/chat/send_to_customer", { bid: bBid, customer_id: 1, data: {} }, 403),
    post("/api/user/profile", { bid: bBid, userid: "shared-id", nickname: "A-overwrite" }, 403),
    post("/api/user/profile", { userid: "shared-id", nickname: "A-own" }, 200),
    // The bot's own settings: the key names the bot, a `bid` of B's is refused.
    get("/api/bot", 200),
    get(`/api/bot/deliveries?bid=${bBid}`, 403),
    get("/api/bot/deliveries", 200),
    get(`/api/bot?bid=${bBid}`, 403),
    post("/api/bot/webhook", { bid: bBid, url: null }, 403),
    post("/api/bot/webhook", { bid: bBid, enabled: true }, 403),
    post("/api/bot/webhook", { url: null }, 200),
    post("/api/bot/webhook/test", { bid: bBid }, 403),
    // A has no webhook url: nothing to test (B's is never used).
    post("/api/bot/webhook/test", {}, 400),
    post("/api/bot/webhook/secret", { bid: bBid, keep_old_s: 0 }, 403),
    post("/api/bot/webhook/secret", { keep_old_s: 0 }, 200),
    // B's api key is never A's to rotate (A's own rotation would end A's key for the rest).
    post("/api/bot/api_key", { bid: bBid }, 403),
    post("/api/labels/delete", { kind: "tag", name: "A-own" }, 200),
    // The desk policy (issue 18).
    get("/api/bot/policy", 200),
    get(`/api/bot/policy?bid=${bBid}`, 403),
    post("/api/bot/policy", { bid: bBid, retention_days: 1 }, 403),
    post("/api/bot/policy", { queue_updates_s: null }, 200),
    // A user's data and transcripts (issue 18): the same userid in A is A's own user.
    get(`/api/chat/transcript?bid=${bBid}&from=1&to=2`, 403),
    post("/api/user/export", { bid: bBid, userid: "shared-id" }, 403),
    post("/api/user/export", { userid: "shared-id" }, 200),
    post("/api/user/erase", { bid: bBid, userid: "shared-id" }, 403),
    post("/api/user/erase", { userid: "shared-id" }, 200),
    post("/api/user/export", { userid: "shared-id" }, 404),
  ];
}

async function call(t: Attempt, key: string) {
  const res = await fetch(`${server.url}${t.path}`, {
    method: t.method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(t.body ? { body: JSON.stringify(t.body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

describe("bot A's api key against bot B", () => {
  test("every /api route is in the matrix", () => {
    // A new route must be added to the matrix above: the app lists what it serves.
    const app = createApp({ config: loadConfig({}, {}) } as unknown as HttpDeps);
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith("/api/") && r.method !== "ALL")
        .map((r) => `${r.method} ${r.path}`),
    );
    const tried = new Set(attempts().map((t) => `${t.method} ${t.path.split("?")[0]}`));
    expect([...served].filter((r) => !tried.has(r))).toEqual([]);
  });

  test("each attempt is refused or stays in A's own space; nothing of B's leaks; B is unchanged", async () => {
    const before = await stateOfB();
    for (const t of attempts()) {
      const r = await call(t, server.apiKey);
      const label = `${t.method} ${t.path} ${JSON.stringify(t.body ?? {})}`;
      expect({ label, status: r.status }).toEqual({ label, status: t.status });
      const body = JSON.parse(r.text) as { code: number };
      expect({ label, code: body.code }).toEqual({ label, code: t.status === 200 ? 0 : t.status });
      for (const secret of secretsOfB) {
        expect({ label, leaked: r.text.includes(secret) ? secret : null }).toEqual({
          label,
          leaked: null,
        });
      }
    }
    expect(await stateOfB()).toEqual(before);
    // B's agent is still logged in and was pushed nothing of A's broadcasts.
    expect(bAgent.closed).toBeNull();
    expect(await bAgent.none("x")).toBe(true);
    const reply = await bAgent.request({ method: "get_current_session_list" });
    expect(reply.code).toBe(0);
    // B's token was not rotated by A's attempt.
    expect(await server.store.identity.agentByToken(bToken)).not.toBeNull();
  });

  test("A's agent asking the assistant B's question gets A's answers only", async () => {
    await a.post("/api/kb/import", {
      format: "jsonl",
      data: '{"questions":["how do refunds work"],"answer":"A-imported"}',
      replace: true,
    });
    const agent = await TestAgent.login(server.wsUrl, server.token);
    const reply = await agent.request({
      method: "get_answer_from_ai",
      user_query: text("how do refunds work"),
    });
    agent.close();
    expect(reply.code).toBe(0);
    // The same question finds A's own imported answer, and never B's.
    expect(JSON.stringify(reply)).toContain("A-imported");
    expect(JSON.stringify(reply)).not.toContain("B-KBANSWER");
  });

  test("A's events feed holds A's events only", async () => {
    const feed = await a.get<{ events: { bid: number; userid: string }[] }>(
      "/api/chat/events?after=0&limit=1000",
    );
    expect(feed.status).toBe(200);
    expect(feed.body.data.events.every((e) => e.bid === 1)).toBe(true);
    const own = await b.get<{ events: { bid: number; seq: number }[] }>(
      "/api/chat/events?limit=1000",
    );
    expect(own.body.data.events.length).toBeGreaterThan(0);
    expect(own.body.data.events.every((e) => e.bid === bBid)).toBe(true);
  });

  test("an agent token, another bot's webhook secret, or a key with junk around it is no api key", async () => {
    const keys = [bToken, "", " ", `${server.apiKey}x`, server.apiKey.slice(0, -1), "Bearer"];
    for (const key of keys) {
      const r = await call(
        { method: "POST", path: "/api/customer/list", body: {}, status: 401 },
        key,
      );
      expect({ key, status: r.status }).toEqual({ key, status: 401 });
      expect(JSON.parse(r.text)).toMatchObject({ code: 401 });
    }
  });
});
