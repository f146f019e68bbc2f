// QueueNoticeStore on PostgreSQL: one row per waiting session told of, moved by compare-and-set.
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { QueueNoticeStore } from "../queue-notices";
import type { PgExec } from "./exec";
import { queueNotices } from "./schema/desk";

export function createPgQueueNotices(db: PgExec): QueueNoticeStore {
  return {
    async last(sessionIds) {
      if (sessionIds.length === 0) return new Map();
      const rows = await db
        .select()
        .from(queueNotices)
        .where(inArray(queueNotices.sessionId, [...sessionIds]));
      return new Map(
        rows.map((r) => [
          r.sessionId,
          { position: r.position, estimate: r.estimate, sentAt: r.sentAt },
        ]),
      );
    },
    async record(botId, sessionId, n, prevSentAt) {
      const rows =
        prevSentAt === null
          ? await db
              .insert(queueNotices)
              .values({ botId, sessionId, ...n })
              .onConflictDoNothing()
              .returning({ id: queueNotices.sessionId })
          : await db
              .update(queueNotices)
              .set(n)
              .where(
                and(eq(queueNotices.sessionId, sessionId), eq(queueNotices.sentAt, prevSentAt)),
              )
              .returning({ id: queueNotices.sessionId });
      return rows.length > 0;
    },
    async prune(botId, waiting) {
      await db
        .delete(queueNotices)
        .where(
          and(eq(queueNotices.botId, botId), notInArray(queueNotices.sessionId, [...waiting])),
        );
    },
  };
}
