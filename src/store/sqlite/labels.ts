// LabelStore on SQLite.
import { and, asc, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { LabelStore } from "../labels";
import { sessions } from "../schema/desk";
import { botLabels, sessionReasons, sessionTags } from "../schema/labels";

export function createSqliteLabels(db: Db, write: Write): LabelStore {
  const endedIn = (botId: number, fromMs: number, toMs: number) =>
    and(eq(sessions.botId, botId), gte(sessions.endedAt, fromMs), lt(sessions.endedAt, toMs));
  // Read as every session ends (its event carries them): prepared once.
  const tagsOf = db
    .select({ tag: sessionTags.tag })
    .from(sessionTags)
    .where(eq(sessionTags.sessionId, sql.placeholder("sessionId")))
    .orderBy(asc(sessionTags.tag))
    .prepare();
  const reasonOf = db
    .select({ reason: sessionReasons.reason })
    .from(sessionReasons)
    .where(eq(sessionReasons.sessionId, sql.placeholder("sessionId")))
    .prepare();
  return {
    async list(botId, kind) {
      return db
        .select({ name: botLabels.name })
        .from(botLabels)
        .where(and(eq(botLabels.botId, botId), eq(botLabels.kind, kind)))
        .orderBy(asc(botLabels.name))
        .all()
        .map((r) => r.name);
    },
    async add(botId, kind, name, now) {
      const rows = await write((tx) =>
        tx
          .insert(botLabels)
          .values({ botId, kind, name, createdAt: now })
          .onConflictDoNothing()
          .returning({ name: botLabels.name })
          .all(),
      );
      return rows.length > 0;
    },
    async remove(botId, kind, name) {
      const rows = await write((tx) =>
        tx
          .delete(botLabels)
          .where(
            and(eq(botLabels.botId, botId), eq(botLabels.kind, kind), eq(botLabels.name, name)),
          )
          .returning({ name: botLabels.name })
          .all(),
      );
      return rows.length > 0;
    },
    async setTags(botId, sessionId, tags) {
      await write((tx) => {
        tx.delete(sessionTags).where(eq(sessionTags.sessionId, sessionId)).run();
        if (tags.length > 0) {
          tx.insert(sessionTags)
            .values(tags.map((tag) => ({ sessionId, botId, tag })))
            .run();
        }
      });
    },
    async setReason(botId, sessionId, reason) {
      await write((tx) =>
        tx
          .insert(sessionReasons)
          .values({ sessionId, botId, reason })
          .onConflictDoUpdate({ target: sessionReasons.sessionId, set: { reason } })
          .run(),
      );
    },
    async ofSession(sessionId) {
      const tags = tagsOf.all({ sessionId }).map((r) => r.tag);
      const reason = reasonOf.get({ sessionId });
      return { tags, reason: reason?.reason ?? null };
    },
    async counts(botId, fromMs, toMs) {
      const n = count();
      const tags = db
        .select({ name: sessionTags.tag, count: n })
        .from(sessionTags)
        .innerJoin(sessions, eq(sessions.id, sessionTags.sessionId))
        .where(endedIn(botId, fromMs, toMs))
        .groupBy(sessionTags.tag)
        .orderBy(desc(n), asc(sessionTags.tag))
        .all();
      const reasons = db
        .select({ name: sessionReasons.reason, count: n })
        .from(sessionReasons)
        .innerJoin(sessions, eq(sessions.id, sessionReasons.sessionId))
        .where(endedIn(botId, fromMs, toMs))
        .groupBy(sessionReasons.reason)
        .orderBy(desc(n), asc(sessionReasons.reason))
        .all();
      return { tags, reasons };
    },
  };
}
