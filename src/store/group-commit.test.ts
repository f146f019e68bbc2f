// Unit tests of group commit: writes of one turn share a transaction; one that fails
// rolls back alone; callers hear back only after the commit.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDb } from "./db";
import { createGroupCommit } from "./group-commit";

const dir = mkdtempSync(join(tmpdir(), "kefu-gc-"));
const { db, sqlite, close } = openDb(join(dir, "k.db"), "normal");
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});
sqlite.run("CREATE TABLE t (v TEXT NOT NULL)");
const write = createGroupCommit(db);
const rows = () => sqlite.query("SELECT v FROM t ORDER BY rowid").all();

test("writes of one turn share one transaction; a failing one rolls back alone", async () => {
  const a = write(() => db.run(sql`INSERT INTO t VALUES ('a')`));
  const bad = write(() => {
    db.run(sql`INSERT INTO t VALUES ('half-written')`);
    throw new Error("refused");
  });
  const c = write(() => {
    // Inside the batch's transaction, after the first write.
    expect(sqlite.inTransaction).toBe(true);
    expect(rows()).toEqual([{ v: "a" }]);
    db.run(sql`INSERT INTO t VALUES ('c')`);
    return 42;
  });
  // Nothing is visible before the flush.
  expect(rows()).toEqual([]);
  await a;
  expect(await c).toBe(42);
  await expect(bad).rejects.toThrow("refused");
  expect(rows()).toEqual([{ v: "a" }, { v: "c" }]);
  expect(sqlite.inTransaction).toBe(false);
});

test("a later turn starts a new transaction", async () => {
  await write(() => db.run(sql`INSERT INTO t VALUES ('d')`));
  expect(rows()).toContainEqual({ v: "d" });
});
