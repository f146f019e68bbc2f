// Unit test of the cluster's tick claim over a real sweeps table (SQLite here; the same
// compare-and-set on PostgreSQL is in the store conformance suite): of several nodes
// claiming one tick, one wins; a later tick is won again; a node whose clock lags claims
// nothing until its clock passes the last tick run.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../store/db";
import { createSqliteStores } from "../store/sqlite/stores";
import { claimClusterTick } from "./cluster-tick";

const dir = mkdtempSync(join(tmpdir(), "kefu-tick-"));
const nodes = [openDb(join(dir, "k.db"), "normal"), openDb(join(dir, "k.db"), "normal")];
const [a, b] = nodes.map((n) => createSqliteStores(n.db).sweeps);
afterAll(() => {
  for (const n of nodes) n.close();
  rmSync(dir, { recursive: true, force: true });
});

test("one claim wins each tick; the next tick is claimed again; a lagging clock waits", async () => {
  if (!a || !b) throw new Error("two stores expected");
  const first = await Promise.all([
    claimClusterTick(a, 500, 10_000),
    claimClusterTick(b, 500, 10_100),
    claimClusterTick(a, 500, 10_200),
  ]);
  expect(first.filter(Boolean)).toHaveLength(1);
  expect(await claimClusterTick(b, 500, 10_600)).toBe(true);
  expect(await claimClusterTick(a, 500, 10_400)).toBe(false);
  expect(await claimClusterTick(a, 500, 11_000)).toBe(true);
});
