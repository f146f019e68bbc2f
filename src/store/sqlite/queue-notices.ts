// QueueNoticeStore on SQLite: one row per waiting session told of, moved by compare-and-set.
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { QueueNoticeStore } from "../queue-notices";
import { queueNotices } from "../schema/desk";

export function createSqliteQueueNotices(db: Db, write: Write): QueueNoticeStore {
  return {
    async last(sessionIds) {
      if (sessionIds.length === 0) return new Map();
      const rows = db
        .select()
        .from(queueNotices)
        .where(inArray(queueNotices.sessionId, [...sessionIds]))
        .all();
      return new Map(
        rows.map((r) => [
          r.sessionId,
          { position: r.position, estimate: r.estimate, sentAt: r.sentAt },
        ]),
      );
    },
    async record(botId, sessionId, n, prevSentAt) {
      const rows = await write((tx) =>
        prevSentAt === null
          ? tx
              .insert(queueNotices)
              .values({ botId, sessionId, ...n })
              .onConflictDoNothing()
              .returning({ id: queueNotices.sessionId })
              .all()
          : tx
              .update(queueNotices)
              .set(n)
              .where(
                and(eq(queueNotices.sessionId, sessionId), eq(queueNotices.sentAt, prevSentAt)),
              )
              .returning({ id: queueNotices.sessionId })
              .all(),
      );
      return rows.length > 0;
    },
    async prune(botId, waiting) {
      await write((tx) =>
        tx
          .delete(queueNotices)
          .where(
            and(eq(queueNotices.botId, botId), notInArray(queueNotices.sessionId, [...waiting])),
          )
          .run(),
      );
    },
  };
}
