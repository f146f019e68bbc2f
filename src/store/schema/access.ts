// The console's accounts and sessions (issue 16). Times are Unix milliseconds.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { agents } from "./desk";

export const agentAccounts = sqliteTable("agent_accounts", {
  agentId: integer("agent_id")
    .primaryKey()
    .references(() => agents.id),
  // Unique across bots: the login page does not ask which bot.
  login: text("login").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  totpSecret: text("totp_secret"),
  createdAt: integer("created_at").notNull(),
});

export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("console_sessions_agent").on(t.agentId)],
);
