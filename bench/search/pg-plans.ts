// `bun bench/search/pg-plans.ts postgres://… [messages]`: the filter-only searches of
// search_messages (a tag, an agent, a time window and their pairs) on PostgreSQL over a bot
// with many messages. Makes a database of its own in that cluster, fills 1,000 sessions
// (10 agents, one in 10 tagged), runs ANALYZE, then for each search the store's own
// statement: its time and PostgreSQL's EXPLAIN of it (an index, no Seq Scan on messages).
import { SQL } from "bun";
import type { MessageQuery } from "../../src/model/search";
import { openPgDb } from "../../src/store/pg/db";
import { messages } from "../../src/store/pg/schema/desk";
import { createPgStores } from "../../src/store/pg/stores";

const [url, count] = process.argv.slice(2);
if (url === undefined)
  throw new Error("usage: bun bench/search/pg-plans.ts postgres://… [messages]");
const total = Number(count ?? 100_000);
const name = `kefu_search_bench_${Date.now()}`;
const admin = new SQL({ url, max: 1 });
await admin.unsafe(`CREATE DATABASE ${name}`);
const target = new URL(url);
target.pathname = `/${name}`;
const database = await openPgDb(target.toString(), 1);
const s = createPgStores(database.db);
const { bot } = await s.identity.createBot({ name: "b", webhookUrl: null, now: 1 });

const USERS = 1000;
const sessionOf: number[] = [];
for (let u = 0; u < USERS; u++) {
  await s.identity.ensureUser(bot.id, `u${u}`, 1);
  const session = await s.sessions.openWaiting(bot.id, `u${u}`, null, 1);
  await s.sessions.take(session.id, 1 + (u % 10), "manual", 1);
  if (u % 10 === 0) await s.labels.setTags(bot.id, session.id, ["refund"]);
  sessionOf.push(session.id);
}
const BASE = 1_700_000_000_000;
for (let start = 0; start < total; start += 1000) {
  const rows = Array.from({ length: Math.min(1000, total - start) }, (_, k) => {
    const i = start + k;
    return {
      botId: bot.id,
      userid: `u${i % USERS}`,
      sessionId: sessionOf[i % USERS] ?? null,
      batch: 0,
      from: "user" as const,
      agentId: null,
      type: "text" as const,
      value: JSON.stringify({ text: `message ${i}` }),
      createdAt: BASE + i,
    };
  });
  await database.db.insert(messages).values(rows);
}
await database.db.$client.unsafe("ANALYZE");

// The statements the store runs, to EXPLAIN exactly those.
const client = database.db.$client;
const unsafe = client.unsafe.bind(client);
let seen: { query: string; params: unknown[] }[] = [];
client.unsafe = ((query: string, params?: unknown[]) => {
  seen.push({ query, params: params ?? [] });
  return unsafe(query, params);
}) as typeof client.unsafe;

type Filters = Omit<MessageQuery, "botId" | "terms" | "limit">;
const mid = BASE + total / 2;
const cases: Filters[] = [
  { tag: "refund", perSession: true },
  { agentId: 3, perSession: true },
  { tag: "refund", agentId: 1, perSession: true },
  { tag: "refund", fromMs: mid, toMs: mid + 5000, perSession: true },
  { agentId: 3, toMs: mid, perSession: true },
  { fromMs: mid - 5000, toMs: mid },
];
console.log({ messages: total, sessions: USERS });
for (const filters of cases) {
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < 50; i++) {
    seen = [];
    const a = performance.now();
    hits = (await s.search.search({ botId: bot.id, terms: [], limit: 20, ...filters })).length;
    ms.push(performance.now() - a);
  }
  ms.sort((x, y) => x - y);
  const search = seen.find((q) => q.query.includes('from "messages" where'));
  if (search === undefined) throw new Error("the search's statement was not seen");
  const plan = (await unsafe(`EXPLAIN ${search.query}`, search.params)) as {
    "QUERY PLAN": string;
  }[];
  const lines = plan.map((r) => r["QUERY PLAN"]);
  console.log({
    filters: JSON.stringify(filters),
    hits,
    p50_ms: ms[25]?.toFixed(2),
    seq_scan_on_messages: lines.some((l) => /Seq Scan on messages/.test(l)),
  });
  console.log(lines.join("\n"));
}
await database.close();
await admin.unsafe(`DROP DATABASE ${name}`);
await admin.close();
