// PriorityStore on PostgreSQL: one row per session that has a priority.
import { inArray } from "drizzle-orm";
import type { PriorityStore } from "../priority";
import type { PgExec } from "./exec";
import { sessionPriorities } from "./schema/desk";

export function createPgPriority(db: PgExec): PriorityStore {
  return {
    async set(botId, sessionId, priority) {
      await db
        .insert(sessionPriorities)
        .values({ botId, sessionId, priority })
        .onConflictDoUpdate({ target: sessionPriorities.sessionId, set: { priority } });
    },
    async of(sessionIds) {
      if (sessionIds.length === 0) return new Map();
      const rows = await db
        .select()
        .from(sessionPriorities)
        .where(inArray(sessionPriorities.sessionId, [...sessionIds]));
      return new Map(rows.map((r) => [r.sessionId, r.priority]));
    },
  };
}
