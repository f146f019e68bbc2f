// The cluster's rows on PostgreSQL (store/cluster.ts), two pools standing for two nodes:
// leases in the database's clock, one login per agent claimed atomically, a holder on a
// node gone silent no holder at all, and the sweep that takes a lost node's logins away.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import type { ClusterStore, OnlineAgent } from "../../src/store/cluster";
import { createPgCluster } from "../../src/store/pg/cluster";
import { type OpenPgDb, openPgDb } from "../../src/store/pg/db";
import { startTestPg, type TestPg } from "../helpers/pg";

let pg: TestPg;
let url: string;
let pools: OpenPgDb[];
let a: ClusterStore;
let b: ClusterStore;

beforeAll(async () => {
  pg = await startTestPg();
  url = await pg.database();
  pools = await Promise.all([openPgDb(url), openPgDb(url)]);
  [a, b] = pools.map((p) => createPgCluster(p.db)) as [ClusterStore, ClusterStore];
  await a.registerNode("node-a", 60_000);
  await b.registerNode("node-b", 60_000);
}, 30_000);
afterAll(async () => {
  for (const p of pools ?? []) await p.close();
  await pg?.stop();
});

const login = (agentId: number, clientId: string, botId = 1): OnlineAgent => ({
  agentId,
  botId,
  name: `agent ${agentId}`,
  headImg: "",
  status: 1,
  autoConnect: true,
  clientId,
});

/** Ends a node's lease now, as if it had stopped renewing it long ago. */
async function expire(nodeId: string): Promise<void> {
  const sql = new SQL({ url, max: 1 });
  try {
    await sql`UPDATE nodes SET lease_until = 0 WHERE id = ${nodeId}`;
  } finally {
    await sql.close();
  }
}

test("logins racing from two nodes: exactly one claims; the other sees it as the holder", async () => {
  for (let agentId = 100; agentId < 120; agentId++) {
    const [x, y] = await Promise.all([
      a.claim(login(agentId, `a-${agentId}`), "node-a", false),
      b.claim(login(agentId, `b-${agentId}`), "node-b", false),
    ]);
    expect([x.claimed, y.claimed].filter(Boolean)).toHaveLength(1);
    const lost = x.claimed ? y : x;
    const won = x.claimed ? `a-${agentId}` : `b-${agentId}`;
    expect(lost).toEqual({ claimed: false, holder: expect.objectContaining({ clientId: won }) });
  }
});

test("force takes the login over and names the replaced one; release needs the right client", async () => {
  await a.claim(login(200, "first"), "node-a", false);
  const forced = await b.claim(login(200, "second"), "node-b", true);
  expect(forced).toEqual({
    claimed: true,
    replaced: expect.objectContaining({ clientId: "first" }),
  });
  expect(await a.release(200, "first")).toBeNull();
  expect((await a.get(200))?.clientId).toBe("second");
  expect((await b.release(200, "second"))?.agentId).toBe(200);
  expect(await a.get(200)).toBeNull();
});

test("status, auto-connect, the bot's list in login order and its counts with exceptions", async () => {
  await a.claim(login(301, "c301", 3), "node-a", false);
  await b.claim(login(302, "c302", 3), "node-b", false);
  await a.claim(login(303, "c303", 3), "node-a", false);
  await b.setStatus(302, 2);
  await a.setAutoConnect(303, false);
  const list = await b.ofBot(3);
  expect(list.map((x) => [x.agentId, x.status, x.autoConnect])).toEqual([
    [301, 1, true],
    [302, 2, true],
    [303, 1, false],
  ]);
  expect(await a.countOfBot(3)).toBe(3);
  expect(await a.countOfBot(3, 301)).toBe(2);
  expect(await a.countOfBot(3, undefined, ["c302", "c303"])).toBe(1);
});

test("a lost node: its logins are no holders, not listed, and the sweep hands them over once", async () => {
  await a.registerNode("node-lost", 60_000);
  const lost = createPgCluster(pools[0]?.db as OpenPgDb["db"]);
  await lost.claim(login(401, "on-lost", 4), "node-lost", false);
  await lost.claim(login(402, "on-lost-2", 4), "node-lost", false);
  expect(await a.countOfBot(4)).toBe(2);
  await expire("node-lost");
  expect(await a.ofBot(4)).toEqual([]);
  expect(await a.get(401)).toBeNull();
  // Its agent logs in again elsewhere before the sweep: no 490 from a node gone silent.
  expect(await b.claim(login(401, "back", 4), "node-b", false)).toMatchObject({ claimed: true });
  expect(await b.renewNode("node-lost", 60_000)).toBe(true);
  await expire("node-lost");
  const [first, second] = await Promise.all([a.sweepLostNodes(), b.sweepLostNodes()]);
  const swept = [...first, ...second].filter((x) => x.botId === 4);
  expect(swept.map((x) => x.agentId)).toEqual([402]);
  expect(await a.renewNode("node-lost", 60_000)).toBe(false);
  expect((await a.get(401))?.clientId).toBe("back");
});

test("releaseStale keeps the node's logins on the connections named; a retired node's are swept", async () => {
  await a.claim(login(501, "keep", 5), "node-a", false);
  await a.claim(login(502, "stale", 5), "node-a", false);
  const gone = await a.releaseStale(
    "node-a",
    (await a.ofBot(5)).map((x) => x.clientId).filter((c) => c === "keep"),
  );
  expect(gone.filter((x) => x.botId === 5).map((x) => x.agentId)).toEqual([502]);
  await a.retireNode("node-a");
  expect(await b.get(501)).toBeNull();
  expect((await b.sweepLostNodes()).map((x) => x.agentId)).toEqual([501]);
  expect(await b.renewNode("node-a", 60_000)).toBe(false);
});

test("databaseId names this database", async () => {
  const id = await a.databaseId();
  expect(id).toContain(new URL(url).pathname.slice(1));
  expect(await b.databaseId()).toBe(id);
});
