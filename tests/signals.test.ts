// Typing and read state (issue 17): the bot's word that its user types or has read reaches
// the agent who holds the user as a push; an agent's typing and reads reach the bot as
// agent_typing / agent_read events, held back while they repeat, and never stored as
// messages.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;
let bea: TestAgent;

interface Event {
  event: string;
  userid: string;
  typing?: number;
  read_to?: number;
  customer_id?: number;
}

const events = async (userid: string) =>
  (
    await bot.get<{ events: Event[] }>("/api/chat/events?after=0&limit=1000")
  ).body.data.events.filter((e) => e.userid === userid);

beforeAll(async () => {
  // An interval no test run outlasts: a second "typing" is always a repeat here.
  server = await startTestServer({ env: { KEFU_TYPING_EVERY_MS: "600000" } });
  bot = new TestBot(server.url, server.apiKey);
  admin = await TestAgent.login(server.wsUrl, server.token);
  bea = await TestAgent.login(server.wsUrl, (await addAgent(server, "bea")).token);
  await bot.say("t1", "hello");
  expect((await admin.request({ method: "connect", userid: "t1" })).code).toBe(0);
});
afterAll(async () => {
  admin.close();
  bea.close();
  await server.destroy();
});

describe("from the bot", () => {
  test("user_typing and user_read reach the agent who holds the user, and only that agent", async () => {
    const typing = await bot.post("/api/chat/user_typing", { userid: "t1" });
    expect(typing).toMatchObject({ status: 200, body: { code: 0, data: { sent: 1 } } });
    expect(await admin.push("user_typing_push")).toMatchObject({ userid: "t1", typing: 1 });
    await bot.post("/api/chat/user_typing", { userid: "t1", typing: false });
    expect(await admin.push("user_typing_push")).toMatchObject({ userid: "t1", typing: 0 });
    const read = await bot.post("/api/chat/user_read", { userid: "t1", read_to: 1_800_000_000 });
    expect(read.body.data).toEqual({ sent: 1 });
    expect(await admin.push("user_read_push")).toMatchObject({
      userid: "t1",
      read_to: 1_800_000_000,
    });
    await bea.barrier();
    expect(bea.frames.filter((f) => String(f.method).startsWith("user_"))).toEqual([]);
  });

  test("nobody holds the user: sent 0; bad input 400; another bot's bid 403", async () => {
    await bot.say("t-wait", "anyone?");
    expect((await bot.post("/api/chat/user_typing", { userid: "t-wait" })).body.data).toEqual({
      sent: 0,
    });
    expect((await bot.post("/api/chat/user_read", { userid: "t1" })).status).toBe(400);
    expect((await bot.post("/api/chat/user_typing", { userid: "t1", typing: "yes" })).status).toBe(
      400,
    );
    expect((await bot.post("/api/chat/user_typing", { userid: "t1", bid: 99 })).status).toBe(403);
  });

  test("another bot's key cannot reach this bot's agents", async () => {
    const other = await addBot(server, "other");
    const theirs = new TestBot(server.url, other.apiKey);
    expect((await theirs.post("/api/chat/user_typing", { userid: "t1" })).body.data).toEqual({
      sent: 0,
    });
    await admin.barrier();
    expect(admin.frames.filter((f) => f.method === "user_typing_push")).toEqual([]);
  });
});

describe("from the agent", () => {
  test("typing reaches the bot once while it lasts, then stopped once; never as a message", async () => {
    expect(await admin.request({ method: "send_typing", userid: "t1" })).toMatchObject({
      code: 0,
      userid: "t1",
      sent: 1,
    });
    expect((await admin.request({ method: "send_typing", userid: "t1", typing: 1 })).sent).toBe(0);
    expect((await admin.request({ method: "send_typing", userid: "t1", typing: 0 })).sent).toBe(1);
    expect((await admin.request({ method: "send_typing", userid: "t1", typing: 0 })).sent).toBe(0);
    const typed = (await events("t1")).filter((e) => e.event === "agent_typing");
    expect(typed.map((e) => [e.typing, e.customer_id])).toEqual([
      [1, 1],
      [0, 1],
    ]);
    const record = await admin.request({
      method: "get_chat_record",
      userid: "t1",
      page: 1,
      pagesize: 100,
    });
    expect((record.data as { total: number }).total).toBe(1);
  });

  test("a read mark reaches the bot when it moves forward only", async () => {
    const first = await admin.request({
      method: "mark_read",
      userid: "t1",
      read_to: 1_700_000_100,
    });
    expect(first).toMatchObject({ code: 0, read_to: 1_700_000_100, sent: 1 });
    expect(
      (await admin.request({ method: "mark_read", userid: "t1", read_to: 1_700_000_100 })).sent,
    ).toBe(0);
    expect(
      (await admin.request({ method: "mark_read", userid: "t1", read_to: 1_700_000_050 })).sent,
    ).toBe(0);
    expect(
      (await admin.request({ method: "mark_read", userid: "t1", read_to: 1_700_000_200 })).sent,
    ).toBe(1);
    const reads = (await events("t1")).filter((e) => e.event === "agent_read");
    expect(reads.map((e) => e.read_to)).toEqual([1_700_000_100, 1_700_000_200]);
  });

  test("for a user the agent does not hold: 404 or 409, and nothing queued", async () => {
    const before = (await events("t-wait")).length;
    expect((await admin.request({ method: "send_typing", userid: "nobody" })).code).toBe(404);
    expect((await bea.request({ method: "send_typing", userid: "t1" })).code).toBe(409);
    expect((await bea.request({ method: "mark_read", userid: "t-wait", read_to: 1 })).code).toBe(
      404,
    );
    expect((await admin.request({ method: "mark_read", userid: "t1" })).code).toBe(400);
    expect((await events("t-wait")).length).toBe(before);
  });
});
