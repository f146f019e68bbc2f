// SearchStore on PostgreSQL: each message's terms, scoped by bot, as a text[] under a GIN
// index; a search asks for the rows whose terms contain all of the query's (@>). Ids are
// taken before commit, so a message may commit after a higher one was indexed: the indexer's
// next batch looks back over the last RECHECK ids for any still without terms.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  lte,
  notExists,
  type SQL,
  sql,
} from "drizzle-orm";
import type { MessageItem } from "../../model/desk";
import type { MessageHit } from "../../model/search";
import { type SearchStore, scopedTerm } from "../search";
import { newestOfSessions } from "../search-sessions";
import type { PgExec } from "./exec";
import { messages, sessions } from "./schema/desk";
import { sessionTags } from "./schema/labels";
import { messageTerms } from "./schema/search";

const RECHECK = 1000;

export function createPgSearch(db: PgExec): SearchStore {
  return {
    async unindexed(afterId, limit) {
      const rows = await db
        .select({
          id: messages.id,
          botId: messages.botId,
          type: messages.type,
          value: messages.value,
        })
        .from(messages)
        .where(
          and(
            gt(messages.id, afterId - RECHECK),
            notExists(
              db
                .select({ one: sql`1` })
                .from(messageTerms)
                .where(eq(messageTerms.messageId, messages.id)),
            ),
          ),
        )
        .orderBy(asc(messages.id))
        .limit(limit);
      return rows.map((m) => ({
        id: m.id,
        botId: m.botId,
        item: { type: m.type, value: JSON.parse(m.value) } as MessageItem,
      }));
    },
    async index(entries) {
      // A message without terms gets its (empty) row too: it is indexed, not to be looked at again.
      const rows = entries.map((e) => ({
        messageId: e.messageId,
        terms: e.terms.map((t) => scopedTerm(e.botId, t)),
      }));
      if (rows.length === 0) return;
      // Only messages still there: one erased or expired since the batch was read stays out.
      const alive = new Set(
        (
          await db
            .select({ id: messages.id })
            .from(messages)
            .where(
              inArray(
                messages.id,
                rows.map((r) => r.messageId),
              ),
            )
        ).map((m) => m.id),
      );
      const kept = rows.filter((r) => alive.has(r.messageId));
      if (kept.length > 0) await db.insert(messageTerms).values(kept).onConflictDoNothing();
    },
    async search(q) {
      const where: SQL[] = [eq(messages.botId, q.botId)];
      // A filter-only search by tag or agent: each matching session's newest message. Time
      // alone walks messages_bot_time newest first (hence its order).
      if (q.perSession === true) where.push(newestOfSessions(sql`${messages.id}`, q));
      const byTime = q.terms.length === 0 && q.userid === undefined && q.perSession !== true;
      if (q.terms.length > 0) {
        const wanted = q.terms.map((t) => scopedTerm(q.botId, t));
        const matching = db
          .select({ id: messageTerms.messageId })
          .from(messageTerms)
          .where(sql`${messageTerms.terms} @> ${sql.param(wanted)}::text[]`);
        where.push(inArray(messages.id, matching));
      }
      if (q.userid !== undefined) where.push(eq(messages.userid, q.userid));
      if (q.fromMs !== undefined) where.push(gte(messages.createdAt, q.fromMs));
      if (q.toMs !== undefined) where.push(lte(messages.createdAt, q.toMs));
      if (q.agentId !== undefined && q.perSession !== true) {
        const served = db
          .select({ id: sessions.id })
          .from(sessions)
          .where(eq(sessions.agentId, q.agentId));
        where.push(inArray(messages.sessionId, served));
      }
      if (q.tag !== undefined && q.perSession !== true) {
        const tagged = db
          .select({ id: sessionTags.sessionId })
          .from(sessionTags)
          .where(and(eq(sessionTags.botId, q.botId), eq(sessionTags.tag, q.tag)));
        where.push(inArray(messages.sessionId, tagged));
      }
      const rows = await db
        .select()
        .from(messages)
        .where(and(...where))
        .orderBy(...(byTime ? [desc(messages.createdAt), desc(messages.id)] : [desc(messages.id)]))
        .limit(q.limit);
      return Promise.all(
        rows.map(async (m): Promise<MessageHit> => {
          const [newer] = await db
            .select({ n: count() })
            .from(messages)
            .where(
              and(
                eq(messages.botId, q.botId),
                eq(messages.userid, m.userid),
                gt(messages.id, m.id),
              ),
            );
          return {
            messageId: m.id,
            userid: m.userid,
            sessionId: m.sessionId,
            from: m.from,
            agentId: m.agentId,
            item: { type: m.type, value: JSON.parse(m.value) } as MessageItem,
            createdAt: m.createdAt,
            newer: newer?.n ?? 0,
          };
        }),
      );
    },
    async sessionsOf(botId, userid, limit) {
      return db
        .select({
          id: sessions.id,
          state: sessions.state,
          agentId: sessions.agentId,
          createdAt: sessions.createdAt,
          endedAt: sessions.endedAt,
          endedReason: sessions.endedReason,
        })
        .from(sessions)
        .where(and(eq(sessions.botId, botId), eq(sessions.userid, userid)))
        .orderBy(desc(sessions.id))
        .limit(limit);
    },
  };
}
