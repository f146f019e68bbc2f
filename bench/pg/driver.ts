// Which PostgreSQL driver under the store (issue 14): `bun bench/pg/driver.ts URL`. The
// store's hot path, a user_message ingested in one transaction (ensure the user, open a
// session, keep the message, record the msgid), runs through createPgStores on Bun.SQL
// (drizzle-orm/bun-sql) and on postgres.js (drizzle-orm/postgres-js), each on a fresh
// database, sequentially and with 32 in flight; the median of 3 rounds is printed.
import { SQL } from "bun";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { ingest } from "../../src/desk/ingest";
import { openPgDb } from "../../src/store/pg/db";
import type { PgExec } from "../../src/store/pg/exec";
import { createPgStores } from "../../src/store/pg/stores";
import type { Stores } from "../../src/store/stores";

const adminUrl = process.argv[2] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MESSAGES = 2000;
const IN_FLIGHT = 32;
let databases = 0;

async function freshDatabase(): Promise<string> {
  const name = `kefu_bench_${process.pid}_${++databases}`;
  const admin = new SQL({ url: adminUrl, max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function run(stores: Stores, inFlight: number): Promise<number> {
  const { bot } = await stores.identity.createBot({ name: "b", webhookUrl: null, now: 1 });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < MESSAGES) {
      const i = next++;
      const userid = `u${i}`;
      const now = Date.now();
      await stores.transaction(async (tx) => {
        await tx.identity.ensureUser(bot.id, userid, now);
        return ingest(tx, {
          botId: bot.id,
          userid,
          userItems: [{ type: "text", value: { text: `hello ${i}` } }],
          robotItems: [],
          handoff: true,
          msgid: `m${i}`,
          candidates: [],
          now,
        });
      });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return MESSAGES / ((performance.now() - started) / 1000);
}

type Driver = {
  name: string;
  open(url: string): Promise<{ stores: Stores; close(): Promise<void> }>;
};

const drivers: Driver[] = [
  {
    name: "Bun.SQL (drizzle-orm/bun-sql)",
    async open(url) {
      const db = await openPgDb(url, 10);
      return { stores: createPgStores(db.db), close: db.close };
    },
  },
  {
    name: "postgres.js (drizzle-orm/postgres-js)",
    async open(url) {
      await (await openPgDb(url, 1)).close(); // the same migrations
      const client = postgres(url, { max: 10, onnotice: () => {} });
      // The stores use only the PgDatabase API, which both drivers' drizzle share; the
      // cast is the one difference, the query-result type parameter.
      const db = drizzlePostgresJs({ client }) as unknown as PgExec;
      return { stores: createPgStores(db), close: () => client.end() };
    },
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

for (const inFlight of [1, IN_FLIGHT]) {
  for (const driver of drivers) {
    const rounds: number[] = [];
    for (let r = 0; r < 3; r++) {
      const opened = await driver.open(await freshDatabase());
      rounds.push(await run(opened.stores, inFlight));
      await opened.close();
    }
    console.log(`${driver.name}, ${inFlight} in flight: ${Math.round(median(rounds))} ingests/s`);
  }
}
