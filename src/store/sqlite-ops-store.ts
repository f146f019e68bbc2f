// The OpsStore on SQLite. Statements that run per message or per agent action are
// prepared once; reports and listings are built per call.
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { MessageItem } from "../wire/items";
import type { Db } from "./db";
import { groupCommit } from "./group-commit";
import type { ActorType, AuditInput, CannedReply, OpsStore } from "./ops-store";
import { assignments, events, messages, sessions, users } from "./schema/desk";
import { agentGroups, auditLog, cannedReplies, groups, ratings } from "./schema/operations";
import { prepareStatements, sessionIsOpen, writeAudit } from "./sqlite-statements";

const p = sql.placeholder;

function toCanned(row: typeof cannedReplies.$inferSelect): CannedReply {
  return {
    id: row.id,
    botId: row.botId,
    agentId: row.agentId,
    code: row.code,
    items: JSON.parse(row.items) as MessageItem[],
    createdAt: row.createdAt,
  };
}

// The session an event names: session_connected and agent_message carry its id.
const eventSession = sql`json_extract(${events.body}, '$.session_id')`;

function prepare(db: Db) {
  const shared = prepareStatements(db);
  return {
    shared,
    insertMessage: shared.insertMessage,
    user: db
      .select({ userid: users.userid })
      .from(users)
      .where(and(eq(users.botId, p("botId")), eq(users.userid, p("userid"))))
      .prepare(),
    openSession: db
      .select({
        id: sessions.id,
        state: sessions.state,
        agentId: sessions.agentId,
        queuedAt: sessions.queuedAt,
      })
      .from(sessions)
      .where(and(eq(sessions.botId, p("botId")), eq(sessions.userid, p("userid")), sessionIsOpen))
      .prepare(),
    // Waiting sessions at or ahead of this place: the queue's order is (queued_at, id).
    queueAhead: db
      .select({ n: sql<number>`count(*)` })
      .from(sessions)
      .where(
        and(
          eq(sessions.botId, p("botId")),
          eq(sessions.state, "waiting"),
          sql`(${sessions.queuedAt} < ${p("queuedAt")} OR (${sessions.queuedAt} = ${p("queuedAt")} AND ${sessions.id} <= ${p("id")}))`,
        ),
      )
      .prepare(),
    // The newest queue entries in one state, through the (bot_id, state, queued_at) index:
    // a range scan, where ordering by assignment would read every session of the bot.
    recentWaits: db
      .select({
        queuedAt: sessions.queuedAt,
        wait: sql<number>`${sessions.assignedAt} - ${sessions.queuedAt}`,
      })
      .from(sessions)
      .where(
        and(
          eq(sessions.botId, p("botId")),
          eq(sessions.state, p("state")),
          isNotNull(sessions.assignedAt),
        ),
      )
      .orderBy(desc(sessions.queuedAt))
      .limit(p("limit"))
      .prepare(),
  };
}

export function createSqliteOpsStore(db: Db): OpsStore {
  const q = prepare(db);
  // Shared with the desk's store: an action and its audit row commit in the same flush.
  const write = groupCommit(db);
  const audit = (e: AuditInput) => writeAudit(q.shared, e);
  const lastSeq = () =>
    db
      .select({ seq: sql<number | null>`max(${events.seq})` })
      .from(events)
      .get()?.seq ?? 0;
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

    async reportRows(botId, from, to) {
      // The agent's first message within this assignment, where the desk has not recorded
      // first_reply_at itself (sessions assigned before assignments were kept).
      const firstMessage = sql<number | null>`(SELECT min(m.created_at) FROM ${messages} m
        WHERE m.session_id = ${assignments.sessionId} AND m."from" = 'agent'
          AND m.agent_id = ${assignments.agentId} AND m.created_at >= ${assignments.assignedAt}
          AND (${assignments.releasedAt} IS NULL OR m.created_at <= ${assignments.releasedAt}))`;
      // A rating is of the session's last assignment: the agent the user left.
      const last = sql`${assignments.id} = (SELECT max(l.id) FROM ${assignments} l
        WHERE l.session_id = ${assignments.sessionId})`;
      return db
        .select({
          sessionId: assignments.sessionId,
          agentId: assignments.agentId,
          waitedFrom: assignments.waitedFrom,
          assignedAt: assignments.assignedAt,
          firstReplyAt: sql<number | null>`coalesce(${assignments.firstReplyAt}, ${firstMessage})`,
          releasedAt: assignments.releasedAt,
          score: ratings.score,
        })
        .from(assignments)
        .leftJoin(ratings, and(eq(ratings.sessionId, assignments.sessionId), last))
        .where(
          and(
            eq(assignments.botId, botId),
            gte(assignments.assignedAt, from),
            lt(assignments.assignedAt, to),
          ),
        )
        .all();
    },
    async groupMembers(botId) {
      const rows = db
        .select({ groupId: groups.id, name: groups.name, agentId: agentGroups.agentId })
        .from(groups)
        .leftJoin(agentGroups, eq(agentGroups.groupId, groups.id))
        .where(eq(groups.botId, botId))
        .orderBy(asc(groups.id))
        .all();
      const byGroup = new Map<number, { groupId: number; name: string; agentIds: number[] }>();
      for (const r of rows) {
        let g = byGroup.get(r.groupId);
        if (!g) {
          g = { groupId: r.groupId, name: r.name, agentIds: [] };
          byGroup.set(r.groupId, g);
        }
        if (r.agentId !== null) g.agentIds.push(r.agentId);
      }
      return [...byGroup.values()];
    },

    async queuePlace(botId, userid) {
      const s = q.openSession.get({ botId, userid });
      if (!s) return null;
      const state = s.state as "waiting" | "active";
      const position =
        state === "waiting"
          ? (q.queueAhead.get({ botId, queuedAt: s.queuedAt, id: s.id })?.n ?? null)
          : null;
      return { sessionId: s.id, state, agentId: s.agentId, position };
    },
    async recentWaits(botId, limit) {
      return ["active", "ended"]
        .flatMap((state) => q.recentWaits.all({ botId, state, limit }))
        .sort((x, y) => y.queuedAt - x.queuedAt)
        .slice(0, limit)
        .map((r) => r.wait);
    },
    async hasUser(botId, userid) {
      return q.user.get({ botId, userid }) !== undefined;
    },

    async timingsAfter(afterSeq) {
      const seq = lastSeq();
      const range = sql`${events.seq} > ${afterSeq} AND ${events.seq} <= ${seq}`;
      // Each assignment wrote an event as it was made (connected, or handed over): its wait.
      const assigned = db
        .select({ wait: sql<number>`${assignments.assignedAt} - ${assignments.waitedFrom}` })
        .from(events)
        .innerJoin(
          assignments,
          and(
            sql`${assignments.sessionId} = ${eventSession}`,
            sql`${assignments.agentId} = json_extract(${events.body}, '$.customer_id')`,
            eq(assignments.assignedAt, events.createdAt),
          ),
        )
        .where(and(range, sql`${events.type} IN ('session_connected', 'session_transferred')`))
        .groupBy(assignments.id)
        .all();
      // The agent message that was an assignment's first reply: its first response.
      const replies = db
        .select({
          response: sql<number>`${assignments.firstReplyAt} - ${assignments.assignedAt}`,
        })
        .from(events)
        .innerJoin(
          assignments,
          and(
            sql`${assignments.sessionId} = ${eventSession}`,
            sql`${assignments.agentId} = json_extract(${events.body}, '$.customer_id')`,
            eq(assignments.firstReplyAt, events.createdAt),
          ),
        )
        .where(and(range, eq(events.type, "agent_message")))
        .groupBy(assignments.id)
        .all();
      const last = db
        .select({ seq: sql<number | null>`max(${events.seq})` })
        .from(events)
        .get();
      return {
        waits: assigned.map((r) => r.wait / 1000),
        firstResponses: replies.map((r) => r.response / 1000),
        seq: last?.seq ?? afterSeq,
      };
    },
    async lastEventSeq() {
      return (
        db
          .select({ seq: sql<number | null>`max(${events.seq})` })
          .from(events)
          .get()?.seq ?? 0
      );
    },
  };
}
