// The OpsStore on PostgreSQL: the audit log, notes, canned replies and ratings (its
// reports are in reports.ts). An audit entry written inside a transaction commits with the
// change it records.
import { and, asc, desc, eq, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { ActorType, AuditInput, CannedReply } from "../../model/operations";
import type { OpsStore } from "../operations";
import { toCanned } from "../rows";
import type { Atomic, PgExec } from "./exec";
import { insertBatch } from "./history";
import { createPgReports } from "./reports";
import { sessions, users } from "./schema/desk";
import { auditLog, cannedReplies, ratings } from "./schema/operations";
import { sessionIsOpen } from "./sessions";

export function createPgOpsStore(db: PgExec, atomic: Atomic): OpsStore {
  const audit = async (exec: PgExec, e: AuditInput) => {
    await exec.insert(auditLog).values({
      botId: e.botId,
      actorType: e.actorType,
      actorId: e.actorId,
      action: e.action,
      target: e.target,
      details: JSON.stringify(e.details ?? {}),
      createdAt: e.now,
    });
  };
  const owner = (agentId: number | null) =>
    agentId === null ? isNull(cannedReplies.agentId) : eq(cannedReplies.agentId, agentId);
  const cannedAudit = (
    exec: PgExec,
    actor: { type: ActorType; id: number | null },
    action: string,
    r: CannedReply,
    now: number,
  ) =>
    audit(exec, {
      botId: r.botId,
      actorType: actor.type,
      actorId: actor.id,
      action,
      target: `canned:${r.id}`,
      details: { code: r.code, shared: r.agentId === null ? 1 : 0 },
      now,
    });

  return {
    ...createPgReports(db),
    audit(entry) {
      return audit(db, entry);
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
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        actorType: r.actorType,
        actorId: r.actorId,
        action: r.action,
        target: r.target,
        details: JSON.parse(r.details) as Record<string, unknown>,
        createdAt: r.createdAt,
      }));
    },

    addNote({ botId, userid, agentId, text, now }) {
      return atomic(async (tx) => {
        const [user] = await tx
          .select({ userid: users.userid })
          .from(users)
          .where(and(eq(users.botId, botId), eq(users.userid, userid)));
        if (!user) return null;
        const [session] = await tx
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(eq(sessions.botId, botId), eq(sessions.userid, userid), sessionIsOpen));
        await insertBatch(tx, [
          {
            botId,
            userid,
            sessionId: session?.id ?? null,
            agentId,
            from: "note",
            type: "text",
            value: JSON.stringify({ text }),
            createdAt: now,
          },
        ]);
        await audit(tx, {
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
      const rows = await db
        .select()
        .from(cannedReplies)
        .where(
          and(
            eq(cannedReplies.botId, botId),
            mine,
            // A prefix match without LIKE's wildcards in the code getting in the way.
            sql`left(${cannedReplies.code}, ${prefix.length}::int) = ${prefix}`,
          ),
        )
        .orderBy(sql`${cannedReplies.code} COLLATE "C"`, asc(cannedReplies.id));
      return rows.map(toCanned);
    },
    saveCanned({ botId, agentId, code, items, now, mayReplaceShared }, actor) {
      return atomic(async (tx) => {
        const [existing] = await tx
          .select()
          .from(cannedReplies)
          .where(and(eq(cannedReplies.botId, botId), owner(agentId), eq(cannedReplies.code, code)))
          .for("update");
        if (existing && agentId === null && !mayReplaceShared)
          return { ok: false as const, reason: "shared_exists" as const };
        const json = JSON.stringify(items);
        const [row] = existing
          ? await tx
              .update(cannedReplies)
              .set({ items: json })
              .where(eq(cannedReplies.id, existing.id))
              .returning()
          : await tx
              .insert(cannedReplies)
              .values({ botId, agentId, code, items: json, createdAt: now })
              .returning();
        if (!row) throw new Error("no canned reply saved");
        const reply = toCanned(row);
        await cannedAudit(tx, actor, existing ? "canned_update" : "canned_create", reply, now);
        return { ok: true as const, reply, created: !existing };
      });
    },
    deleteCanned({ botId, agentId, id, now }, actor) {
      return atomic(async (tx) => {
        const [row] = await tx
          .delete(cannedReplies)
          .where(and(eq(cannedReplies.id, id), eq(cannedReplies.botId, botId), owner(agentId)))
          .returning();
        if (!row) return false;
        await cannedAudit(tx, actor, "canned_delete", toCanned(row), now);
        return true;
      });
    },

    async rate({ botId, userid, sessionId, score, comment, now }) {
      const mine = and(eq(sessions.botId, botId), eq(sessions.userid, userid));
      const [s] =
        sessionId === undefined
          ? await db
              .select({ id: sessions.id, state: sessions.state })
              .from(sessions)
              .where(and(mine, eq(sessions.state, "ended")))
              .orderBy(desc(sessions.endedAt), desc(sessions.id))
              .limit(1)
          : await db
              .select({ id: sessions.id, state: sessions.state })
              .from(sessions)
              .where(and(mine, eq(sessions.id, sessionId)));
      if (!s) return { ok: false as const, reason: "no_session" as const };
      if (s.state !== "ended") return { ok: false as const, reason: "not_ended" as const };
      // The primary key decides between two ratings racing: one is stored.
      const stored = await db
        .insert(ratings)
        .values({ sessionId: s.id, botId, score, comment, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: ratings.sessionId });
      if (stored.length === 0) return { ok: false as const, reason: "rated" as const };
      return { ok: true as const, sessionId: s.id };
    },
  };
}
