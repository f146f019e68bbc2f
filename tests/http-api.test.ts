// The bot backend's HTTP API (CONTRACT.md, "The bot backend's HTTP API"; seed 17-18).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let other: TestBot;
let otherAgentId: number;

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_MAX_BODY_BYTES: "4096" } });
  bot = new TestBot(server.url, server.apiKey);
  const b2 = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  other = new TestBot(server.url, b2.apiKey);
  const a2 = await server.store.identity.createAgent({
    botId: b2.bot.id,
    name: "outsider",
    headImg: "",
    maxSessions: 5,
    now: Date.now(),
  });
  otherAgentId = a2.agent.id;
});
afterAll(() => server.destroy());

const text = (t: string) => ({ type: "text", value: { text: t } });

describe("auth and errors", () => {
  test("no key, a bad key: 401", async () => {
    const none = await fetch(`${server.url}/api/customer/list`, { method: "POST", body: "{}" });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 401 });
    const bad = await bot.post("/api/customer/list", {}, "kfk_nope");
    expect(bad.status).toBe(401);
  });

  test("a body that is not JSON, a field of the wrong type: 400 naming it", async () => {
    const notJson = await bot.post("/api/chat/user_message", "{oops");
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe(400);
    const wrong = await bot.post("/api/chat/user_message", {
      userid: "u",
      user_query: [{ type: "text", value: { text: 5 } }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body as unknown).toEqual({
      code: 400,
      msg: expect.stringContaining("user_query.0.value.text"),
    });
    const missing = await bot.post("/api/chat/user_message", { user_query: [text("x")] });
    expect(missing.body.msg).toContain("userid");
  });

  test("a POST without a JSON content type: 400 saying so", async () => {
    const res = await fetch(`${server.url}/api/customer/info`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify({ customer_id: 1 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 400, msg: "Content-Type must be application/json" });
  });

  test("a body over the limit: 413, nothing stored", async () => {
    const big = await bot.post("/api/chat/user_message", {
      userid: "big",
      user_query: [text("x".repeat(5000))],
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe(413);
    expect(await server.store.identity.getUser(1, "big")).toBeNull();
  });

  test("a foreign bid is 403, a foreign agent is 404", async () => {
    expect(
      (await bot.post("/api/chat/user_message", { bid: 2, userid: "u", user_query: [text("x")] }))
        .status,
    ).toBe(403);
    expect((await bot.post("/api/customer/list", { bid: 2 })).status).toBe(403);
    expect((await bot.post("/api/chat/send_to_group", { bid: 2, data: {} })).status).toBe(403);
    for (const path of [
      "/api/customer/info",
      "/api/customer/is_online",
      "/api/customer/token",
      "/api/chat/send_to_customer",
    ]) {
      const r = await bot.post(path, { customer_id: otherAgentId, data: {} });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe(404);
    }
  });

  test("unknown route: 404 in the contract's shape", async () => {
    const r = await bot.post("/api/nope", {});
    expect(r.status).toBe(404);
    expect(r.body.code).toBe(404);
  });
});

describe("the seed's routes", () => {
  test("customer list, info, is_online; send_to_group and send_to_customer", async () => {
    const agent = await TestAgent.login(server.wsUrl, server.token);
    const list = await bot.post<unknown[]>("/api/customer/list", { bid: 1 });
    expect(list.body).toEqual({
      code: 0,
      msg: "ok",
      data: [{ customer_id: 1, customer_name: "admin", status: 1 }],
    });
    expect((await other.post<unknown[]>("/api/customer/list", {})).body.data).toEqual([]);

    const info = await bot.post("/api/customer/info", { customer_id: "1" });
    expect(info.body.data).toEqual({
      bid: 1,
      customer_name: "admin",
      customer_id: 1,
      head_img: "",
      status: 1,
      connecting_user: [],
    });
    expect((await bot.post("/api/customer/is_online", { customer_id: 1 })).body.data).toEqual({
      is_online: 1,
    });

    const group = await bot.post("/api/chat/send_to_group", {
      bid: 1,
      exclude_client_id: [],
      data: { method: "notice", text: "hi all" },
    });
    expect(group.body.data).toEqual({ sent: 1 });
    expect(await agent.push("notice")).toEqual({ method: "notice", text: "hi all" });
    const excluded = await bot.post("/api/chat/send_to_group", {
      exclude_client_id: [agent.me.client_id],
      data: { method: "notice" },
    });
    expect(excluded.body.data).toEqual({ sent: 0 });

    const dm = await bot.post("/api/chat/send_to_customer", {
      customer_id: 1,
      data: { method: "chat", userid: "x" },
    });
    expect(dm.body.data).toEqual({ sent: 1 });
    expect(await agent.push("chat")).toEqual({ method: "chat", userid: "x" });

    agent.close();
    await agent.waitClosed();
    expect((await bot.post("/api/customer/is_online", { customer_id: 1 })).body.data).toEqual({
      is_online: 0,
    });
    expect(
      (await bot.post("/api/chat/send_to_customer", { customer_id: 1, data: { method: "x" } }))
        .body,
    ).toEqual({
      code: 0,
      msg: "ok",
      data: { sent: 0 },
    });
  });

  test("customer create and token", async () => {
    const created = await bot.post<{ customer_id: number; token: string }>("/api/customer/create", {
      customer_name: "Wang",
      max_sessions: 2,
    });
    expect(created.body.data.customer_id).toBeGreaterThan(1);
    expect(created.body.data.token).toMatch(/^kft_/);
    const agent = await TestAgent.login(server.wsUrl, created.body.data.token);
    expect(agent.me).toMatchObject({ customer_name: "Wang", bid: 1 });
    agent.close();
    const rotated = await bot.post<{ token: string }>("/api/customer/token", {
      customer_id: created.body.data.customer_id,
    });
    const old = await TestAgent.connect(server.wsUrl);
    expect((await old.request({ method: "login", token: created.body.data.token })).code).toBe(440);
    old.close();
    expect(rotated.body.data.token).toMatch(/^kft_/);
    expect((await bot.post("/api/customer/create", { customer_name: "" })).status).toBe(400);
  });

  test("user profile is stored and returned by get_user_info", async () => {
    const profile = {
      userid: "p1",
      nickname: "随遇而安",
      head_img: "http://img.example/0",
      sex: 2,
      city: "邯郸",
      province: "河北",
      country: "中国",
      mobile: "",
      realname: "",
      openid: "oIpsf0",
      wid: 1,
      att_time: 1498821466,
      active_time: 0,
      vip: true,
    };
    const r = await bot.post("/api/user/profile", profile);
    expect(r.body.code).toBe(0);
    const agent = await TestAgent.login(server.wsUrl, server.token);
    const info = await agent.request({ method: "get_user_info", userid: "p1" });
    const { userid: _, ...fields } = profile;
    expect(info.data).toEqual({ ...fields, bid: 1, userid: "p1" });
    agent.close();
    expect(
      (await bot.post("/api/user/profile", { userid: "p1", sex: "female" })).body.msg,
    ).toContain("sex");
  });
});

describe("user messages", () => {
  test("waits, joins the active session, is auto-assigned", async () => {
    const agent = await TestAgent.login(server.wsUrl, server.token);
    const first = await bot.say("w1", "hello", {
      user: { nickname: "Ann" },
      bot_response: [text("robot says hi")],
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({
      session_id: expect.any(Number),
      state: "waiting",
      customer_id: null,
      position: 1,
      estimated_wait_s: null,
    });
    const wait = await agent.push("wait_list_push");
    expect(wait).toEqual({
      code: 0,
      method: "wait_list_push",
      userid: "w1",
      head_img: "",
      nickname: "Ann",
      timestamp: expect.any(Number),
      user_query: [text("hello")],
    });

    expect((await agent.request({ method: "connect", userid: "w1" })).code).toBe(0);
    const second = await bot.say("w1", "are you there?");
    expect(second.body.data).toEqual({
      session_id: first.body.data.session_id,
      state: "active",
      customer_id: 1,
      position: null,
      estimated_wait_s: null,
    });
    expect(await agent.push("connect_list_push")).toMatchObject({
      userid: "w1",
      nickname: "Ann",
      user_query: [text("are you there?")],
    });

    const record = await agent.request({
      method: "get_chat_record",
      userid: "w1",
      page: 1,
      pagesize: 10,
    });
    expect(
      (record.data as { list_chat: { from: string; is_robot: number }[] }).list_chat.map((e) => [
        e.from,
        e.is_robot,
      ]),
    ).toEqual([
      ["user", 0],
      ["robot", 1],
      ["user", 0],
    ]);

    // With auto-connect on, the next new user goes straight to the agent.
    await agent.request({ method: "set_auto_connect_status", status: 1 });
    const auto = await bot.say("w2", "help");
    expect(auto.body.data).toEqual({
      session_id: expect.any(Number),
      state: "active",
      customer_id: 1,
      position: null,
      estimated_wait_s: null,
    });
    expect(await agent.push("connect_list_push")).toMatchObject({
      userid: "w2",
      user_query: [text("help")],
    });
    await agent.request({ method: "set_auto_connect_status", status: 0 });
    agent.close();
    await agent.waitClosed();
  });

  test("msgid makes a retry store nothing new and answer the same", async () => {
    const a = await bot.say("m1", "once", { msgid: "abc" });
    const b = await bot.say("m1", "once", { msgid: "abc" });
    expect(b.body).toEqual(a.body);
    const c = await bot.say("m1", "twice", { msgid: "abd" });
    expect(c.body.data.session_id).toBe(a.body.data.session_id);
    const { total } = await server.store.history.chatRecord(1, "m1", 1, 10);
    expect(total).toBe(2);
  });

  test("handoff false only records, unless a session is open", async () => {
    const r = await bot.say("h1", "just chatting", { handoff: false });
    expect(r.body.data).toEqual({
      session_id: null,
      state: "none",
      customer_id: null,
      position: null,
      estimated_wait_s: null,
    });
    expect(await server.store.sessions.open(1, "h1")).toBeNull();
    expect((await server.store.history.chatRecord(1, "h1", 1, 10)).total).toBe(1);
    const opened = await bot.say("h1", "a human please");
    const joined = await bot.say("h1", "still there", { handoff: false });
    expect(joined.body.data).toEqual(opened.body.data);
  });

  test("a user's first messages at the same moment open one session", async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => bot.say("race", `m${i}`)),
    );
    const ids = new Set(replies.map((r) => r.body.data.session_id));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(ids.size).toBe(1);
  });

  test("another bot's users are its own", async () => {
    await other.say("w1", "I am another bot's w1");
    const agent = await TestAgent.login(server.wsUrl, server.token);
    const record = await agent.request({
      method: "get_chat_record",
      userid: "w1",
      page: 1,
      pagesize: 100,
    });
    expect(JSON.stringify(record)).not.toContain("another bot");
    agent.close();
  });
});
