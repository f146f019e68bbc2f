// A desk that stored a value nested too deeply before the edge bounded it (issue 12):
// writing it out again could overflow the stack, so every read of the bot's waiting list
// failed, again after each restart. Migration 0006 turns each such value into a marker
// once; the desk then lists and shows the user again.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer | undefined;
afterAll(() => server?.destroy());

const nest = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const MIGRATION = join(import.meta.dir, "../migrations/0006_stored_json_too_deep.sql");

test("a message stored too deeply by an earlier version becomes a marker, and the desk lists it", async () => {
  // About SQLite's migration 0006: on the SQLite file whatever the suite's engine.
  const first = await startTestServer({ engine: "sqlite" });
  const { apiKey, token, dir } = first;
  const sent = await new TestBot(first.url, apiKey).say("u1", "help");
  expect(sent.body.code).toBe(0);
  await first.close();

  // As an earlier version left it: the value 40,000 levels deep. Then what 0006 does to it.
  const db = new Database(first.db);
  db.run(`UPDATE messages SET value = ? WHERE userid = 'u1'`, [
    `{"text":"help","x":${nest(40_000)}}`,
  ]);
  for (const statement of readFileSync(MIGRATION, "utf8").split("--> statement-breakpoint")) {
    db.run(statement);
  }
  db.close();

  server = await startTestServer({ dir, engine: "sqlite" });
  const agent = await TestAgent.login(server.wsUrl, token);
  const list = await agent.request({ method: "get_wait_user_list" });
  agent.close();
  expect(list.code).toBe(0);
  expect(JSON.stringify(list)).toContain("[removed: nested too deeply to keep]");
});
