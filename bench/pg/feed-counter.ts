// What the events counter rows cost (issue 14, docs/postgresql.md): `bun
// bench/pg/feed-counter.ts URL`. Events appended by 32 concurrent writers, each append its
// own transaction, spread over 1 or 4 bots: through the real store (one `event_seq` row
// per bot), and, for comparison, the same two statements in plain SQL with the counter
// row shared by all bots or one per bot. The median of 3 rounds, appends per second.
import { SQL } from "bun";
import { openPgDb } from "../../src/store/pg/db";
import { createPgStores } from "../../src/store/pg/stores";

const adminUrl = process.argv[2] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const APPENDS = 3000;
const WRITERS = 32;
const POOL = 10;
let databases = 0;

async function freshDatabase(): Promise<string> {
  const name = `kefu_bench_feed_${process.pid}_${++databases}`;
  const admin = new SQL({ url: adminUrl, max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function drive(append: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < APPENDS) await append(next++);
  };
  await Promise.all(Array.from({ length: WRITERS }, worker));
  return APPENDS / ((performance.now() - started) / 1000);
}

async function viaStore(bots: number): Promise<number> {
  const database = await openPgDb(await freshDatabase(), POOL);
  const stores = createPgStores(database.db);
  const ids: number[] = [];
  for (let b = 0; b < bots; b++) {
    ids.push((await stores.identity.createBot({ name: `b${b}`, webhookUrl: null, now: 1 })).bot.id);
  }
  const rate = await drive((i) =>
    stores.outbox.append(
      {
        botId: ids[i % bots] as number,
        userid: `u${i}`,
        type: "session_connected",
        payload: { session_id: i, customer_id: 1, assigned: "auto" },
      },
      Date.now(),
    ),
  );
  await database.close();
  return rate;
}

async function plain(bots: number, perBot: boolean): Promise<number> {
  const sql = new SQL({ url: await freshDatabase(), max: POOL });
  await sql.unsafe("CREATE TABLE seq (bot integer PRIMARY KEY, last integer NOT NULL)");
  await sql.unsafe(
    "CREATE TABLE ev (bot integer NOT NULL, seq integer NOT NULL, body text NOT NULL, PRIMARY KEY (bot, seq))",
  );
  for (let b = 0; b < (perBot ? bots : 1); b++) await sql`INSERT INTO seq VALUES (${b}, 0)`;
  const rate = await drive(async (i) => {
    const bot = i % bots;
    await sql.begin(async (tx) => {
      const [row] =
        await tx`UPDATE seq SET last = last + 1 WHERE bot = ${perBot ? bot : 0} RETURNING last`;
      await tx`INSERT INTO ev VALUES (${bot}, ${row.last}, ${`{"i":${i}}`})`;
    });
  });
  await sql.close();
  return rate;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
async function rounds(fn: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let r = 0; r < 3; r++) xs.push(await fn());
  return Math.round(median(xs));
}

const rows: [string, number, number][] = [
  [
    "store: an event_seq row per bot",
    await rounds(() => viaStore(1)),
    await rounds(() => viaStore(4)),
  ],
  [
    "plain SQL: one counter row",
    await rounds(() => plain(1, false)),
    await rounds(() => plain(4, false)),
  ],
  [
    "plain SQL: a counter row per bot",
    await rounds(() => plain(1, true)),
    await rounds(() => plain(4, true)),
  ],
];
console.log(`| ${WRITERS} writers, ${APPENDS} appends | 1 bot | 4 bots |`);
console.log("| --- | --- | --- |");
for (const [name, one, four] of rows) console.log(`| ${name} | ${one}/s | ${four}/s |`);
