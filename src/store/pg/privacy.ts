// PrivacyStore on PostgreSQL: a user's rows read and deleted across the desk's tables, the
// knowledge base's (kb_entries learned from them, whose kb_questions and their kb_terms go
// by cascade, kb_feedback on their questions, kb_misses), their sessions' tags and close
// reasons, the files sent in their messages and their messages' message_terms, in the
// caller's transaction.
import { and, asc, type Column, eq, gt, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { MessageItem } from "../../model/desk";
import type { Deleted, ErasedCounts, Expired, PrivacyStore } from "../privacy";
import { fileIdsOf, toFileRecord, toMessageRecord, toSessionRecord } from "../privacy-rows";
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
import { files } from "./schema/files";
import { kbEntries, kbFeedback, kbMisses, kbQuestions } from "./schema/kb";
import { sessionReasons, sessionTags } from "./schema/labels";
import { auditLog, ratings } from "./schema/operations";
import { messageTerms } from "./schema/search";

/** Deletes messages' rows from the search index. */
async function unindex(tx: PgExec, ids: readonly number[]) {
  if (ids.length > 0)
    await tx.delete(messageTerms).where(inArray(messageTerms.messageId, [...ids]));
}

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
  const learnedIds = async (conn: PgExec, botId: number, userid: string) =>
    (
      await conn
        .select({ id: kbEntries.id })
        .from(kbEntries)
        .where(and(ofUser(kbEntries, botId, userid), eq(kbEntries.source, "learned")))
    ).map((r) => r.id);
  const userFileIds = async (conn: PgExec, botId: number, userid: string) =>
    fileIdsOf(
      await conn
        .select({ value: messages.value })
        .from(messages)
        .where(ofUser(messages, botId, userid)),
    );
  const ofFiles = (botId: number, ids: string[]) =>
    and(eq(files.botId, botId), inArray(files.id, ids));

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
      const learned = await learnedIds(db, botId, userid);
      const fileIds = await userFileIds(db, botId, userid);
      const [
        sessionRows,
        messageRows,
        ratingRows,
        eventRows,
        ingestRows,
        tags,
        reasons,
        entries,
        questions,
        feedback,
        misses,
        fileRows,
      ] = await Promise.all([
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
        db
          .select()
          .from(sessionTags)
          .where(and(eq(sessionTags.botId, botId), inArray(sessionTags.sessionId, ids)))
          .orderBy(asc(sessionTags.tag)),
        db
          .select()
          .from(sessionReasons)
          .where(and(eq(sessionReasons.botId, botId), inArray(sessionReasons.sessionId, ids))),
        db
          .select()
          .from(kbEntries)
          .where(inArray(kbEntries.id, learned))
          .orderBy(asc(kbEntries.id)),
        db
          .select()
          .from(kbQuestions)
          .where(inArray(kbQuestions.entryId, learned))
          .orderBy(asc(kbQuestions.id)),
        db
          .select()
          .from(kbFeedback)
          .where(ofUser(kbFeedback, botId, userid))
          .orderBy(asc(kbFeedback.id)),
        db
          .select()
          .from(kbMisses)
          .where(ofUser(kbMisses, botId, userid))
          .orderBy(asc(kbMisses.id)),
        db
          .select()
          .from(files)
          .where(ofFiles(botId, fileIds))
          .orderBy(asc(files.createdAt), asc(files.id)),
      ]);
      return {
        sessions: sessionRows.map((row) => toSessionRecord(row, tags, reasons)),
        messages: messageRows.map(toMessageRecord),
        ratings: ratingRows.map((r) => ({
          sessionId: r.sessionId,
          score: r.score,
          comment: r.comment,
          createdAt: r.createdAt,
        })),
        events: eventRows.map(toBotEvent),
        msgids: ingestRows.map((r) => r.msgid),
        learned: entries.map((e) => ({
          entryId: e.id,
          questions: questions.filter((q) => q.entryId === e.id).map((q) => q.text),
          answer: JSON.parse(e.answer) as MessageItem[],
          createdAt: e.createdAt,
        })),
        feedback: feedback.map((f) => ({
          entryId: f.entryId,
          question: f.question,
          verdict: f.verdict,
          createdAt: f.createdAt,
        })),
        misses: misses.map((m) => ({
          question: m.question,
          reply: JSON.parse(m.reply) as MessageItem[],
          createdAt: m.createdAt,
        })),
        files: fileRows.map(toFileRecord),
      };
    },

    erase(botId, userid, pseudonym) {
      return atomic(async (tx): Promise<Deleted<ErasedCounts>> => {
        const ids = await sessionIds(tx, botId, userid);
        const learned = await learnedIds(tx, botId, userid);
        const one = { one: sql`1` };
        const fileIds = (
          await tx
            .delete(files)
            .where(ofFiles(botId, await userFileIds(tx, botId, userid)))
            .returning({ id: files.id })
        ).map((f) => f.id);
        const feedback = await tx
          .delete(kbFeedback)
          .where(or(ofUser(kbFeedback, botId, userid), inArray(kbFeedback.entryId, learned)))
          .returning(one);
        // Their kb_questions, and those questions' kb_terms, go by cascade.
        const entries = await tx
          .delete(kbEntries)
          .where(inArray(kbEntries.id, learned))
          .returning(one);
        const misses = await tx
          .delete(kbMisses)
          .where(ofUser(kbMisses, botId, userid))
          .returning(one);
        const tags = await tx
          .delete(sessionTags)
          .where(and(eq(sessionTags.botId, botId), inArray(sessionTags.sessionId, ids)))
          .returning(one);
        const reasons = await tx
          .delete(sessionReasons)
          .where(and(eq(sessionReasons.botId, botId), inArray(sessionReasons.sessionId, ids)))
          .returning(one);
        const rated = await tx
          .delete(ratings)
          .where(and(eq(ratings.botId, botId), inArray(ratings.sessionId, ids)))
          .returning(one);
        await tx.delete(sessionPriorities).where(inArray(sessionPriorities.sessionId, ids));
        await tx.delete(queueNotices).where(inArray(queueNotices.sessionId, ids));
        const said = await tx
          .delete(messages)
          .where(ofUser(messages, botId, userid))
          .returning({ id: messages.id, from: messages.from });
        await unindex(
          tx,
          said.map((m) => m.id),
        );
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
        const counts: ErasedCounts = {
          profiles: profile.length,
          sessions: held.length,
          messages: said.length - notes,
          notes,
          ratings: rated.length,
          events: sent.length,
          msgids: keys.length,
          learned: entries.length,
          feedback: feedback.length,
          misses: misses.length,
          tags: tags.length,
          reasons: reasons.length,
          files: fileIds.length,
          audit: audited.length,
        };
        return { counts, fileIds };
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
      return atomic(async (tx): Promise<Deleted<Expired>> => {
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
        await unindex(
          tx,
          gone.map((m) => m.id),
        );
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
        const stale = tx
          .select({ id: files.id })
          .from(files)
          .where(and(eq(files.botId, botId), lt(files.createdAt, before)))
          .orderBy(asc(files.createdAt))
          .limit(limit);
        const fileIds = (
          await tx.delete(files).where(inArray(files.id, stale)).returning({ id: files.id })
        ).map((f) => f.id);
        return {
          counts: { messages: gone.length, events: dropped.length, files: fileIds.length },
          fileIds,
        };
      });
    },
  };
}
