// The real server on PostgreSQL (CONTRACT.md, "Several nodes": `--db postgres://...`): a
// user's message, an agent taking the user and answering, and the bot's events feed.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestPg, type TestPg } from "./helpers/pg";
import { startTestServer, type TestServer } from "./helpers/server";

let pg: TestPg;
let server: TestServer;
let bot: TestBot;
let admin: TestAgent;

beforeAll(async () => {
  pg = await startTestPg();
  server = await startTestServer({ db: await pg.database() });
  bot = new TestBot(server.url, server.apiKey);
  admin = await TestAgent.login(server.wsUrl, server.token);
});
afterAll(async () => {
  admin?.close();
  await server?.destroy();
  await pg?.stop();
});

test("the first start makes bot 1 and agent 1 in PostgreSQL, and /healthz says so", async () => {
  expect(server.bootstrap).toMatchObject({ bid: 1, customerId: 1 });
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });
});

test("user_message, connect, send_to_user and the events feed, on PostgreSQL", async () => {
  const reply = await bot.say("pg1", "hello");
  expect(reply.body.data).toMatchObject({ state: "waiting", customer_id: null });
  await admin.next((f) => f.method === "wait_list_push" && f.userid === "pg1");
  expect((await admin.request({ method: "connect", userid: "pg1" })).code).toBe(0);
  const message = [{ type: "text", value: { text: "hi from the desk" } }];
  expect((await admin.request({ method: "send_to_user", userid: "pg1", message })).code).toBe(0);

  const feed = await bot.get<{ events: { seq: number; event: string; userid: string }[] }>(
    "/api/chat/events?after=0&limit=100",
  );
  expect(feed.status).toBe(200);
  const events = feed.body.data?.events ?? [];
  expect(events.map((e) => e.event)).toEqual(["session_connected", "agent_message"]);
  const seqs = events.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  const after = await bot.get<{ events: unknown[] }>(
    `/api/chat/events?after=${seqs.at(-1)}&limit=100`,
  );
  expect(after.body.data?.events).toEqual([]);
});
