// The three programs under test, each started fresh as its own process on loopback with a
// new database: kefu itself, the Bun baseline (one commit per write), the same program
// committing each turn's writes together (bun-batch: the limit for group commit) and the
// Node.js baseline; and, only when asked for (--targets kefu,kefu-pg), kefu on a new
// PostgreSQL database in the cluster KEFU_BENCH_PG_URL names.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";

export const TARGETS = ["kefu", "bun", "bun-batch", "node", "kefu-pg"] as const;
export type TargetName = (typeof TARGETS)[number];
export const DEFAULT_TARGETS: TargetName[] = ["kefu", "bun", "bun-batch", "node"];

export const ROOT = join(import.meta.dir, "..", "..");
const NODE_BASELINE = join(ROOT, "bench", "baselines", "node");
const BUN = process.execPath;

export interface StartOptions {
  bots: number;
  webhookUrl?: string;
  /** Write a CPU profile of kefu into this folder when it stops. */
  cpuProfDir?: string;
}

export interface Running {
  name: TargetName;
  pid: number;
  url: string;
  wsUrl: string;
  /** One api key per bot. */
  keys: string[];
  stop(): Promise<void>;
}

const env = () => ({
  ...process.env,
  // Every side commits the same way: `--sync normal` on the bench's command line trades
  // durability for speed on all of them at once.
  KEFU_SYNC: process.env.KEFU_SYNC ?? "full",
  KEFU_HEARTBEAT_S: "10",
  // The default of 200 requests a second per api key would cap the HTTP scenarios.
  KEFU_API_RATE: "1000000",
  // The baselines log nothing per request, and a million lines into the bench's terminal
  // would measure the terminal: kefu logs warnings and errors only, unless asked for more.
  KEFU_LOG_LEVEL: process.env.KEFU_LOG_LEVEL ?? "warn",
});

/**
 * kefu's database: a file in `dir`, or for kefu-pg a new database in the PostgreSQL cluster
 * whose admin URL KEFU_BENCH_PG_URL names, dropped once kefu has stopped.
 */
async function kefuDatabase(
  dir: string,
  onPg: boolean,
): Promise<{ db: string; drop(): Promise<void> }> {
  if (!onPg) return { db: join(dir, "bench.db"), drop: async () => {} };
  const adminUrl = process.env.KEFU_BENCH_PG_URL;
  if (!adminUrl) throw new Error("the kefu-pg target needs KEFU_BENCH_PG_URL (a postgres:// URL)");
  const name = `kefu_bench_${process.pid}_${Date.now()}`;
  const admin = new SQL({ url: adminUrl, max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    db: u.toString(),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Installs the Node baseline's own dependencies (once; better-sqlite3 may compile). */
export function ensureNodeBaseline(): void {
  const built = join(NODE_BASELINE, "node_modules", "better-sqlite3", "build", "Release");
  if (
    existsSync(join(built, "better_sqlite3.node")) &&
    existsSync(join(NODE_BASELINE, "node_modules", "ws"))
  )
    return;
  console.log("bench: installing the Node baseline's dependencies (npm ci)...");
  const r = Bun.spawnSync(["npm", "ci", "--prefix", NODE_BASELINE, "--no-audit", "--no-fund"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.exitCode !== 0) throw new Error("npm ci of the Node baseline failed");
}

/** kefu's bots are made with its CLI before it starts, a few at a time. */
async function createKefuBots(db: string, n: number, webhookUrl?: string): Promise<string[]> {
  const keys: string[] = new Array(n);
  const create = async (i: number) => {
    const args = ["bot", "create", "--name", `bench-${i + 1}`, "--db", db, "--json"];
    if (webhookUrl) args.push("--webhook-url", webhookUrl);
    const p = Bun.spawn([BUN, join(ROOT, "src", "cli.ts"), ...args], {
      env: env(),
      stderr: "inherit",
    });
    const out = await new Response(p.stdout).text();
    if ((await p.exited) !== 0) throw new Error(`kefu bot create failed: ${out}`);
    keys[i] = (JSON.parse(out) as { api_key: string }).api_key;
  };
  // The first run migrates the new database; parallel ones would race to do it.
  await create(0);
  let next = 1;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await create(i);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return keys;
}

/** Reads the process's output until it names its port; keeps draining it afterwards. */
async function portOf(stream: ReadableStream<Uint8Array>, name: string): Promise<number> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${name} exited before listening: ${seen}`);
    seen += decoder.decode(value, { stream: true });
    const port = /port (\d+)/.exec(seen)?.[1];
    if (port) {
      void (async () => {
        while (!(await reader.read()).done) {}
      })();
      return Number(port);
    }
  }
}

export async function startTarget(name: TargetName, options: StartOptions): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), `kefu-bench-${name}-`));
  let db = join(dir, "bench.db");
  let dropDatabase = async () => {};
  let cmd: string[];
  let keys: string[];
  if (name === "kefu" || name === "kefu-pg") {
    const database = await kefuDatabase(dir, name === "kefu-pg");
    db = database.db;
    dropDatabase = database.drop;
    keys = await createKefuBots(db, options.bots, options.webhookUrl);
    const prof = options.cpuProfDir
      ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${options.cpuProfDir}`]
      : [];
    cmd = [
      BUN,
      ...prof,
      join(ROOT, "src", "cli.ts"),
      "serve",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--db",
      db,
    ];
  } else {
    keys = Array.from({ length: options.bots }, (_, i) => `bot-${i + 1}`);
    cmd =
      name === "node"
        ? ["node", join(NODE_BASELINE, "server.mjs")]
        : [BUN, join(ROOT, "bench", "baselines", "bun", "server.ts")];
  }
  const proc = Bun.spawn(cmd, {
    cwd: ROOT,
    env: {
      ...env(),
      BENCH_DB: db,
      BENCH_WEBHOOK_URL: options.webhookUrl ?? "",
      BENCH_BATCH: name === "bun-batch" ? "1" : "",
      PORT: "0",
    },
    stdout: "pipe",
    stderr: "inherit",
  });
  const port = await portOf(proc.stdout, name);
  return {
    name,
    pid: proc.pid,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    keys,
    async stop() {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      await proc.exited;
      clearTimeout(timer);
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
