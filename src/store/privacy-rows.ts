// Rows of the privacy reads as both engines return them, turned into the store's records.
// The PostgreSQL schema has the same columns with the same TypeScript types as SQLite's.
import type { MessageItem } from "../model/desk";
import type { FileRecord, MessageRecord, SessionRecord } from "./privacy";
import type { messages, sessions } from "./schema/desk";

export function toSessionRecord(
  row: typeof sessions.$inferSelect,
  tags: readonly { sessionId: number; tag: string }[],
  reasons: readonly { sessionId: number; reason: string }[],
): SessionRecord {
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
    tags: tags.filter((t) => t.sessionId === row.id).map((t) => t.tag),
    closeReason: reasons.find((r) => r.sessionId === row.id)?.reason ?? null,
  };
}

/**
 * The id of the uploaded file a stored message item links to, if it does: POST /files
 * answers items whose `url` is `<base>/files?id=<id>&exp=..&sig=..` (http/files.ts).
 */
export function fileIdOf(value: string): string | null {
  const url = (JSON.parse(value) as { url?: unknown }).url;
  if (typeof url !== "string" || !URL.canParse(url, "http://kefu")) return null;
  const u = new URL(url, "http://kefu");
  return u.pathname.endsWith("/files") ? u.searchParams.get("id") : null;
}

/** The file ids the stored message values link to, each once. */
export const fileIdsOf = (rows: readonly { value: string }[]) => [
  ...new Set(rows.map((r) => fileIdOf(r.value)).filter((id): id is string => id !== null)),
];

/** A file row as the export lists it. */
export const toFileRecord = (f: {
  id: string;
  name: string;
  mime: string;
  size: number;
  createdAt: number;
}): FileRecord => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, createdAt: f.createdAt });

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
