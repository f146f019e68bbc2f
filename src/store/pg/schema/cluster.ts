// Several nodes on one database (CONTRACT.md "Several nodes"): each node's lease, in the
// database's clock so that nodes whose clocks differ agree on who is alive, and one row per
// logged-in agent naming the node that holds its connection. PostgreSQL only: a bus (and so
// a second node) is refused on SQLite.
import { bigint, boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";

export const nodes = pgTable("nodes", {
  id: text("id").primaryKey(),
  // Unix ms by the database's clock; past it, the node counts as gone.
  leaseUntil: bigint("lease_until", { mode: "number" }).notNull(),
  startedAt: bigint("started_at", { mode: "number" }).notNull(),
});

export const presence = pgTable(
  "presence",
  {
    // One logged-in connection per agent: the primary key is what makes a claim atomic.
    agentId: integer("agent_id").primaryKey(),
    botId: integer("bot_id").notNull(),
    nodeId: text("node_id").notNull(),
    clientId: text("client_id").notNull(),
    name: text("name").notNull(),
    headImg: text("head_img").notNull(),
    status: integer("status").notNull(),
    autoConnect: boolean("auto_connect").notNull(),
    // Microseconds by the database's clock: the bot's agents are listed in login order.
    loggedInAt: bigint("logged_in_at", { mode: "number" }).notNull(),
  },
  (t) => [index("presence_bot").on(t.botId), index("presence_node").on(t.nodeId)],
);
