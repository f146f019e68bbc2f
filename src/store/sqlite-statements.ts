// The statements on the per-message paths, prepared once: building a drizzle query and
// compiling its SQL on every call cost more than running it (profiled: ~50% of a
// user_message). Prepared on the one connection, they also run inside its transactions.
import { and, asc, count, desc, eq, gt, isNull, max, sql } from "drizzle-orm";
import type { Db } from "./db";
import type { AuditInput } from "./ops-store";
import {
  agents,
  agentTokens,
  assignments,
  bots,
  events,
  ingests,
  messages,
  sessions,
  users,
} from "./schema/desk";
import { auditLog } from "./schema/operations";

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

/** A pending event with no older pending event of the same user: next in that user's line. */
const headOfLine = sql`${events.delivery} = 'pending' AND NOT EXISTS (
  SELECT 1 FROM events AS older
  WHERE older.delivery = 'pending' AND older.bot_id = ${events.botId}
    AND older.userid = ${events.userid} AND older.seq < ${events.seq})`;

export function prepareStatements(db: Db) {
  return {
    botByKeyHash: db
      .select()
      .from(bots)
      .where(eq(bots.apiKeyHash, p("hash")))
      .prepare(),
    botById: db
      .select()
      .from(bots)
      .where(eq(bots.id, p("id")))
      .prepare(),
    agentById: db
      .select()
      .from(agents)
      .where(eq(agents.id, p("id")))
      .prepare(),
    agentByTokenHash: db
      .select({ agent: agents, hash: agentTokens.tokenHash })
      .from(agentTokens)
      .innerJoin(agents, eq(agents.id, agentTokens.agentId))
      .where(eq(agentTokens.tokenHash, p("hash")))
      .prepare(),
    setStatus: db
      .update(agents)
      .set({ status: sql`${p("status")}` })
      .where(eq(agents.id, p("agentId")))
      .prepare(),
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
    takeSession: db
      .update(sessions)
      .set({
        state: "active",
        agentId: sql`${p("agentId")}`,
        assignedAt: sql`${p("now")}`,
        assignedAuto: sql`${p("auto")}`,
      })
      .where(and(eq(sessions.id, p("id")), eq(sessions.state, "waiting")))
      .returning({ id: sessions.id })
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
    insertAudit: db
      .insert(auditLog)
      .values({
        botId: p("botId"),
        actorType: p("actorType"),
        actorId: p("actorId"),
        action: p("action"),
        target: p("target"),
        details: p("details"),
        createdAt: p("now"),
      })
      .prepare(),
    touchAgent: db
      .update(agents)
      .set({ lastAssignedAt: sql`${p("now")}` })
      .where(eq(agents.id, p("agentId")))
      .prepare(),
    // A message either way keeps a session from the idle rule; an agent's first one is its
    // first reply (and ends its run of missed first-reply deadlines).
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
    // Answering breaks an agent's run of missed first-reply deadlines.
    clearMisses: db
      .update(agents)
      .set({ missedReplies: 0 })
      .where(and(eq(agents.id, p("agentId")), gt(agents.missedReplies, 0)))
      .prepare(),
    user: db
      .select()
      .from(users)
      .where(and(eq(users.botId, p("botId")), eq(users.userid, p("userid"))))
      .prepare(),
    ensureUser: db
      .insert(users)
      .values({ botId: p("botId"), userid: p("userid"), createdAt: p("now") })
      .onConflictDoNothing()
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
    insertMessage: db
      .insert(messages)
      .values({
        botId: p("botId"),
        userid: p("userid"),
        sessionId: p("sessionId"),
        agentId: p("agentId"),
        // A message's items share the id of its first item; a first item is given the id
        // AUTOINCREMENT is about to assign (sqlite_sequence holds the last one issued).
        batch: sql`coalesce(${p("batch")}, (SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0) + (${p("batch")} IS NULL)`,
        from: p("from"),
        type: p("type"),
        value: p("value"),
        createdAt: p("now"),
      })
      .returning({ id: messages.id, batch: messages.batch })
      .prepare(),
    // A user's history, newest first: get_chat_record's pages and the assistant's context.
    messagePage: db
      .select()
      .from(messages)
      .where(and(eq(messages.botId, p("botId")), eq(messages.userid, p("userid"))))
      .orderBy(desc(messages.id))
      .limit(p("limit"))
      .offset(p("offset"))
      .prepare(),
    messageCount: db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.botId, p("botId")), eq(messages.userid, p("userid"))))
      .prepare(),
    lastUserBatch: db
      .select({ batch: max(messages.batch) })
      .from(messages)
      .where(
        and(
          eq(messages.botId, p("botId")),
          eq(messages.userid, p("userid")),
          eq(messages.from, "user"),
        ),
      )
      .prepare(),
    batchItems: db
      .select({ type: messages.type, value: messages.value })
      .from(messages)
      .where(
        and(
          eq(messages.botId, p("botId")),
          eq(messages.userid, p("userid")),
          eq(messages.batch, p("batch")),
        ),
      )
      .orderBy(asc(messages.id))
      .prepare(),
    dueDeliveries: db
      .select()
      .from(events)
      // Unary + keeps SQLite from reading this term off events_pending and sorting: it walks
      // events_delivery_seq in order and stops at `limit`.
      .where(and(headOfLine, sql`+${events.nextAttemptAt} <= ${p("now")}`))
      .orderBy(asc(events.seq))
      .limit(p("limit"))
      .prepare(),
    // The soonest due head of a line: events_pending in next_attempt_at order, first match.
    nextDeliveryAt: db
      .select({ at: events.nextAttemptAt })
      .from(events)
      .where(headOfLine)
      .orderBy(asc(events.nextAttemptAt))
      .limit(1)
      .prepare(),
    markDelivered: db
      .update(events)
      .set({ delivery: "delivered", attempts: sql`${events.attempts} + 1`, lastError: null })
      .where(eq(events.seq, p("seq")))
      .prepare(),
    appendEvent: db
      .insert(events)
      .values({
        id: p("id"),
        botId: p("botId"),
        userid: p("userid"),
        type: p("type"),
        body: p("body"),
        createdAt: p("now"),
        // Only bots with a live webhook get deliveries; every bot can pull the feed.
        delivery: sql`(SELECT CASE WHEN webhook_url IS NOT NULL AND webhook_enabled THEN 'pending' ELSE 'none' END FROM bots WHERE id = ${p("botId")})`,
        nextAttemptAt: p("now"),
      })
      .prepare(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Writes an audit entry; called inside the transaction of the change it records. */
export function writeAudit(q: Statements, e: AuditInput): void {
  q.insertAudit.run({
    botId: e.botId,
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    target: e.target,
    details: JSON.stringify(e.details ?? {}),
    now: e.now,
  });
}
