// Queue position (issue 9; docs/operations.md "Queue position"): the user_message answer
// and POST /api/chat/queue_status tell the bot where a user stands and how long it may take.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { openTestDb } from "./helpers/db";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let otherBot: TestBot;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const other = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  otherBot = new TestBot(server.url, other.apiKey);
});
afterAll(() => server.destroy());

const status = (userid: string, via = bot) =>
  via.post<Record<string, unknown>>("/api/chat/queue_status", { userid });

test("waiting users learn their place; no estimate before any wait is known", async () => {
  for (const [i, userid] of ["q1", "q2", "q3"].entries()) {
    const said = await bot.say(userid, "hello");
    expect(said.body.data).toMatchObject({
      state: "waiting",
      customer_id: null,
      position: i + 1,
      estimated_wait_s: null,
    });
  }
  const q2 = await status("q2");
  expect(q2.body.data).toEqual({
    state: "waiting",
    session_id: expect.any(Number),
    customer_id: null,
    position: 2,
    estimated_wait_s: null,
  });
  // A later message keeps the user's place.
  expect((await bot.say("q1", "still there?")).body.data).toMatchObject({ position: 1 });
});

test("after an agent takes a user, the others move up with an estimate from recent waits", async () => {
  const agent = await TestAgent.login(server.wsUrl, server.token);
  expect((await agent.request({ method: "connect", userid: "q1" })).code).toBe(0);
  // q1 waited exactly 60 s: set its place in the queue a minute before it was assigned.
  const db = openTestDb(server.db);
  await db.run("UPDATE sessions SET queued_at = assigned_at - 60000 WHERE userid = 'q1'");
  await db.close();

  expect((await status("q2")).body.data).toMatchObject({
    state: "waiting",
    position: 1,
    estimated_wait_s: 60,
  });
  expect((await bot.say("q3", "hi")).body.data).toMatchObject({
    position: 2,
    estimated_wait_s: 120,
  });
  const q1 = await status("q1");
  expect(q1.body.data).toMatchObject({
    state: "active",
    customer_id: agent.me.customer_id,
    position: null,
    estimated_wait_s: null,
  });
  expect((await bot.say("q1", "thanks")).body.data).toMatchObject({
    state: "active",
    position: null,
    estimated_wait_s: null,
  });
  agent.close();
});

test("a user with no open session is 'none'; an unknown one is 404", async () => {
  await bot.post("/api/chat/user_message", {
    userid: "q9",
    user_query: [{ type: "text", value: { text: "just looking" } }],
    handoff: false,
  });
  expect((await status("q9")).body.data).toEqual({
    state: "none",
    session_id: null,
    customer_id: null,
    position: null,
    estimated_wait_s: null,
  });
  expect((await status("nobody")).status).toBe(404);
});

test("another bot cannot see this bot's queue; bad input names the field", async () => {
  expect((await status("q2", otherBot)).status).toBe(404);
  const missing = await bot.post("/api/chat/queue_status", {});
  expect(missing.status).toBe(400);
  expect(missing.body.msg).toStartWith("userid:");
  const foreign = await bot.post("/api/chat/queue_status", { bid: 2, userid: "q2" });
  expect(foreign.status).toBe(403);
});
