// Each filter-only search (a tag, an agent, a time window, and their pairs) reads indexes on
// SQLite: its query plan, as SQLite chooses it for the statement the store runs, never
// scans messages, sessions or session_tags, however many messages the bot has.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MessageQuery } from "../../src/model/search";
import { type OpenDb, openDb } from "../../src/store/db";
import { createSqliteStores } from "../../src/store/sqlite/stores";
import type { Stores } from "../../src/store/stores";

let dir: string;
let database: OpenDb;
let stores: Stores;
const prepared: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kefu-search-plan-"));
  database = openDb(join(dir, "k.db"), "normal");
  // The statements drizzle prepares, to ask SQLite for the plan of exactly those.
  const prepare = database.sqlite.prepare.bind(database.sqlite);
  database.sqlite.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof database.sqlite.prepare;
  stores = createSqliteStores(database.db);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function planOf(q: Omit<MessageQuery, "botId" | "terms" | "limit">): Promise<string[]> {
  prepared.length = 0;
  await stores.search.search({ botId: 1, terms: [], limit: 20, ...q });
  const search = prepared.find((s) => s.startsWith("select") && s.includes('from "messages"'));
  expect(search).toBeDefined();
  const explain = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${search}`);
  const plan = explain.all().map((r) => (r as { detail: string }).detail);
  explain.finalize();
  return plan;
}

/** Each case, and the indexes its plan must read (the filters' own, not the bot's every row). */
const cases: [string, Omit<MessageQuery, "botId" | "terms" | "limit">, string[]][] = [
  ["a tag", { tag: "refund", perSession: true }, ["session_tags_bot_tag", "messages_session"]],
  ["an agent", { agentId: 3, perSession: true }, ["sessions_agent", "messages_session"]],
  [
    "a tag and an agent",
    { tag: "refund", agentId: 3, perSession: true },
    ["session_tags_bot_tag", "sessions_agent", "messages_session"],
  ],
  [
    "a tag and a time",
    { tag: "refund", fromMs: 1, toMs: 2, perSession: true },
    ["session_tags_bot_tag", "messages_session"],
  ],
  [
    "an agent and a time",
    { agentId: 3, fromMs: 1, perSession: true },
    ["sessions_agent", "messages_session"],
  ],
  ["a time", { fromMs: 1, toMs: 2 }, ["messages_bot_time"]],
  [
    "a time, in an agent's own conversations",
    { toMs: 2, agentId: 3 },
    ["messages_bot_time", "sessions_agent"],
  ],
];

for (const [name, q, indexes] of cases) {
  test(`${name}: read through ${indexes.join(", ")}, no table scanned`, async () => {
    const plan = await planOf(q);
    expect(
      plan.filter((line) => /^SCAN (messages|l|sessions|s|session_tags|t)\b/.test(line)),
    ).toEqual([]);
    for (const index of indexes)
      expect(plan.some((line) => line.includes(` ${index} `))).toBe(true);
    expect(plan.some((line) => line.includes("sessions_user_ended"))).toBe(false);
  });
}
