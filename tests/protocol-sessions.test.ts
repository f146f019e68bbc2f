// Seed sections 8-12: connect, disconnect, transform (both ways), the user-message pushes
// and send_to_user, with two more agents watching each other's pushes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;
let bob: TestAgent;
let carol: TestAgent;
let bobId: number;
let carolId: number;
let dave: NewAgent;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const b = await addAgent(server, "bob");
  const c = await addAgent(server, "carol");
  dave = await addAgent(server, "dave");
  bobId = b.id;
  carolId = c.id;
  admin = await TestAgent.login(server.wsUrl, server.token);
  bob = await TestAgent.login(server.wsUrl, b.token);
  carol = await TestAgent.login(server.wsUrl, c.token);
});
afterAll(async () => {
  for (const a of [admin, bob, carol]) a.close();
  await server.destroy();
});

/** The next push of `method` about `userid`. */
const pushFor = (a: TestAgent, method: string, userid: string) =>
  a.next((f) => f.method === method && f.userid === userid);

/** True if no push of `method` about `userid` has reached `a` (see `TestAgent.nothing`). */
const noneFor = (a: TestAgent, method: string, userid: string, ...actors: TestAgent[]) =>
  a.nothing((f) => f.method === method && f.userid === userid, ...actors);

/** A user who is waiting; every agent has seen the wait_list_push. */
async function waiting(userid: string, text = "hello") {
  await bot.say(userid, text);
  for (const a of [admin, bob, carol]) await pushFor(a, "wait_list_push", userid);
}

/** A user `a` holds; the others have seen the connect_push. */
async function held(a: TestAgent, userid: string) {
  await waiting(userid);
  expect((await a.request({ method: "connect", userid })).code).toBe(0);
  for (const o of [admin, bob, carol]) if (o !== a) await pushFor(o, "connect_push", userid);
}

const userids = (r: Frame) =>
  ((r.data as { user_list: { userid: string }[] }).user_list ?? []).map((u) => u.userid);

describe("user messages", () => {
  test("a new user's message reaches every online agent as wait_list_push, with the seed's fields", async () => {
    const reply = await bot.say("w1", "hello", {
      user: { nickname: "Wang", head_img: "http://img.example/w1.png" },
    });
    expect(reply.body.data).toMatchObject({ state: "waiting", customer_id: null });
    for (const a of [admin, bob, carol]) {
      expect(await pushFor(a, "wait_list_push", "w1")).toEqual({
        code: 0,
        method: "wait_list_push",
        userid: "w1",
        head_img: "http://img.example/w1.png",
        nickname: "Wang",
        timestamp: expect.any(Number),
        user_query: [{ type: "text", value: { text: "hello" } }],
      });
    }
  });

  test("a message from a user in a session goes to its agent only, as connect_list_push", async () => {
    await held(bob, "w2");
    await bot.say("w2", "still there?");
    expect(await pushFor(bob, "connect_list_push", "w2")).toEqual({
      code: 0,
      method: "connect_list_push",
      userid: "w2",
      head_img: "",
      nickname: "",
      timestamp: expect.any(Number),
      user_query: [{ type: "text", value: { text: "still there?" } }],
    });
    expect(await noneFor(admin, "wait_list_push", "w2")).toBe(true);
    expect(await noneFor(carol, "connect_list_push", "w2")).toBe(true);
  });
});

describe("connect", () => {
  test("connect takes a waiting user; the others get connect_push with customer_id", async () => {
    await waiting("c1");
    const reply = await admin.request({ method: "connect", userid: "c1" });
    expect(reply).toMatchObject({ method: "connect", code: 0, msg: "ok" });
    for (const o of [bob, carol]) {
      expect(await pushFor(o, "connect_push", "c1")).toEqual({
        code: 0,
        method: "connect_push",
        userid: "c1",
        customer_id: 1,
      });
    }
    expect(await noneFor(admin, "connect_push", "c1")).toBe(true);
    const mine = await admin.request({ method: "get_current_session_list" });
    expect(userids(mine)).toContain("c1");
    expect(userids(await admin.request({ method: "get_wait_user_list" }))).not.toContain("c1");
  });

  test("connect on a user another agent holds is 409 and changes nothing", async () => {
    await held(bob, "c2");
    const reply = await carol.request({ method: "connect", userid: "c2" });
    expect(reply).toMatchObject({ method: "connect", code: 409, msg: expect.any(String) });
    expect(userids(await bob.request({ method: "get_current_session_list" }))).toContain("c2");
  });

  test("connect on a user the caller holds is 0 and changes nothing", async () => {
    await held(bob, "c3");
    const reply = await bob.request({ method: "connect", userid: "c3" });
    expect(reply.code).toBe(0);
    expect(await noneFor(carol, "connect_push", "c3", bob)).toBe(true);
    const list = userids(await bob.request({ method: "get_current_session_list" }));
    expect(list.filter((u) => u === "c3")).toHaveLength(1);
  });

  test("two agents taking the same user at once: one gets it, the other 409", async () => {
    await waiting("c4");
    const [x, y] = await Promise.all([
      bob.request({ method: "connect", userid: "c4" }),
      carol.request({ method: "connect", userid: "c4" }),
    ]);
    expect([x.code, y.code].sort()).toEqual([0, 409]);
    const winner = x.code === 0 ? bob : carol;
    expect(userids(await winner.request({ method: "get_current_session_list" }))).toContain("c4");
  });

  test("connect on a user who is not waiting is 404", async () => {
    const reply = await admin.request({ method: "connect", userid: "nobody" });
    expect(reply).toMatchObject({ method: "connect", code: 404 });
  });
});

describe("disconnect", () => {
  test("disconnect ends the session; the others get disconnect_push {code, method, userid, customer_id}", async () => {
    await held(carol, "d1");
    const reply = await carol.request({ method: "disconnect", userid: "d1" });
    expect(reply).toEqual({ method: "disconnect", code: 0, msg: "ok", userid: "d1" });
    for (const o of [admin, bob]) {
      expect(await pushFor(o, "disconnect_push", "d1")).toEqual({
        code: 0,
        method: "disconnect_push",
        userid: "d1",
        customer_id: carolId,
      });
    }
    expect(userids(await carol.request({ method: "get_current_session_list" }))).not.toContain(
      "d1",
    );
    expect(userids(await carol.request({ method: "get_wait_user_list" }))).not.toContain("d1");
    // The session is over: the user's next message opens a new waiting one.
    expect((await bot.say("d1", "one more thing")).body.data.state).toBe("waiting");
    await pushFor(carol, "wait_list_push", "d1");
  });

  test("disconnect without a session is 404; on another agent's user it is 409", async () => {
    expect((await carol.request({ method: "disconnect", userid: "nobody" })).code).toBe(404);
    await held(admin, "d2");
    expect((await carol.request({ method: "disconnect", userid: "d2" })).code).toBe(409);
    expect(userids(await admin.request({ method: "get_current_session_list" }))).toContain("d2");
  });
});

describe("transform", () => {
  test("back to the queue: its original place, transfer_push, never auto-assigned back to the giver", async () => {
    await waiting("t1");
    await waiting("t2");
    await waiting("t3");
    await held(bob, "t2x");
    expect((await bob.request({ method: "disconnect", userid: "t2x" })).code).toBe(0);
    expect((await bob.request({ method: "connect", userid: "t2" })).code).toBe(0);
    const before = userids(await bob.request({ method: "get_wait_user_list" }));
    expect(before.indexOf("t1")).toBeLessThan(before.indexOf("t3"));

    const reply = await bob.request({ method: "transform", userid: "t2" });
    expect(reply).toMatchObject({ method: "transform", code: 0, msg: "ok" });
    for (const o of [admin, carol]) {
      const p = await pushFor(o, "transfer_push", "t2");
      expect(p).toEqual({
        code: 0,
        method: "transfer_push",
        userid: "t2",
        from_customer_id: bobId,
      });
    }
    const after = userids(await bob.request({ method: "get_wait_user_list" }));
    expect(after.filter((u) => ["t1", "t2", "t3"].includes(u))).toEqual(["t1", "t2", "t3"]);

    // Bob, with room for everyone waiting, turns auto-connect on: he gets all but the one he gave back.
    for (const u of userids(await bob.request({ method: "get_current_session_list" })))
      expect((await bob.request({ method: "disconnect", userid: u })).code).toBe(0);
    const others = after.filter((u) => u !== "t2");
    expect(others.length).toBeLessThan(5);
    expect((await bob.request({ method: "set_auto_connect_status", status: 1 })).code).toBe(0);
    for (const u of others) await pushFor(bob, "connect_list_push", u);
    expect(await noneFor(bob, "connect_list_push", "t2")).toBe(true);
    expect(userids(await bob.request({ method: "get_wait_user_list" }))).toEqual(["t2"]);
    await bob.request({ method: "set_auto_connect_status", status: 0 });
    // Carol may still take it by hand.
    expect((await carol.request({ method: "connect", userid: "t2" })).code).toBe(0);
  });

  test("to a named online colleague: transfer_push with from_customer_id and customer_id; the colleague gets connect_list_push", async () => {
    await held(admin, "t4");
    const reply = await admin.request({ method: "transform", userid: "t4", customer_id: carolId });
    expect(reply).toMatchObject({ method: "transform", code: 0, msg: "ok" });
    expect(await pushFor(carol, "connect_list_push", "t4")).toMatchObject({
      code: 0,
      userid: "t4",
      user_query: [{ type: "text", value: { text: "hello" } }],
    });
    expect(await pushFor(bob, "transfer_push", "t4")).toEqual({
      code: 0,
      method: "transfer_push",
      userid: "t4",
      from_customer_id: 1,
      customer_id: carolId,
    });
    expect(userids(await carol.request({ method: "get_current_session_list" }))).toContain("t4");
    expect(userids(await admin.request({ method: "get_current_session_list" }))).not.toContain(
      "t4",
    );
    const text = [{ type: "text", value: { text: "hi" } }];
    expect(
      (await admin.request({ method: "send_to_user", userid: "t4", message: text })).code,
    ).toBe(409);
    expect(
      (await carol.request({ method: "send_to_user", userid: "t4", message: text })).code,
    ).toBe(0);
  });

  test("the customer_id may be a numeric string, as the seed writes it", async () => {
    await held(admin, "t5");
    const reply = await admin.request({
      method: "transform",
      userid: "t5",
      customer_id: String(bobId),
    });
    expect(reply.code).toBe(0);
    await pushFor(bob, "connect_list_push", "t5");
  });

  test("to an offline colleague, one at status 0, or oneself is 409; to no such agent 404; nothing moves", async () => {
    await held(admin, "t6");
    const to = (customer_id: number) =>
      admin.request({ method: "transform", userid: "t6", customer_id });
    expect((await to(dave.id)).code).toBe(409);
    expect((await to(1)).code).toBe(409);
    expect((await to(999_999)).code).toBe(404);
    expect((await carol.request({ method: "set_customer_status", status: 0 })).code).toBe(0);
    expect((await to(carolId)).code).toBe(409);
    expect((await carol.request({ method: "set_customer_status", status: 1 })).code).toBe(0);
    expect(userids(await admin.request({ method: "get_current_session_list" }))).toContain("t6");
  });

  test("transform of a user the caller does not hold is 404, of another's 409", async () => {
    expect((await admin.request({ method: "transform", userid: "nobody" })).code).toBe(404);
    await held(bob, "t7");
    expect((await admin.request({ method: "transform", userid: "t7" })).code).toBe(409);
  });
});

describe("send_to_user", () => {
  test("valid items are stored and sent to the bot, invalid ones counted", async () => {
    await held(admin, "s1");
    const reply = await admin.request({
      method: "send_to_user",
      userid: "s1",
      message: [
        { type: "text", value: { text: "hello there" } },
        { type: "text", value: {} },
        { type: "picture", value: { url: "http://img.example/a.png" } },
        { type: "gif", value: { url: "x" } },
        "hi",
      ],
    });
    expect(reply).toMatchObject({ method: "send_to_user", code: 0, msg: "ok" });
    expect(reply.data).toEqual({ failure: 3, success: 2 });
    const events = await bot.get<{
      events: { event: string; userid: string; message?: unknown }[];
    }>("/api/chat/events?limit=1000");
    const sent = events.body.data.events.filter(
      (e) => e.event === "agent_message" && e.userid === "s1",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      customer_id: 1,
      message: [
        { type: "text", value: { text: "hello there" } },
        { type: "picture", value: { url: "http://img.example/a.png" } },
      ],
    });
    const record = await admin.request({ method: "get_chat_record", userid: "s1" });
    expect((record.data as { total: number }).total).toBe(3);
  });

  test("a message that is not a non-empty array is 400", async () => {
    await held(admin, "s2");
    for (const message of [[], "hi", { type: "text", value: { text: "x" } }, null]) {
      const r = await admin.request({ method: "send_to_user", userid: "s2", message });
      expect(r).toMatchObject({ method: "send_to_user", code: 400 });
    }
    const r = await admin.request({ method: "send_to_user", userid: "s2" });
    expect(r.code).toBe(400);
    const record = await admin.request({ method: "get_chat_record", userid: "s2" });
    expect((record.data as { total: number }).total).toBe(1);
  });

  test("without an active session it is 404; with a waiting user too", async () => {
    const text = [{ type: "text", value: { text: "hi" } }];
    expect(
      (await admin.request({ method: "send_to_user", userid: "nobody", message: text })).code,
    ).toBe(404);
    await waiting("s3");
    expect(
      (await admin.request({ method: "send_to_user", userid: "s3", message: text })).code,
    ).toBe(404);
  });
});
