// A filter-only search by tag or agent, as both engines run it (the tables and columns are
// named alike): the matching sessions from their own index (session_tags_bot_tag,
// sessions_agent), then each one's newest message in the window from messages_session.
// What it reads grows with the matching sessions, never with the bot's messages.
import { type SQL, sql } from "drizzle-orm";
import type { MessageQuery } from "../model/search";

function matchingSessions(q: MessageQuery): SQL {
  const served = (column: SQL) =>
    q.agentId === undefined
      ? sql``
      : sql` AND ${column} IN (SELECT s.id FROM sessions s WHERE s.agent_id = ${q.agentId})`;
  if (q.tag !== undefined) {
    return sql`SELECT t.session_id AS id FROM session_tags t WHERE t.bot_id = ${q.botId} AND t.tag = ${q.tag}${served(sql`t.session_id`)}`;
  }
  // The unary + (a no-op on PostgreSQL) keeps SQLite on sessions_agent, not the bot's every session.
  return sql`SELECT s.id FROM sessions s WHERE s.agent_id = ${q.agentId ?? null} AND +s.bot_id = ${q.botId}`;
}

/** `id IN (…)`: the newest message of each matching session within [fromMs, toMs]. */
export function newestOfSessions(id: SQL, q: MessageQuery): SQL {
  const window = [
    q.fromMs === undefined ? sql`` : sql` AND l.created_at >= ${q.fromMs}`,
    q.toMs === undefined ? sql`` : sql` AND l.created_at <= ${q.toMs}`,
  ];
  return sql`${id} IN (SELECT (SELECT max(l.id) FROM messages l WHERE l.session_id = c.id${window[0]}${window[1]}) FROM (${matchingSessions(q)}) c)`;
}
