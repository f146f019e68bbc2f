// SweepStore on SQLite: one row per sweep, moved by compare-and-set. Prepared once: the
// scheduler asks every sweep's progress each tick, and the message indexer each batch.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import { sweeps } from "../schema/sweeps";
import type { SweepStore } from "../sweeps";

export function createSqliteSweeps(db: Db, write: Write): SweepStore {
  const name = sql.placeholder("name");
  const to = sql.placeholder("to");
  const progressOf = db
    .select({ progress: sweeps.progress })
    .from(sweeps)
    .where(eq(sweeps.name, name))
    .prepare();
  const first = db
    .insert(sweeps)
    .values({ name, progress: to })
    .onConflictDoNothing()
    .returning({ name: sweeps.name })
    .prepare();
  const moved = db
    .update(sweeps)
    .set({ progress: sql`${to}` })
    .where(and(eq(sweeps.name, name), eq(sweeps.progress, sql.placeholder("from"))))
    .returning({ name: sweeps.name })
    .prepare();
  return {
    async progress(name) {
      return progressOf.get({ name })?.progress ?? null;
    },
    async advance(name, from, to) {
      const rows = await write(() =>
        from === null ? first.all({ name, to }) : moved.all({ name, from, to }),
      );
      return rows.length > 0;
    },
  };
}
