// The OpsStore on SQLite: the audit log, notes, canned replies and ratings (its reports
// are in reports.ts). An audit entry written inside a transaction commits with the change
// it records.
import { and, asc, desc, eq, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { ActorType, AuditInput, CannedReply } from "../../model/operations";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { OpsStore } from "../operations";
import { toCanned } from "../rows";
import { sessions } from "../schema/desk";
import { auditLog, cannedReplies, ratings } from "../schema/operations";
import type { OpsStatements } from "./operations-statements";
import { createSqliteReports } from "./reports";

export function createSqliteOpsStore(db: Db, q: OpsStatements, write: Write): OpsStore {
  const audit = (e: AuditInput) =>
    q.insertAudit.run({
      botId: e.botId,
      actorType: e.actorType,
      actorId: e.actorId,
      action: e.action,
      target: e.target,
      details: JSON.stringify(e.details ?? {}),
      now: e.now,
    });
  const owner = (agentId: number | null) =>
    agentId === null ? isNull(cannedReplies.agentId) : eq(cannedReplies.agentId, agentId);
  const cannedAudit = (
    actor: { type: ActorType; id: number | null },
    action: string,
    r: CannedReply,
    now: number,
  ) =>
    audit({
      botId: r.botId,
      actorType: actor.type,
      actorId: actor.id,
      action,
      target: `canned:${r.id}`,
      details: { code: r.code, shared: r.agentId === null ? 1 : 0 },
      now,
    });

  return {
    ...createSqliteReports(db, q),
    async audit(entry) {
      await write(() => audit(entry));
    },
    async auditLog({ botId, agentId, from, to, beforeId, limit }) {
      const where: (SQL | undefined)[] = [eq(auditLog.botId, botId)];
      if (agentId !== undefined)
        where.push(
          or(
            and(eq(auditLog.actorType, "agent"), eq(auditLog.actorId, agentId)),
            eq(auditLog.target, `agent:${agentId}`),
          ),
        );
      if (from !== undefined) where.push(gte(auditLog.createdAt, from));
      if (to !== undefined) where.push(lt(auditLog.createdAt, to));
      if (beforeId !== undefined) where.push(lt(auditLog.id, beforeId));
      return db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all()
        .map((r) => ({
          id: r.id,
          actorType: r.actorType,
          actorId: r.actorId,
          action: r.action,
          target: r.target,
          details: JSON.parse(r.details) as Record<string, unknown>,
          createdAt: r.createdAt,
        }));
    },

    async addNote({ botId, userid, agentId, text, now }) {
      return write(() => {
        if (!q.user.get({ botId, userid })) return null;
        const session = q.openSession.get({ botId, userid });
        q.insertMessage.get({
          botId,
          userid,
          sessionId: session?.id ?? null,
          agentId,
          batch: null,
          from: "note",
          type: "text",
          value: JSON.stringify({ text }),
          now,
        });
        audit({
          botId,
          actorType: "agent",
          actorId: agentId,
          action: "note",
          target: `user:${userid}`,
          details: { session_id: session?.id ?? null, length: text.length },
          now,
        });
        return { createdAt: now };
      });
    },

    async cannedReplies(botId, agentId, prefix) {
      const mine =
        agentId === null
          ? isNull(cannedReplies.agentId)
          : or(isNull(cannedReplies.agentId), eq(cannedReplies.agentId, agentId));
      return db
        .select()
        .from(cannedReplies)
        .where(
          and(
            eq(cannedReplies.botId, botId),
            mine,
            // A prefix match without LIKE's wildcards in the code getting in the way.
            sql`substr(${cannedReplies.code}, 1, ${prefix.length}) = ${prefix}`,
          ),
        )
        .orderBy(asc(cannedReplies.code), asc(cannedReplies.id))
        .all()
        .map(toCanned);
    },
    async saveCanned({ botId, agentId, code, items, now, mayReplaceShared }, actor) {
      return write(() => {
        const existing = db
          .select()
          .from(cannedReplies)
          .where(and(eq(cannedReplies.botId, botId), owner(agentId), eq(cannedReplies.code, code)))
          .get();
        if (existing && agentId === null && !mayReplaceShared)
          return { ok: false as const, reason: "shared_exists" as const };
        const json = JSON.stringify(items);
        const row = existing
          ? db
              .update(cannedReplies)
              .set({ items: json })
              .where(eq(cannedReplies.id, existing.id))
              .returning()
              .get()
          : db
              .insert(cannedReplies)
              .values({ botId, agentId, code, items: json, createdAt: now })
              .returning()
              .get();
        const reply = toCanned(row);
        cannedAudit(actor, existing ? "canned_update" : "canned_create", reply, now);
        return { ok: true as const, reply, created: !existing };
      });
    },
    async deleteCanned({ botId, agentId, id, now }, actor) {
      return write(() => {
        const row = db
          .delete(cannedReplies)
          .where(and(eq(cannedReplies.id, id), eq(cannedReplies.botId, botId), owner(agentId)))
          .returning()
          .get();
        if (!row) return false;
        cannedAudit(actor, "canned_delete", toCanned(row), now);
        return true;
      });
    },

    async rate({ botId, userid, sessionId, score, comment, now }) {
      return write(() => {
        const mine = and(eq(sessions.botId, botId), eq(sessions.userid, userid));
        const s =
          sessionId === undefined
            ? db
                .select({ id: sessions.id, state: sessions.state })
                .from(sessions)
                .where(and(mine, eq(sessions.state, "ended")))
                .orderBy(desc(sessions.endedAt), desc(sessions.id))
                .get()
            : db
                .select({ id: sessions.id, state: sessions.state })
                .from(sessions)
                .where(and(mine, eq(sessions.id, sessionId)))
                .get();
        if (!s) return { ok: false as const, reason: "no_session" as const };
        if (s.state !== "ended") return { ok: false as const, reason: "not_ended" as const };
        const stored = db
          .insert(ratings)
          .values({ sessionId: s.id, botId, score, comment, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: ratings.sessionId })
          .all();
        if (stored.length === 0) return { ok: false as const, reason: "rated" as const };
        return { ok: true as const, sessionId: s.id };
      });
    },
  };
}
