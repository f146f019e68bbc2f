// `kefu db copy` (docs/operations.md): a SQLite desk with some of everything copied into an
// empty PostgreSQL database, verified table by table; a server on the copy serves it (the
// old token logs in, the history is there, the feed goes on after the last seq); a second
// copy into the same database is refused and changes nothing.
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { openTestDb } from "./helpers/db";
import { startTestPg, type TestPg } from "./helpers/pg";
import { startTestServer, type TestServer } from "./helpers/server";

const text = (t: string) => [{ type: "text", value: { text: t } }];
let pg: TestPg;
let desk: TestServer;
let target: string;
let lastSeq = 0;

beforeAll(async () => {
  pg = await startTestPg();
  target = await pg.database();
  // The desk to move: on SQLite whatever the suite's engine.
  desk = await startTestServer({ engine: "sqlite" });
  const bot = new TestBot(desk.url, desk.apiKey);
  const agent = await TestAgent.login(desk.wsUrl, desk.token);
  await bot.say("u1", "hello, how do I return an item?");
  expect((await agent.request({ method: "connect", userid: "u1" })).code).toBe(0);
  await agent.request({ method: "send_to_user", userid: "u1", message: text("Within 30 days.") });
  await agent.request({ method: "save_canned_reply", code: "/ret", message: text("30 days") });
  expect((await agent.request({ method: "add_note", userid: "u1", text: "VIP" })).code).toBe(0);
  expect((await agent.request({ method: "disconnect", userid: "u1" })).code).toBe(0);
  expect((await bot.post("/api/chat/rating", { userid: "u1", score: 5 })).status).toBe(200);
  await bot.post("/api/kb/create", {
    questions: ["how do I return an item"],
    answer: "Within 30 days.",
  });
  const feed = await bot.get<{ events: { seq: number }[] }>("/api/chat/events?after=0&limit=100");
  lastSeq = feed.body.data.events.at(-1)?.seq ?? 0;
  expect(lastSeq).toBeGreaterThan(0);
  agent.close();
  await desk.close();
}, 60_000);
afterAll(async () => {
  await desk?.destroy();
  await pg?.stop();
});

test("copies every table, verified by count and checksum; the copy serves the desk", async () => {
  const r = await kefu(["db", "copy", "--from", desk.db, "--to", target, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as {
    same: boolean;
    tables: { table: string; rows: { from: number; to: number }; same: boolean }[];
  };
  expect(out.same).toBe(true);
  const rows = Object.fromEntries(out.tables.map((t) => [t.table, t.rows]));
  for (const t of [
    "bots",
    "agents",
    "agent_tokens",
    "users",
    "sessions",
    "messages",
    "events",
    "canned_replies",
    "kb_entries",
    "kb_questions",
    "audit_log",
  ]) {
    expect(rows[t]?.from).toBeGreaterThan(0);
    expect(rows[t]?.to).toBe(rows[t]?.from);
  }

  const server = await startTestServer({ db: target });
  try {
    const agent = await TestAgent.login(server.wsUrl, desk.token);
    const history = await agent.request({ method: "get_chat_record", userid: "u1" });
    expect(JSON.stringify(history)).toContain("Within 30 days.");
    expect(JSON.stringify(history)).toContain("VIP");
    const bot = new TestBot(server.url, desk.apiKey);
    const asked = await agent.request({
      method: "get_answer_from_ai",
      user_query: text("return an item"),
    });
    expect(JSON.stringify(asked)).toContain("Within 30 days.");
    await bot.say("u2", "a new user after the move");
    await agent.request({ method: "connect", userid: "u2" });
    const after = await bot.get<{ events: { seq: number }[] }>(
      `/api/chat/events?after=${lastSeq}&limit=100`,
    );
    const seqs = after.body.data.events.map((e) => e.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(Math.min(...seqs)).toBeGreaterThan(lastSeq);
    // The bot's counter row was set to its last copied seq: the feed goes on from there.
    expect(Math.min(...seqs)).toBe(lastSeq + 1);
    agent.close();
  } finally {
    await server.close();
  }
}, 60_000);

test("a target that is not empty is refused, and nothing changes", async () => {
  const db = openTestDb(target);
  const count = async () =>
    (await db.all<{ n: number }>("SELECT CAST(count(*) AS integer) AS n FROM messages"))[0]?.n;
  const before = await count();
  const r = await kefu(["db", "copy", "--from", desk.db, "--to", target]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("is not empty");
  expect(await count()).toBe(before);
  await db.close();
}, 60_000);

test("a source newer than this kefu, a missing one, or a wrong flag is refused, the target untouched", async () => {
  const fresh = await pg.database();
  const newer = join(desk.dir, "newer.db");
  copyFileSync(desk.db, newer);
  const n = new Database(newer);
  n.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('x', 99999999999999)");
  n.close();
  const cases: [string[], RegExp][] = [
    [["--from", newer, "--to", fresh], /newer kefu|newer than this kefu/],
    [
      ["--from", join(desk.dir, "missing.db"), "--to", fresh],
      /no SQLite database at .*missing\.db/,
    ],
    [["--from", desk.db, "--to", join(desk.dir, "x.db")], /--to: expected a postgres:\/\/ URL/],
    [["--from", desk.db], /--to is required/],
  ];
  for (const [args, message] of cases) {
    const r = await kefu(["db", "copy", ...args]);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({
      args,
      code: 2,
      stderr: expect.stringMatching(message),
    });
  }
  const db = openTestDb(fresh);
  const tables = await db.all(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
  );
  await db.close();
  expect(tables).toEqual([]);
}, 60_000);
