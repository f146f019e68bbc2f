// Returning users (issue 18; docs/operations.md "Returning users"): with the bot's
// returning_window_s set, a user back after their session ended goes to the agent who
// served them, if that agent takes users automatically and has room, though the usual rule
// would pick a less loaded one; otherwise (rule off, agent busy) the usual rule decides.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let a: TestAgent;
let b: TestAgent;
let aId = 0;
let bId = 0;

type Event = { event: string; userid: string; customer_id?: number; returning?: boolean };
const events = async () =>
  (await bot.get<{ events: Event[] }>("/api/chat/events?limit=1000")).body.data.events;

/** r1 talks, is served by the agent routing picks, and that agent ends the session. */
async function serveAndEnd(): Promise<number | null> {
  const said = await bot.say("r1", "hello");
  const agent = said.body.data.customer_id === aId ? a : b;
  await agent.push("connect_list_push");
  expect((await agent.request({ method: "disconnect", userid: "r1" })).code).toBe(0);
  return said.body.data.customer_id;
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  a = await TestAgent.login(server.wsUrl, server.token);
  aId = Number(a.me.customer_id);
  const made = await addAgent(server, "bea");
  bId = made.id;
  b = await TestAgent.login(server.wsUrl, made.token);
  await autoOn(a);
  // r1 is served by A alone; A then has one more user, so the usual rule would pick B.
  expect(await serveAndEnd()).toBe(aId);
  expect((await bot.say("f1", "filler")).body.data.customer_id).toBe(aId);
  await a.push("connect_list_push");
  await autoOn(b);
  expect((await bot.post("/api/bot/policy", { returning_window_s: 3600 })).status).toBe(200);
});
afterAll(async () => {
  a.close();
  b.close();
  await server.destroy();
});

test("a user back within the window goes to the agent who served them, busier or not", async () => {
  const back = await bot.say("r1", "me again");
  expect(back.body.data).toMatchObject({ state: "active", customer_id: aId });
  expect(await a.push("connect_list_push")).toMatchObject({ userid: "r1" });
  const connected = (await events()).filter((e) => e.event === "session_connected");
  expect(connected.at(-1)).toMatchObject({ userid: "r1", customer_id: aId, returning: true });
  // The usual assignments say nothing of it.
  expect(connected[0]).not.toHaveProperty("returning");
  expect((await a.request({ method: "disconnect", userid: "r1" })).code).toBe(0);
});

test("an agent not taking users automatically does not get them back: the usual rule", async () => {
  expect((await a.request({ method: "set_customer_status", status: 2 })).code).toBe(0);
  const back = await bot.say("r1", "third time");
  expect(back.body.data).toMatchObject({ state: "active", customer_id: bId });
  await b.push("connect_list_push");
  expect((await b.request({ method: "disconnect", userid: "r1" })).code).toBe(0);
  expect((await a.request({ method: "set_customer_status", status: 1 })).code).toBe(0);
});

test("with the rule off, the usual rule decides", async () => {
  // Both free, B assigned more recently than A and the last to serve r1: with the rule on
  // B would get r1 back; off, the usual rule picks A, who waited longest.
  expect((await a.request({ method: "disconnect", userid: "f1" })).code).toBe(0);
  expect((await bot.post("/api/bot/policy", { returning_window_s: null })).status).toBe(200);
  const back = await bot.say("r1", "fourth time");
  expect(back.body.data).toMatchObject({ state: "active", customer_id: aId });
});
