// Priority and a named agent (issue 18; docs/operations.md "Priority"): waiting users with
// a priority (user_message's, or the bot's VIP rule on a profile field) are taken first by
// an agent who gains room; a user_message naming an agent goes to that agent if they may
// take users now, else by the usual rule at once.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, addBot, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let a: TestAgent;
let b: TestAgent;
let aId = 0;
let bId = 0;

type Event = { event: string; userid: string; customer_id?: number; requested?: boolean };
const events = async () =>
  (await bot.get<{ events: Event[] }>("/api/chat/events?limit=1000")).body.data.events;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const made = await addAgent(server, "ann", { maxSessions: 2 });
  aId = made.id;
  a = await TestAgent.login(server.wsUrl, made.token);
  const other = await addAgent(server, "ben");
  bId = other.id;
  b = await TestAgent.login(server.wsUrl, other.token);
  const policy = { vip_rule: { field: "vip", equals: true, priority: 3 }, priority_aging_s: 3600 };
  expect((await bot.post("/api/bot/policy", policy)).status).toBe(200);
});
afterAll(async () => {
  a.close();
  b.close();
  await server.destroy();
});

test("an agent who gains room takes the higher priorities first, then the oldest", async () => {
  await bot.say("n1", "normal, first");
  await bot.say("n2", "normal, second");
  await bot.say("p5", "urgent", { priority: 5 });
  await bot.say("vip", "a VIP by profile", { user: { nickname: "V", vip: true } });
  await autoOn(a);
  const first = await a.push("connect_list_push");
  const second = await a.push("connect_list_push");
  expect([first.userid, second.userid]).toEqual(["p5", "vip"]);
  expect((await a.request({ method: "disconnect", userid: "p5" })).code).toBe(0);
  expect(await a.push("connect_list_push")).toMatchObject({ userid: "n1" });
  // The list agents see stays in arrival order.
  const list = await b.request({ method: "get_wait_user_list" });
  expect((list.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid)).toEqual(
    ["n2"],
  );
});

test("a priority out of range is refused and changes nothing", async () => {
  const bad = await bot.say("px", "too urgent", { priority: 10 });
  expect(bad.status).toBe(400);
  expect(bad.body.msg).toContain("priority");
  expect((await bot.post("/api/user/export", { userid: "px" })).status).toBe(404);
});

test("a user_message naming an agent goes to that agent while they may take users", async () => {
  await autoOn(b);
  // B takes the waiting n2 at once; A is full (vip, n1). Free A, then name A though B is freer.
  await b.push("connect_list_push");
  expect((await a.request({ method: "disconnect", userid: "n1" })).code).toBe(0);
  expect((await b.request({ method: "disconnect", userid: "n2" })).code).toBe(0);
  const named = await bot.say("asks-ann", "Ann please", { customer_id: aId });
  expect(named.body.data).toMatchObject({ state: "active", customer_id: aId });
  const connected = (await events()).filter((e) => e.event === "session_connected");
  expect(connected.at(-1)).toMatchObject({ userid: "asks-ann", customer_id: aId, requested: true });
});

test("the named agent full or not taking users: the usual rule at once", async () => {
  // A holds vip and asks-ann: full.
  const full = await bot.say("asks-ann-2", "Ann again", { customer_id: aId });
  expect(full.body.data).toMatchObject({ state: "active", customer_id: bId });
  const connected = (await events()).filter((e) => e.event === "session_connected");
  expect(connected.at(-1)).not.toHaveProperty("requested");
});

test("an agent of another bot, or none, is 404 and changes nothing", async () => {
  const other = await addBot(server, "other");
  const otherAgent = (await addAgent(server, "x", { botId: other.id })).id;
  const foreign = await bot.say("asks-x", "hi", { customer_id: otherAgent });
  expect(foreign.status).toBe(404);
  expect((await bot.say("asks-y", "hi", { customer_id: 999_999 })).status).toBe(404);
  expect((await bot.post("/api/user/export", { userid: "asks-x" })).status).toBe(404);
});
