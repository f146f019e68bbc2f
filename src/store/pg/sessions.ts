// SessionStore on PostgreSQL: the same guarded changes as SQLite's (`stillHeld`), each in
// one transaction; an automatic take counts the agent's load with its row locked, so two
// nodes cannot both fill its last place.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { IngestAnswer, MessageItem, Session, SessionView } from "../../model/desk";
import type { SessionStore } from "../sessions";
import type { Atomic, PgExec } from "./exec";
import { agents, assignments, ingests, sessions, users } from "./schema/desk";
import { groups } from "./schema/operations";

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

/** "The user's open session", written as the partial unique index states it. */
export const sessionIsOpen = sql`${sessions.state} <> 'ended'`;

/** An ingest's answer as the ingests table has always kept it: user_message's own fields. */
interface StoredAnswer {
  session_id: number | null;
  state: IngestAnswer["state"];
  customer_id: number | null;
}

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

/** A new assignment's wait runs from its session's last release, or from its queueing. */
function openAssignment(
  tx: PgExec,
  sessionId: number,
  botId: number,
  agentId: number,
  now: number,
) {
  return tx.insert(assignments).values({
    sessionId,
    botId,
    agentId,
    waitedFrom: sql`coalesce((SELECT max(released_at) FROM assignments WHERE session_id = ${sessionId}), (SELECT queued_at FROM sessions WHERE id = ${sessionId}))`,
    assignedAt: now,
  });
}

function releaseAssignment(tx: PgExec, sessionId: number, now: number) {
  return tx
    .update(assignments)
    .set({ releasedAt: now })
    .where(and(eq(assignments.sessionId, sessionId), isNull(assignments.releasedAt)));
}

const touchAgent = (tx: PgExec, agentId: number, now: number) =>
  tx.update(agents).set({ lastAssignedAt: now }).where(eq(agents.id, agentId));

export function createPgSessions(
  db: PgExec,
  atomic: Atomic,
  lastUserItems: (botId: number, userid: string) => Promise<MessageItem[]>,
): SessionStore {
  const one = async (where: ReturnType<typeof and>): Promise<Session | null> =>
    (await db.select(sessionColumns).from(sessions).where(where).limit(1))[0] ?? null;
  const views = (rows: Session[]): Promise<SessionView[]> =>
    Promise.all(
      rows.map(async (s) => {
        const [u] = await db
          .select({ nickname: users.nickname, headImg: users.headImg })
          .from(users)
          .where(and(eq(users.botId, s.botId), eq(users.userid, s.userid)));
        return {
          ...s,
          nickname: u?.nickname ?? "",
          headImg: u?.headImg ?? "",
          lastMessage: await lastUserItems(s.botId, s.userid),
        };
      }),
    );
  const waiting = (botId: number) =>
    db
      .select(sessionColumns)
      .from(sessions)
      .where(and(eq(sessions.botId, botId), eq(sessions.state, "waiting")))
      .orderBy(asc(sessions.queuedAt), asc(sessions.id));

  return {
    open(botId, userid) {
      return one(and(eq(sessions.botId, botId), eq(sessions.userid, userid), sessionIsOpen));
    },
    byId(id) {
      return one(eq(sessions.id, id));
    },
    async openWaiting(botId, userid, groupId, now) {
      const [s] = await db
        .insert(sessions)
        .values({
          botId,
          userid,
          state: "waiting",
          // A group deleted since the caller looked it up: the bot's whole queue.
          groupId: sql`(SELECT id FROM groups WHERE id = ${groupId})`,
          queuedAt: now,
          lastActivityAt: now,
          createdAt: now,
        })
        // A message of the same user on another connection opened it first (the unique
        // index waits for that commit): the session is the one it opened.
        .onConflictDoNothing({ target: [sessions.botId, sessions.userid], where: sessionIsOpen })
        .returning(sessionColumns);
      if (s) return s;
      const opened = await one(
        and(eq(sessions.botId, botId), eq(sessions.userid, userid), sessionIsOpen),
      );
      if (!opened) throw new Error(`no session opened for ${userid}`);
      return opened;
    },
    async touch(sessionId, now) {
      await db.update(sessions).set({ lastActivityAt: now }).where(eq(sessions.id, sessionId));
    },

    async seenIngest(botId, userid, msgid) {
      // A retry racing its first try on another connection waits here for that one's
      // commit, then reads its answer: the lock is held to the end of the transaction (a
      // hash collision only makes two messages wait for each other).
      await db.execute(
        sql`SELECT pg_advisory_xact_lock(${botId}::int, hashtext(${userid} || ' ' || ${msgid}))`,
      );
      const [seen] = await db
        .select({ answer: ingests.answer })
        .from(ingests)
        .where(and(eq(ingests.botId, botId), eq(ingests.userid, userid), eq(ingests.msgid, msgid)));
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
      await db
        .insert(ingests)
        .values({ botId, userid, msgid, answer: JSON.stringify(stored), createdAt: now });
    },

    async loads(agentIds) {
      if (agentIds.length === 0) return [];
      return db
        .select({
          agentId: agents.id,
          maxSessions: agents.maxSessions,
          lastAssignedAt: agents.lastAssignedAt,
          active: sql<number>`(SELECT count(*) FROM sessions AS s WHERE s.agent_id = agents.id AND s.state = 'active')::int`,
        })
        .from(agents)
        .where(inArray(agents.id, [...agentIds]));
    },
    take(sessionId, agentId, how, now) {
      return atomic(async (tx) => {
        if (how === "auto") {
          // The agent's row locked until commit: takes for it from any node count in turn.
          const [agent] = await tx
            .select({ max: agents.maxSessions })
            .from(agents)
            .where(eq(agents.id, agentId))
            .for("update");
          if (!agent) return false;
          const [load] = await tx
            .select({ n: count() })
            .from(sessions)
            .where(and(eq(sessions.agentId, agentId), eq(sessions.state, "active")));
          if ((load?.n ?? 0) >= agent.max) return false;
        }
        const [taken] = await tx
          .update(sessions)
          .set({ state: "active", agentId, assignedAt: now, assignedAuto: how === "auto" })
          .where(and(eq(sessions.id, sessionId), eq(sessions.state, "waiting")))
          .returning({ botId: sessions.botId });
        if (!taken) return false;
        await openAssignment(tx, sessionId, taken.botId, agentId, now);
        await touchAgent(tx, agentId, now);
        return true;
      });
    },
    end(held, reason, now, quietSince) {
      if (held.state === "ended") return Promise.resolve(null);
      return atomic(async (tx) => {
        const [s] = await tx
          .update(sessions)
          .set({ state: "ended", endedAt: now, endedReason: reason })
          .where(
            and(
              stillHeld(held),
              quietSince === undefined
                ? undefined
                : sql`${sessions.lastActivityAt} <= ${quietSince}`,
            ),
          )
          .returning(sessionColumns);
        if (!s) return null;
        await releaseAssignment(tx, s.id, now);
        return s;
      });
    },
    requeue(held, { declinedBy, groupId, unansweredOnly }, now) {
      if (held.state !== "active") return Promise.resolve(false);
      return atomic(async (tx) => {
        const moved = await tx
          .update(sessions)
          .set({
            state: "waiting",
            agentId: null,
            assignedAt: null,
            assignedAuto: false,
            firstReplyAt: null,
            declinedBy,
            groupId:
              groupId === undefined
                ? sql`${sessions.groupId}`
                : sql`(SELECT id FROM groups WHERE id = ${groupId})`,
          })
          .where(and(stillHeld(held), unansweredOnly ? isNull(sessions.firstReplyAt) : undefined))
          .returning({ id: sessions.id });
        if (moved.length !== 1) return false;
        await releaseAssignment(tx, held.id, now);
        return true;
      });
    },
    handOver(sessionId, fromAgent, toAgent, now) {
      return atomic(async (tx) => {
        // The agent's row first, as a take locks it: the same order, so no deadlock.
        await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, toAgent)).for("update");
        const [s] = await tx
          .update(sessions)
          .set({ agentId: toAgent, assignedAt: now, assignedAuto: false })
          .where(
            and(
              eq(sessions.id, sessionId),
              eq(sessions.state, "active"),
              eq(sessions.agentId, fromAgent),
            ),
          )
          .returning(sessionColumns);
        if (!s) return null;
        await releaseAssignment(tx, sessionId, now);
        await openAssignment(tx, sessionId, s.botId, toAgent, now);
        await touchAgent(tx, toAgent, now);
        return s;
      });
    },
    replied(sessionId, agentId, now) {
      return atomic(async (tx) => {
        const done = await tx
          .update(sessions)
          .set({
            lastActivityAt: now,
            firstReplyAt: sql`coalesce(${sessions.firstReplyAt}, ${now})`,
          })
          .where(
            and(
              eq(sessions.id, sessionId),
              eq(sessions.state, "active"),
              eq(sessions.agentId, agentId),
            ),
          )
          .returning({ id: sessions.id });
        if (done.length !== 1) return false;
        await tx
          .update(assignments)
          .set({ firstReplyAt: sql`coalesce(${assignments.firstReplyAt}, ${now})` })
          .where(
            and(
              eq(assignments.sessionId, sessionId),
              eq(assignments.agentId, agentId),
              isNull(assignments.releasedAt),
            ),
          );
        return true;
      });
    },

    async queue(botId) {
      return waiting(botId);
    },
    async waitingSessions(botId) {
      return views(await waiting(botId));
    },
    async activeSessions(agentId) {
      const rows = await db
        .select(sessionColumns)
        .from(sessions)
        .where(and(eq(sessions.agentId, agentId), eq(sessions.state, "active")))
        .orderBy(desc(sessions.assignedAt), desc(sessions.id));
      return views(rows);
    },
    async activeUserids(agentId) {
      const rows = await db
        .select({ userid: sessions.userid })
        .from(sessions)
        .where(and(eq(sessions.agentId, agentId), eq(sessions.state, "active")))
        .orderBy(asc(sessions.assignedAt));
      return rows.map((r) => r.userid);
    },
    async countWaiting() {
      const [r] = await db
        .select({ n: count() })
        .from(sessions)
        .where(eq(sessions.state, "waiting"));
      return r?.n ?? 0;
    },
    async countActive() {
      const [r] = await db
        .select({ n: count() })
        .from(sessions)
        .where(eq(sessions.state, "active"));
      return r?.n ?? 0;
    },
    async agentsWithActiveSessions() {
      const rows = await db
        .selectDistinct({ agentId: sessions.agentId })
        .from(sessions)
        .where(and(eq(sessions.state, "active"), isNotNull(sessions.agentId)));
      return rows.flatMap((r) => (r.agentId === null ? [] : [r.agentId]));
    },
    async unansweredSince(before) {
      return db
        .select(sessionColumns)
        .from(sessions)
        .where(
          sql`${sessions.state} = 'active' AND ${sessions.assignedAuto} AND ${sessions.firstReplyAt} IS NULL AND ${sessions.assignedAt} <= ${before}`,
        );
    },
    async idleSince(before) {
      return db
        .select(sessionColumns)
        .from(sessions)
        .where(
          sql`${sessions.state} IN ('waiting', 'active') AND ${sessions.lastActivityAt} <= ${before}`,
        );
    },
    async expiredGroupWaits(after, now) {
      return db
        .select(sessionColumns)
        .from(sessions)
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .where(
          and(
            eq(sessions.state, "waiting"),
            sql`${sessions.queuedAt} + 1000 * ${groups.fallbackAfterS} BETWEEN ${after + 1} AND ${now}`,
          ),
        )
        .orderBy(asc(sessions.queuedAt));
    },
  };
}
