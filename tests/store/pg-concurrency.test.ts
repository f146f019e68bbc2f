// PostgreSQL under real concurrency: two pools on one database stand for two nodes, and
// their transactions race on separate connections. Whatever order they land in, the
// database keeps what CONTRACT.md ("Several nodes") promises: migrations applied once, one
// take of a user, no agent over max_sessions, a msgid stored once, a feed that never skips,
// one webhook lease per event and per user's line.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { ingest } from "../../src/desk/ingest";
import { StartError } from "../../src/start-error";
import { type OpenPgDb, openPgDb } from "../../src/store/pg/db";
import { createPgStores } from "../../src/store/pg/stores";
import type { Stores } from "../../src/store/stores";
import { startTestPg, type TestPg } from "../helpers/pg";

let pg: TestPg;
let url: string;
let nodes: OpenPgDb[];
let a: Stores;
let b: Stores;
let botId: number;
let users = 0;

beforeAll(async () => {
  pg = await startTestPg();
  url = await pg.database();
  // Three nodes starting together on an empty database.
  nodes = await Promise.all([openPgDb(url), openPgDb(url), openPgDb(url)]);
  [a, b] = nodes.map((n) => createPgStores(n.db)) as [Stores, Stores];
  botId = (await a.identity.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
});
afterAll(async () => {
  for (const n of nodes ?? []) await n.close();
  await pg?.stop();
});

const waiting = async (s: Stores) => {
  const userid = `u${++users}`;
  await s.identity.ensureUser(botId, userid, 1000);
  return s.sessions.openWaiting(botId, userid, null, 1000);
};

describe("PostgreSQL under concurrent nodes", () => {
  test("nodes starting together apply the migrations once", async () => {
    const sql = new SQL({ url, max: 1 });
    const [row] =
      await sql`SELECT count(*)::int AS n, count(DISTINCT created_at)::int AS d FROM __drizzle_migrations`;
    expect(row.n).toBeGreaterThan(0);
    expect(row.n).toBe(row.d);
    await sql.close();
  });

  test("a schema newer than this kefu is refused in one line, untouched", async () => {
    const newer = await pg.database();
    await (await openPgDb(newer)).close();
    const sql = new SQL({ url: newer, max: 1 });
    await sql`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('x', 99999999999999)`;
    const opened = openPgDb(newer);
    await expect(opened).rejects.toThrow(StartError);
    await expect(opened).rejects.toThrow("has a schema newer than this kefu");
    const [row] = await sql`SELECT count(*)::int AS n FROM __drizzle_migrations WHERE hash = 'x'`;
    expect(row.n).toBe(1);
    await sql.close();
  });

  test("of many takes of one user from two nodes, exactly one wins", async () => {
    const agents = await Promise.all(
      [1, 2, 3, 4].map(async (i) => {
        const made = await a.identity.createAgent({
          botId,
          name: `t${i}`,
          headImg: "",
          maxSessions: 5,
          now: 1,
        });
        return made.agent.id;
      }),
    );
    const w = await waiting(a);
    const wins = await Promise.all(
      agents.map((id, i) => (i % 2 ? a : b).sessions.take(w.id, id, "auto", 2000)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  test("automatic takes racing from two nodes never put an agent over max_sessions", async () => {
    const { agent } = await a.identity.createAgent({
      botId,
      name: "cap",
      headImg: "",
      maxSessions: 3,
      now: 1,
    });
    const sessions = await Promise.all(
      Array.from({ length: 12 }, (_, i) => waiting(i % 2 ? a : b)),
    );
    const wins = await Promise.all(
      sessions.map((s, i) => (i % 2 ? a : b).sessions.take(s.id, agent.id, "auto", 2000)),
    );
    expect(wins.filter(Boolean)).toHaveLength(3);
    const [load] = await a.sessions.loads([agent.id]);
    expect(load?.active).toBe(3);
  });

  test("a msgid sent to two nodes at once is answered once and replayed once", async () => {
    const input = {
      botId,
      userid: `u${++users}`,
      userItems: [{ type: "text" as const, value: { text: "hi" } }],
      robotItems: [],
      handoff: true,
      msgid: "m-race",
      candidates: [],
      now: 1000,
    };
    const results = await Promise.all([
      a.transaction((tx) => ingest(tx, input)),
      b.transaction((tx) => ingest(tx, input)),
    ]);
    expect(results.map((r) => r.replay).sort()).toEqual([false, true]);
    expect(results[0]?.answer).toEqual(results[1]?.answer);
    expect((await a.history.chatRecord(botId, input.userid, 1, 10)).total).toBe(1);
  });

  test("each bot's feed read during concurrent appends to several bots from two nodes never skips an event", async () => {
    const bots = [
      botId,
      ...(await Promise.all(
        [1, 2, 3].map(
          async (n) =>
            (
              await a.identity.createBot({ name: `feed${n}`, webhookUrl: null, now: 1 })
            ).bot.id,
        ),
      )),
    ];
    const starts = await a.ops.lastEventSeqs();
    const total = 200;
    const perBot = total / bots.length;
    let appended = 0;
    const appends = Promise.all(
      Array.from({ length: total }, (_, i) =>
        (i % 2 ? a : b)
          .transaction(async (tx) => {
            await tx.outbox.append(
              {
                type: "session_ended",
                botId: bots[i % bots.length] as number,
                userid: `feed${i % 7}`,
                payload: { session_id: i, customer_id: null, reason: "test" },
              },
              1000 + i,
            );
            // Held open a moment after the seq is drawn: the bot's later append must wait.
            await Bun.sleep(i % 3);
          })
          .then(() => appended++),
      ),
    );
    const readFeed = async (bot: number) => {
      const seen: number[] = [];
      let cursor = starts.get(bot) ?? 0;
      while (seen.length < perBot) {
        // Read before the page: an empty page after every append committed is the end.
        const allCommitted = appended === total;
        const page = await b.outbox.eventsAfter(bot, cursor, 10);
        for (const e of page) seen.push(e.seq);
        cursor = page.at(-1)?.seq ?? cursor;
        if (page.length === 0 && allCommitted) break;
      }
      return seen;
    };
    const feeds = await Promise.all(bots.map(readFeed));
    await appends;
    bots.forEach((bot, n) => {
      const start = starts.get(bot) ?? 0;
      expect(feeds[n]).toEqual(Array.from({ length: perBot }, (_, i) => start + i + 1));
    });
  });

  /** A bot with a webhook and `count` events over `lines` users `<prefix>N`, session_id n. */
  async function lineEvents(name: string, prefix: string, lines: number, count: number) {
    const hooked = (
      await a.identity.createBot({ name, webhookUrl: "http://127.0.0.1:9/hook", now: 1 })
    ).bot.id;
    for (let n = 0; n < count; n++) {
      await a.outbox.append(
        {
          type: "session_ended",
          botId: hooked,
          userid: `${prefix}${n % lines}`,
          payload: { session_id: n, customer_id: null, reason: "test" },
        },
        1000 + n,
      );
    }
    return hooked;
  }

  /** Six claimers at once, three on each node: what each got of the bot's events. */
  function claimFromBoth(botId: number, perUser: number) {
    return Promise.all(
      ["a1", "b1", "a2", "b2", "a3", "b3"].map(async (owner, i) => ({
        owner,
        ds: (await (i % 2 ? b : a).outbox.claimDue(10_000, 60_000, 5, owner, perUser)).filter(
          (d) => d.botId === botId,
        ),
      })),
    );
  }

  test("webhook claims racing from two nodes lease each user's head once, and the lines go in order", async () => {
    const lines = 12;
    const perLine = 4;
    const hooked = await lineEvents("hooked", "line", lines, lines * perLine);
    const delivered: number[] = [];
    for (let round = 0; round < perLine; round++) {
      const claims = await claimFromBoth(hooked, 1);
      const held = claims.flatMap((c) => c.ds);
      // Every line's head this round, each leased to one claimer only.
      expect(held.length).toBe(lines);
      expect(new Set(held.map((d) => d.userid)).size).toBe(lines);
      for (const { owner, ds } of claims) {
        for (const d of ds) {
          expect(await a.outbox.markDelivered(d.id, owner)).toBe(true);
          delivered.push(d.event.session_id as number);
        }
      }
    }
    for (let line = 0; line < lines; line++) {
      const order = delivered.filter((n) => n % lines === line);
      expect(order).toEqual([...order].sort((p, q) => p - q));
      expect(order.length).toBe(perLine);
    }
    expect(await a.outbox.claimDue(10_000, 60_000, 100, "a1")).toEqual([]);
  });

  test("runs claimed racing from two nodes: each line's first events, to one claimer, in order", async () => {
    const lines = 12;
    const hooked = await lineEvents("runs", "run", lines, lines * 5);
    const claims = await claimFromBoth(hooked, 3);
    const held = claims.flatMap((c) => c.ds.map((d) => ({ owner: c.owner, d })));
    expect(new Set(held.map((h) => h.d.id)).size).toBe(held.length);
    for (let line = 0; line < lines; line++) {
      const mine = held.filter((h) => h.d.userid === `run${line}`);
      expect(mine.map((h) => h.d.event.session_id)).toEqual([line, line + lines, line + 2 * lines]);
      expect(new Set(mine.map((h) => h.owner)).size).toBe(1);
    }
  });
});
