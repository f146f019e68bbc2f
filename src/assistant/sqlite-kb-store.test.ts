import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OpenDb, openDb } from "../store/db";
import { createSqliteStores } from "../store/sqlite/stores";
import type { KbStore } from "./kb-store";
import { createSqliteKbStore } from "./sqlite-kb-store";

const MIGRATIONS = join(import.meta.dir, "../../migrations");
const answer = (t: string) => [{ type: "text" as const, value: { text: t } }];

let dir: string;
let database: OpenDb;
let kb: KbStore;
let botA: number;
let botB: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "kefu-kb-"));
  database = openDb(join(dir, "kb.db"), "normal");
  const store = createSqliteStores(database.db);
  const now = Date.now();
  botA = (await store.identity.createBot({ name: "a", webhookUrl: null, now })).bot.id;
  botB = (await store.identity.createBot({ name: "b", webhookUrl: null, now })).bot.id;
  kb = createSqliteKbStore(database.db, database.sqlite);
});
afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const questionIds = (entryId: number) =>
  database.sqlite
    .query<{ id: number }, [number]>("SELECT id FROM kb_questions WHERE entry_id = ?1")
    .all(entryId)
    .map((r) => r.id);

/** Rewrites an entry's index rows as if they held these bot-prefixed terms. */
function indexAs(entryId: number, words: string) {
  for (const id of questionIds(entryId)) {
    database.sqlite.run("DELETE FROM kb_fts WHERE rowid = ?1", [id]);
    database.sqlite.run(
      "INSERT INTO kb_fts (rowid, words, chars, answer) VALUES (?1, ?2, '', '')",
      [id, words],
    );
  }
}

test("whatever the index holds, a bot finds and counts only its own entries", async () => {
  const [mine, window] = await kb.add(
    botB,
    [
      { questions: ["refund policy"], answer: answer("B") },
      { questions: ["window size"], answer: answer("B window") },
    ],
    false,
    1,
  );
  // More rows than a search scores (ROW_BUDGET), so that counting them would leave B's
  // "refund" out of a query that has a rarer word.
  const planted = await kb.add(
    botA,
    Array.from({ length: 320 }, (_, i) => ({
      questions: [`planted ${i}`],
      answer: answer(`A${i}`),
    })),
    false,
    1,
  );
  // Bot A's rows carrying bot B's term, many times over: the index alone cannot tell them apart.
  for (const e of planted) indexAs(e.id, `b${botB}xrefund b${botB}xrefund b${botB}xrefund`);

  const hits = await kb.search(botB, "refund", 3);
  expect(hits.map((h) => h.entryId)).toEqual([mine?.id ?? -1]);
  const both = await kb.search(botB, "refund window", 3);
  expect(both.map((h) => h.entryId).sort()).toEqual([mine?.id ?? -1, window?.id ?? -1]);
  // Nor can B change or remove them.
  const first = planted[0]?.id ?? -1;
  expect(await kb.remove(botB, first)).toBe(false);
  expect(await kb.update(botB, first, { questions: ["x y"], answer: answer("B") }, 2)).toBeNull();
  expect(await kb.get(botB, first)).toBeNull();
  expect((await kb.get(botA, first))?.answer).toEqual(answer("A0"));
});

test("an index emptied by a migration (0007) is rebuilt with today's terms on opening", async () => {
  const [entry] = await kb.add(
    botA,
    [{ questions: ["re\u00ADfund status"], answer: answer("A") }],
    false,
    1,
  );
  const id = entry?.id ?? -1;
  // What the old terms wrote: the soft hyphen split the word in FTS5.
  indexAs(id, `b${botA}xre fund b${botA}xstatus`);
  expect(await kb.search(botA, "refund", 3)).toEqual([]);

  // What migration 0007 does to a database from before it; the store is opened after it.
  database.sqlite.run(readFileSync(join(MIGRATIONS, "0007_kb_fts_reindex.sql"), "utf8"));
  database.close();
  database = openDb(join(dir, "kb.db"), "normal");
  kb = createSqliteKbStore(database.db, database.sqlite);
  expect((await kb.search(botA, "refund", 3)).map((h) => h.entryId)).toEqual([id]);
  expect(await kb.search(botB, "refund", 3)).toEqual([]);
});

test("a miss is kept once per user and question, newest first, per bot", async () => {
  await kb.miss(botA, "u1", "refund?", answer("old reply"), 1000);
  await kb.miss(botA, "u1", "refund?", answer("new reply"), 3000);
  await kb.miss(botA, "u2", "refund?", answer("other user"), 2000);
  await kb.miss(botB, "u1", "refund?", answer("bot b"), 4000);
  const a = await kb.misses(botA, 0, 10);
  expect(a.map((m) => [m.reply, m.createdAt])).toEqual([
    [answer("new reply"), 3000],
    [answer("other user"), 2000],
  ]);
  expect((await kb.misses(botA, 2500, 10)).map((m) => m.createdAt)).toEqual([3000]);
  // Another bot can neither drop A's misses nor see them.
  await kb.dropMisses(
    botB,
    a.map((m) => m.id),
  );
  expect(await kb.misses(botA, 0, 10)).toHaveLength(2);
  await kb.miss(botA, "u2", "refund?", null, 5000);
  await kb.dropMisses(botA, [a[0]?.id ?? 0]);
  expect(await kb.misses(botA, 0, 10)).toEqual([]);
  expect((await kb.misses(botB, 0, 10)).map((m) => m.reply)).toEqual([answer("bot b")]);
});
