// The contract's error codes for bad frames: 400, 401, 429, oversized frames (1009),
// binary frames, and the Origin check on upgrade. Bad input never closes a connection
// otherwise and changes nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let agent: TestAgent;
beforeAll(async () => {
  server = await startTestServer({
    env: { KEFU_MAX_FRAME_BYTES: "2048", KEFU_ALLOWED_ORIGINS: "https://desk.example" },
  });
  agent = await TestAgent.login(server.wsUrl, server.token);
  await new TestBot(server.url, server.apiKey).say("u1", "hello");
});
afterAll(async () => {
  agent.close();
  await server.destroy();
});

/** The next reply, whatever its method (bad frames may have none). */
const reply = (a: TestAgent) => a.next((f) => !String(f.method).endsWith("_push"));

describe("400", () => {
  const cases: [string, string, string | null][] = [
    ["not JSON", "{nope", null],
    ["not an object", "[1,2]", null],
    ["a bare string", '"login"', null],
    ["no method", JSON.stringify({ userid: "u1" }), null],
    ["a method that is not a string", JSON.stringify({ method: 7 }), null],
    ["an unknown method", JSON.stringify({ method: "fly" }), "fly"],
    ["an inherited property as method", JSON.stringify({ method: "toString" }), "toString"],
    ["deeply nested JSON", `${"[".repeat(900)}${"]".repeat(900)}`, null],
    ["a missing field", JSON.stringify({ method: "connect" }), "connect"],
    ["a field of the wrong type", JSON.stringify({ method: "connect", userid: 5 }), "connect"],
    ["an empty userid", JSON.stringify({ method: "disconnect", userid: "" }), "disconnect"],
    [
      "a status out of range",
      JSON.stringify({ method: "set_customer_status", status: 9 }),
      "set_customer_status",
    ],
    [
      "a page of 0",
      JSON.stringify({ method: "get_chat_record", userid: "u1", page: 0 }),
      "get_chat_record",
    ],
    [
      "a pagesize over 100",
      JSON.stringify({ method: "get_chat_record", userid: "u1", pagesize: 101 }),
      "get_chat_record",
    ],
    [
      "a bid that is not an id",
      JSON.stringify({ method: "get_wait_user_list", bid: "one" }),
      "get_wait_user_list",
    ],
    [
      "a user_query that is not items",
      JSON.stringify({ method: "get_answer_from_ai", user_query: "hi" }),
      "get_answer_from_ai",
    ],
  ];
  for (const [name, frame, method] of cases) {
    test(`${name} is 400 with method, code and msg, and the connection stays`, async () => {
      agent.send(frame);
      const r = await reply(agent);
      expect(r.code).toBe(400);
      expect(r.method ?? null).toBe(method);
      expect("method" in r).toBe(true);
      expect(typeof r.msg).toBe("string");
      expect(r.msg).not.toBe("");
      expect((await agent.request({ method: "get_wait_user_list" })).code).toBe(0);
    });
  }

  test("a binary frame is 400", async () => {
    agent.ws.send(new TextEncoder().encode(JSON.stringify({ method: "get_wait_user_list" })));
    const r = await reply(agent);
    expect(r).toMatchObject({ code: 400, msg: expect.any(String) });
    expect(agent.closed).toBeNull();
  });

  test("a bad frame changes nothing", async () => {
    agent.send({ method: "connect", userid: ["u1"] });
    expect((await reply(agent)).code).toBe(400);
    const waiting = await agent.request({ method: "get_wait_user_list" });
    expect(
      (waiting.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid),
    ).toEqual(["u1"]);
  });
});

test("every method but login is 401 before login, and the connection stays", async () => {
  const a = await TestAgent.connect(server.wsUrl);
  const frames: Record<string, unknown>[] = [
    { method: "logout" },
    { method: "set_customer_status", status: 1 },
    { method: "get_user_info", userid: "u1" },
    { method: "set_auto_connect_status", status: 1 },
    { method: "connect", userid: "u1" },
    { method: "disconnect", userid: "u1" },
    { method: "transform", userid: "u1" },
    { method: "send_to_user", userid: "u1", message: [{ type: "text", value: { text: "x" } }] },
    { method: "get_wait_user_list" },
    { method: "get_current_session_list" },
    { method: "get_chat_record", userid: "u1" },
    { method: "get_answer_from_ai", user_query: [{ type: "text", value: { text: "x" } }] },
  ];
  for (const f of frames) {
    const r = await a.request(f);
    expect(r).toMatchObject({ method: f.method, code: 401, msg: expect.any(String) });
  }
  expect(a.closed).toBeNull();
  const waiting = await agent.request({ method: "get_wait_user_list" });
  expect((waiting.data as { user_list: unknown[] }).user_list).toHaveLength(1);
  a.close();
});

test("frames are answered in the order they came, even behind a slow one", async () => {
  const a = await TestAgent.connect(server.wsUrl);
  a.send({ method: "login", token: "kft_wrong" });
  a.send({ method: "get_wait_user_list" });
  a.send("nope");
  const replies = [await a.next(), await a.next(), await a.next()];
  expect(replies.map((r): unknown[] => [r.method, r.code])).toEqual([
    ["login", 440],
    ["get_wait_user_list", 401],
    [null, 400],
  ]);
  a.close();
});

test("a burst over 50 frames gets 429 for the excess, answered in order; the connection stays", async () => {
  const { token } = await server.store.identity.createAgent({
    botId: 1,
    name: "hasty",
    headImg: "",
    maxSessions: 5,
    now: Date.now(),
  });
  const a = await TestAgent.login(server.wsUrl, token);
  const n = 80;
  for (let i = 0; i < n; i++) a.send({ method: "get_chat_record", userid: "u1", page: i + 1 });
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await a.next((f) => f.method === "get_chat_record");
    codes.push(r.code as number);
    if (r.code === 0) expect((r.data as { page: number }).page).toBe(i + 1);
    else expect(r).toMatchObject({ code: 429, msg: expect.any(String) });
  }
  // The first 49 (50 minus the login) always pass; some of the rest are refused.
  expect(codes.slice(0, 49).every((c) => c === 0)).toBe(true);
  expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
  expect(a.closed).toBeNull();
  // A client that gets 429 waits and retries, and gets through.
  let retry = await a.request({ method: "get_wait_user_list" });
  while (retry.code === 429) {
    await Bun.sleep(100);
    retry = await a.request({ method: "get_wait_user_list" });
  }
  expect(retry.code).toBe(0);
  a.close();
});

test("a frame over KEFU_MAX_FRAME_BYTES closes the connection with 1009", async () => {
  const a = await TestAgent.connect(server.wsUrl);
  a.send({ method: "login", token: "x".repeat(3000) });
  expect((await a.waitClosed()).code).toBe(1009);
});

test("a frame just under the limit is answered", async () => {
  const a = await TestAgent.connect(server.wsUrl);
  const r = await a.request({ method: "login", token: "x".repeat(500), pad: "y".repeat(1400) });
  expect(r.code).toBe(440);
  a.close();
});

describe("KEFU_ALLOWED_ORIGINS", () => {
  test("a foreign Origin is refused on upgrade", async () => {
    await expect(
      TestAgent.connect(server.wsUrl, { Origin: "https://evil.example" }),
    ).rejects.toThrow();
    const res = await fetch(server.wsUrl.replace("ws://", "http://"), {
      headers: {
        Upgrade: "websocket",
        Connection: "Upgrade",
        Origin: "https://evil.example",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
      },
    });
    expect(res.status).toBe(403);
  });

  test("a listed Origin, and a client that sends none, are let in", async () => {
    const listed = await TestAgent.connect(server.wsUrl, { Origin: "https://desk.example" });
    expect((await listed.request({ method: "login", token: "nope" })).code).toBe(440);
    listed.close();
    const native = await TestAgent.connect(server.wsUrl);
    native.close();
  });
});
