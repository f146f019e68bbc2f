// `kefu backup` and `kefu restore` (docs/operations.md, "Backup and restore"): a backup
// taken while messages pour in holds every message acknowledged before it began; restored
// into a new place, a server starts on it and shows them. Restore refuses what would lose data.
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu, spawnServe } from "./helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "kefu-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const USERS = ["u0", "u1", "u2", "u3"];

/** Every text message a user sent, read back through the agent protocol. */
async function textsOf(agent: TestAgent, userid: string): Promise<string[]> {
  const texts: string[] = [];
  for (let page = 1; ; page++) {
    const r = await agent.request({ method: "get_chat_record", userid, page, pagesize: 100 });
    const list = (r.data as { list_chat: { from: string; message: { value: { text: string } } }[] })
      .list_chat;
    texts.push(...list.filter((e) => e.from === "user").map((e) => e.message.value.text));
    if (list.length < 100) return texts;
  }
}

describe("kefu backup and restore", () => {
  const db = join(dir, "live", "kefu.db");
  const file = join(dir, "backup.db");

  test("a backup under load holds every acknowledged message; a restored copy serves them", async () => {
    const s = await spawnServe(["--port", "0", "--host", "127.0.0.1", "--db", db]);
    try {
      const apiKey = /api key:\s+(kfk_\S+)/.exec(s.output)?.[1] as string;
      const token = /token:\s+(kft_\S+)/.exec(s.output)?.[1] as string;
      const bot = new TestBot(s.url, apiKey);
      // Acknowledged messages, each with when its answer arrived.
      const acked: { text: string; at: number }[] = [];
      let stop = false;
      const writers = USERS.map(async (userid) => {
        for (let i = 0; !stop; i++) {
          const text = `${userid}-m${i}`;
          const r = await bot.say(userid, text);
          if (r.status === 200) acked.push({ text, at: performance.now() });
        }
      });
      while (acked.length < 40) await Bun.sleep(10);
      const began = performance.now();
      const made = await kefu(["backup", file, "--db", db, "--json"]);
      const afterBackup = acked.length;
      while (acked.length < afterBackup + 20) await Bun.sleep(10);
      stop = true;
      await Promise.all(writers);

      expect(made.stderr).toBe("");
      expect(made.code).toBe(0);
      expect(JSON.parse(made.stdout)).toEqual({
        backup: file,
        db,
        bytes: expect.any(Number),
        migrations: expect.any(Number),
      });
      // Never over an existing file, not even its own.
      const again = await kefu(["backup", file, "--db", db]);
      expect(again).toEqual({
        code: 2,
        stdout: "",
        stderr: `kefu: ${file} already exists; a backup never overwrites a file\n`,
      });
      // The live database is held by the server: restoring over it is refused, even forced.
      const over = await kefu(["restore", file, "--db", db, "--force"]);
      expect(over.code).toBe(2);
      expect(over.stderr).toBe(`kefu: ${db} is in use (is kefu running on it?): stop kefu first\n`);

      const before = acked.filter((m) => m.at < began).map((m) => m.text);
      expect(before.length).toBeGreaterThanOrEqual(40);

      const restoredDir = join(dir, "restored");
      const restored = await kefu(["restore", file, "--db", join(restoredDir, "kefu.db")]);
      expect(restored.stderr).toBe("");
      expect(restored.code).toBe(0);
      // A process, as an operator would start it (and one that lets go of the file when it exits).
      const server = await spawnServe([
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--db",
        join(restoredDir, "kefu.db"),
      ]);
      try {
        expect(server.output).not.toContain("First start");
        const agent = await TestAgent.login(`ws://127.0.0.1:${server.port}/ws`, token);
        const found = new Set((await Promise.all(USERS.map((u) => textsOf(agent, u)))).flat());
        expect(before.filter((t) => !found.has(t))).toEqual([]);
        // And the copy is a snapshot: it stops before the messages posted after the backup.
        expect(found.size).toBeLessThan(acked.length);
        agent.close();
        expect((await new TestBot(server.url, apiKey).say("u9", "after restore")).status).toBe(200);
      } finally {
        server.proc.kill("SIGTERM");
        await server.proc.exited;
      }
    } finally {
      s.proc.kill("SIGTERM");
      await s.proc.exited;
    }
  }, 60_000);

  test("restore refuses an existing database without --force, and replaces it with it", async () => {
    const target = join(dir, "restored", "kefu.db");
    const refused = await kefu(["restore", file, "--db", target]);
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr: `kefu: ${target} exists; stop kefu, then restore with --force to replace it\n`,
    });
    const forced = await kefu(["restore", file, "--db", target, "--force"]);
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`restored ${file} to ${target}`);
    const sqlite = new Database(target, { readonly: true });
    expect(sqlite.query("SELECT count(*) AS n FROM messages WHERE userid = 'u9'").get()).toEqual({
      n: 0,
    });
    sqlite.close();
  });

  test("restore takes only a kefu database this kefu knows", async () => {
    const target = join(dir, "never", "kefu.db");
    const text = join(dir, "notes.txt");
    writeFileSync(text, "not a database at all, just some text that is long enough ".repeat(20));
    const empty = join(dir, "empty.db");
    new Database(empty, { create: true }).run("CREATE TABLE t (x)");
    const newer = join(dir, "newer.db");
    await kefu(["backup", newer, "--db", db]);
    const n = new Database(newer);
    n.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('x', 99999999999999)");
    n.close();
    const cases: [string, RegExp][] = [
      [join(dir, "missing.db"), /^kefu: no backup at .*missing\.db\n$/],
      [text, /^kefu: .*notes\.txt is not a kefu database/],
      [empty, /^kefu: .*empty\.db is not a kefu database \(it has no migrations table\)\n$/],
      [newer, /^kefu: .*newer\.db was made by a newer kefu \(migration 99999999999999/],
    ];
    for (const [backup, message] of cases) {
      const r = await kefu(["restore", backup, "--db", target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await Bun.file(target).exists()).toBe(false);
  }, 30_000);
});
