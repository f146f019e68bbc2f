// Two real kefu nodes on one fresh PostgreSQL database and a private redis-server, with
// short leases and grace so that the cluster tests run in seconds.
import { startTestPg, type TestPg } from "./pg";
import { startTestRedis, type TestRedis } from "./redis";
import { startTestServer, type TestServer } from "./server";

/** Short enough for tests, long enough for a loaded 2-core machine. */
export const CLUSTER_ENV = {
  KEFU_NODE_LEASE_S: "2",
  KEFU_REQUEUE_GRACE_S: "1",
  KEFU_WEBHOOK_RETRY_BASE_MS: "50",
};

export interface TestCluster {
  pg: TestPg;
  redis: TestRedis;
  db: string;
  a: TestServer;
  b: TestServer;
  /** Bot 1's api key and agent 1's token, made by the first node's start. */
  apiKey: string;
  token: string;
  env: Record<string, string>;
  /** Another node on the same database and bus. */
  node(env?: Record<string, string>): Promise<TestServer>;
  stop(): Promise<void>;
}

export async function startTestCluster(env: Record<string, string> = {}): Promise<TestCluster> {
  const pg = await startTestPg();
  const redis = await startTestRedis();
  const db = await pg.database();
  const all = { ...CLUSTER_ENV, KEFU_BUS: redis.url, ...env };
  const node = (more: Record<string, string> = {}) =>
    startTestServer({ db, env: { ...all, ...more } });
  const a = await node();
  const b = await node();
  const extra: TestServer[] = [];
  return {
    pg,
    redis,
    db,
    a,
    b,
    apiKey: a.apiKey,
    token: a.token,
    env: all,
    async node(more) {
      const n = await node(more);
      extra.push(n);
      return n;
    },
    async stop() {
      for (const n of [a, b, ...extra]) await n.destroy().catch(() => {});
      await redis.stop();
      await pg.stop();
    },
  };
}

/** Polls `check` until it holds (the cluster's own clocks decide when, not the test). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await Bun.sleep(50);
  }
}
