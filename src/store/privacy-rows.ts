// Rows of the privacy reads as both engines return them, turned into the store's records.
// The PostgreSQL schema has the same columns with the same TypeScript types as SQLite's.
import type { MessageItem } from "../model/desk";
import type { MessageRecord, SessionRecord } from "./privacy";
import type { messages, sessions } from "./schema/desk";

export function toSessionRecord(row: typeof sessions.$inferSelect): SessionRecord {
  return {
    id: row.id,
    state: row.state,
    agentId: row.agentId,
    groupId: row.groupId,
    queuedAt: row.queuedAt,
    assignedAt: row.assignedAt,
    endedAt: row.endedAt,
    endedReason: row.endedReason,
    createdAt: row.createdAt,
  };
}

/** A message row that is not a note (the queries leave notes out). */
export function toMessageRecord(row: typeof messages.$inferSelect): MessageRecord {
  return {
    id: row.id,
    userid: row.userid,
    sessionId: row.sessionId,
    from: row.from === "note" ? "agent" : row.from,
    agentId: row.agentId,
    item: { type: row.type, value: JSON.parse(row.value) } as MessageItem,
    createdAt: row.createdAt,
  };
}
