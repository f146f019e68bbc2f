// How far each clock-driven sweep has got, so that a restart (or another node) goes on from
// there instead of from its own start time; column for column ../../schema/sweeps.ts.
import { bigint, pgTable, text } from "drizzle-orm/pg-core";

export const sweeps = pgTable("sweeps", {
  name: text("name").primaryKey(),
  // The sweep's own measure of progress; for the group fallback, the last moment swept (ms).
  progress: bigint("progress", { mode: "number" }).notNull(),
});
