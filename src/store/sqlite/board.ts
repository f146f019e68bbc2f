// BoardStore on SQLite.
import { and, eq, inArray, max } from "drizzle-orm";
import { type BoardStore, collectLast } from "../board";
import type { Db } from "../db";
import { messages } from "../schema/desk";

export function createSqliteBoard(db: Db): BoardStore {
  return {
    async lastMessages(botId, userids) {
      if (userids.length === 0) return new Map();
      const rows = db
        .select({ userid: messages.userid, from: messages.from, at: max(messages.createdAt) })
        .from(messages)
        .where(
          and(
            eq(messages.botId, botId),
            inArray(messages.userid, [...userids]),
            inArray(messages.from, ["user", "agent"]),
          ),
        )
        .groupBy(messages.userid, messages.from)
        .all();
      return collectLast(rows);
    },
  };
}
