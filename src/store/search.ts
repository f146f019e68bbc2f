// The index over what was said, and the searches it serves. An indexer (desk/search-index.ts)
// reads messages not yet indexed and writes their segmented terms; each engine keeps them
// in an index of its own (FTS5 on SQLite, a GIN index on PostgreSQL), never scanned.
import type { MessageItem } from "../model/desk";
import type { MessageHit, MessageQuery, PastSession } from "../model/search";

export interface UnindexedMessage {
  id: number;
  botId: number;
  item: MessageItem;
}

export interface SearchStore {
  /** Messages after `afterId`, oldest first: the indexer's next batch. */
  unindexed(afterId: number, limit: number): Promise<UnindexedMessage[]>;
  /** Writes each message's terms; a message indexed already is left as it is. */
  index(entries: readonly { messageId: number; botId: number; terms: string[] }[]): Promise<void>;
  /** The newest hits first. A query without terms needs a userid (the user's own index). */
  search(q: MessageQuery): Promise<MessageHit[]>;
  /** The user's sessions, newest first. */
  sessionsOf(botId: number, userid: string, limit: number): Promise<PastSession[]>;
}

/** A term as both engines index it: under its bot, so a search reads only that bot's postings. */
export const scopedTerm = (botId: number, term: string) => `b${botId}x${term}`;
