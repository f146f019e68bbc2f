// A desk that stored a value nested too deeply before the edge bounded it (issue 12):
// writing it out again could overflow the stack, so every read of the bot's waiting list
// failed, again after each restart. Migration 0006 turns each such value into a marker
// once; the desk then lists and shows the user again.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import journal from "../migrations/meta/_journal.json";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer | undefined;
afterAll(() => server?.destroy());

const nest = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

test("a poisoned message stored by an earlier version is replaced by a marker on start", async () => {
  const first = await startTestServer();
  const { apiKey, token, dir } = first;
  const sent = await new TestBot(first.url, apiKey).say("u1", "help");
  expect(sent.body.code).toBe(0);
  await first.close();

  // As an earlier version left it: the value 40,000 levels deep, migration 0006 (and those
  // after it) not applied.
  const cleanup = journal.entries.find((e) => e.tag === "0006_stored_json_too_deep");
  const db = new Database(first.db);
  db.run(`UPDATE messages SET value = ? WHERE userid = 'u1'`, [
    `{"text":"help","x":${nest(40_000)}}`,
  ]);
  db.run("DELETE FROM __drizzle_migrations WHERE created_at >= ?", [cleanup?.when ?? 0]);
  // Without what the later migrations added (0008: agents.grace_until), so they apply again.
  db.run("ALTER TABLE agents DROP COLUMN grace_until");
  db.close();

  server = await startTestServer({ dir });
  const agent = await TestAgent.login(server.wsUrl, token);
  const list = await agent.request({ method: "get_wait_user_list" });
  agent.close();
  expect(list.code).toBe(0);
  expect(JSON.stringify(list)).toContain("[removed: nested too deeply to keep]");
});
