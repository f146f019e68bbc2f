// Every handler is scoped to the caller's bot: an agent of bot 2 tries every method on
// bot 1's users, agents and sessions and gets 403/404, changes nothing and learns nothing.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot1: TestBot;
let bot2: TestBot;
let admin: TestAgent;
let intruder: TestAgent;
let intruderId: number;
const text = (t: string) => [{ type: "text", value: { text: t } }];

beforeAll(async () => {
  server = await startTestServer();
  bot1 = new TestBot(server.url, server.apiKey);
  const { bot, apiKey } = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  bot2 = new TestBot(server.url, apiKey);
  const i = await addAgent(server, "intruder", { botId: bot.id });
  intruderId = i.id;
  admin = await TestAgent.login(server.wsUrl, server.token);
  await bot1.say("w1", "bot 1 waiting");
  await bot1.say("s1", "bot 1 in session");
  await admin.request({ method: "connect", userid: "s1" });
  await admin.request({ method: "send_to_user", userid: "s1", message: text("secret answer") });
  intruder = await TestAgent.login(server.wsUrl, i.token);
});
afterAll(async () => {
  admin.close();
  intruder.close();
  await server.destroy();
});

const userids = (r: Frame) =>
  (r.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid);

test("login shows only the caller's bot's agents; the other bot hears nothing of it", async () => {
  expect(intruder.me.bid).not.toBe(1);
  expect(intruder.me.customer_list).toEqual([
    { customer_id: intruderId, customer_name: "intruder", head_img: "", status: 1 },
  ]);
  expect(await admin.none("login_push", intruder)).toBe(true);
});

test("every method on bot 1's users, agents and sessions is 403 or 404", async () => {
  const attempts: [Record<string, unknown>, number][] = [
    [{ method: "get_user_info", userid: "w1" }, 404],
    [{ method: "get_user_info", userid: "s1" }, 404],
    [{ method: "connect", userid: "w1" }, 404],
    [{ method: "connect", userid: "s1" }, 404],
    [{ method: "disconnect", userid: "s1" }, 404],
    [{ method: "transform", userid: "s1" }, 404],
    [{ method: "transform", userid: "s1", customer_id: 1 }, 403],
    [{ method: "send_to_user", userid: "s1", message: text("hi") }, 404],
    [{ method: "get_wait_user_list", bid: 1 }, 403],
    [{ method: "get_current_session_list", customer_id: 1 }, 403],
    [{ method: "get_current_session_list", bid: 1 }, 403],
    [{ method: "get_chat_record", userid: "s1" }, 404],
    [{ method: "get_chat_record", userid: "s1", bid: 1 }, 403],
    [{ method: "get_chat_record", userid: "s1", customer_id: 1 }, 403],
    [{ method: "get_answer_from_ai", bid: 1, user_query: text("q") }, 403],
    [{ method: "get_answer_from_ai", customer_id: 1, user_query: text("q") }, 403],
    [{ method: "get_summary", userid: "s1" }, 404],
    [{ method: "get_summary", userid: "w1", stage: "handoff" }, 404],
    [{ method: "get_kb_missed", bid: 1 }, 403],
  ];
  for (const [frame, code] of attempts) {
    const r = await intruder.request(frame);
    expect({ frame, code: r.code }).toEqual({ frame, code });
    expect(r.method).toBe(frame.method as string);
    // The refusal tells nothing of bot 1: the same as for a user no bot has.
    expect(r.data).toBeUndefined();
    expect(String(r.msg)).not.toMatch(/agent \d|secret/);
    if (code === 404 && typeof frame.userid === "string") {
      const unknown = await intruder.request({ ...frame, userid: "nobody" });
      expect(unknown).toEqual({ ...r, msg: String(r.msg).replace(frame.userid, "nobody") });
    }
  }
});

test("the intruder's own lists are its bot's, empty of bot 1's users", async () => {
  expect(userids(await intruder.request({ method: "get_wait_user_list" }))).toEqual([]);
  expect(userids(await intruder.request({ method: "get_current_session_list" }))).toEqual([]);
});

test("a user id that exists in both bots is two different users", async () => {
  await bot2.say("w1", "bot 2 waiting");
  await intruder.push("wait_list_push");
  expect((await intruder.request({ method: "connect", userid: "w1" })).code).toBe(0);
  const info = await intruder.request({ method: "get_user_info", userid: "w1" });
  expect((info.data as { bid: number }).bid).not.toBe(1);
  const record = await intruder.request({ method: "get_chat_record", userid: "w1" });
  expect(record.data).toMatchObject({ total: 1 });
  expect(JSON.stringify(record.data)).not.toContain("bot 1");
  expect((await intruder.request({ method: "disconnect", userid: "w1" })).code).toBe(0);
});

test("the intruder's status changes and logout reach only its own bot; bot 1 is unchanged", async () => {
  await intruder.request({ method: "set_customer_status", status: 3 });
  await intruder.request({ method: "set_auto_connect_status", status: 1 });
  expect(userids(await admin.request({ method: "get_wait_user_list" }))).toEqual(["w1"]);
  expect(userids(await admin.request({ method: "get_current_session_list" }))).toEqual(["s1"]);
  const record = await admin.request({ method: "get_chat_record", userid: "s1" });
  expect(record.data).toMatchObject({ total: 2 });
  expect(await admin.none("set_customer_status_push", intruder)).toBe(true);
  expect(
    admin.frames.filter((f) => f.method === "connect_push" || f.method === "disconnect_push"),
  ).toEqual([]);
  // Nothing of bot 1 ever reached the intruder.
  const leaked = intruder.frames.filter(
    (f) => f.userid === "s1" || f.customer_id === 1 || String(f.method).startsWith("log"),
  );
  expect(leaked).toEqual([]);
  await intruder.request({ method: "logout" });
  await intruder.waitClosed();
  expect(await admin.none("logout_push")).toBe(true);
});

test("bot 2's api key cannot reach bot 1's agents or users over HTTP either", async () => {
  const r = await bot2.post("/api/chat/user_message", {
    bid: 1,
    userid: "w1",
    user_query: text("spoof"),
  });
  expect(r.status).toBe(403);
  const toAgent = await bot2.post("/api/chat/send_to_customer", {
    customer_id: 1,
    data: { method: "chat" },
  });
  expect(toAgent.status).toBe(404);
  expect(await admin.none("chat")).toBe(true);
});
