// Seed sections 6, 13-16: get_user_info, get_wait_user_list, get_current_session_list,
// get_chat_record and get_answer_from_ai, their exact fields and orders.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;
let bob: TestAgent;
let bobId: number;

interface Entry {
  userid: string;
  head_img: string;
  nickname: string;
  timestamp: number;
  last_message: unknown[];
}
const list = (r: Frame) => (r.data as { user_list: Entry[] }).user_list;
const text = (t: string) => ({ type: "text", value: { text: t } });

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const b = await addAgent(server, "bob", { role: "supervisor" });
  bobId = b.id;
  admin = await TestAgent.login(server.wsUrl, server.token);
  bob = await TestAgent.login(server.wsUrl, b.token);
  // Waiting, in this order: w1, w2, w3. w1 speaks twice; its last message has two items.
  await bot.say("w1", "first", { user: { nickname: "One", head_img: "http://img.example/1.png" } });
  await bot.say("w2", "second");
  await bot.say("w3", "third");
  await bot.post("/api/chat/user_message", {
    userid: "w1",
    user_query: [text("again"), { type: "picture", value: { url: "http://img.example/p.png" } }],
  });
  // Bob holds a1 then a2 (a2 is the newer session); admin holds a3.
  for (const [who, u] of [
    [bob, "a1"],
    [bob, "a2"],
    [admin, "a3"],
  ] as const) {
    await bot.say(u, `hello from ${u}`);
    const r = await who.request({ method: "connect", userid: u });
    if (r.code !== 0) throw new Error(JSON.stringify(r));
  }
});
afterAll(async () => {
  admin.close();
  bob.close();
  await server.destroy();
});

describe("get_wait_user_list", () => {
  test("oldest first, each entry with userid, nickname, head_img, last_message and timestamp", async () => {
    const r = await admin.request({ method: "get_wait_user_list", bid: 1 });
    expect(r).toMatchObject({ method: "get_wait_user_list", code: 0, msg: "ok" });
    const entries = list(r);
    expect(entries.map((e) => e.userid)).toEqual(["w1", "w2", "w3"]);
    // Checked first: Bun's toMatchObject writes its matchers into the object it checks.
    for (const e of entries) expect(Math.abs(e.timestamp - Date.now() / 1000)).toBeLessThan(600);
    expect(entries[0]).toMatchObject({
      userid: "w1",
      nickname: "One",
      head_img: "http://img.example/1.png",
      timestamp: expect.any(Number),
      last_message: [
        text("again"),
        { type: "picture", value: { url: "http://img.example/p.png" } },
      ],
    });
    expect(entries[1]).toMatchObject({
      nickname: "",
      head_img: "",
      last_message: [text("second")],
    });
  });

  test("bid may be a numeric string; it is optional", async () => {
    expect(list(await admin.request({ method: "get_wait_user_list", bid: "1" }))).toHaveLength(3);
    expect(list(await admin.request({ method: "get_wait_user_list" }))).toHaveLength(3);
  });
});

describe("get_current_session_list", () => {
  test("the caller's sessions, newest first", async () => {
    const r = await bob.request({ method: "get_current_session_list" });
    expect(r).toMatchObject({ method: "get_current_session_list", code: 0, msg: "ok" });
    const entries = list(r);
    expect(entries.map((e) => e.userid)).toEqual(["a2", "a1"]);
    expect(entries[0]).toMatchObject({
      userid: "a2",
      nickname: "",
      head_img: "",
      timestamp: expect.any(Number),
      last_message: [text("hello from a2")],
    });
  });

  test("another agent's of the same bot, by customer_id (number or numeric string)", async () => {
    for (const customer_id of [bobId, String(bobId)]) {
      const r = await admin.request({ method: "get_current_session_list", bid: 1, customer_id });
      expect(list(r).map((e) => e.userid)).toEqual(["a2", "a1"]);
    }
    const own = await admin.request({ method: "get_current_session_list", customer_id: 1 });
    expect(list(own).map((e) => e.userid)).toEqual(["a3"]);
  });

  test("an agent that does not exist is 404", async () => {
    const r = await admin.request({ method: "get_current_session_list", customer_id: 424242 });
    expect(r).toMatchObject({ method: "get_current_session_list", code: 404 });
  });
});

describe("get_chat_record", () => {
  beforeAll(async () => {
    // c1: user, robot, agent, user again.
    await bot.post("/api/chat/user_message", {
      userid: "c1",
      user_query: [text("q1")],
      bot_response: [text("r1")],
    });
    await admin.request({ method: "connect", userid: "c1" });
    await admin.request({ method: "send_to_user", userid: "c1", message: [text("a1")] });
    await bot.say("c1", "q2");
  });

  test("newest first, with total, from, customer_id and is_robot", async () => {
    const r = await admin.request({ method: "get_chat_record", bid: 1, userid: "c1" });
    expect(r).toMatchObject({ method: "get_chat_record", code: 0, msg: "ok" });
    const data = r.data as { total: number; list_chat: Record<string, unknown>[] };
    expect(data.total).toBe(4);
    expect(data.list_chat).toEqual([
      {
        create_time: expect.any(Number),
        is_robot: 0,
        from: "user",
        customer_id: null,
        message: text("q2"),
      },
      {
        create_time: expect.any(Number),
        is_robot: 0,
        from: "agent",
        customer_id: 1,
        message: text("a1"),
      },
      {
        create_time: expect.any(Number),
        is_robot: 1,
        from: "robot",
        customer_id: null,
        message: text("r1"),
      },
      {
        create_time: expect.any(Number),
        is_robot: 0,
        from: "user",
        customer_id: null,
        message: text("q1"),
      },
    ]);
  });

  test("pages: page 1 is the newest; past the end is empty with the same total", async () => {
    const page = async (p: number) => {
      const r = await bob.request({
        method: "get_chat_record",
        userid: "c1",
        page: p,
        pagesize: 3,
      });
      return r.data as { total: number; list_chat: { message: unknown }[] };
    };
    const [p1, p2, p3] = [await page(1), await page(2), await page(3)];
    expect(p1.list_chat.map((e) => e.message)).toEqual([text("q2"), text("a1"), text("r1")]);
    expect(p2.list_chat.map((e) => e.message)).toEqual([text("q1")]);
    expect(p3).toMatchObject({ total: 4, list_chat: [] });
    const strings = await bob.request({
      method: "get_chat_record",
      userid: "c1",
      page: "2",
      pagesize: "1",
    });
    expect((strings.data as { list_chat: { message: unknown }[] }).list_chat[0]?.message).toEqual(
      text("a1"),
    );
  });

  test("an unknown user is 404", async () => {
    const r = await admin.request({ method: "get_chat_record", userid: "nobody" });
    expect(r).toMatchObject({ method: "get_chat_record", code: 404 });
  });
});

describe("get_user_info", () => {
  test("the seed's fields exactly, as the bot gave them", async () => {
    const profile = {
      active_time: 0,
      att_time: 1498821466,
      city: "邯郸",
      country: "中国",
      head_img: "http://wx.qlogo.cn/mmopen/PiajxSqBRaEKppeA/0",
      mobile: "",
      nickname: "随遇而安",
      openid: "oIpsf0--nxUVU7lkjMoPfL4hyIpY",
      province: "河北",
      realname: "",
      sex: 2,
      wid: 1,
    };
    expect(
      (await bot.post("/api/user/profile", { userid: "p1", ...profile, vip: true })).status,
    ).toBe(200);
    const r = await admin.request({ method: "get_user_info", userid: "p1" });
    expect(r).toMatchObject({ method: "get_user_info", code: 0, msg: "ok" });
    expect(r.data).toEqual({ ...profile, bid: 1, userid: "p1", vip: true });
  });

  test("a user the bot sent no profile for has every seed field, with its type", async () => {
    const data = (await admin.request({ method: "get_user_info", userid: "w2" })).data as Record<
      string,
      unknown
    >;
    const numbers = ["active_time", "att_time", "bid", "sex", "wid"];
    const strings = [
      "city",
      "country",
      "head_img",
      "mobile",
      "nickname",
      "openid",
      "province",
      "realname",
    ];
    for (const k of numbers) expect(typeof data[k]).toBe("number");
    for (const k of strings) expect(typeof data[k]).toBe("string");
    expect(data.bid).toBe(1);
  });

  test("an unknown user is 404", async () => {
    const r = await admin.request({ method: "get_user_info", userid: "nobody" });
    expect(r).toMatchObject({ method: "get_user_info", code: 404, msg: expect.any(String) });
  });
});

describe("get_answer_from_ai", () => {
  test("answers code 0 with data.message_list an array", async () => {
    const r = await admin.request({
      method: "get_answer_from_ai",
      bid: "1",
      customer_id: "1",
      userid: "w1",
      user_query: [text("how do I reset my password?")],
    });
    expect(r).toMatchObject({ method: "get_answer_from_ai", code: 0, msg: "ok" });
    expect(Array.isArray((r.data as { message_list: unknown }).message_list)).toBe(true);
  });
});
