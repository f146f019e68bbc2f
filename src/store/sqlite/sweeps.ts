// SweepStore on SQLite: one row per sweep, moved by compare-and-set.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import { sweeps } from "../schema/sweeps";
import type { SweepStore } from "../sweeps";

export function createSqliteSweeps(db: Db, write: Write): SweepStore {
  return {
    async progress(name) {
      return (
        db.select({ progress: sweeps.progress }).from(sweeps).where(eq(sweeps.name, name)).get()
          ?.progress ?? null
      );
    },
    async advance(name, from, to) {
      const rows = await write((tx) =>
        from === null
          ? tx
              .insert(sweeps)
              .values({ name, progress: to })
              .onConflictDoNothing()
              .returning({ name: sweeps.name })
              .all()
          : tx
              .update(sweeps)
              .set({ progress: to })
              .where(and(eq(sweeps.name, name), eq(sweeps.progress, from)))
              .returning({ name: sweeps.name })
              .all(),
      );
      return rows.length > 0;
    },
  };
}
