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

test("an async job is one savepoint: its steps commit together, or roll back together", async () => {
  const step = async (v: string) => db.run(sql`INSERT INTO t VALUES (${v})`);
  const both = write(async () => {
    await step("e1");
    await step("e2");
    return "done";
  });
  const undone = write(async () => {
    await step("f1");
    throw new Error("refused");
  });
  expect(await both).toBe("done");
  await expect(undone).rejects.toThrow("refused");
  const values = rows().map((r) => (r as { v: string }).v);
  expect(values).toContain("e2");
  expect(values).not.toContain("f1");
});

test("a batch that arrives while a job awaits waits for its COMMIT", async () => {
  const { promise: gate, resolve: open } = Promise.withResolvers<void>();
  const slow = write(async () => {
    db.run(sql`INSERT INTO t VALUES ('slow')`);
    await gate;
  });
  await new Promise((r) => setImmediate(r));
  // The slow job holds the transaction open across turns of the event loop.
  expect(sqlite.inTransaction).toBe(true);
  const next = write(() => {
    expect(rows()).toContainEqual({ v: "slow" });
    db.run(sql`INSERT INTO t VALUES ('next')`);
  });
  await new Promise((r) => setTimeout(r, 5));
  open();
  await slow;
  await next;
  expect(rows()).toContainEqual({ v: "next" });
  expect(sqlite.inTransaction).toBe(false);
});

test("listeners hear of each COMMIT once it is done", async () => {
  const heard: boolean[] = [];
  write.afterCommit(() => heard.push(sqlite.inTransaction));
  await Promise.all([
    write(() => db.run(sql`INSERT INTO t VALUES ('g1')`)),
    write(() => db.run(sql`INSERT INTO t VALUES ('g2')`)),
  ]);
  await new Promise((r) => setImmediate(r));
  // One batch, one COMMIT, heard once and outside the transaction.
  expect(heard).toEqual([false]);
  await write(() => db.run(sql`INSERT INTO t VALUES ('h')`));
  await new Promise((r) => setImmediate(r));
  expect(heard).toEqual([false, false]);
});
