// Hostile JSON (CONTRACT.md, "The agent protocol" and "The bot backend's HTTP API": 400 for
// a field of the wrong shape; docs/security.md, "Bad input is refused clearly and changes
// nothing"): values nested deep enough to break JSON.stringify, values too large, strings
// that are not valid Unicode, and method names that would each add a line to /metrics.
// Each is refused with a 400 that names the problem, stores nothing, and leaves the desk
// (and the connection that sent it) serving.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadConfig } from "../src/config";
import { createApp, type HttpDeps } from "../src/http/app";
import { PUSH_METHODS } from "../src/wire/pushes";
import { requests as frames } from "../src/wire/requests";
import { TestAgent } from "./helpers/agent";
import { type ApiReply, TestBot } from "./helpers/bot";
import { openTestDb } from "./helpers/db";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let agent: TestAgent;

beforeAll(async () => {
  // Frames large enough for an 80 KB frame to reach the dispatcher.
  server = await startTestServer({ env: { KEFU_MAX_FRAME_BYTES: "262144" } });
  bot = new TestBot(server.url, server.apiKey);
  agent = await TestAgent.login(server.wsUrl, server.token);
});
afterAll(async () => {
  agent.close();
  await server.destroy();
});

/** JSON text of arrays nested `levels` deep: 2 bytes a level. */
const nest = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
/** A text item whose own extra field `x` is the JSON text given. */
const itemWith = (x: string) => `{"type":"text","value":{"text":"hi","x":${x}}}`;

const TABLES = [
  "users",
  "sessions",
  "messages",
  "ingests",
  "events",
  "canned_replies",
  "kb_entries",
  "groups",
  "audit_log",
];
/** The row count of every table a request could write to. */
async function rows(): Promise<Record<string, number>> {
  const db = openTestDb(server.db);
  try {
    const counts: [string, number][] = [];
    for (const t of TABLES) {
      const [row] = await db.all<{ n: number }>(`SELECT CAST(count(*) AS integer) AS n FROM ${t}`);
      counts.push([t, row?.n ?? 0]);
    }
    return Object.fromEntries(counts);
  } finally {
    await db.close();
  }
}

/** A reply flattened to its status, code, msg and (on success only) data. */
const flat = <T>(r: ApiReply<T>): Record<string, unknown> => ({ status: r.status, ...r.body });

async function metricsText(): Promise<string> {
  return (await fetch(`${server.url}/metrics`)).text();
}

async function metric(name: string): Promise<number> {
  const line = (await metricsText()).split("\n").find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1]);
}

const waitingUserids = async (a: TestAgent) => {
  const reply = await a.request({ method: "get_wait_user_list" });
  expect(reply.code).toBe(0);
  return ((reply.data as { user_list: { userid: string }[] }).user_list ?? []).map((u) => u.userid);
};

describe("an item nested 40,000 levels (an 80 KB body)", () => {
  test("user_message is 400 naming the field; nothing is stored; the waiting list still works", async () => {
    const before = await rows();
    const body = `{"userid":"deep1","msgid":"m1","user_query":[${itemWith(nest(40_000))}]}`;
    expect(body.length).toBeLessThan(100_000);
    for (let attempt = 0; attempt < 2; attempt++) {
      // A retrying bot gets the same refusal; nothing was committed the first time.
      const r = await bot.post("/api/chat/user_message", body);
      expect(flat(r)).toEqual({
        status: 400,
        code: 400,
        msg: "user_query: nested deeper than 64 levels",
      });
    }
    expect(await rows()).toEqual(before);
    expect(await waitingUserids(agent)).not.toContain("deep1");
    expect((await bot.say("calm1", "hello")).status).toBe(200);
    expect(await waitingUserids(agent)).toContain("calm1");
    expect(await metric("kefu_internal_errors_total")).toBe(0);
  });

  test("the same over the WebSocket is 400 for that frame; the connection carries on", async () => {
    const frame = `{"method":"save_canned_reply","code":"/deep","message":[${itemWith(nest(40_000))}]}`;
    agent.send(frame);
    expect(await agent.next((f) => f.method === "save_canned_reply")).toEqual({
      method: "save_canned_reply",
      code: 400,
      msg: "message: nested deeper than 64 levels",
    });
    agent.send(`{"method":"get_wait_user_list","junk":${nest(40_000)}}`);
    expect(await agent.next((f) => f.method === "get_wait_user_list")).toMatchObject({
      code: 400,
      msg: "junk: nested deeper than 64 levels",
    });
    expect(agent.closed).toBeNull();
    expect(await waitingUserids(agent)).toContain("calm1");
  });
});

describe("every stored or forwarded JSON value is bounded: 32 levels, 64 KiB", () => {
  const deep = nest(40);
  const big = JSON.stringify("x".repeat(70_000));
  const cases: [string, string, string][] = [
    [
      "/api/chat/user_message",
      `{"userid":"b1","user_query":[${itemWith(deep)}]}`,
      "user_query.0.value.x: nested deeper than 32 levels",
    ],
    [
      "/api/chat/user_message",
      `{"userid":"b1","user_query":[${itemWith('"ok"')}],"bot_response":[${itemWith(deep)}]}`,
      "bot_response.0.value.x: nested deeper than 32 levels",
    ],
    [
      "/api/chat/user_message",
      `{"userid":"b1","user_query":[${itemWith('"ok"')}],"user":{"nickname":"n","extra":${deep}}}`,
      "user.extra: nested deeper than 32 levels",
    ],
    [
      "/api/chat/user_message",
      `{"userid":"b1","user_query":[${itemWith(big)}]}`,
      "user_query.0.value: over 65536 bytes as JSON",
    ],
    ["/api/user/profile", `{"userid":"b1","extra":${deep}}`, "extra: nested deeper than 32 levels"],
    ["/api/user/profile", `{"userid":"b1","extra":${big}}`, "over 65536 bytes as JSON"],
    [
      "/api/canned/create",
      `{"code":"/b","message":[${itemWith(deep)}]}`,
      "message.0.value.x: nested deeper than 32 levels",
    ],
    [
      "/api/chat/send_to_group",
      `{"data":{"method":"x","a":${deep}}}`,
      "data.a: nested deeper than 32 levels",
    ],
    [
      "/api/chat/send_to_customer",
      `{"customer_id":1,"data":{"a":${deep}}}`,
      "data.a: nested deeper than 32 levels",
    ],
    [
      "/api/kb/create",
      `{"questions":["how to pay"],"answer":[${itemWith(deep)}]}`,
      "answer.0.value.x: nested deeper than 32 levels",
    ],
  ];
  for (const [path, body, msg] of cases) {
    test(`${path} → 400 "${msg}"`, async () => {
      const before = await rows();
      expect(flat(await bot.post(path, body))).toEqual({ status: 400, code: 400, msg });
      expect(await rows()).toEqual(before);
    });
  }

  test("a knowledge-base import line with a deep answer is refused; the others are added", async () => {
    const lines = [
      JSON.stringify({ questions: ["opening hours"], answer: "nine to five" }),
      `{"questions":["deep one"],"answer":[${itemWith(deep)}]}`,
      JSON.stringify({ questions: ["\ud801 odd"], answer: "x" }),
    ].join("\n");
    const r = await bot.post("/api/kb/import", { format: "jsonl", data: lines });
    expect(r.body.data).toEqual({
      added: 1,
      refused: [
        { line: 2, reason: "answer.0.value.x: nested deeper than 32 levels" },
        { line: 3, reason: "questions.0: not valid Unicode (a lone surrogate)" },
      ],
    });
  });

  test("save_canned_reply over the WebSocket: 400 naming the field, nothing stored", async () => {
    const before = await rows();
    agent.send(`{"method":"save_canned_reply","code":"/d","message":[${itemWith(deep)}]}`);
    expect(await agent.next((f) => f.method === "save_canned_reply")).toEqual({
      method: "save_canned_reply",
      code: 400,
      msg: "message.0.value.x: nested deeper than 32 levels",
    });
    expect(await rows()).toEqual(before);
  });
});

describe("a body nested 50,000 levels on each HTTP route", () => {
  test("is 400 naming the field, and counts no internal error", async () => {
    const app = createApp({ config: loadConfig({}, {}) } as unknown as HttpDeps);
    const posts = [
      ...new Set(
        app.routes
          .filter((r) => r.path.startsWith("/api/") && r.method === "POST")
          .map((r) => r.path),
      ),
    ];
    expect(posts.length).toBeGreaterThanOrEqual(20);
    const before = await rows();
    const shapes = [
      `{"x":${nest(50_000)}}`,
      `{"data":{"a":${nest(50_000)}},"customer_id":1,"userid":"u","user_query":[${itemWith(nest(50_000))}]}`,
    ];
    for (const path of posts) {
      for (const body of shapes) {
        const r = await bot.post(path, body);
        expect({ path, status: r.status, code: r.body.code }).toEqual({
          path,
          status: 400,
          code: 400,
        });
        expect(r.body.msg).toEndWith(": nested deeper than 64 levels");
      }
    }
    expect(await rows()).toEqual(before);
    expect(await metric("kefu_internal_errors_total")).toBe(0);
  });
});

describe("strings that are not valid Unicode", () => {
  test("lone surrogates in a userid are 400, not one user U+FFFD", async () => {
    const before = await rows();
    for (const userid of ["\ud801", "\udc01", "a\ud800"]) {
      const said = await bot.say(userid, "hello");
      expect(flat(said)).toEqual({
        status: 400,
        code: 400,
        msg: "userid: not valid Unicode (a lone surrogate)",
      });
      const profile = await bot.post("/api/user/profile", { userid });
      expect(profile.status).toBe(400);
    }
    expect(await rows()).toEqual(before);
    expect((await bot.post("/api/chat/queue_status", { userid: "\ufffd" })).status).toBe(404);
  });

  test("lone surrogates in any other string input are 400 naming the field", async () => {
    const before = await rows();
    const cases: [string, Record<string, unknown>, string][] = [
      ["/api/chat/user_message", { userid: "s1", msgid: "\ud801", user_query: [] }, "msgid"],
      [
        "/api/chat/user_message",
        { userid: "s1", user_query: [{ type: "text", value: { text: "hi \udc01" } }] },
        "user_query.0.value.text",
      ],
      [
        "/api/chat/user_message",
        { userid: "s1", user_query: [], user: { nickname: "\ud801" } },
        "user.nickname",
      ],
      ["/api/chat/user_message", { userid: "s1", user_query: [], group: "\ud801" }, "group"],
      ["/api/group/create", { name: "vip\ud801" }, "name"],
      ["/api/customer/create", { customer_name: "\udc01" }, "customer_name"],
      ["/api/chat/rating", { userid: "s1", score: 5, comment: "\ud801" }, "comment"],
    ];
    for (const [path, body, field] of cases) {
      const r = await bot.post(path, body);
      expect(flat(r)).toEqual({
        status: 400,
        code: 400,
        msg: `${field}: not valid Unicode (a lone surrogate)`,
      });
    }
    expect(await rows()).toEqual(before);
    for (const frame of [
      { method: "get_user_info", userid: "\ud801" },
      { method: "add_note", userid: "calm1", text: "\udc01" },
    ]) {
      const r = await agent.request(frame);
      expect(r).toMatchObject({ code: 400, msg: expect.stringContaining("not valid Unicode") });
    }
    expect(await rows()).toEqual(before);
  });
});

describe("metric labels come from a closed set", () => {
  const known = new Set([...Object.keys(frames), ...PUSH_METHODS, "beat", "invalid", "other"]);
  /** The `method` label values of the frames_in and frames_out counters. */
  async function frameLabels(): Promise<string[]> {
    return [
      ...(await metricsText()).matchAll(/^kefu_ws_frames_(?:in|out)_total\{method="(.*)"\}/gm),
    ].map((m) => m[1] ?? "");
  }

  test("unknown methods from connections that never logged in add no series", async () => {
    const strangers = await Promise.all(
      Array.from({ length: 20 }, () => TestAgent.connect(server.wsUrl)),
    );
    const round = async (n: number) => {
      for (const [c, s] of strangers.entries()) {
        for (let i = 0; i < 10; i++) {
          const method = `m${n}-${c}-${i}-${"z".repeat(100)}`;
          expect(await s.request({ method })).toMatchObject({ method, code: 400 });
        }
      }
      return metricsText();
    };
    const first = await round(1);
    const second = await round(2);
    // 200 new names each round, and not one more line: the replies count as "other".
    expect(second.split("\n").length).toBe(first.split("\n").length);
    expect(second.includes("zzzz")).toBe(false);
    for (const label of await frameLabels()) expect(known).toContain(label);
    for (const s of strangers) s.close();
  });

  test("a bot's own frame through send_to_group reaches the agent but not the labels", async () => {
    const method = `bots-own-${crypto.randomUUID()}`;
    const sent = await bot.post("/api/chat/send_to_group", { data: { method, n: 1 } });
    expect(sent.body.data).toEqual({ sent: 1 });
    expect(await agent.push(method)).toEqual({ method, n: 1 });
    expect((await metricsText()).includes(method)).toBe(false);
    for (const label of await frameLabels()) expect(known).toContain(label);
  });
});
