// Tags and close reasons; column for column ../../schema/labels.ts.
import { bigint, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

export const botLabels = pgTable(
  "bot_labels",
  {
    botId: integer("bot_id").notNull(),
    kind: text("kind", { enum: ["tag", "reason"] }).notNull(),
    name: text("name").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.kind, t.name] })],
);

export const sessionTags = pgTable(
  "session_tags",
  {
    sessionId: integer("session_id").notNull(),
    botId: integer("bot_id").notNull(),
    tag: text("tag").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.tag] }),
    index("session_tags_bot_tag").on(t.botId, t.tag),
  ],
);

export const sessionReasons = pgTable("session_reasons", {
  sessionId: integer("session_id").primaryKey(),
  botId: integer("bot_id").notNull(),
  reason: text("reason").notNull(),
});
