// HistoryStore on SQLite: messages, one row per item; the items of one call share a batch.
import { and, asc, count, desc, eq, max, sql } from "drizzle-orm";
import type { ChatEntry, MessageFrom, MessageItem } from "../../model/desk";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { HistoryStore } from "../history";
import { messages } from "../schema/desk";

const p = sql.placeholder;

export function prepareHistoryStatements(db: Db) {
  return {
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
    // A user's history, newest first: get_chat_record's pages and the assistant's context,
    // read as raw rows in this column order (EntryRow).
    messagePage: db
      .select({
        createdAt: messages.createdAt,
        from: messages.from,
        agentId: messages.agentId,
        type: messages.type,
        value: messages.value,
      })
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
  };
}

export type HistoryStatements = ReturnType<typeof prepareHistoryStatements>;

/** A row of messagePage, in its select's order. */
type EntryRow = [
  createdAt: number,
  from: MessageFrom,
  agentId: number | null,
  type: MessageItem["type"],
  value: string,
];

/** The items of the user's last message, read at once (lists show it with each session). */
export function lastUserItems(q: HistoryStatements, botId: number, userid: string): MessageItem[] {
  const batch = q.lastUserBatch.get({ botId, userid })?.batch;
  if (!batch) return [];
  return q.batchItems
    .all({ botId, userid, batch })
    .map((m) => ({ type: m.type, value: JSON.parse(m.value) }));
}

export function createSqliteHistory(q: HistoryStatements, write: Write): HistoryStore {
  // Raw rows: drizzle's mapping of each row was half of what a page cost (23 against 47 µs
  // for 20 messages), and the assistant reads one after every reply.
  const page = (botId: number, userid: string, limit: number, offset: number): ChatEntry[] =>
    (q.messagePage.values({ botId, userid, limit, offset }) as EntryRow[]).map(
      ([createdAt, from, agentId, type, value]) => ({
        createdAt,
        from,
        agentId,
        item: { type, value: JSON.parse(value) },
      }),
    );
  return {
    async append(origin, from, items, now) {
      if (items.length === 0) return;
      await write(() => {
        let batch: number | null = null;
        for (const item of items) {
          const row = q.insertMessage.get({
            ...origin,
            batch,
            from,
            type: item.type,
            value: JSON.stringify(item.value),
            now,
          });
          batch ??= row?.batch ?? null;
        }
      });
    },
    async lastUserMessage(botId, userid) {
      return lastUserItems(q, botId, userid);
    },
    async recentMessages(botId, userid, limit) {
      return page(botId, userid, limit, 0);
    },
    async chatRecord(botId, userid, pageNo, pagesize) {
      const total = q.messageCount.get({ botId, userid })?.n ?? 0;
      return { total, entries: page(botId, userid, pagesize, (pageNo - 1) * pagesize) };
    },
  };
}
