// SweepStore on PostgreSQL: one row per sweep, moved by compare-and-set.
import { and, eq } from "drizzle-orm";
import type { SweepStore } from "../sweeps";
import type { PgExec } from "./exec";
import { sweeps } from "./schema/sweeps";

export function createPgSweeps(db: PgExec): SweepStore {
  return {
    async progress(name) {
      const [row] = await db
        .select({ progress: sweeps.progress })
        .from(sweeps)
        .where(eq(sweeps.name, name));
      return row?.progress ?? null;
    },
    async advance(name, from, to) {
      const rows =
        from === null
          ? await db
              .insert(sweeps)
              .values({ name, progress: to })
              .onConflictDoNothing()
              .returning({ name: sweeps.name })
          : await db
              .update(sweeps)
              .set({ progress: to })
              .where(and(eq(sweeps.name, name), eq(sweeps.progress, from)))
              .returning({ name: sweeps.name });
      return rows.length > 0;
    },
  };
}
