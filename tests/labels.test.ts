// Tags and close reasons (issue 17): the bot keeps the lists (HTTP and protocol), agents tag
// a conversation and pick a reason when ending it, session_ended carries both beside the
// seed's fields, and reports count by each. A name not in the list changes nothing.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  admin = await TestAgent.login(server.wsUrl, server.token);
});
afterAll(async () => {
  admin.close();
  await server.destroy();
});

interface Ended {
  event: string;
  userid: string;
  session_id: number;
  customer_id: number;
  reason: string;
  tags: string[];
  close_reason: string | null;
}

const ended = async (userid: string) =>
  (await bot.get<{ events: Ended[] }>("/api/chat/events?after=0&limit=1000")).body.data.events.find(
    (e) => e.event === "session_ended" && e.userid === userid,
  );

test("the lists, kept over HTTP and the protocol, per bot", async () => {
  expect(
    (await bot.post("/api/labels/create", { kind: "tag", name: "billing" })).body.data,
  ).toEqual({
    kind: "tag",
    name: "billing",
    created: true,
  });
  expect(
    (await bot.post("/api/labels/create", { kind: "tag", name: "billing" })).body.data,
  ).toMatchObject({
    created: false,
  });
  expect(await admin.request({ method: "save_label", kind: "tag", name: "bug" })).toMatchObject({
    code: 0,
    created: 1,
  });
  await admin.request({ method: "save_label", kind: "reason", name: "solved" });
  await admin.request({ method: "save_label", kind: "reason", name: "spam" });
  expect((await admin.request({ method: "get_labels" })).data).toEqual({
    tags: ["billing", "bug"],
    reasons: ["solved", "spam"],
  });
  expect((await bot.post("/api/labels/list", {})).body.data).toEqual({
    tags: ["billing", "bug"],
    reasons: ["solved", "spam"],
  });
  expect((await bot.post("/api/labels/delete", { kind: "reason", name: "spam" })).status).toBe(200);
  expect((await bot.post("/api/labels/delete", { kind: "reason", name: "spam" })).status).toBe(404);
  expect((await admin.request({ method: "delete_label", kind: "tag", name: "nope" })).code).toBe(
    404,
  );
  expect((await bot.post("/api/labels/create", { kind: "colour", name: "x" })).status).toBe(400);
  const other = await addBot(server, "other");
  expect(
    (await new TestBot(server.url, other.apiKey).post("/api/labels/list", {})).body.data,
  ).toEqual({
    tags: [],
    reasons: [],
  });
});

test("tags and a reason set as the agent ends reach the bot in session_ended, seed fields kept", async () => {
  await bot.say("l1", "my invoice is wrong");
  expect((await admin.request({ method: "connect", userid: "l1" })).code).toBe(0);
  const tagged = await admin.request({ method: "tag_session", userid: "l1", tags: ["bug", "bug"] });
  expect(tagged).toMatchObject({ code: 0, userid: "l1", tags: ["bug"] });
  const done = await admin.request({
    method: "disconnect",
    userid: "l1",
    close_reason: "solved",
    tags: ["billing", "bug"],
  });
  expect(done).toMatchObject({ code: 0, userid: "l1" });
  expect(await ended("l1")).toMatchObject({
    session_id: expect.any(Number),
    customer_id: 1,
    reason: "agent_ended",
    tags: ["billing", "bug"],
    close_reason: "solved",
  });
});

test("a name not in the bot's list is 400 and the session goes on untouched", async () => {
  await bot.say("l2", "hello");
  expect((await admin.request({ method: "connect", userid: "l2" })).code).toBe(0);
  const bad = await admin.request({ method: "disconnect", userid: "l2", close_reason: "bored" });
  expect(bad).toMatchObject({
    code: 400,
    msg: 'close_reason: no reason "bored" in this bot\'s list',
  });
  expect((await admin.request({ method: "tag_session", userid: "l2", tags: ["vip"] })).code).toBe(
    400,
  );
  expect((await admin.request({ method: "tag_session", userid: "nobody", tags: [] })).code).toBe(
    404,
  );
  const sessions = await admin.request({ method: "get_current_session_list" });
  expect(JSON.stringify(sessions.data)).toContain('"l2"');
  expect((await admin.request({ method: "disconnect", userid: "l2" })).code).toBe(0);
  expect(await ended("l2")).toMatchObject({ tags: [], close_reason: null, reason: "agent_ended" });
});

test("reports count ended sessions by tag and by reason", async () => {
  const http = await bot.get<{ tags: unknown[]; reasons: unknown[] }>("/api/reports/labels");
  expect(http.body.data).toMatchObject({
    tags: [
      { name: "billing", count: 1 },
      { name: "bug", count: 1 },
    ],
    reasons: [{ name: "solved", count: 1 }],
  });
  const ws = await admin.request({ method: "get_label_report" });
  expect((ws.data as { reasons: unknown[] }).reasons).toEqual([{ name: "solved", count: 1 }]);
  const before = await bot.get("/api/reports/labels?from=0&to=1");
  expect(before.body.data).toMatchObject({ tags: [], reasons: [] });
  expect((await bot.get("/api/reports/labels?from=10&to=1")).status).toBe(400);
});
