// The audit log (issue 9; docs/operations.md "Audit log"): every agent action and every
// admin change, with who and when, read over HTTP filtered by agent and time.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer, testDatabase } from "./helpers/server";

interface Entry {
  id: number;
  actor_type: string;
  actor_id: number | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  timestamp: number;
}
type Log = { entries: Entry[]; next: number | null };

const brief = (e: Entry) => [e.actor_type, e.actor_id, e.action, e.target];

describe("on a running desk", () => {
  let server: TestServer;
  let bot: TestBot;
  let otherBot: TestBot;
  let bea: NewAgent;
  let dan = 0;

  beforeAll(async () => {
    server = await startTestServer();
    bot = new TestBot(server.url, server.apiKey);
    const other = await server.store.identity.createBot({
      name: "other",
      webhookUrl: null,
      now: Date.now(),
    });
    otherBot = new TestBot(server.url, other.apiKey);
    bea = await addAgent(server, "bea");

    const a = await TestAgent.login(server.wsUrl, server.token);
    const b = await TestAgent.login(server.wsUrl, bea.token);
    const ok = async (agent: TestAgent, frame: Record<string, unknown>) =>
      expect((await agent.request(frame)).code).toBe(0);
    await ok(a, { method: "set_customer_status", status: 2 });
    await ok(a, { method: "set_auto_connect_status", status: 0 });
    await bot.say("u1", "hello");
    await ok(a, { method: "connect", userid: "u1" });
    await ok(a, { method: "transform", userid: "u1", customer_id: bea.id });
    await ok(b, { method: "disconnect", userid: "u1" });
    await ok(a, { method: "add_note", userid: "u1", text: "asked twice" });
    const made = await bot.post<{ customer_id: number }>("/api/customer/create", {
      customer_name: "dan",
    });
    dan = made.body.data.customer_id;
    await bot.post("/api/customer/token", { customer_id: dan });
    const canned = await bot.post<{ id: number }>("/api/canned/create", {
      code: "/hi",
      message: [{ type: "text", value: { text: "Hi" } }],
    });
    await bot.post("/api/canned/delete", { id: canned.body.data.id });
    await ok(a, {
      method: "save_canned_reply",
      code: "/mine",
      message: [{ type: "text", value: { text: "Mine" } }],
    });
    await ok(a, { method: "logout" });
    await a.waitClosed();
    b.close();
  });
  afterAll(() => server.destroy());

  test("every action and change, newest first, with who and when", async () => {
    const log = await bot.get<Log>("/api/audit");
    expect(log.status).toBe(200);
    expect(log.body.data.entries.map(brief).reverse()).toEqual([
      ["desk", null, "bot_create", "bot:1"],
      ["desk", null, "agent_create", "agent:1"],
      ["agent", 1, "login", "agent:1"],
      ["agent", bea.id, "login", `agent:${bea.id}`],
      ["agent", 1, "status", "agent:1"],
      ["agent", 1, "auto_connect", "agent:1"],
      ["agent", 1, "connect", "user:u1"],
      ["agent", 1, "transfer", "user:u1"],
      ["agent", bea.id, "disconnect", "user:u1"],
      ["agent", 1, "note", "user:u1"],
      ["bot", 1, "agent_create", `agent:${dan}`],
      ["bot", 1, "token_rotate", `agent:${dan}`],
      ["bot", 1, "canned_create", expect.stringMatching(/^canned:\d+$/)],
      ["bot", 1, "canned_delete", expect.stringMatching(/^canned:\d+$/)],
      ["agent", 1, "canned_create", expect.stringMatching(/^canned:\d+$/)],
      ["agent", 1, "logout", "agent:1"],
    ]);
    const byAction = new Map(log.body.data.entries.map((e) => [e.action, e]));
    expect(byAction.get("status")?.details).toEqual({ status: 2 });
    expect(byAction.get("transfer")?.details).toEqual({ customer_id: bea.id, group: null });
    expect(byAction.get("canned_delete")?.details).toEqual({ code: "/hi", shared: 1 });
    const now = Math.floor(Date.now() / 1000);
    for (const e of log.body.data.entries) expect(Math.abs(e.timestamp - now)).toBeLessThan(60);
    expect(log.body.data.next).toBeNull();
  });

  test("filtered by agent: what it did and what was done to it", async () => {
    const beas = await bot.get<Log>(`/api/audit?customer_id=${bea.id}`);
    expect(beas.body.data.entries.map((e) => e.action).reverse()).toEqual(["login", "disconnect"]);
    const dans = await bot.get<Log>(`/api/audit?customer_id=${dan}`);
    expect(dans.body.data.entries.map(brief).reverse()).toEqual([
      ["bot", 1, "agent_create", `agent:${dan}`],
      ["bot", 1, "token_rotate", `agent:${dan}`],
    ]);
  });

  test("filtered by time, and paged", async () => {
    const now = Math.floor(Date.now() / 1000);
    const all = (await bot.get<Log>("/api/audit")).body.data.entries;
    expect((await bot.get<Log>(`/api/audit?from=${now - 60}&to=${now}`)).body.data.entries).toEqual(
      all,
    );
    expect((await bot.get<Log>(`/api/audit?from=${now + 60}`)).body.data.entries).toEqual([]);
    expect((await bot.get<Log>("/api/audit?to=1")).body.data.entries).toEqual([]);

    const first = (await bot.get<Log>("/api/audit?limit=3")).body.data;
    expect(first.entries).toEqual(all.slice(0, 3));
    const second = (await bot.get<Log>(`/api/audit?limit=3&before=${first.next}`)).body.data;
    expect(second.entries).toEqual(all.slice(3, 6));
  });

  test("skill group changes by the bot backend", async () => {
    const made = await bot.post<{ group_id: number }>("/api/group/create", { name: "billing" });
    const group = made.body.data.group_id;
    await bot.post("/api/group/add_agent", { group_id: group, customer_id: bea.id });
    await bot.post("/api/group/remove_agent", { group_id: group, customer_id: bea.id });
    await bot.post("/api/group/delete", { group_id: group });
    const log = await bot.get<Log>("/api/audit?limit=4");
    expect(log.body.data.entries.map((e) => [e.action, e.target, e.details]).reverse()).toEqual([
      ["group_create", `group:${group}`, { name: "billing" }],
      ["group_add_agent", `group:${group}`, { customer_id: bea.id }],
      ["group_remove_agent", `group:${group}`, { customer_id: bea.id }],
      ["group_delete", `group:${group}`, {}],
    ]);
  });

  test("skill group and shared canned reply changes with an admin's credential name the admin", async () => {
    const admin = new TestBot(server.url, server.token);
    const me = await admin.post<{ customer_id: number }>("/auth/me", {});
    const adminId = me.body.data.customer_id;
    const made = await admin.post<{ group_id: number }>("/api/group/create", { name: "vip" });
    const group = made.body.data.group_id;
    await admin.post("/api/group/add_agent", { group_id: group, customer_id: bea.id });
    await admin.post("/api/group/remove_agent", { group_id: group, customer_id: bea.id });
    await admin.post("/api/group/delete", { group_id: group });
    const canned = await admin.post<{ id: number }>("/api/canned/create", {
      code: "vip",
      message: [{ type: "text", value: { text: "Welcome back." } }],
    });
    await admin.post("/api/canned/delete", { id: canned.body.data.id });
    // The same change with the api key stays the bot's.
    await bot.post("/api/group/create", { name: "by-key" });
    const log = await bot.get<Log>("/api/audit?limit=7");
    expect(log.body.data.entries.map(brief).reverse()).toEqual([
      ["agent", adminId, "group_create", `group:${group}`],
      ["agent", adminId, "group_add_agent", `group:${group}`],
      ["agent", adminId, "group_remove_agent", `group:${group}`],
      ["agent", adminId, "group_delete", `group:${group}`],
      ["agent", adminId, "canned_create", `canned:${canned.body.data.id}`],
      ["agent", adminId, "canned_delete", `canned:${canned.body.data.id}`],
      ["bot", 1, "group_create", `group:${group + 1}`],
    ]);
  });

  test("knowledge-base changes are audited: an admin's as the admin, the api key's as the bot", async () => {
    const admin = new TestBot(server.url, server.token);
    const adminId = (await admin.post<{ customer_id: number }>("/auth/me", {})).body.data
      .customer_id;
    const made = await admin.post<{ id: number }>("/api/kb/create", {
      questions: ["how do I pay"],
      answer: "By card.",
    });
    const entry = made.body.data.id;
    await admin.post("/api/kb/update", { id: entry, questions: ["how to pay"], answer: "Card." });
    await admin.post("/api/kb/delete", { id: entry });
    await bot.post("/api/kb/import", {
      format: "jsonl",
      data: '{"questions":["refund"],"answer":"Within 7 days."}\nnot json',
    });
    const log = await bot.get<Log>("/api/audit?limit=4");
    expect(log.body.data.entries.map(brief).reverse()).toEqual([
      ["agent", adminId, "kb_create", `kb:${entry}`],
      ["agent", adminId, "kb_update", `kb:${entry}`],
      ["agent", adminId, "kb_delete", `kb:${entry}`],
      ["bot", 1, "kb_import", "bot:1"],
    ]);
  });

  test("another bot's key sees none of it", async () => {
    expect((await otherBot.get<Log>("/api/audit")).body.data.entries).toEqual([]);
    expect((await otherBot.get("/api/audit?customer_id=1")).status).toBe(404);
  });

  test("bad filters are refused naming the field", async () => {
    for (const [q, field] of [
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["customer_id=abc", "customer_id"],
      ["from=-5", "from"],
      ["before=x", "before"],
    ] as const) {
      const res = await bot.get(`/api/audit?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.msg).toStartWith(`${field}:`);
    }
    expect((await bot.get("/api/audit?customer_id=999")).status).toBe(404);
  });
});

test("the operator's CLI changes are audited as 'cli'", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kefu-audit-"));
  const db = await testDatabase(dir);
  const run = async (args: string[]) => {
    const r = await kefu([...args, "--db", db, "--json"]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const made = await run(["bot", "create", "--name", "Shop"]);
  const agent = await run(["agent", "create", "--bid", String(made.bid), "--name", "eve"]);
  await run(["agent", "token", "--customer-id", String(agent.customer_id)]);

  const server = await startTestServer({ dir });
  try {
    const log = await new TestBot(server.url, made.api_key).get<Log>("/api/audit");
    expect(log.body.data.entries.map(brief).reverse()).toEqual([
      ["cli", null, "bot_create", `bot:${made.bid}`],
      ["cli", null, "agent_create", `agent:${agent.customer_id}`],
      ["cli", null, "token_rotate", `agent:${agent.customer_id}`],
    ]);
  } finally {
    await server.destroy();
  }
});
