// Starting a node of several (CONTRACT.md "Settings", "Several nodes"): a bus that cannot
// be reached is one line naming it and exit code 2, and the database is left as it was.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { kefu } from "../helpers/cli";
import { startTestPg, type TestPg } from "../helpers/pg";

let pg: TestPg;
let db: string;

beforeAll(async () => {
  pg = await startTestPg();
  db = await pg.database();
}, 30_000);
afterAll(async () => {
  await pg?.stop();
});

test("a bus that cannot be reached: one line naming it, exit 2, no node registered, no bot made", async () => {
  // Port 1 on this machine: nothing listens there. The password never shows.
  const r = await kefu([
    "serve",
    "--port",
    "0",
    "--db",
    db,
    "--bus",
    "redis://:hunter2@127.0.0.1:1",
  ]);
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("cannot reach the bus 127.0.0.1:1");
  expect(r.stderr + r.stdout).not.toContain("hunter2");
  const sql = new SQL({ url: db, max: 1 });
  try {
    const [nodes] = await sql`SELECT count(*)::int AS n FROM nodes`;
    expect(nodes.n).toBe(0);
    // No first bot whose secrets were never shown.
    const [bots] = await sql`SELECT count(*)::int AS n FROM bots`;
    expect(bots.n).toBe(0);
  } finally {
    await sql.close();
  }
}, 30_000);
