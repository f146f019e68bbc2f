// SessionStore on SQLite. Each change is one conditional statement on what the caller
// read (`stillHeld`), so a change decided on a session that has moved on writes nothing.
import { and, asc, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { IngestAnswer, MessageItem, Session, SessionView } from "../../model/desk";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import { sessions, users } from "../schema/desk";
import { groups } from "../schema/operations";
import type { SessionStore } from "../sessions";
import { type SessionStatements, sessionColumns } from "./sessions-statements";

/** An ingest's answer as the ingests table has always kept it: user_message's own fields. */
interface StoredAnswer {
  session_id: number | null;
  state: IngestAnswer["state"];
  customer_id: number | null;
}

/** The session is still as `held` saw it: same state, same agent, same assignment. */
function stillHeld(held: Session) {
  return and(
    eq(sessions.id, held.id),
    eq(sessions.state, held.state),
    held.agentId === null ? isNull(sessions.agentId) : eq(sessions.agentId, held.agentId),
    held.assignedAt === null
      ? isNull(sessions.assignedAt)
      : eq(sessions.assignedAt, held.assignedAt),
  );
}

export function createSqliteSessions(
  db: Db,
  q: SessionStatements,
  write: Write,
  lastUserItems: (botId: number, userid: string) => MessageItem[],
): SessionStore {
  const sessionById = (id: number): Session | null => q.sessionById.get({ id }) ?? null;
  const views = (rows: Session[]): SessionView[] =>
    rows.map((s) => {
      const u = db
        .select({ nickname: users.nickname, headImg: users.headImg })
        .from(users)
        .where(and(eq(users.botId, s.botId), eq(users.userid, s.userid)))
        .get();
      return {
        ...s,
        nickname: u?.nickname ?? "",
        headImg: u?.headImg ?? "",
        lastMessage: lastUserItems(s.botId, s.userid),
      };
    });
  // The queue is read on every login, auto-connect and queue-position tick: prepared once.
  const waiting = db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.botId, sql.placeholder("botId")), eq(sessions.state, "waiting")))
    .orderBy(asc(sessions.queuedAt), asc(sessions.id))
    .prepare();

  // The group fallback's sweep, twice a second.
  const fallenDue = db
    .select(sessionColumns)
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(
      and(
        eq(sessions.state, "waiting"),
        sql`${sessions.queuedAt} + 1000 * ${groups.fallbackAfterS} BETWEEN ${sql.placeholder("after")} AND ${sql.placeholder("now")}`,
      ),
    )
    .orderBy(asc(sessions.queuedAt))
    .prepare();
  // An agent's own sessions, on every login and list.
  const active = db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.agentId, sql.placeholder("agentId")), eq(sessions.state, "active")))
    .orderBy(desc(sessions.assignedAt), desc(sessions.id))
    .prepare();
  return {
    async open(botId, userid) {
      return q.openSession.get({ botId, userid }) ?? null;
    },
    async byId(id) {
      return sessionById(id);
    },
    async openWaiting(botId, userid, groupId, now) {
      return write(() => {
        const s = q.openWaiting.get({ botId, userid, now, groupId });
        if (!s) throw new Error(`no session opened for ${userid}`);
        return s;
      });
    },
    async touch(sessionId, now) {
      await write(() => q.touchSession.run({ id: sessionId, now }));
    },

    async seenIngest(botId, userid, msgid) {
      const seen = q.seenIngest.get({ botId, userid, msgid });
      if (!seen) return null;
      const stored = JSON.parse(seen.answer) as StoredAnswer;
      return { sessionId: stored.session_id, state: stored.state, agentId: stored.customer_id };
    },
    async recordIngest(botId, userid, msgid, answer, now) {
      const stored: StoredAnswer = {
        session_id: answer.sessionId,
        state: answer.state,
        customer_id: answer.agentId,
      };
      await write(() =>
        q.recordIngest.run({ botId, userid, msgid, answer: JSON.stringify(stored), now }),
      );
    },

    async loads(agentIds) {
      if (agentIds.length === 0) return [];
      return q.loads.all({ ids: JSON.stringify(agentIds) });
    },
    async take(sessionId, agentId, how, now) {
      return write(() => {
        const auto = how === "auto";
        const [taken] = q.takeSession.all({ id: sessionId, agentId, now, auto });
        if (!taken) return false;
        q.openAssignment.run({ sessionId, botId: taken.botId, agentId, now });
        q.touchAgent.run({ agentId, now });
        return true;
      });
    },
    async end(held, reason, now, quietSince) {
      return write(() => {
        if (held.state === "ended") return null;
        const [s] = q.endSession.all({
          id: held.id,
          state: held.state,
          agentId: held.agentId,
          assignedAt: held.assignedAt,
          quietSince: quietSince ?? null,
          now,
          reason,
        });
        if (!s) return null;
        q.releaseAssignment.run({ sessionId: s.id, now });
        return s;
      });
    },
    async requeue(held, { declinedBy, groupId, unansweredOnly }, now) {
      return write((tx) => {
        if (held.state !== "active") return false;
        const moved = tx
          .update(sessions)
          .set({
            state: "waiting",
            agentId: null,
            assignedAt: null,
            assignedAuto: false,
            firstReplyAt: null,
            declinedBy,
            // A group deleted meanwhile: the whole queue, as deleteGroup leaves its users.
            groupId:
              groupId === undefined
                ? sql`${sessions.groupId}`
                : sql`(SELECT id FROM groups WHERE id = ${groupId})`,
          })
          .where(and(stillHeld(held), unansweredOnly ? isNull(sessions.firstReplyAt) : undefined))
          .returning({ id: sessions.id })
          .all();
        if (moved.length !== 1) return false;
        q.releaseAssignment.run({ sessionId: held.id, now });
        return true;
      });
    },
    async handOver(sessionId, fromAgent, toAgent, now) {
      return write((tx) => {
        const [s] = tx
          .update(sessions)
          .set({ agentId: toAgent, assignedAt: now, assignedAuto: false })
          .where(
            and(
              eq(sessions.id, sessionId),
              eq(sessions.state, "active"),
              eq(sessions.agentId, fromAgent),
            ),
          )
          .returning(sessionColumns)
          .all();
        if (!s) return null;
        q.releaseAssignment.run({ sessionId, now });
        q.openAssignment.run({ sessionId, botId: s.botId, agentId: toAgent, now });
        q.touchAgent.run({ agentId: toAgent, now });
        return s;
      });
    },
    async replied(sessionId, agentId, now) {
      return write(() => {
        if (q.agentReplied.all({ id: sessionId, agentId, now }).length !== 1) return false;
        q.assignmentReplied.run({ sessionId, agentId, now });
        return true;
      });
    },

    async queue(botId) {
      return waiting.all({ botId });
    },
    async waitingSessions(botId) {
      return views(waiting.all({ botId }));
    },
    async activeSessions(agentId) {
      return views(active.all({ agentId }));
    },
    async activeUserids(agentId) {
      return db
        .select({ userid: sessions.userid })
        .from(sessions)
        .where(and(eq(sessions.agentId, agentId), eq(sessions.state, "active")))
        .orderBy(asc(sessions.assignedAt))
        .all()
        .map((r) => r.userid);
    },
    async countWaiting() {
      return (
        db.select({ n: count() }).from(sessions).where(eq(sessions.state, "waiting")).get()?.n ?? 0
      );
    },
    async countActive() {
      return (
        db.select({ n: count() }).from(sessions).where(eq(sessions.state, "active")).get()?.n ?? 0
      );
    },
    async agentsWithActiveSessions() {
      return db
        .selectDistinct({ agentId: sessions.agentId })
        .from(sessions)
        .where(and(eq(sessions.state, "active"), isNotNull(sessions.agentId)))
        .all()
        .flatMap((r) => (r.agentId === null ? [] : [r.agentId]));
    },
    async unansweredSince(before) {
      return q.unanswered.all({ before });
    },
    async idleSince(before) {
      return q.idle.all({ before });
    },
    async expiredGroupWaits(after, now) {
      return fallenDue.all({ after: after + 1, now });
    },
  };
}
