// `bun bench/search/run.ts [messages]`: search_messages' store query over a bot with many
// messages on SQLite. Fills the history (users' and agents' messages, Chinese and English),
// runs the indexer sweep to the end, then times searches for a rare and a common word and
// the filter-only ones (a tag, an agent, a time window), and prints the word search's plan.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryTerms, searchIndexSweep } from "../../src/desk/search-index";
import type { MessageQuery } from "../../src/model/search";
import { openDb } from "../../src/store/db";
import { createSqliteStores } from "../../src/store/sqlite/stores";

const total = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "kefu-search-bench-"));
const database = openDb(join(dir, "k.db"), "normal");
const s = createSqliteStores(database.db);
const { bot } = await s.identity.createBot({ name: "b", webhookUrl: null, now: 1 });
const WORDS = "order refund invoice delivery password login account address payment coupon".split(
  " ",
);
const ZH = "订单 退款 发票 快递 密码 登录 账号 地址 支付 优惠券".split(" ");
const pick = <T>(a: T[], i: number) => a[i % a.length] as T;

// 1,000 users, each in one session served by one of 10 agents; one session in 10 tagged.
const USERS = 1000;
const sessionOf: number[] = [];
for (let u = 0; u < USERS; u++) {
  await s.identity.ensureUser(bot.id, `u${u}`, 1);
  const session = await s.sessions.openWaiting(bot.id, `u${u}`, null, 1);
  await s.sessions.take(session.id, 1 + (u % 10), "manual", 1);
  if (u % 10 === 0) await s.labels.setTags(bot.id, session.id, ["refund"]);
  sessionOf.push(session.id);
}

const t0 = performance.now();
for (let i = 0; i < total; i++) {
  const text =
    i % 2 === 0
      ? `my ${pick(WORDS, i)} and ${pick(WORDS, i * 7 + 3)} please ${i}`
      : `我的${pick(ZH, i)}和${pick(ZH, i * 3 + 1)}有问题`;
  await s.history.append(
    {
      botId: bot.id,
      userid: `u${i % USERS}`,
      sessionId: sessionOf[i % USERS] ?? null,
      agentId: 1 + ((i % USERS) % 10),
    },
    i % 3 === 0 ? "agent" : "user",
    [{ type: "text", value: { text: i === total / 2 ? "zebra crossing" : text } }],
    1_700_000_000_000 + i,
  );
}
const filled = performance.now();
const sweep = searchIndexSweep(s);
while ((await s.sweeps.progress("search_index")) !== total) await sweep.run(Date.now());
const indexed = performance.now();

type Filters = Omit<MessageQuery, "botId" | "terms" | "limit">;

async function time(query: string, filters: Filters = {}, runs = 200) {
  const terms = queryTerms(query);
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    hits = (await s.search.search({ botId: bot.id, terms, limit: 20, ...filters })).length;
    ms.push(performance.now() - a);
  }
  ms.sort((x, y) => x - y);
  return {
    query: query || JSON.stringify(filters),
    hits,
    p50_ms: ms[runs / 2]?.toFixed(2),
    p99_ms: ms[Math.floor(runs * 0.99)]?.toFixed(2),
  };
}

console.log({
  messages: total,
  fill_s: ((filled - t0) / 1000).toFixed(1),
  index_s: ((indexed - filled) / 1000).toFixed(1),
  index_per_s: Math.round(total / ((indexed - filled) / 1000)),
});
console.log(await time("zebra"));
console.log(await time("refund"));
console.log(await time("退款 密码"));
// Filter-only searches (search_messages without words): conversations by tag or agent, one
// hit per session; messages by time. tests/store/search-plan.test.ts checks their plans.
const mid = 1_700_000_000_000 + total / 2;
console.log(await time("", { tag: "refund", perSession: true }));
console.log(await time("", { agentId: 3, perSession: true }));
console.log(await time("", { tag: "refund", agentId: 1, perSession: true }));
console.log(await time("", { tag: "refund", fromMs: mid, toMs: mid + 5000, perSession: true }));
console.log(await time("", { agentId: 3, toMs: mid, perSession: true }));
console.log(await time("", { fromMs: mid - 5000, toMs: mid }));
const plan = database.sqlite
  .query(
    "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE +bot_id = 1 AND id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH 'b1xzebra') ORDER BY id DESC LIMIT 20",
  )
  .all();
console.log(plan.map((r) => (r as { detail: string }).detail).join("\n"));
database.close();
rmSync(dir, { recursive: true, force: true });
