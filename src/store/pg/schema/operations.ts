// PostgreSQL mirror of ../../schema/operations.ts. Tables for running a desk day to day (issue 9): skill groups, canned replies, ratings
// and the audit log. Times are Unix milliseconds.
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { agents, bots } from "./desk";

export const groups = pgTable(
  "groups",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    name: text("name").notNull(),
    // A group with nobody online hands its waiting users to the whole bot after this long.
    fallbackAfterS: integer("fallback_after_s").notNull().default(60),
    // Business hours (wire/hours.ts) as JSON, over the bot's; null: the bot's apply.
    hours: text("hours"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("groups_bot_name").on(t.botId, t.name)],
);

export const agentGroups = pgTable(
  "agent_groups",
  {
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id),
    groupId: integer("group_id")
      .notNull()
      .references(() => groups.id),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.groupId] }),
    index("agent_groups_group").on(t.groupId),
  ],
);

export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    // null: the whole bot's; otherwise one agent's own.
    agentId: integer("agent_id").references(() => agents.id),
    code: text("code").notNull(),
    // The message items, JSON.
    items: text("items").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("canned_bot_code").on(t.botId, t.code)],
);

export const ratings = pgTable("ratings", {
  sessionId: integer("session_id").primaryKey(),
  botId: integer("bot_id").notNull(),
  score: integer("score").notNull(),
  comment: text("comment").notNull().default(""),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id").notNull(),
    // "agent" (an agent's own action), "bot" (the api key), "cli" (an operator), "desk" (a rule).
    actorType: text("actor_type", { enum: ["agent", "bot", "cli", "desk"] }).notNull(),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    target: text("target"),
    // Details of the action, JSON.
    details: text("details").notNull().default("{}"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    index("audit_bot_time").on(t.botId, t.createdAt),
    index("audit_actor_time").on(t.botId, t.actorId, t.createdAt),
  ],
);
