// Internal notes (issue 9; docs/operations.md "Internal notes"): agents see them in the
// history, colleagues get note_push, the bot never hears of them.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let otherBot: TestBot;
let a: TestAgent;
let b: TestAgent;
let c: TestAgent;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const other = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  otherBot = new TestBot(server.url, other.apiKey);
  a = await TestAgent.login(server.wsUrl, server.token);
  b = await TestAgent.login(
    server.wsUrl,
    (await addAgent(server, "bea", { role: "supervisor" })).token,
  );
  c = await TestAgent.login(
    server.wsUrl,
    (await addAgent(server, "cai", { botId: other.bot.id })).token,
  );
  await bot.say("u1", "my order is late");
  await otherBot.say("x1", "hello from the other bot");
  expect((await a.request({ method: "connect", userid: "u1" })).code).toBe(0);
});
afterAll(async () => {
  for (const x of [a, b, c]) x.close();
  await server.destroy();
});

test("a note is kept in the history, pushed to colleagues, never to the bot", async () => {
  const reply = await a.request({ method: "add_note", userid: "u1", text: "VIP, refund ok" });
  expect(reply).toMatchObject({ method: "add_note", code: 0, msg: "ok", userid: "u1" });
  expect(reply.customer_id).toBe(a.me.customer_id);
  expect(typeof reply.timestamp).toBe("number");

  const pushed = await b.push("note_push");
  expect(pushed).toEqual({
    code: 0,
    method: "note_push",
    userid: "u1",
    customer_id: a.me.customer_id,
    text: "VIP, refund ok",
    timestamp: reply.timestamp,
  });
  expect(await a.none("note_push")).toBe(true);
  expect(await c.none("note_push", a)).toBe(true);

  const record = await b.request({ method: "get_chat_record", userid: "u1" });
  const list = (record.data as { list_chat: Record<string, unknown>[]; total: number }).list_chat;
  expect(list[0]).toMatchObject({
    from: "note",
    is_robot: 0,
    customer_id: a.me.customer_id,
    message: { type: "text", value: { text: "VIP, refund ok" } },
  });
  expect(list[1]).toMatchObject({ from: "user" });

  const events = await bot.get<{ events: { event: string }[] }>("/api/chat/events");
  expect(events.body.data.events.map((e) => e.event)).toEqual(["session_connected"]);
  const mine = await a.request({ method: "get_current_session_list" });
  const entry = (mine.data as { user_list: { last_message: unknown }[] }).user_list[0];
  expect(entry?.last_message).toEqual([{ type: "text", value: { text: "my order is late" } }]);
});

test("a note may be left on a user with no open session", async () => {
  await bot.post("/api/chat/user_message", {
    userid: "u2",
    user_query: [{ type: "text", value: { text: "just browsing" } }],
    handoff: false,
  });
  const reply = await b.request({ method: "add_note", userid: "u2", text: "asked about prices" });
  expect(reply.code).toBe(0);
  const record = await a.request({ method: "get_chat_record", userid: "u2" });
  expect((record.data as { total: number }).total).toBe(2);
});

test("bad input is refused and stores nothing", async () => {
  const before = await a.request({ method: "get_chat_record", userid: "u1" });
  const total = (before.data as { total: number }).total;
  const cases: [Record<string, unknown>, number, string][] = [
    [{ userid: "u1", text: "" }, 400, "text"],
    [{ userid: "u1", text: "   " }, 400, "text"],
    [{ userid: "u1" }, 400, "text"],
    [{ text: "hi" }, 400, "userid"],
    [{ userid: "u1", text: "x".repeat(8001) }, 400, "text"],
    [{ userid: "nobody", text: "hi" }, 404, "nobody"],
    // Another bot's user is no user of this bot.
    [{ userid: "x1", text: "hi" }, 404, "x1"],
  ];
  for (const [frame, code, named] of cases) {
    const reply = await a.request({ method: "add_note", ...frame });
    expect(reply.code).toBe(code);
    expect(reply.msg).toContain(named);
  }
  const foreign = await c.request({ method: "add_note", userid: "u1", text: "peek" });
  expect(foreign.code).toBe(404);
  const after = await a.request({ method: "get_chat_record", userid: "u1" });
  expect((after.data as { total: number }).total).toBe(total);
  expect(await b.none("note_push", a, c)).toBe(true);
});
