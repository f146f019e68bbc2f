// Tags and close reasons (issue 17): each bot's lists, the tags on a session, and the
// reason an agent chose when ending it.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const botLabels = sqliteTable(
  "bot_labels",
  {
    botId: integer("bot_id").notNull(),
    kind: text("kind", { enum: ["tag", "reason"] }).notNull(),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.kind, t.name] })],
);

export const sessionTags = sqliteTable(
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

export const sessionReasons = sqliteTable("session_reasons", {
  sessionId: integer("session_id").primaryKey(),
  botId: integer("bot_id").notNull(),
  reason: text("reason").notNull(),
});
