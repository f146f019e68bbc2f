// Closed conversations and search (issue 17): search_messages finds the bot's messages by
// words (Chinese and English, segmented as the knowledge base), narrowed by user, agent, tag
// and time, never another bot's; each hit says where it is in the user's history. A tag or
// an agent alone lists the conversations, a time window alone the messages said in it.
// get_user_sessions lists a user's earlier sessions.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;

interface Hit {
  userid: string;
  from: string;
  customer_id: number | null;
  newer: number;
  message: { type: string; value: { text?: string } };
}

const hits = (f: Frame) => (f.data as { list: Hit[] }).list;

/** Searches until the indexer (a sweep, every tick) has caught up with `want` hits. */
async function searchUntil(a: TestAgent, frame: Record<string, unknown>, want: number) {
  for (;;) {
    const r = await a.request({ method: "search_messages", ...frame });
    if (r.code !== 0 || hits(r).length >= want) return r;
    await Bun.sleep(100);
  }
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  admin = await TestAgent.login(server.wsUrl, server.token);
  await bot.say("s1", "我想修改登录密码");
  expect((await admin.request({ method: "connect", userid: "s1" })).code).toBe(0);
  const reply = [{ type: "text", value: { text: "The password reset link is on the login page" } }];
  expect((await admin.request({ method: "send_to_user", userid: "s1", message: reply })).code).toBe(
    0,
  );
  expect((await admin.request({ method: "disconnect", userid: "s1" })).code).toBe(0);
  await bot.say("s2", "Where is my refund?");
});
afterAll(async () => {
  admin.close();
  await server.destroy();
});

test("Chinese and English words find the messages, with who said them and where", async () => {
  const zh = await searchUntil(admin, { query: "密码" }, 1);
  expect(hits(zh).map((h) => [h.userid, h.from, h.message.value.text, h.newer])).toEqual([
    ["s1", "user", "我想修改登录密码", 1],
  ]);
  const en = await searchUntil(admin, { query: "password reset" }, 1);
  expect(hits(en).map((h) => [h.userid, h.from, h.customer_id])).toEqual([["s1", "agent", 1]]);
  const refund = await searchUntil(admin, { query: "refunds? where" }, 1);
  expect(hits(refund).map((h) => h.userid)).toEqual(["s2"]);
});

test("narrowed by user, agent and time; some criterion is required", async () => {
  await searchUntil(admin, { query: "refund" }, 1);
  expect(
    hits(await admin.request({ method: "search_messages", query: "refund", userid: "s1" })),
  ).toEqual([]);
  const served = await admin.request({ method: "search_messages", query: "密码 ", customer_id: 1 });
  expect(hits(served)).toHaveLength(1);
  const later = await admin.request({
    method: "search_messages",
    query: "密码",
    from: Math.floor(Date.now() / 1000) + 60,
  });
  expect(hits(later)).toEqual([]);
  const byUser = await admin.request({ method: "search_messages", userid: "s1" });
  expect(hits(byUser)).toHaveLength(2);
  expect((await admin.request({ method: "search_messages", query: "的 吗" })).code).toBe(400);
  expect((await admin.request({ method: "search_messages" })).code).toBe(400);
  const theirs = await admin.request({ method: "search_messages", customer_id: 1 });
  expect(hits(theirs).map((h) => [h.userid, h.message.value.text])).toEqual([
    ["s1", "The password reset link is on the login page"],
  ]);
  expect(
    (await admin.request({ method: "search_messages", query: "refund", customer_id: 999 })).code,
  ).toBe(404);
});

test("a tag or an agent alone: the conversations, one hit each, newest first; time alone: messages", async () => {
  expect((await bot.post("/api/labels/create", { kind: "tag", name: "billing" })).status).toBe(200);
  const start = Math.floor(Date.now() / 1000);
  const conversation = async (userid: string, question: string, answer?: string) => {
    await bot.say(userid, question);
    expect((await admin.request({ method: "connect", userid })).code).toBe(0);
    const tagged = await admin.request({ method: "tag_session", userid, tags: ["billing"] });
    expect(tagged.code).toBe(0);
    if (answer !== undefined) {
      const message = [{ type: "text", value: { text: answer } }];
      expect((await admin.request({ method: "send_to_user", userid, message })).code).toBe(0);
    }
    expect((await admin.request({ method: "disconnect", userid })).code).toBe(0);
  };
  await conversation("t1", "first question", "answer one");
  await conversation("t2", "second question");
  const texts = (f: Frame) => hits(f).map((h) => [h.userid, h.message.value.text]);
  const tagged = await admin.request({ method: "search_messages", tag: "billing" });
  expect(texts(tagged)).toEqual([
    ["t2", "second question"],
    ["t1", "answer one"],
  ]);
  const servedAndTagged = { method: "search_messages", tag: "billing", customer_id: 1, limit: 1 };
  expect(texts(await admin.request(servedAndTagged))).toEqual([["t2", "second question"]]);
  const before = { method: "search_messages", tag: "billing", to: start - 1 };
  expect(hits(await admin.request(before))).toEqual([]);
  const recent = await admin.request({ method: "search_messages", from: start, limit: 3 });
  expect(texts(recent)).toEqual([
    ["t2", "second question"],
    ["t1", "answer one"],
    ["t1", "first question"],
  ]);
  // An `agent` finds only its own conversations: it served none of these.
  const newcomer = await addAgent(server, "newcomer", { role: "agent" });
  const own = await TestAgent.login(server.wsUrl, newcomer.token);
  expect(hits(await own.request({ method: "search_messages", tag: "billing" }))).toEqual([]);
  expect(hits(await own.request({ method: "search_messages", from: start }))).toEqual([]);
  own.close();
});

test("another bot's agents find nothing of this bot's", async () => {
  const other = await addBot(server, "other");
  const theirs = await TestAgent.login(server.wsUrl, other.token);
  await new TestBot(server.url, other.apiKey).say("s1", "their own refund");
  await searchUntil(theirs, { query: "refund" }, 1);
  const found = await theirs.request({ method: "search_messages", query: "refund" });
  expect(hits(found).map((h) => h.message.value.text)).toEqual(["their own refund"]);
  expect(hits(await theirs.request({ method: "search_messages", query: "密码" }))).toEqual([]);
  theirs.close();
});

test("get_user_sessions: a user's sessions newest first, the ended ones with their end", async () => {
  await bot.say("s1", "me again");
  const r = await admin.request({ method: "get_user_sessions", userid: "s1" });
  const list = (
    r.data as { list: { state: string; customer_id: number | null; end_reason: string | null }[] }
  ).list;
  expect(list.map((s) => [s.state, s.customer_id])).toEqual([
    ["waiting", null],
    ["ended", 1],
  ]);
  expect(list[1]?.end_reason).not.toBeNull();
  expect((await admin.request({ method: "get_user_sessions" })).code).toBe(400);
});
