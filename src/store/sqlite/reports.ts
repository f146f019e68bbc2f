// The reading half of the OpsStore on SQLite: reports, queue positions and the timing
// feed, built per call.
import { and, asc, eq, gt, gte, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { type EventMarks, newEventRanges } from "../event-marks";
import type { OpsStore } from "../operations";
import { assignments, bots, events, messages } from "../schema/desk";
import { agentGroups, groups, ratings } from "../schema/operations";
import type { OpsStatements } from "./operations-statements";

// The session an event names: session_connected and agent_message carry its id.
const eventSession = sql`json_extract(${events.body}, '$.session_id')`;

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

export function createSqliteReports(db: Db, q: OpsStatements): Reports {
  // Each bot's largest seq, off events_bot_seq one bot at a time.
  const lastSeqs = (): EventMarks => {
    const rows = db
      .select({
        botId: bots.id,
        last: sql<number | null>`(SELECT max(e.seq) FROM events e WHERE e.bot_id = bots.id)`,
      })
      .from(bots)
      .all();
    return new Map(rows.flatMap((r) => (r.last === null ? [] : [[r.botId, r.last] as const])));
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

    async timingsAfter(after) {
      const seqs = lastSeqs();
      const ranges = newEventRanges(after, seqs);
      if (ranges.length === 0) return { waits: [], firstResponses: [], seqs };
      const range = or(
        ...ranges.map((r) =>
          and(eq(events.botId, r.botId), gt(events.seq, r.after), lte(events.seq, r.last)),
        ),
      );
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
      return {
        waits: assigned.map((r) => r.wait / 1000),
        firstResponses: replies.map((r) => r.response / 1000),
        seqs,
      };
    },
    async lastEventSeqs() {
      return lastSeqs();
    },
  };
}
