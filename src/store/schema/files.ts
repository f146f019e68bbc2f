// Files agents upload: what kefu knows of each (the bytes are in the folder or bucket that
// src/files/ writes to). Times are Unix milliseconds.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const files = sqliteTable(
  "files",
  {
    // Random and long: part of the file's URL, never a counter one could walk.
    id: text("id").primaryKey(),
    botId: integer("bot_id").notNull(),
    agentId: integer("agent_id"),
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    // Signs the file's links (files/signing.ts); never sent anywhere.
    secret: text("secret").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("files_bot").on(t.botId, t.createdAt)],
);
