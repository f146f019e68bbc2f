// BoardStore on PostgreSQL.
import { and, eq, inArray, max } from "drizzle-orm";
import { type BoardStore, collectLast } from "../board";
import type { PgExec } from "./exec";
import { messages } from "./schema/desk";

export function createPgBoard(db: PgExec): BoardStore {
  return {
    async lastMessages(botId, userids) {
      if (userids.length === 0) return new Map();
      const rows = await db
        .select({ userid: messages.userid, from: messages.from, at: max(messages.createdAt) })
        .from(messages)
        .where(
          and(
            eq(messages.botId, botId),
            inArray(messages.userid, [...userids]),
            inArray(messages.from, ["user", "agent"]),
          ),
        )
        .groupBy(messages.userid, messages.from);
      return collectLast(rows);
    },
  };
}
