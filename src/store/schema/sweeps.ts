// How far each clock-driven sweep has got, so that a restart (or another node) goes on from
// there instead of from its own start time.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const sweeps = sqliteTable("sweeps", {
  name: text("name").primaryKey(),
  // The sweep's own measure of progress; for the group fallback, the last moment swept (ms).
  progress: integer("progress").notNull(),
});
