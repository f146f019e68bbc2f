// Export and erase (issue 18; docs/operations.md "Export and erase"), on the real server,
// on SQLite and on PostgreSQL: a user's export holds every datum kefu keeps about them but
// agents' notes; an erase ends their open session (the agent sees it go) and afterwards no
// table of the database holds anything that names them or repeats what was said, the
// search finds none of their words, their files' bytes are gone, while other users stay whole.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { openTestDb } from "./helpers/db";
import { addBot } from "./helpers/desk";
import { PIXEL, upload } from "./helpers/files";
import { startTestPg, type TestPg } from "./helpers/pg";
import { startTestServer, type TestServer } from "./helpers/server";

const U = "erase-me-qz81";
// Words only this user's data holds: none may be left anywhere after the erase.
const SECRETS = [
  U,
  "Quillzanzibar",
  "13800009911",
  "trackvenn",
  "grumblesnatch",
  "plinkvoss",
  "zorbquay",
];
const text = (t: string) => [{ type: "text", value: { text: t } }];
const FAQ = JSON.stringify({ questions: ["where is my parcel"], answer: "Tracking." });
const ASKED = "where is my parcel trackvenn";
const MISSED = "zorbquay is the code, Quillzanzibar";

type Export = {
  profile: Record<string, unknown> | null;
  sessions: { session_id: number; state: string; tags: string[]; close_reason: string | null }[];
  messages: { from: string; type: string; value: { text?: string; name?: string } }[];
  ratings: { score: number; comment: string }[];
  events: { event: string }[];
  msgids: string[];
  kb_learned: { questions: string[] }[];
  kb_feedback: { question: string }[];
  kb_misses: { question: string; reply: { value: { text?: string } }[] }[];
  files: { id: string; name: string; mime: string; size: number; created_at: number }[];
};

/** Reads until `done`: ten reads a second at most, under the socket's 20 frames/s (429). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await Bun.sleep(100);
  }
  throw new Error("condition never held");
}

describe("on SQLite", () => eraseSuite("sqlite"));
describe("on PostgreSQL", () => eraseSuite("pg"));

function eraseSuite(engine: "sqlite" | "pg") {
  let server: TestServer;
  let pg: TestPg | undefined;
  let filesDir = "";
  let bot: TestBot;
  let agent: TestAgent;
  let other: { bot: TestBot };
  let fileId = "";

  const exportOf = (userid: string, b = bot) => b.post<Export>("/api/user/export", { userid });

  /** The users whose messages search_messages finds for the query, once the indexer is done. */
  async function searched(query: string, want: number): Promise<string[]> {
    const users = async () => {
      const r: Frame = await agent.request({ method: "search_messages", query });
      return (r.data as { list: { userid: string }[] }).list.map((h) => h.userid);
    };
    return until(users, (u) => u.length >= want);
  }

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "kefu-erase-"));
    filesDir = join(dir, "files");
    pg = engine === "pg" ? await startTestPg() : undefined;
    server = await startTestServer({
      dir,
      ...(pg ? { db: await pg.database() } : { engine: "sqlite" }),
      env: { KEFU_FILES_DIR: filesDir },
    });
    bot = new TestBot(server.url, server.apiKey);
    agent = await TestAgent.login(server.wsUrl, server.token);
    const made = await addBot(server, "other");
    other = { bot: new TestBot(server.url, made.apiKey) };
    expect((await bot.post("/api/kb/import", { format: "jsonl", data: FAQ })).status).toBe(200);
    await bot.post("/api/labels/create", { kind: "tag", name: "billing" });
    await bot.post("/api/labels/create", { kind: "reason", name: "solved" });

    await bot.post("/api/user/profile", {
      userid: U,
      nickname: "Quillzanzibar",
      mobile: "13800009911",
    });
    await bot.say(U, ASKED, { msgid: "m-1" });
    expect((await agent.request({ method: "connect", userid: U })).code).toBe(0);
    await agent.request({ method: "get_answer_from_ai", userid: U, user_query: text("x") });
    await agent.request({ method: "send_to_user", userid: U, message: text("Tracking.") });
    await agent.request({ method: "add_note", userid: U, text: "grumblesnatch note" });
    await agent.request({
      method: "disconnect",
      userid: U,
      close_reason: "solved",
      tags: ["billing"],
    });
    await bot.post("/api/chat/rating", { userid: U, score: 2, comment: "plinkvoss was slow" });
    // A second conversation, still open when the erase comes: a reply the knowledge base
    // did not suggest (a miss) and a file.
    await bot.say(U, "hello again");
    expect((await agent.request({ method: "connect", userid: U })).code).toBe(0);
    await agent.request({ method: "get_answer_from_ai", userid: U, user_query: text("x") });
    await agent.request({ method: "send_to_user", userid: U, message: text(MISSED) });
    const up = await upload(server.url, server.token, PIXEL, "plinkvoss-receipt.png");
    expect(up.status).toBe(200);
    fileId = new URL(up.body.data.value.url).searchParams.get("id") ?? "";
    await agent.request({ method: "send_to_user", userid: U, message: [up.body.data] });

    await bot.say("keep-me", "where is my parcel");
    await other.bot.say(U, "same userid, other bot");
  });
  afterAll(async () => {
    agent.close();
    await server.destroy();
    await pg?.stop();
  });

  test("the export holds the profile, messages, sessions, ratings, events, files and what was learned", async () => {
    const res = await until(
      () => exportOf(U),
      (r) => r.body.data.kb_learned.length > 0 && r.body.data.kb_misses.length > 0,
    );
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.profile).toMatchObject({
      userid: U,
      nickname: "Quillzanzibar",
      mobile: "13800009911",
    });
    expect(d.sessions.map((s) => [s.state, s.tags, s.close_reason])).toEqual([
      ["ended", ["billing"], "solved"],
      ["active", [], null],
    ]);
    expect(d.messages.map((m) => [m.from, m.value.text ?? m.value.name])).toEqual([
      ["user", ASKED],
      ["agent", "Tracking."],
      ["user", "hello again"],
      ["agent", MISSED],
      ["agent", "plinkvoss-receipt.png"],
    ]);
    expect(d.ratings).toEqual([
      expect.objectContaining({ score: 2, comment: "plinkvoss was slow" }),
    ]);
    expect(d.events.map((e) => e.event)).toEqual([
      "session_connected",
      "agent_message",
      "session_ended",
      "session_connected",
      "agent_message",
      "agent_message",
    ]);
    expect(d.msgids).toEqual(["m-1"]);
    expect(d.kb_learned.map((l) => l.questions)).toContainEqual([ASKED]);
    expect(d.kb_feedback.map((f) => f.question)).toEqual([ASKED]);
    expect(d.kb_misses.map((m) => [m.question, m.reply[0]?.value.text])).toEqual([
      ["hello again", MISSED],
    ]);
    expect(d.files).toEqual([
      {
        id: fileId,
        name: "plinkvoss-receipt.png",
        mime: "image/png",
        size: PIXEL.size,
        created_at: expect.any(Number),
      },
    ]);
    // Notes are the desk's own and never leave it; nor do the bytes of files.
    expect(JSON.stringify(d)).not.toContain("grumblesnatch");
  });

  test("an unknown user is 404, and another bot's user of the same id is that bot's alone", async () => {
    expect((await exportOf("nobody")).status).toBe(404);
    const theirs = await exportOf(U, other.bot);
    expect(theirs.body.data.messages.map((m) => m.value.text)).toEqual(["same userid, other bot"]);
    expect((await bot.post("/api/user/export", { bid: 2, userid: U })).status).toBe(403);
  });

  /** Each table (and where in it a secret was found), every row read, blobs as text. */
  async function scan() {
    const db = openTestDb(server.db);
    const tables = (
      engine === "pg"
        ? await db.all<{ name: string }>(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
          )
        : await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    ).map((t) => t.name);
    const found = new Set<string>();
    const audit: { action: string; target: string; details: string }[] = [];
    for (const table of tables) {
      const rows = await db.all<Record<string, unknown>>(`SELECT * FROM "${table}"`);
      for (const row of rows) {
        // The other bot's user of the same userid is not this erase's to touch.
        if (row.bot_id === 2) continue;
        const line = Object.values(row)
          .map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : String(v)))
          .join("|")
          .toLowerCase();
        for (const s of SECRETS) if (line.includes(s.toLowerCase())) found.add(`${table}: ${s}`);
      }
      if (table === "audit_log") audit.push(...(rows as typeof audit));
    }
    await db.close();
    return { tables, found: [...found].sort(), audit };
  }

  /** Rows of the user's sessions in the tables keyed by session alone. */
  async function labelled(sessionIds: number[]): Promise<number> {
    const db = openTestDb(server.db);
    const list = sessionIds.join(",");
    const [tags] = await db.all<{ n: number }>(
      `SELECT CAST(count(*) AS integer) AS n FROM session_tags WHERE session_id IN (${list})`,
    );
    const [reasons] = await db.all<{ n: number }>(
      `SELECT CAST(count(*) AS integer) AS n FROM session_reasons WHERE session_id IN (${list})`,
    );
    await db.close();
    return (tags?.n ?? 0) + (reasons?.n ?? 0);
  }

  let sessionIds: number[] = [];

  test("before the erase, the scan finds the user in each table that holds them, and search finds their words", async () => {
    sessionIds = (await exportOf(U)).body.data.sessions.map((s) => s.session_id);
    expect(await labelled(sessionIds)).toBe(2);
    expect(existsSync(join(filesDir, "1", fileId))).toBe(true);
    expect(await searched("trackvenn", 1)).toEqual([U]);
    expect(await searched("zorbquay", 1)).toEqual([U]);
    const before = await scan();
    const where = new Set(before.found.map((f) => f.split(":")[0]));
    for (const t of ["users", "sessions", "messages", "ingests", "events", "ratings", "audit_log"])
      expect(where).toContain(t);
    for (const t of ["kb_entries", "kb_questions", "kb_feedback", "kb_misses", "files"])
      expect(where).toContain(t);
    if (engine === "pg") {
      for (const t of ["kb_terms", "message_terms"]) expect(where).toContain(t);
    } else {
      expect(before.tables).toContain("kb_fts_data");
      expect(before.tables).toContain("message_fts_data");
      expect(await indexed("trackvenn")).toBe(1);
    }
  });

  /** Rows of the knowledge base's full-text index holding bot 1's term (kb_fts is contentless). */
  async function indexed(term: string): Promise<number> {
    const db = openTestDb(server.db);
    const [row] = await db.all<{ n: number }>(
      "SELECT count(*) AS n FROM kb_fts WHERE kb_fts MATCH $1",
      `"b1x${term}"`,
    );
    await db.close();
    return row?.n ?? -1;
  }

  test("erase ends the open session, removes every row and file about the user, and is audited by counts", async () => {
    const res = await bot.post<{
      erased: Record<string, number>;
      ended_session_id: number | null;
      pseudonym: string;
    }>("/api/user/erase", { userid: U });
    expect(res.status).toBe(200);
    expect(res.body.data.ended_session_id).toEqual(expect.any(Number));
    expect(res.body.data.erased).toMatchObject({
      profiles: 1,
      sessions: 2,
      messages: 5,
      notes: 1,
      ratings: 1,
      msgids: 1,
      feedback: 1,
      misses: 1,
      tags: 1,
      reasons: 1,
      files: 1,
    });
    expect(res.body.data.erased.learned).toBeGreaterThanOrEqual(1);
    expect(await agent.push("disconnect_push")).toMatchObject({ userid: U, reason: "user_erased" });
    expect((await exportOf(U)).status).toBe(404);
    expect((await bot.post("/api/user/erase", { userid: U })).status).toBe(404);

    const after = await scan();
    expect(after.found).toEqual([]);
    expect(await labelled(sessionIds)).toBe(0);
    expect(existsSync(join(filesDir, "1", fileId))).toBe(false);
    expect((await fetch(`${server.url}/files?id=${fileId}`)).status).toBe(404);
    if (engine === "sqlite") expect(await indexed("trackvenn")).toBe(0);
    const entry = after.audit.find((a) => a.action === "user_erase");
    expect(entry?.target).toBe(res.body.data.pseudonym);
    expect(JSON.parse(entry?.details ?? "{}")).toMatchObject({ messages: 5, ended_session: true });
  });

  test("the search finds none of the erased user's words, and still finds the others'", async () => {
    expect(await searched("parcel", 1)).toEqual(["keep-me"]);
    for (const word of ["trackvenn", "zorbquay", "Quillzanzibar", "plinkvoss"])
      expect(await searched(word, 0)).toEqual([]);
  });

  test("the other users of the bot, and the user of the same id in another bot, stay whole", async () => {
    const kept = await exportOf("keep-me");
    expect(kept.body.data.messages.map((m) => m.value.text)).toEqual(["where is my parcel"]);
    const theirs = await exportOf(U, other.bot);
    expect(theirs.body.data.messages.map((m) => m.value.text)).toEqual(["same userid, other bot"]);
    // The curated entry that matched the question is the operator's, not the user's.
    const kb = await bot.post<{ entries: { source: string }[] }>("/api/kb/list", {});
    expect(kb.body.data.entries.map((e) => e.source)).toEqual(["curated"]);
    const asked = await agent.request({
      method: "get_answer_from_ai",
      user_query: text("where is my parcel"),
    });
    expect(asked.data).toMatchObject({ message_list: text("Tracking.") });
  });
}
