// PrivacyStore on PostgreSQL: a user's rows read and deleted across the desk's tables, in
// the caller's transaction. The knowledge base is not kept on PostgreSQL yet, so there is
// nothing learned from a user to read or erase here.
import { and, asc, type Column, eq, gt, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { ErasedCounts, PrivacyStore } from "../privacy";
import { toMessageRecord, toSessionRecord } from "../privacy-rows";
import { toBotEvent } from "../rows";
import type { Atomic, PgExec } from "./exec";
import {
  events,
  ingests,
  messages,
  queueNotices,
  sessionPriorities,
  sessions,
  users,
} from "./schema/desk";
import { auditLog, ratings } from "./schema/operations";

export function createPgPrivacy(db: PgExec, atomic: Atomic): PrivacyStore {
  const ofUser = (t: { botId: Column; userid: Column }, botId: number, userid: string) =>
    and(eq(t.botId, botId), eq(t.userid, userid));
  const sessionIds = async (conn: PgExec, botId: number, userid: string) =>
    (
      await conn
        .select({ id: sessions.id })
        .from(sessions)
        .where(ofUser(sessions, botId, userid))
    ).map((r) => r.id);

  return {
    async knows(botId, userid) {
      const [row] = await db.execute<{ known: boolean }>(
        sql`SELECT EXISTS (SELECT 1 FROM users WHERE bot_id = ${botId} AND userid = ${userid})
             OR EXISTS (SELECT 1 FROM sessions WHERE bot_id = ${botId} AND userid = ${userid})
             OR EXISTS (SELECT 1 FROM messages WHERE bot_id = ${botId} AND userid = ${userid})
             AS known`,
      );
      return Boolean(row?.known);
    },

    async userRecords(botId, userid) {
      const ids = await sessionIds(db, botId, userid);
      const [sessionRows, messageRows, ratingRows, eventRows, ingestRows] = await Promise.all([
        db
          .select()
          .from(sessions)
          .where(ofUser(sessions, botId, userid))
          .orderBy(asc(sessions.id)),
        db
          .select()
          .from(messages)
          .where(and(ofUser(messages, botId, userid), ne(messages.from, "note")))
          .orderBy(asc(messages.id)),
        db
          .select()
          .from(ratings)
          .where(and(eq(ratings.botId, botId), inArray(ratings.sessionId, ids)))
          .orderBy(asc(ratings.sessionId)),
        db
          .select()
          .from(events)
          .where(ofUser(events, botId, userid))
          .orderBy(asc(events.seq)),
        db
          .select({ msgid: ingests.msgid })
          .from(ingests)
          .where(ofUser(ingests, botId, userid)),
      ]);
      return {
        sessions: sessionRows.map(toSessionRecord),
        messages: messageRows.map(toMessageRecord),
        ratings: ratingRows.map((r) => ({
          sessionId: r.sessionId,
          score: r.score,
          comment: r.comment,
          createdAt: r.createdAt,
        })),
        events: eventRows.map(toBotEvent),
        msgids: ingestRows.map((r) => r.msgid),
        learned: [],
        feedback: [],
      };
    },

    erase(botId, userid, pseudonym) {
      return atomic(async (tx): Promise<ErasedCounts> => {
        const ids = await sessionIds(tx, botId, userid);
        const one = { one: sql`1` };
        const rated = await tx
          .delete(ratings)
          .where(and(eq(ratings.botId, botId), inArray(ratings.sessionId, ids)))
          .returning(one);
        await tx.delete(sessionPriorities).where(inArray(sessionPriorities.sessionId, ids));
        await tx.delete(queueNotices).where(inArray(queueNotices.sessionId, ids));
        const said = await tx
          .delete(messages)
          .where(ofUser(messages, botId, userid))
          .returning({ from: messages.from });
        const notes = said.filter((m) => m.from === "note").length;
        const sent = await tx
          .delete(events)
          .where(ofUser(events, botId, userid))
          .returning(one);
        const keys = await tx
          .delete(ingests)
          .where(ofUser(ingests, botId, userid))
          .returning(one);
        const held = await tx
          .delete(sessions)
          .where(ofUser(sessions, botId, userid))
          .returning(one);
        const profile = await tx
          .delete(users)
          .where(ofUser(users, botId, userid))
          .returning(one);
        const audited = await tx
          .update(auditLog)
          .set({ target: pseudonym })
          .where(and(eq(auditLog.botId, botId), eq(auditLog.target, `user:${userid}`)))
          .returning(one);
        return {
          profiles: profile.length,
          sessions: held.length,
          messages: said.length - notes,
          notes,
          ratings: rated.length,
          events: sent.length,
          msgids: keys.length,
          learned: 0,
          feedback: 0,
          audit: audited.length,
        };
      });
    },

    async transcript(botId, range, after, limit) {
      const rows = await db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.botId, botId),
            after === null
              ? gte(messages.createdAt, range.from)
              : or(
                  gt(messages.createdAt, after.createdAt),
                  and(eq(messages.createdAt, after.createdAt), gt(messages.id, after.id)),
                ),
            lt(messages.createdAt, range.to),
            ne(messages.from, "note"),
          ),
        )
        .orderBy(asc(messages.createdAt), asc(messages.id))
        .limit(limit);
      return rows.map(toMessageRecord);
    },

    expire(botId, before, limit) {
      return atomic(async (tx) => {
        const old = tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.botId, botId), lt(messages.createdAt, before)))
          .orderBy(asc(messages.createdAt))
          .limit(limit);
        const gone = await tx
          .delete(messages)
          .where(inArray(messages.id, old))
          .returning({ id: messages.id });
        // The bot's events by seq are oldest first: the head of that index is all a step
        // reads, and once the old ones are gone the head is new and the step stops there.
        const head = (
          await tx
            .select({ seq: events.seq, createdAt: events.createdAt })
            .from(events)
            .where(eq(events.botId, botId))
            .orderBy(asc(events.seq))
            .limit(limit)
        )
          .filter((e) => e.createdAt < before)
          .map((e) => e.seq);
        const dropped = await tx
          .delete(events)
          .where(and(eq(events.botId, botId), inArray(events.seq, head)))
          .returning({ seq: events.seq });
        return { messages: gone.length, events: dropped.length };
      });
    },
  };
}
