// `kefu serve` as a process (CONTRACT.md, "One process, one port" and "Configuration"):
// first-start bootstrap, migrations on an empty file, health, metrics, a bad setting,
// and a graceful stop.
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { kefu, spawnServe } from "./helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "kefu-serve-"));
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

      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });

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
    const s = await spawnServe(["--port", "0", "--host", "127.0.0.1", "--db", db]);
    try {
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
