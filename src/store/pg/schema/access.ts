// The console's accounts and sessions on PostgreSQL, column for column ../../schema/access.ts.
import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { agents } from "./desk";

export const agentAccounts = pgTable("agent_accounts", {
  agentId: integer("agent_id")
    .primaryKey()
    .references(() => agents.id),
  // Unique across bots: the login page does not ask which bot.
  login: text("login").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  totpSecret: text("totp_secret"),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

export const consoleSessions = pgTable(
  "console_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
    revokedAt: bigint("revoked_at", { mode: "number" }),
  },
  (t) => [index("console_sessions_agent").on(t.agentId)],
);
