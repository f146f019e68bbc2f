// The knowledge base on SQLite (FTS5) and on PostgreSQL (kb_terms) gives the same
// suggestions, scores included, for the same entries: the FAQ of bench/assistant loaded
// into two bots on each engine, some learned answers and feedback, an import that replaces
// (so rows are deleted), then every paraphrase and held-out question asked of both.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KbHit } from "../src/assistant/kb-store";
import { type OpenStores, openStores } from "../src/open-stores";
import { startTestPg, type TestPg } from "./helpers/pg";

interface Faq {
  questions: string[];
  answer: string;
  paraphrases: string[];
  held_out: string[];
}
const bench = join(import.meta.dir, "../bench/assistant");
const lines = (file: string) =>
  readFileSync(join(bench, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const faq: Faq[] = lines("faq.jsonl");
const asks: string[] = [
  ...faq.flatMap((f) => [...f.paraphrases, ...f.held_out]),
  ...lines("held-out-2.jsonl").flatMap((h: { asks: string[] }) => h.asks),
  ...lines("no-answer.jsonl").map((h: { question?: string; ask?: string }) =>
    String(h.question ?? h.ask ?? ""),
  ),
  "how do I ship internationally",
  "refunds for cancelled orders",
].filter((q) => q.trim());
const text = (t: string) => [{ type: "text" as const, value: { text: t } }];

let pg: TestPg;
let dir: string;
const engines: { name: string; open: OpenStores; bots: number[] }[] = [];

beforeAll(async () => {
  pg = await startTestPg();
  dir = mkdtempSync(join(tmpdir(), "kefu-kb-engines-"));
  for (const [name, db] of [
    ["sqlite", join(dir, "kefu.db")],
    ["pg", await pg.database()],
  ] as const) {
    const open = await openStores({ db, sync: "normal" });
    const bots: number[] = [];
    for (const n of ["a", "b"]) {
      const made = await open.stores.identity.createBot({ name: n, webhookUrl: null, now: 1 });
      bots.push(made.bot.id);
    }
    engines.push({ name, open, bots });
  }
}, 60_000);
afterAll(async () => {
  for (const e of engines) await e.open.close();
  rmSync(dir, { recursive: true, force: true });
  await pg?.stop();
});

/** The same writes on each engine, in the same order. */
async function each(fn: (e: (typeof engines)[number]) => Promise<unknown>) {
  for (const e of engines) await fn(e);
}

/** Every question's hits on each engine, scores to 9 digits. */
async function answers(botIndex: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const e of engines) {
    const bot = e.bots[botIndex] as number;
    const all: Record<string, unknown> = {};
    for (const q of asks) {
      all[q] = (await e.open.kb.search(bot, q, 3)).map((h: KbHit) => ({
        ...h,
        score: Number(h.score.toPrecision(9)),
      }));
    }
    out.push(all);
  }
  return out;
}

test("the same entries, learned answers and feedback: the same suggestions on both", async () => {
  await each(async (e) => {
    const [a, b] = e.bots as [number, number];
    const entries = faq.map((f) => ({ questions: f.questions, answer: text(f.answer) }));
    await e.open.kb.add(a, entries, false, 10);
    await e.open.kb.add(b, entries.slice(0, 20), false, 10);
    await e.open.kb.learn(a, "can I pay with a gift card", text("Yes, at checkout."), 11, "u1");
    await e.open.kb.learn(a, "修改密码要验证码吗", text("需要手机验证码。"), 12, "u1");
    await e.open.kb.feedback(a, 3, "修改密码", "as_is", 13, "u1");
    await e.open.kb.feedback(a, 5, "密码记不起来了", "not_used", 14, "u1");
  });
  const [sqlite, pgHits] = await answers(0);
  expect(Object.values(sqlite ?? {}).some((h) => (h as unknown[]).length > 0)).toBe(true);
  expect(pgHits).toEqual(sqlite as Record<string, unknown>);
  const [sqliteB, pgB] = await answers(1);
  expect(pgB).toEqual(sqliteB as Record<string, unknown>);
}, 60_000);

test("after entries are replaced, updated and removed: still the same on both", async () => {
  await each(async (e) => {
    const [a] = e.bots as [number];
    const half = faq.slice(0, 33).map((f) => ({ questions: f.questions, answer: text(f.answer) }));
    const added = await e.open.kb.add(a, half, true, 20);
    const first = added[0];
    if (first) {
      await e.open.kb.update(
        a,
        first.id,
        { questions: ["怎么改密码", "change password"], answer: text("设置里改。") },
        21,
      );
    }
    const second = added[1];
    if (second) await e.open.kb.remove(a, second.id);
    await e.open.kb.learn(a, "can I pay with a gift card", text("Yes, online too."), 22, "u1");
  });
  const [sqlite, pgHits] = await answers(0);
  expect(pgHits).toEqual(sqlite as Record<string, unknown>);
}, 60_000);

test("learnings of one question at once leave one learned entry on both engines", async () => {
  for (const e of engines) {
    const b = e.bots[1] as number;
    const answers = ["one", "two", "three", "four", "five", "six"];
    await Promise.all(
      answers.map((a, i) =>
        e.open.kb.learn(b, "where do I return a parcel", text(`Return desk ${a}.`), 100 + i, "u9"),
      ),
    );
    const learned = (await e.open.kb.list(b, { source: "learned", limit: 100 })).filter((x) =>
      x.questions.includes("where do I return a parcel"),
    );
    expect(learned).toHaveLength(1);
  }
});
