// PriorityStore on SQLite: one row per session that has a priority.
import { inArray } from "drizzle-orm";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { PriorityStore } from "../priority";
import { sessionPriorities } from "../schema/desk";

export function createSqlitePriority(db: Db, write: Write): PriorityStore {
  return {
    async set(botId, sessionId, priority) {
      await write((tx) =>
        tx
          .insert(sessionPriorities)
          .values({ botId, sessionId, priority })
          .onConflictDoUpdate({ target: sessionPriorities.sessionId, set: { priority } })
          .run(),
      );
    },
    async of(sessionIds) {
      if (sessionIds.length === 0) return new Map();
      const rows = db
        .select()
        .from(sessionPriorities)
        .where(inArray(sessionPriorities.sessionId, [...sessionIds]))
        .all();
      return new Map(rows.map((r) => [r.sessionId, r.priority]));
    },
  };
}
