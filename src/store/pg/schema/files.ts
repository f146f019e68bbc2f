// Files agents upload; column for column ../../schema/files.ts.
import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";

export const files = pgTable(
  "files",
  {
    id: text("id").primaryKey(),
    botId: integer("bot_id").notNull(),
    agentId: integer("agent_id"),
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    secret: text("secret").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("files_bot").on(t.botId, t.createdAt)],
);
