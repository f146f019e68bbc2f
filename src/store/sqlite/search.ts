// SearchStore on SQLite: the terms in the FTS5 table message_fts (migrations, message_search),
// contentless, rowid = the message's id; every term scoped by its bot. One connection
// writes, so ids commit in order and the indexer's progress (the last id) skips nothing;
// ids are AUTOINCREMENT, never reused, so deleting messages (privacy.ts) cannot put a new
// message behind that progress.
import { and, asc, desc, eq, gt, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { MessageItem } from "../../model/desk";
import type { MessageHit } from "../../model/search";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import { messages, sessions } from "../schema/desk";
import { sessionTags } from "../schema/labels";
import { type SearchStore, scopedTerm } from "../search";
import { newestOfSessions } from "../search-sessions";

const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;

export function createSqliteSearch(db: Db, write: Write): SearchStore {
  const insert = db.$client.prepare(
    // Only a message still there: one erased or expired since the batch was read stays out.
    "INSERT INTO message_fts (rowid, terms) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM message_fts WHERE rowid = ?1) AND EXISTS (SELECT 1 FROM messages WHERE id = ?1)",
  );
  const count = db.$client.prepare<{ n: number }, [number, string, number]>(
    "SELECT count(*) AS n FROM messages WHERE bot_id = ?1 AND userid = ?2 AND id > ?3",
  );
  // Prepared once: the indexer asks for the next batch many times a tick under load.
  const after = db
    .select({ id: messages.id, botId: messages.botId, type: messages.type, value: messages.value })
    .from(messages)
    .where(gt(messages.id, sql.placeholder("afterId")))
    .orderBy(asc(messages.id))
    .limit(sql.placeholder("limit"))
    .prepare();
  return {
    async unindexed(afterId, limit) {
      return after.all({ afterId, limit }).map((m) => ({
        id: m.id,
        botId: m.botId,
        item: { type: m.type, value: JSON.parse(m.value) } as MessageItem,
      }));
    },
    async index(entries) {
      if (entries.length === 0) return;
      await write(() => {
        for (const e of entries) {
          if (e.terms.length === 0) continue;
          insert.run(e.messageId, e.terms.map((t) => scopedTerm(e.botId, t)).join(" "));
        }
      });
    },
    async search(q) {
      // With terms the FTS5 hits lead (rowid lookups); the unary + keeps SQLite from walking
      // the bot's or user's index instead and testing each of its rows against them.
      // A filter-only search by tag or agent leads with the sessions' newest messages, the
      // same way. Time alone walks messages_bot_time newest first (hence its order).
      const indexed = q.terms.length > 0 || q.perSession === true;
      const column = (c: typeof messages.botId | typeof messages.userid) =>
        indexed ? sql`+${c}` : sql`${c}`;
      const where: SQL[] = [sql`${column(messages.botId)} = ${q.botId}`];
      if (q.perSession === true) where.push(newestOfSessions(sql`${messages.id}`, q));
      const byTime = !indexed && q.userid === undefined;
      if (q.terms.length > 0) {
        const match = q.terms.map((t) => quote(scopedTerm(q.botId, t))).join(" AND ");
        where.push(
          sql`${messages.id} IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ${match})`,
        );
      }
      if (q.userid !== undefined) where.push(sql`${column(messages.userid)} = ${q.userid}`);
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
      const rows = db
        .select()
        .from(messages)
        .where(and(...where))
        .orderBy(...(byTime ? [desc(messages.createdAt), desc(messages.id)] : [desc(messages.id)]))
        .limit(q.limit)
        .all();
      return rows.map(
        (m): MessageHit => ({
          messageId: m.id,
          userid: m.userid,
          sessionId: m.sessionId,
          from: m.from,
          agentId: m.agentId,
          item: { type: m.type, value: JSON.parse(m.value) } as MessageItem,
          createdAt: m.createdAt,
          newer: count.get(q.botId, m.userid, m.id)?.n ?? 0,
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
        .limit(limit)
        .all();
    },
  };
}
