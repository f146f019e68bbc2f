// LabelStore on PostgreSQL.
import { and, asc, count, desc, eq, gte, lt } from "drizzle-orm";
import type { LabelStore } from "../labels";
import type { Atomic, PgExec } from "./exec";
import { sessions } from "./schema/desk";
import { botLabels, sessionReasons, sessionTags } from "./schema/labels";

export function createPgLabels(db: PgExec, atomic: Atomic): LabelStore {
  const endedIn = (botId: number, fromMs: number, toMs: number) =>
    and(eq(sessions.botId, botId), gte(sessions.endedAt, fromMs), lt(sessions.endedAt, toMs));
  return {
    async list(botId, kind) {
      const rows = await db
        .select({ name: botLabels.name })
        .from(botLabels)
        .where(and(eq(botLabels.botId, botId), eq(botLabels.kind, kind)))
        .orderBy(asc(botLabels.name));
      return rows.map((r) => r.name);
    },
    async add(botId, kind, name, now) {
      const rows = await db
        .insert(botLabels)
        .values({ botId, kind, name, createdAt: now })
        .onConflictDoNothing()
        .returning({ name: botLabels.name });
      return rows.length > 0;
    },
    async remove(botId, kind, name) {
      const rows = await db
        .delete(botLabels)
        .where(and(eq(botLabels.botId, botId), eq(botLabels.kind, kind), eq(botLabels.name, name)))
        .returning({ name: botLabels.name });
      return rows.length > 0;
    },
    async setTags(botId, sessionId, tags) {
      await atomic(async (tx) => {
        await tx.delete(sessionTags).where(eq(sessionTags.sessionId, sessionId));
        if (tags.length > 0) {
          await tx.insert(sessionTags).values(tags.map((tag) => ({ sessionId, botId, tag })));
        }
      });
    },
    async setReason(botId, sessionId, reason) {
      await db
        .insert(sessionReasons)
        .values({ sessionId, botId, reason })
        .onConflictDoUpdate({ target: sessionReasons.sessionId, set: { reason } });
    },
    async ofSession(sessionId) {
      const tags = await db
        .select({ tag: sessionTags.tag })
        .from(sessionTags)
        .where(eq(sessionTags.sessionId, sessionId))
        .orderBy(asc(sessionTags.tag));
      const [reason] = await db
        .select({ reason: sessionReasons.reason })
        .from(sessionReasons)
        .where(eq(sessionReasons.sessionId, sessionId));
      return { tags: tags.map((r) => r.tag), reason: reason?.reason ?? null };
    },
    async counts(botId, fromMs, toMs) {
      const n = count();
      const tags = await db
        .select({ name: sessionTags.tag, count: n })
        .from(sessionTags)
        .innerJoin(sessions, eq(sessions.id, sessionTags.sessionId))
        .where(endedIn(botId, fromMs, toMs))
        .groupBy(sessionTags.tag)
        .orderBy(desc(n), asc(sessionTags.tag));
      const reasons = await db
        .select({ name: sessionReasons.reason, count: n })
        .from(sessionReasons)
        .innerJoin(sessions, eq(sessions.id, sessionReasons.sessionId))
        .where(endedIn(botId, fromMs, toMs))
        .groupBy(sessionReasons.reason)
        .orderBy(desc(n), asc(sessionReasons.reason));
      return { tags, reasons };
    },
  };
}
