// The queue's and the sessions' statements, prepared once: building a drizzle query and
// compiling its SQL on every call cost more than running it (profiled: ~50% of a
// user_message). Prepared on the one connection, they also run inside its transactions.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import { agents, assignments, ingests, sessions } from "../schema/desk";

const p = sql.placeholder;

export const sessionColumns = {
  id: sessions.id,
  botId: sessions.botId,
  userid: sessions.userid,
  state: sessions.state,
  agentId: sessions.agentId,
  queuedAt: sessions.queuedAt,
  assignedAt: sessions.assignedAt,
  declinedBy: sessions.declinedBy,
  groupId: sessions.groupId,
};

/**
 * "The user's open session", written as the partial unique index states it. A prepared
 * statement with the state as a bound parameter cannot be proven to fit that index, and
 * was measured 4-5x slower with 1,000 open sessions.
 */
export const sessionIsOpen = sql`${sessions.state} <> 'ended'`;

export function prepareSessionStatements(db: Db) {
  return {
    // Candidates for a waiting user: their capacity, load and last assignment. The ids come
    // as one JSON array, so the statement is the same whatever the candidates.
    loads: db
      .select({
        agentId: agents.id,
        maxSessions: agents.maxSessions,
        lastAssignedAt: agents.lastAssignedAt,
        // Spelled out: drizzle leaves columns in a select list unqualified, and a bare "id"
        // here would be the subquery's own.
        active: sql<number>`(SELECT count(*) FROM sessions AS s WHERE s.agent_id = agents.id AND s.state = 'active')`,
      })
      .from(agents)
      .where(sql`${agents.id} IN (SELECT value FROM json_each(${p("ids")}))`)
      .prepare(),
    // The deadline rules' sweeps, twice a second.
    unanswered: db
      .select(sessionColumns)
      .from(sessions)
      .where(
        sql`${sessions.state} = 'active' AND ${sessions.assignedAuto} = 1 AND ${sessions.firstReplyAt} IS NULL AND ${sessions.assignedAt} <= ${p("before")}`,
      )
      .prepare(),
    idle: db
      .select(sessionColumns)
      .from(sessions)
      .where(
        sql`${sessions.state} IN ('waiting', 'active') AND ${sessions.lastActivityAt} <= ${p("before")}`,
      )
      .prepare(),
    sessionById: db
      .select(sessionColumns)
      .from(sessions)
      .where(eq(sessions.id, p("id")))
      .prepare(),
    openSession: db
      .select(sessionColumns)
      .from(sessions)
      .where(and(eq(sessions.botId, p("botId")), eq(sessions.userid, p("userid")), sessionIsOpen))
      .prepare(),
    openWaiting: db
      .insert(sessions)
      .values({
        botId: p("botId"),
        userid: p("userid"),
        state: "waiting",
        // A group deleted since the caller looked it up: the bot's whole queue, as
        // deleteGroup does for those already waiting.
        groupId: sql`(SELECT id FROM groups WHERE id = ${p("groupId")})`,
        queuedAt: p("now"),
        lastActivityAt: p("now"),
        createdAt: p("now"),
      })
      .returning(sessionColumns)
      .prepare(),
    // Only a waiting session; an automatic take also only while the agent has room.
    takeSession: db
      .update(sessions)
      .set({
        state: "active",
        agentId: sql`${p("agentId")}`,
        assignedAt: sql`${p("now")}`,
        assignedAuto: sql`${p("auto")}`,
      })
      .where(
        sql`${sessions.id} = ${p("id")} AND ${sessions.state} = 'waiting' AND (NOT ${p("auto")}
          OR (SELECT count(*) FROM sessions AS s WHERE s.agent_id = ${p("agentId")} AND s.state = 'active')
            < (SELECT max_sessions FROM agents WHERE id = ${p("agentId")}))`,
      )
      .returning({ botId: sessions.botId })
      .prepare(),
    // A new assignment's wait runs from its session's last release (given back, handed
    // over), or from when the user first queued.
    openAssignment: db
      .insert(assignments)
      .values({
        sessionId: p("sessionId"),
        botId: p("botId"),
        agentId: p("agentId"),
        waitedFrom: sql`coalesce((SELECT max(released_at) FROM assignments WHERE session_id = ${p("sessionId")}), (SELECT queued_at FROM sessions WHERE id = ${p("sessionId")}))`,
        assignedAt: p("now"),
      })
      .prepare(),
    // A session still as its reader saw it (`IS`: the same when both are null), and, for
    // the idle close, quiet since then.
    endSession: db
      .update(sessions)
      .set({ state: "ended", endedAt: sql`${p("now")}`, endedReason: sql`${p("reason")}` })
      .where(
        sql`${sessions.id} = ${p("id")} AND ${sessions.state} = ${p("state")}
          AND ${sessions.agentId} IS ${p("agentId")} AND ${sessions.assignedAt} IS ${p("assignedAt")}
          AND (${p("quietSince")} IS NULL OR ${sessions.lastActivityAt} <= ${p("quietSince")})`,
      )
      .returning(sessionColumns)
      .prepare(),
    releaseAssignment: db
      .update(assignments)
      .set({ releasedAt: sql`${p("now")}` })
      .where(and(eq(assignments.sessionId, p("sessionId")), isNull(assignments.releasedAt)))
      .prepare(),
    assignmentReplied: db
      .update(assignments)
      .set({ firstReplyAt: sql`coalesce(${assignments.firstReplyAt}, ${p("now")})` })
      .where(
        and(
          eq(assignments.sessionId, p("sessionId")),
          eq(assignments.agentId, p("agentId")),
          isNull(assignments.releasedAt),
        ),
      )
      .prepare(),
    // For the routing tie-break "the one who waited longest since its last assignment".
    touchAgent: db
      .update(agents)
      .set({ lastAssignedAt: sql`${p("now")}` })
      .where(eq(agents.id, p("agentId")))
      .prepare(),
    // A message either way keeps a session from the idle rule.
    touchSession: db
      .update(sessions)
      .set({ lastActivityAt: sql`${p("now")}` })
      .where(eq(sessions.id, p("id")))
      .prepare(),
    // Only while the session is still this agent's: a reply racing a hand-over is refused.
    agentReplied: db
      .update(sessions)
      .set({
        lastActivityAt: sql`${p("now")}`,
        firstReplyAt: sql`coalesce(${sessions.firstReplyAt}, ${p("now")})`,
      })
      .where(
        and(
          eq(sessions.id, p("id")),
          eq(sessions.state, "active"),
          eq(sessions.agentId, p("agentId")),
        ),
      )
      .returning({ id: sessions.id })
      .prepare(),
    seenIngest: db
      .select({ answer: ingests.answer })
      .from(ingests)
      .where(
        and(
          eq(ingests.botId, p("botId")),
          eq(ingests.userid, p("userid")),
          eq(ingests.msgid, p("msgid")),
        ),
      )
      .prepare(),
    recordIngest: db
      .insert(ingests)
      .values({
        botId: p("botId"),
        userid: p("userid"),
        msgid: p("msgid"),
        answer: p("answer"),
        createdAt: p("now"),
      })
      .prepare(),
  };
}

export type SessionStatements = ReturnType<typeof prepareSessionStatements>;
