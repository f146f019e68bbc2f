// HistoryStore on PostgreSQL: messages, one row per item; the items of one call share a
// batch, the id of the first, drawn from the messages id sequence before the insert.
import { and, asc, count, desc, eq, max, sql } from "drizzle-orm";
import type { ChatEntry, MessageItem } from "../../model/desk";
import type { HistoryStore } from "../history";
import type { PgExec } from "./exec";
import { messages } from "./schema/desk";

type NewMessage = Omit<typeof messages.$inferInsert, "batch" | "id">;

/** Inserts one call's items; the first gets the id its batch is named after. */
export async function insertBatch(exec: PgExec, rows: NewMessage[]): Promise<void> {
  if (rows.length === 0) return;
  const [next] = await exec.execute<{ id: number }>(
    sql`SELECT nextval(pg_get_serial_sequence('messages', 'id'))::int AS id`,
  );
  const batch = Number(next?.id);
  await exec
    .insert(messages)
    .values(rows.map((r, i) => ({ ...r, batch, ...(i === 0 ? { id: batch } : {}) })));
}

/** The items of the user's last message (lists show it with each session). */
export async function lastUserItems(
  exec: PgExec,
  botId: number,
  userid: string,
): Promise<MessageItem[]> {
  const mine = and(eq(messages.botId, botId), eq(messages.userid, userid));
  const [last] = await exec
    .select({ batch: max(messages.batch) })
    .from(messages)
    .where(and(mine, eq(messages.from, "user")));
  if (!last?.batch) return [];
  const rows = await exec
    .select({ type: messages.type, value: messages.value })
    .from(messages)
    .where(and(mine, eq(messages.batch, last.batch)))
    .orderBy(asc(messages.id));
  return rows.map((m) => ({ type: m.type, value: JSON.parse(m.value) }));
}

export function createPgHistory(db: PgExec): HistoryStore {
  const page = async (
    botId: number,
    userid: string,
    limit: number,
    offset: number,
  ): Promise<ChatEntry[]> => {
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.botId, botId), eq(messages.userid, userid)))
      .orderBy(desc(messages.id))
      .limit(limit)
      .offset(offset);
    return rows.map((m) => ({
      createdAt: m.createdAt,
      from: m.from,
      agentId: m.agentId,
      item: { type: m.type, value: JSON.parse(m.value) },
    }));
  };
  return {
    async append(origin, from, items, now) {
      // One INSERT of every item: atomic without a transaction of its own.
      await insertBatch(
        db,
        items.map((item) => ({
          ...origin,
          from,
          type: item.type,
          value: JSON.stringify(item.value),
          createdAt: now,
        })),
      );
    },
    lastUserMessage(botId, userid) {
      return lastUserItems(db, botId, userid);
    },
    recentMessages(botId, userid, limit) {
      return page(botId, userid, limit, 0);
    },
    async chatRecord(botId, userid, pageNo, pagesize) {
      const [r] = await db
        .select({ n: count() })
        .from(messages)
        .where(and(eq(messages.botId, botId), eq(messages.userid, userid)));
      return {
        total: r?.n ?? 0,
        entries: await page(botId, userid, pagesize, (pageNo - 1) * pagesize),
      };
    },
  };
}
