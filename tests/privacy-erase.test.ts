// Export and erase (issue 18; docs/operations.md "Export and erase"), on the real server:
// a user's export holds every datum kefu keeps about them but agents' notes; an erase ends
// their open session (the agent sees it go) and afterwards no table of the database holds
// anything that names them or repeats what was said, while other users stay whole.
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

const U = "erase-me-qz81";
// Words only this user's data holds: none may be left anywhere after the erase.
const SECRETS = [U, "Quillzanzibar", "13800009911", "trackvenn", "grumblesnatch", "plinkvoss"];
const text = (t: string) => [{ type: "text", value: { text: t } }];
const FAQ = JSON.stringify({ questions: ["where is my parcel"], answer: "Tracking." });
const ASKED = "where is my parcel trackvenn";

let server: TestServer;
let bot: TestBot;
let agent: TestAgent;
let other: { bot: TestBot };

type Export = {
  profile: Record<string, unknown> | null;
  sessions: { state: string }[];
  messages: { from: string; value: { text?: string } }[];
  ratings: { score: number; comment: string }[];
  events: { event: string }[];
  msgids: string[];
  kb_learned: { questions: string[] }[];
  kb_feedback: { question: string }[];
};

const exportOf = (userid: string, b = bot) => b.post<Export>("/api/user/export", { userid });

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (done(v)) return v;
    await Bun.sleep(10);
  }
  throw new Error("condition never held");
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  agent = await TestAgent.login(server.wsUrl, server.token);
  const made = await addBot(server, "other");
  other = { bot: new TestBot(server.url, made.apiKey) };
  expect((await bot.post("/api/kb/import", { format: "jsonl", data: FAQ })).status).toBe(200);

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
  await agent.request({ method: "disconnect", userid: U });
  await bot.post("/api/chat/rating", { userid: U, score: 2, comment: "plinkvoss was slow" });
  // A second conversation, still open when the erase comes.
  await bot.say(U, "hello again");
  expect((await agent.request({ method: "connect", userid: U })).code).toBe(0);

  await bot.say("keep-me", "where is my parcel");
  await other.bot.say(U, "same userid, other bot");
});
afterAll(async () => {
  agent.close();
  await server.destroy();
});

test("the export holds the profile, messages, sessions, ratings, events and what was learned", async () => {
  const res = await until(
    () => exportOf(U),
    (r) => r.body.data.kb_learned.length > 0,
  );
  expect(res.status).toBe(200);
  const d = res.body.data;
  expect(d.profile).toMatchObject({ userid: U, nickname: "Quillzanzibar", mobile: "13800009911" });
  expect(d.sessions.map((s) => s.state)).toEqual(["ended", "active"]);
  expect(d.messages.map((m) => [m.from, m.value.text])).toEqual([
    ["user", ASKED],
    ["agent", "Tracking."],
    ["user", "hello again"],
  ]);
  expect(d.ratings).toEqual([expect.objectContaining({ score: 2, comment: "plinkvoss was slow" })]);
  expect(d.events.map((e) => e.event)).toEqual([
    "session_connected",
    "agent_message",
    "session_ended",
    "session_connected",
  ]);
  expect(d.msgids).toEqual(["m-1"]);
  expect(d.kb_learned[0]?.questions).toEqual([ASKED]);
  expect(d.kb_feedback.map((f) => f.question)).toEqual([ASKED]);
  // Notes are the desk's own and never leave it.
  expect(JSON.stringify(d)).not.toContain("grumblesnatch");
});

test("an unknown user is 404, and another bot's user of the same id is that bot's alone", async () => {
  expect((await exportOf("nobody")).status).toBe(404);
  const theirs = await exportOf(U, other.bot);
  expect(theirs.body.data.messages.map((m) => m.value.text)).toEqual(["same userid, other bot"]);
  expect((await bot.post("/api/user/export", { bid: 2, userid: U })).status).toBe(403);
});

/** Each table (and where in it a secret was found), every row read, blobs as text. */
function scan() {
  const db = new Database(server.db, { readonly: true });
  const tables = db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((t) => t.name);
  const found = new Set<string>();
  const audit: { action: string; target: string; details: string }[] = [];
  for (const table of tables) {
    const rows = db.query<Record<string, unknown>, []>(`SELECT * FROM "${table}"`).all();
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
  db.close();
  return { tables, found: [...found].sort(), audit };
}

test("before the erase, the scan finds the user in each table that holds them", () => {
  const before = scan();
  expect(before.tables).toContain("kb_fts_data");
  const where = new Set(before.found.map((f) => f.split(":")[0]));
  for (const t of ["users", "sessions", "messages", "ingests", "events", "ratings", "audit_log"])
    expect(where).toContain(t);
  for (const t of ["kb_entries", "kb_questions", "kb_feedback"]) expect(where).toContain(t);
  expect(indexed("trackvenn")).toBe(1);
});

/** Rows of the knowledge base's full-text index holding bot 1's term (kb_fts is contentless). */
function indexed(term: string): number {
  const db = new Database(server.db, { readonly: true });
  const row = db
    .query<{ n: number }, [string]>("SELECT count(*) AS n FROM kb_fts WHERE kb_fts MATCH ?1")
    .get(`"b1x${term}"`);
  db.close();
  return row?.n ?? -1;
}

test("erase ends the open session, removes every row about the user, and is audited by counts", async () => {
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
    messages: 3,
    notes: 1,
    ratings: 1,
    msgids: 1,
    learned: 1,
    feedback: 1,
  });
  expect(await agent.push("disconnect_push")).toMatchObject({ userid: U, reason: "user_erased" });
  expect((await exportOf(U)).status).toBe(404);
  expect((await bot.post("/api/user/erase", { userid: U })).status).toBe(404);

  const after = scan();
  expect(after.found).toEqual([]);
  expect(indexed("trackvenn")).toBe(0);
  const entry = after.audit.find((a) => a.action === "user_erase");
  expect(entry?.target).toBe(res.body.data.pseudonym);
  expect(JSON.parse(entry?.details ?? "{}")).toMatchObject({ messages: 3, ended_session: true });
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
