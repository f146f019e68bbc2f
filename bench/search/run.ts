// `bun bench/search/run.ts [messages]`: search_messages' store query over a bot with many
// messages on SQLite. Fills the history (users' and agents' messages, Chinese and English),
// runs the indexer sweep to the end, then times searches for a rare and a common word,
// and prints the query plan (FTS5, not a scan of messages).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryTerms, searchIndexSweep } from "../../src/desk/search-index";
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

const t0 = performance.now();
for (let i = 0; i < total; i++) {
  const text =
    i % 2 === 0
      ? `my ${pick(WORDS, i)} and ${pick(WORDS, i * 7 + 3)} please ${i}`
      : `我的${pick(ZH, i)}和${pick(ZH, i * 3 + 1)}有问题`;
  await s.history.append(
    { botId: bot.id, userid: `u${i % 1000}`, sessionId: null, agentId: null },
    i % 3 === 0 ? "agent" : "user",
    [{ type: "text", value: { text: i === total / 2 ? "zebra crossing" : text } }],
    1_700_000_000_000 + i,
  );
}
const filled = performance.now();
const sweep = searchIndexSweep(s);
while ((await s.sweeps.progress("search_index")) !== total) await sweep.run(Date.now());
const indexed = performance.now();

async function time(query: string, runs = 200) {
  const terms = queryTerms(query);
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    hits = (await s.search.search({ botId: bot.id, terms, limit: 20 })).length;
    ms.push(performance.now() - a);
  }
  ms.sort((x, y) => x - y);
  return {
    query,
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
const plan = database.sqlite
  .query(
    "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE +bot_id = 1 AND id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH 'b1xzebra') ORDER BY id DESC LIMIT 20",
  )
  .all();
console.log(plan.map((r) => (r as { detail: string }).detail).join("\n"));
database.close();
rmSync(dir, { recursive: true, force: true });
