// A PostgreSQL for the tests: KEFU_TEST_PG_URL if set, else a private cluster made here
// (initdb in a temp folder as the postgres user when run as root, a random port on
// 127.0.0.1 only, no fsync) and stopped by `stop`. Each `database()` is a new, empty one.

import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";

export interface TestPg {
  /** A URL of a new, empty database. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

/** The server binaries of the newest PostgreSQL Debian installed, else those on PATH. */
function pgBin(tool: string): string {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return tool;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin", tool) : tool;
}

function run(cmd: string[], asPostgres: boolean): void {
  const argv = asPostgres ? ["su", "postgres", "-c", cmd.map((a) => `'${a}'`).join(" ")] : cmd;
  const [bin, ...args] = argv as [string, ...string[]];
  const done = spawnSync(bin, args, { encoding: "utf8" });
  if (done.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${done.stderr}${done.stdout}`);
}

async function withAdmin(url: string, fn: (admin: SQL) => Promise<void>): Promise<void> {
  const admin = new SQL({ url, max: 1 });
  try {
    await fn(admin);
  } finally {
    await admin.close();
  }
}

function databases(adminUrl: string): TestPg["database"] {
  return async () => {
    // Unique across test files and processes sharing one KEFU_TEST_PG_URL.
    const name = `kefu_test_${randomUUID().replaceAll("-", "")}`;
    await withAdmin(adminUrl, (admin) => admin.unsafe(`CREATE DATABASE ${name}`).then(() => {}));
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
}

/**
 * Starts the cluster on a random port below the ephemeral range (where the tests' own
 * client sockets would collide with it), trying another if that one is taken.
 */
function startOnSomePort(data: string, dir: string, asPostgres: boolean): number {
  for (let attempt = 1; ; attempt++) {
    const port = 10000 + Math.floor(Math.random() * 20000);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    try {
      run(
        [pgBin("pg_ctl"), "-D", data, "-w", "-l", join(dir, "log"), "-o", options, "start"],
        asPostgres,
      );
      return port;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
}

export async function startTestPg(): Promise<TestPg> {
  const given = process.env.KEFU_TEST_PG_URL;
  if (given) return { database: databases(given), stop: async () => {} };
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "kefu-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  let port: number;
  try {
    run([pgBin("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync"], asPostgres);
    port = startOnSomePort(data, dir, asPostgres);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    database: databases(`postgres://postgres@127.0.0.1:${port}/postgres`),
    async stop() {
      run([pgBin("pg_ctl"), "-D", data, "-m", "immediate", "stop"], asPostgres);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
