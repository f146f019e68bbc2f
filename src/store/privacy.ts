// What kefu holds about one user, read for an export and deleted for an erase (issue 18),
// and the bot's conversations over a time range for a transcript. Reads and deletes
// across the aggregates, always by (bot, user) or by bot, so no tenant reaches another's.
import type { BotEvent, MessageFrom, MessageItem, SessionState } from "../model/desk";

export interface SessionRecord {
  id: number;
  state: SessionState;
  agentId: number | null;
  groupId: number | null;
  queuedAt: number;
  assignedAt: number | null;
  endedAt: number | null;
  endedReason: string | null;
  createdAt: number;
  /** The tags an agent put on it, by name. */
  tags: string[];
  /** The close reason an agent chose when ending it. */
  closeReason: string | null;
}

export interface MessageRecord {
  id: number;
  userid: string;
  sessionId: number | null;
  from: Exclude<MessageFrom, "note">;
  agentId: number | null;
  item: MessageItem;
  createdAt: number;
}

export interface RatingRecord {
  sessionId: number;
  score: number;
  comment: string;
  createdAt: number;
}

/** A knowledge-base answer learned from an agent's reply to this user's question. */
export interface LearnedRecord {
  entryId: number;
  questions: string[];
  answer: MessageItem[];
  createdAt: number;
}

/** What an agent did with a suggestion for this user's question. */
export interface FeedbackRecord {
  entryId: number;
  question: string;
  verdict: string;
  createdAt: number;
}

/** A question of this user's the knowledge base missed, with the agent's reply. */
export interface MissRecord {
  question: string;
  reply: MessageItem[];
  createdAt: number;
}

/** A file sent in one of the user's messages: what kefu knows of it, not its bytes. */
export interface FileRecord {
  id: string;
  name: string;
  mime: string;
  size: number;
  createdAt: number;
}

/**
 * Everything kept about a user but the profile (the identity store's) and agents' internal
 * notes, which are the desk's and never leave it.
 */
export interface UserRecords {
  sessions: SessionRecord[];
  messages: MessageRecord[];
  ratings: RatingRecord[];
  events: BotEvent[];
  msgids: string[];
  learned: LearnedRecord[];
  feedback: FeedbackRecord[];
  misses: MissRecord[];
  files: FileRecord[];
}

/** What an erase removed, counted per kind (the audit entry keeps these, nothing said). */
export interface ErasedCounts {
  profiles: number;
  sessions: number;
  messages: number;
  notes: number;
  ratings: number;
  events: number;
  msgids: number;
  learned: number;
  feedback: number;
  misses: number;
  /** Tags on the user's sessions, and their close reasons. */
  tags: number;
  reasons: number;
  files: number;
  /** Older audit entries about the user whose target became the pseudonym. */
  audit: number;
}

/** What one retention step removed. */
export interface Expired {
  messages: number;
  events: number;
  files: number;
}

/**
 * Rows deleted, and the ids of the files whose rows went: their bytes are in a folder or
 * bucket no transaction reaches, so the caller deletes them once the rows are committed.
 */
export interface Deleted<Counts> {
  counts: Counts;
  fileIds: string[];
}

export interface PrivacyStore {
  /** Whether anything at all is kept about the user in this bot. */
  knows(botId: number, userid: string): Promise<boolean>;
  userRecords(botId: number, userid: string): Promise<UserRecords>;
  /**
   * Deletes every row about the user in this bot (their messages' search index rows and
   * the files sent in their messages too), and rewrites the target of older audit entries
   * about them to `pseudonym`. Run it in the transaction that ends their session.
   */
  erase(botId: number, userid: string, pseudonym: string): Promise<Deleted<ErasedCounts>>;
  /**
   * The bot's messages (notes left out) created in [from, to), after the message `after`
   * (null: from the start), in order of creation: one page of a transcript. Paged by
   * (created_at, id), so each page is one index range read however long the transcript.
   */
  transcript(
    botId: number,
    range: { from: number; to: number },
    after: { createdAt: number; id: number } | null,
    limit: number,
  ): Promise<MessageRecord[]>;
  /**
   * Deletes up to `limit` of the bot's messages (with their search index rows), of its
   * events and of its files, created before `before` (ms), oldest first: one step of the
   * retention sweep.
   */
  expire(botId: number, before: number, limit: number): Promise<Deleted<Expired>>;
}
