// The ingest algorithm of a user's message (CONTRACT.md, "user_message"), on a real store.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../store/db";
import { createSqliteStores } from "../store/sqlite/stores";
import type { Stores } from "../store/stores";
import { answerOf, type IngestInput, ingest } from "./ingest";

const dir = mkdtempSync(join(tmpdir(), "kefu-ingest-"));
const database = openDb(join(dir, "k.db"), "normal");
const stores: Stores = createSqliteStores(database.db);
let botId = 0;
let ann = 0;
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  botId = (await stores.identity.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
  const made = { botId, name: "ann", headImg: "", maxSessions: 1, now: 1 };
  ann = (await stores.identity.createAgent(made)).agent.id;
});

const message = (userid: string, over: Partial<IngestInput> = {}): IngestInput => ({
  botId,
  userid,
  userItems: [{ type: "text", value: { text: "hi" } }],
  robotItems: [{ type: "text", value: { text: "a robot's answer" } }],
  handoff: true,
  candidates: [],
  now: 1000,
  ...over,
});
const run = (input: IngestInput) => stores.transaction((tx) => ingest(tx, input));

test("handoff false records the message and opens no session", async () => {
  const r = await run(message("quiet", { handoff: false }));
  expect(r).toMatchObject({ session: null, opened: false, replay: false });
  expect(r.answer).toEqual({ sessionId: null, state: "none", agentId: null });
  expect((await stores.history.chatRecord(botId, "quiet", 1, 10)).total).toBe(2);
});

test("a new user waits; its next message joins the same session", async () => {
  const first = await run(message("w"));
  expect(first).toMatchObject({ opened: true, answer: { state: "waiting", agentId: null } });
  const second = await run(message("w", { handoff: false, now: 2000 }));
  expect(second.opened).toBe(false);
  expect(second.answer).toEqual(first.answer);
});

test("a new user goes at once to a candidate with room, and only while it has room", async () => {
  const taken = await run(message("t", { candidates: [ann] }));
  expect(taken.answer).toMatchObject({ state: "active", agentId: ann });
  const full = await run(message("t2", { candidates: [ann] }));
  expect(full.answer).toMatchObject({ state: "waiting", agentId: null });
});

test("a retry of a msgid gets the first answer and writes nothing", async () => {
  const first = await run(message("r", { msgid: "m1" }));
  const retry = await run(message("r", { msgid: "m1", now: 5000 }));
  expect(retry).toMatchObject({ replay: true, opened: false, answer: first.answer });
  expect((await stores.history.chatRecord(botId, "r", 1, 10)).total).toBe(2);
});

test("the answer names the session's state and agent", () => {
  expect(answerOf(null)).toEqual({ sessionId: null, state: "none", agentId: null });
  const s = {
    id: 4,
    botId: 1,
    userid: "u",
    state: "active" as const,
    agentId: 2,
    queuedAt: 0,
    assignedAt: 1,
    declinedBy: null,
    groupId: null,
  };
  expect(answerOf(s)).toEqual({ sessionId: 4, state: "active", agentId: 2 });
});
