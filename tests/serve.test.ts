// `kefu serve` as a process (CONTRACT.md, "One process, one port" and "Configuration"):
// first-start bootstrap, migrations on an empty file, health, metrics, a bad setting,
// and a graceful stop.
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { CLI, type CliResult, kefu, spawnServe } from "./helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "kefu-serve-"));
const { version } = await Bun.file(join(import.meta.dir, "../package.json")).json();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kefu serve", () => {
  const db = join(dir, "nested", "folder", "kefu.db");

  test("first start: migrates an empty file, creates bot 1 and agent 1, prints their secrets once", async () => {
    const s = await spawnServe(["--port", "0", "--host", "127.0.0.1", "--db", db]);
    try {
      expect(s.output).toContain("First start");
      const apiKey = /api key:\s+(kfk_\S+)/.exec(s.output)?.[1];
      const token = /token:\s+(kft_\S+)/.exec(s.output)?.[1];
      expect(apiKey).toBeDefined();
      expect(token).toBeDefined();
      expect(s.output).toContain(`ws://127.0.0.1:${s.port}/ws`);
      // The banner says where it listens: this host only, not every interface.
      expect(s.output).toContain(`kefu ${version} listening on 127.0.0.1:${s.port} (port`);

      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", version, database: "ok" });

      const agent = await TestAgent.login(`ws://127.0.0.1:${s.port}/ws`, token as string);
      expect(agent.me).toMatchObject({ customer_id: 1, customer_name: "admin", bid: 1 });
      const list = await fetch(`${s.url}/api/customer/list`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: "{}",
      });
      expect((await list.json()).data).toEqual([
        { customer_id: 1, customer_name: "admin", status: 1 },
      ]);

      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain("# TYPE kefu_build_info gauge");
      expect(metrics).toContain(`\nkefu_build_info{version="${version}"} 1\n`);
      expect(metrics).toContain("# TYPE kefu_ws_connections gauge");
      expect(metrics).toMatch(/^kefu_ws_connections 1$/m);
      expect(metrics).toMatch(/^kefu_agents_logged_in 1$/m);
      expect(metrics).toContain(
        'kefu_http_requests_total{route="/api/customer/list",status="200"} 1',
      );

      // SIGTERM: connections are closed with 1001 and the process exits 0.
      s.proc.kill("SIGTERM");
      expect((await agent.waitClosed()).code).toBe(1001);
      expect(await s.proc.exited).toBe(0);
    } finally {
      s.proc.kill("SIGKILL");
    }
    const sqlite = new Database(db, { readonly: true });
    const tables = sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(sqlite.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    sqlite.close();
    expect(tables).toContainEqual({ name: "sessions" });
    expect(tables).toContainEqual({ name: "__drizzle_migrations" });
  });

  test("a second start neither bootstraps again nor prints secrets", async () => {
    // The default host: the banner says it listens on every interface, not on 127.0.0.1.
    const s = await spawnServe(["--port", "0", "--db", db]);
    try {
      expect(s.output).toContain(
        `kefu ${version} listening on all interfaces, 0.0.0.0:${s.port} (port ${s.port}, database ${db})\n` +
          `  console: http://127.0.0.1:${s.port}/\n`,
      );
      expect(s.output).not.toContain("First start");
      expect(s.output).not.toMatch(/kf[kt]_/);
      s.proc.kill("SIGINT");
      expect(await s.proc.exited).toBe(0);
    } finally {
      s.proc.kill("SIGKILL");
    }
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.query("SELECT count(*) AS n FROM bots").get()).toEqual({ n: 1 });
    // Each migration was applied once, not again on the second start.
    const journal = await Bun.file(
      join(import.meta.dir, "../migrations/meta/_journal.json"),
    ).json();
    expect(sqlite.query("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual({
      n: journal.entries.length,
    });
    sqlite.close();
  });

  test("a bad setting is one line naming it, and exit code 2", async () => {
    const r = await kefu(["serve", "--db", join(dir, "x.db")], { KEFU_HEARTBEAT_S: "often" });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("invalid KEFU_HEARTBEAT_S");
    const flag = await kefu(["serve", "--port", "-5", "--db", join(dir, "x.db")]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--port");
  });
});

/**
 * Stops a file taking writes, as a read-only mount or a lost permission would. Root
 * ignores file modes, so as root the file is made immutable (chattr +i), which also stops
 * writes through a descriptor already open; a mode of 0444 stops only new opens.
 */
function lockFile(file: string): () => void {
  if (process.getuid?.() === 0) {
    const run = (flag: string) => {
      const r = Bun.spawnSync(["chattr", flag, file]);
      if (r.exitCode !== 0) throw new Error(`chattr ${flag} ${file}: ${r.stderr.toString()}`);
    };
    run("+i");
    return () => run("-i");
  }
  chmodSync(file, 0o444);
  return () => chmodSync(file, 0o644);
}

/** One `kefu serve`: stopped with SIGTERM as soon as it is up, or exited by itself. */
async function serveOnce(args: string[]): Promise<CliResult> {
  const proc = Bun.spawn([process.execPath, CLI, "serve", ...args], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = new Response(proc.stderr).text();
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let stdout = "";
  let stopped = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    stdout += decoder.decode(value);
    if (!stopped && /\(port \d+/.test(stdout)) {
      stopped = true;
      proc.kill("SIGTERM");
    }
  }
  return { code: await proc.exited, stdout, stderr: await stderr };
}

describe("a start that cannot work refuses: one line, exit code 2, nothing made", () => {
  const oneLine = (r: CliResult) => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    return lines[0] as string;
  };

  test("a database file that takes no writes", async () => {
    const file = join(dir, "readonly.db");
    await kefu(["bot", "list", "--db", file]);
    const unlock = lockFile(file);
    try {
      const line = oneLine(await kefu(["serve", "--port", "0", "--db", file]));
      expect(line).toContain(file);
      expect(line).toContain("readonly");
    } finally {
      unlock();
    }
  });

  test("a schema newer than this kefu", async () => {
    const file = join(dir, "newer.db");
    await kefu(["bot", "list", "--db", file]);
    const sqlite = new Database(file);
    sqlite.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)", [
      Date.now() + 365 * 86400_000,
    ]);
    const before = sqlite.query("SELECT count(*) AS n FROM __drizzle_migrations").get();
    sqlite.close();
    const line = oneLine(await kefu(["serve", "--port", "0", "--db", file]));
    expect(line).toContain(`the database ${file} has a schema newer than this kefu`);
    const after = new Database(file, { readonly: true });
    expect(after.query("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual(before);
    after.close();
  });

  test("an unreachable PostgreSQL is named; a bus on SQLite is refused; no file appears", async () => {
    const cwd = mkdtempSync(join(dir, "cwd-"));
    // Port 1 on this machine: nothing listens there.
    for (const url of ["postgres://kefu@127.0.0.1:1/kefu", "postgresql://127.0.0.1:1/kefu"]) {
      const r = await kefu(["serve", "--port", "0", "--db", url], {}, cwd);
      expect(oneLine(r)).toContain("cannot reach the database 127.0.0.1:1/kefu");
      const env = await kefu(["bot", "list"], { KEFU_DB: url }, cwd);
      expect(oneLine(env)).toContain("cannot reach the database 127.0.0.1:1/kefu");
    }
    const busFile = join(cwd, "bus.db");
    const flag = await kefu([
      "serve",
      "--port",
      "0",
      "--db",
      busFile,
      "--bus",
      "redis://127.0.0.1:6379",
    ]);
    expect(oneLine(flag)).toContain("--bus");
    const env = await kefu(["serve", "--port", "0", "--db", busFile], {
      KEFU_BUS: "redis://127.0.0.1:6379",
    });
    expect(oneLine(env)).toContain("KEFU_BUS");
    expect(readdirSync(cwd)).toEqual([]);
  }, 30_000);

  test("a database folder that cannot be made", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const line = oneLine(await kefu(["serve", "--port", "0", "--db", join(file, "kefu.db")]));
    expect(line).toContain(`cannot create the database folder ${file}`);
  });

  test("a port taken on an empty database: nothing made, the next start prints the secrets", async () => {
    const file = join(dir, "port-taken.db");
    const blocker = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    try {
      const r = await kefu([
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        String(blocker.port),
        "--db",
        file,
      ]);
      expect(oneLine(r)).toBe(
        `kefu: cannot listen on 127.0.0.1:${blocker.port}: the port is already in use`,
      );
    } finally {
      blocker.stop(true);
    }
    const sqlite = new Database(file, { readonly: true });
    expect(sqlite.query("SELECT count(*) AS n FROM bots").get()).toEqual({ n: 0 });
    sqlite.close();
    const s = await spawnServe(["--port", "0", "--host", "127.0.0.1", "--db", file]);
    try {
      expect(s.output).toContain("First start: created bot 1 and agent 1");
      expect(s.output).toMatch(/api key:\s+kfk_/);
    } finally {
      s.proc.kill("SIGKILL");
    }
  }, 30_000);
});

describe("the database at run time", () => {
  test("/healthz is 503 while the database takes no writes, and ok again after", async () => {
    const file = join(dir, "runtime.db");
    const s = await spawnServe(["--port", "0", "--host", "127.0.0.1", "--db", file]);
    try {
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      // The WAL is where every write goes first; a write that fails there fails.
      const unlock = lockFile(`${file}-wal`);
      try {
        const down = await fetch(`${s.url}/healthz`);
        expect(down.status).toBe(503);
        expect(await down.json()).toEqual({
          status: "database_unwritable",
          version,
          database: expect.stringContaining("disk I/O error"),
        });
      } finally {
        unlock();
      }
      const up = await fetch(`${s.url}/healthz`);
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ status: "ok", version, database: "ok" });
    } finally {
      s.proc.kill("SIGKILL");
    }
  });
});

describe("several kefu serve starting at once on one new file", () => {
  test("each comes up or refuses in one line; exactly one creates bot 1", async () => {
    for (let round = 0; round < 5; round++) {
      const file = join(dir, `together-${round}.db`);
      const args = ["--port", "0", "--host", "127.0.0.1", "--db", file];
      const runs = await Promise.all([serveOnce(args), serveOnce(args)]);
      for (const r of runs) {
        expect(r.stderr).not.toMatch(/^\s+at /m);
        if (r.code === 0) expect(r.stdout).toContain("listening on");
        else {
          expect(r.code).toBe(2);
          expect(r.stderr.trim().split("\n")).toHaveLength(1);
        }
      }
      expect(runs.some((r) => r.code === 0)).toBe(true);
      expect(runs.filter((r) => r.stdout.includes("First start"))).toHaveLength(1);
      const sqlite = new Database(file, { readonly: true });
      expect(sqlite.query("SELECT count(*) AS n FROM bots").get()).toEqual({ n: 1 });
      expect(sqlite.query("SELECT count(*) AS n FROM agents").get()).toEqual({ n: 1 });
      sqlite.close();
    }
  }, 120_000);
});
