// PrivacyStore on SQLite: a user's rows read and deleted across the desk's tables, the
// knowledge base's (kb_entries learned from them, kb_feedback on their questions, their
// questions' rows in the kb_fts index, kb_misses), their sessions' tags and close reasons,
// the files sent in their messages and their messages' rows in message_fts, in the
// caller's transaction.
import { and, asc, type Column, eq, gt, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { MessageItem } from "../../model/desk";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { Deleted, ErasedCounts, Expired, PrivacyStore } from "../privacy";
import { fileIdsOf, toFileRecord, toMessageRecord, toSessionRecord } from "../privacy-rows";
import { toBotEvent } from "../rows";
import {
  events,
  ingests,
  messages,
  queueNotices,
  sessionPriorities,
  sessions,
  users,
} from "../schema/desk";
import { files } from "../schema/files";
import { kbEntries, kbFeedback, kbMisses, kbQuestions } from "../schema/kb";
import { sessionReasons, sessionTags } from "../schema/labels";
import { auditLog, ratings } from "../schema/operations";

/** Deletes messages' rows from the search index (contentless_delete: by rowid, the id). */
function unindex(tx: Db, ids: readonly number[]) {
  for (const id of ids) tx.run(sql`DELETE FROM message_fts WHERE rowid = ${id}`);
}

export function createSqlitePrivacy(db: Db, write: Write): PrivacyStore {
  const ofUser = (t: { botId: Column; userid: Column }, botId: number, userid: string) =>
    and(eq(t.botId, botId), eq(t.userid, userid));
  const sessionIds = (conn: Db, botId: number, userid: string) =>
    conn
      .select({ id: sessions.id })
      .from(sessions)
      .where(ofUser(sessions, botId, userid))
      .all()
      .map((r) => r.id);
  const learnedIds = (conn: Db, botId: number, userid: string) =>
    conn
      .select({ id: kbEntries.id })
      .from(kbEntries)
      .where(and(ofUser(kbEntries, botId, userid), eq(kbEntries.source, "learned")))
      .all()
      .map((r) => r.id);
  const userFileIds = (conn: Db, botId: number, userid: string) =>
    fileIdsOf(
      conn
        .select({ value: messages.value })
        .from(messages)
        .where(ofUser(messages, botId, userid))
        .all(),
    );
  const ofFiles = (botId: number, ids: string[]) =>
    and(eq(files.botId, botId), inArray(files.id, ids));

  return {
    async knows(botId, userid) {
      const one = { one: sql`1` };
      return Boolean(
        db
          .select(one)
          .from(users)
          .where(ofUser(users, botId, userid))
          .get() ??
          db
            .select(one)
            .from(sessions)
            .where(ofUser(sessions, botId, userid))
            .limit(1)
            .get() ??
          db
            .select(one)
            .from(messages)
            .where(ofUser(messages, botId, userid))
            .limit(1)
            .get(),
      );
    },

    async userRecords(botId, userid) {
      const ids = sessionIds(db, botId, userid);
      const learned = learnedIds(db, botId, userid);
      const questions = db
        .select()
        .from(kbQuestions)
        .where(inArray(kbQuestions.entryId, learned))
        .orderBy(asc(kbQuestions.id))
        .all();
      const tags = db
        .select()
        .from(sessionTags)
        .where(and(eq(sessionTags.botId, botId), inArray(sessionTags.sessionId, ids)))
        .orderBy(asc(sessionTags.tag))
        .all();
      const reasons = db
        .select()
        .from(sessionReasons)
        .where(and(eq(sessionReasons.botId, botId), inArray(sessionReasons.sessionId, ids)))
        .all();
      return {
        sessions: db
          .select()
          .from(sessions)
          .where(ofUser(sessions, botId, userid))
          .orderBy(asc(sessions.id))
          .all()
          .map((row) => toSessionRecord(row, tags, reasons)),
        messages: db
          .select()
          .from(messages)
          .where(and(ofUser(messages, botId, userid), ne(messages.from, "note")))
          .orderBy(asc(messages.id))
          .all()
          .map(toMessageRecord),
        ratings: db
          .select()
          .from(ratings)
          .where(and(eq(ratings.botId, botId), inArray(ratings.sessionId, ids)))
          .orderBy(asc(ratings.sessionId))
          .all()
          .map((r) => ({
            sessionId: r.sessionId,
            score: r.score,
            comment: r.comment,
            createdAt: r.createdAt,
          })),
        events: db
          .select()
          .from(events)
          .where(ofUser(events, botId, userid))
          .orderBy(asc(events.seq))
          .all()
          .map(toBotEvent),
        msgids: db
          .select({ msgid: ingests.msgid })
          .from(ingests)
          .where(ofUser(ingests, botId, userid))
          .all()
          .map((r) => r.msgid),
        learned: db
          .select()
          .from(kbEntries)
          .where(inArray(kbEntries.id, learned))
          .orderBy(asc(kbEntries.id))
          .all()
          .map((e) => ({
            entryId: e.id,
            questions: questions.filter((q) => q.entryId === e.id).map((q) => q.text),
            answer: JSON.parse(e.answer) as MessageItem[],
            createdAt: e.createdAt,
          })),
        feedback: db
          .select()
          .from(kbFeedback)
          .where(ofUser(kbFeedback, botId, userid))
          .orderBy(asc(kbFeedback.id))
          .all()
          .map((f) => ({
            entryId: f.entryId,
            question: f.question,
            verdict: f.verdict,
            createdAt: f.createdAt,
          })),
        misses: db
          .select()
          .from(kbMisses)
          .where(ofUser(kbMisses, botId, userid))
          .orderBy(asc(kbMisses.id))
          .all()
          .map((m) => ({
            question: m.question,
            reply: JSON.parse(m.reply) as MessageItem[],
            createdAt: m.createdAt,
          })),
        files: db
          .select()
          .from(files)
          .where(ofFiles(botId, userFileIds(db, botId, userid)))
          .orderBy(asc(files.createdAt), asc(files.id))
          .all()
          .map(toFileRecord),
      };
    },

    erase(botId, userid, pseudonym) {
      return write((tx): Deleted<ErasedCounts> => {
        const ids = sessionIds(tx, botId, userid);
        const fileIds = tx
          .delete(files)
          .where(ofFiles(botId, userFileIds(tx, botId, userid)))
          .returning({ id: files.id })
          .all()
          .map((f) => f.id);
        const learned = learnedIds(tx, botId, userid);
        const one = { one: sql`1` };
        const questionIds = tx
          .delete(kbQuestions)
          .where(inArray(kbQuestions.entryId, learned))
          .returning({ id: kbQuestions.id })
          .all();
        for (const { id } of questionIds) tx.run(sql`DELETE FROM kb_fts WHERE rowid = ${id}`);
        // A deleted row's terms stay in the index's segments until they merge: merge now.
        if (questionIds.length > 0) tx.run(sql`INSERT INTO kb_fts (kb_fts) VALUES ('optimize')`);
        const feedback = tx
          .delete(kbFeedback)
          .where(or(ofUser(kbFeedback, botId, userid), inArray(kbFeedback.entryId, learned)))
          .returning(one)
          .all().length;
        tx.delete(sessionPriorities).where(inArray(sessionPriorities.sessionId, ids)).run();
        tx.delete(queueNotices).where(inArray(queueNotices.sessionId, ids)).run();
        const said = tx
          .delete(messages)
          .where(ofUser(messages, botId, userid))
          .returning({ id: messages.id, from: messages.from })
          .all();
        unindex(
          tx,
          said.map((m) => m.id),
        );
        // As with kb_fts: merged now, so no segment keeps the erased words.
        if (said.length > 0) tx.run(sql`INSERT INTO message_fts (message_fts) VALUES ('optimize')`);
        const notes = said.filter((m) => m.from === "note").length;
        const counts: ErasedCounts = {
          learned: tx.delete(kbEntries).where(inArray(kbEntries.id, learned)).returning(one).all()
            .length,
          feedback,
          ratings: tx
            .delete(ratings)
            .where(and(eq(ratings.botId, botId), inArray(ratings.sessionId, ids)))
            .returning(one)
            .all().length,
          notes,
          messages: said.length - notes,
          events: tx
            .delete(events)
            .where(ofUser(events, botId, userid))
            .returning(one)
            .all().length,
          msgids: tx
            .delete(ingests)
            .where(ofUser(ingests, botId, userid))
            .returning(one)
            .all().length,
          misses: tx
            .delete(kbMisses)
            .where(ofUser(kbMisses, botId, userid))
            .returning(one)
            .all().length,
          tags: tx
            .delete(sessionTags)
            .where(and(eq(sessionTags.botId, botId), inArray(sessionTags.sessionId, ids)))
            .returning(one)
            .all().length,
          reasons: tx
            .delete(sessionReasons)
            .where(and(eq(sessionReasons.botId, botId), inArray(sessionReasons.sessionId, ids)))
            .returning(one)
            .all().length,
          files: fileIds.length,
          sessions: tx
            .delete(sessions)
            .where(ofUser(sessions, botId, userid))
            .returning(one)
            .all().length,
          profiles: tx
            .delete(users)
            .where(ofUser(users, botId, userid))
            .returning(one)
            .all().length,
          audit: tx
            .update(auditLog)
            .set({ target: pseudonym })
            .where(and(eq(auditLog.botId, botId), eq(auditLog.target, `user:${userid}`)))
            .returning(one)
            .all().length,
        };
        return { counts, fileIds };
      });
    },

    async transcript(botId, range, after, limit) {
      return db
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
        .limit(limit)
        .all()
        .map(toMessageRecord);
    },

    expire(botId, before, limit) {
      return write((tx): Deleted<Expired> => {
        const old = tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.botId, botId), lt(messages.createdAt, before)))
          .orderBy(asc(messages.createdAt))
          .limit(limit);
        const gone = tx
          .delete(messages)
          .where(inArray(messages.id, old))
          .returning({ id: messages.id })
          .all();
        unindex(
          tx,
          gone.map((m) => m.id),
        );
        // The bot's events by seq are oldest first: the head of that index is all a step
        // reads, and once the old ones are gone the head is new and the step stops there.
        const head = tx
          .select({ seq: events.seq, createdAt: events.createdAt })
          .from(events)
          .where(eq(events.botId, botId))
          .orderBy(asc(events.seq))
          .limit(limit)
          .all()
          .filter((e) => e.createdAt < before)
          .map((e) => e.seq);
        const dropped = tx
          .delete(events)
          .where(inArray(events.seq, head))
          .returning({ seq: events.seq })
          .all();
        const stale = tx
          .select({ id: files.id })
          .from(files)
          .where(and(eq(files.botId, botId), lt(files.createdAt, before)))
          .orderBy(asc(files.createdAt))
          .limit(limit);
        const fileIds = tx
          .delete(files)
          .where(inArray(files.id, stale))
          .returning({ id: files.id })
          .all()
          .map((f) => f.id);
        return {
          counts: { messages: gone.length, events: dropped.length, files: fileIds.length },
          fileIds,
        };
      });
    },
  };
}
