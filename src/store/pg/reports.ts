// The reading half of the OpsStore on PostgreSQL: reports, queue positions and the timing
// feed, built per call.
import { and, asc, desc, eq, gt, gte, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import { type EventMarks, newEventRanges } from "../event-marks";
import type { OpsStore } from "../operations";
import type { PgExec } from "./exec";
import { assignments, eventSeq, events, messages, sessions, users } from "./schema/desk";
import { agentGroups, groups, ratings } from "./schema/operations";
import { sessionIsOpen } from "./sessions";

// The session and agent an event names: session_connected and agent_message carry them.
const eventSession = sql`(${events.body}::json ->> 'session_id')::int`;
const eventAgent = sql`(${events.body}::json ->> 'customer_id')::int`;

type Reports = Pick<
  OpsStore,
  | "reportRows"
  | "groupMembers"
  | "queuePlace"
  | "recentWaits"
  | "hasUser"
  | "timingsAfter"
  | "lastEventSeqs"
>;

export function createPgReports(db: PgExec): Reports {
  // A bot's counter row is its last committed seq: every event up to it has committed.
  const lastSeqs = async (): Promise<EventMarks> => {
    const rows = await db.select({ botId: eventSeq.botId, last: eventSeq.last }).from(eventSeq);
    return new Map(rows.map((r) => [r.botId, r.last]));
  };
  return {
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
          firstReplyAt: sql<
            number | null
          >`coalesce(${assignments.firstReplyAt}, ${firstMessage})`.mapWith(Number),
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
        );
    },
    async groupMembers(botId) {
      const rows = await db
        .select({ groupId: groups.id, name: groups.name, agentId: agentGroups.agentId })
        .from(groups)
        .leftJoin(agentGroups, eq(agentGroups.groupId, groups.id))
        .where(eq(groups.botId, botId))
        .orderBy(asc(groups.id));
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
      const [s] = await db
        .select({
          id: sessions.id,
          state: sessions.state,
          agentId: sessions.agentId,
          queuedAt: sessions.queuedAt,
        })
        .from(sessions)
        .where(and(eq(sessions.botId, botId), eq(sessions.userid, userid), sessionIsOpen));
      if (!s) return null;
      const state = s.state as "waiting" | "active";
      let position: number | null = null;
      if (state === "waiting") {
        // Waiting sessions at or ahead of this place: the queue's order is (queued_at, id).
        const [ahead] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(sessions)
          .where(
            and(
              eq(sessions.botId, botId),
              eq(sessions.state, "waiting"),
              sql`(${sessions.queuedAt} < ${s.queuedAt} OR (${sessions.queuedAt} = ${s.queuedAt} AND ${sessions.id} <= ${s.id}))`,
            ),
          );
        position = ahead?.n ?? null;
      }
      return { sessionId: s.id, state, agentId: s.agentId, position };
    },
    async recentWaits(botId, limit) {
      const waits = (state: "active" | "ended") =>
        db
          .select({
            queuedAt: sessions.queuedAt,
            wait: sql<number>`${sessions.assignedAt} - ${sessions.queuedAt}`.mapWith(Number),
          })
          .from(sessions)
          .where(
            and(
              eq(sessions.botId, botId),
              eq(sessions.state, state),
              isNotNull(sessions.assignedAt),
            ),
          )
          .orderBy(desc(sessions.queuedAt))
          .limit(limit);
      const rows = [...(await waits("active")), ...(await waits("ended"))];
      return rows
        .sort((x, y) => y.queuedAt - x.queuedAt)
        .slice(0, limit)
        .map((r) => r.wait);
    },
    async hasUser(botId, userid) {
      const rows = await db
        .select({ userid: users.userid })
        .from(users)
        .where(and(eq(users.botId, botId), eq(users.userid, userid)));
      return rows.length > 0;
    },

    async timingsAfter(after) {
      const seqs = await lastSeqs();
      const ranges = newEventRanges(after, seqs);
      if (ranges.length === 0) return { waits: [], firstResponses: [], seqs };
      const range = or(
        ...ranges.map((r) =>
          and(eq(events.botId, r.botId), gt(events.seq, r.after), lte(events.seq, r.last)),
        ),
      );
      // Each assignment wrote an event as it was made (connected, or handed over): its wait.
      const assigned = await db
        .select({
          wait: sql<number>`max(${assignments.assignedAt} - ${assignments.waitedFrom})`.mapWith(
            Number,
          ),
        })
        .from(events)
        .innerJoin(
          assignments,
          and(
            sql`${assignments.sessionId} = ${eventSession}`,
            sql`${assignments.agentId} = ${eventAgent}`,
            eq(assignments.assignedAt, events.createdAt),
          ),
        )
        .where(and(range, sql`${events.type} IN ('session_connected', 'session_transferred')`))
        .groupBy(assignments.id);
      // The agent message that was an assignment's first reply: its first response.
      const replies = await db
        .select({
          response:
            sql<number>`max(${assignments.firstReplyAt} - ${assignments.assignedAt})`.mapWith(
              Number,
            ),
        })
        .from(events)
        .innerJoin(
          assignments,
          and(
            sql`${assignments.sessionId} = ${eventSession}`,
            sql`${assignments.agentId} = ${eventAgent}`,
            eq(assignments.firstReplyAt, events.createdAt),
          ),
        )
        .where(and(range, eq(events.type, "agent_message")))
        .groupBy(assignments.id);
      return {
        waits: assigned.map((r) => r.wait / 1000),
        firstResponses: replies.map((r) => r.response / 1000),
        seqs,
      };
    },
    lastEventSeqs: lastSeqs,
  };
}
