// The statements of the day-to-day operations, prepared once: they run per message or per
// agent action (audit rows, notes, queue positions).
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import { sessions, users } from "../schema/desk";
import { auditLog } from "../schema/operations";
import type { HistoryStatements } from "./history";
import { sessionIsOpen } from "./sessions-statements";

const p = sql.placeholder;

export function prepareOpsStatements(db: Db, history: HistoryStatements) {
  return {
    insertMessage: history.insertMessage,
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

export type OpsStatements = ReturnType<typeof prepareOpsStatements>;
