// The knowledge base's storage seam. The assistant, the CLI and the HTTP routes reach the
// knowledge base only through this interface; SQLite (FTS5) implements it today
// (sqlite-kb-store.ts), another database can implement it later without touching them.
import type { MessageItem } from "../wire/items";
import type { Verdict } from "./feedback";

export type KbSource = "curated" | "learned";

export interface NewKbEntry {
  questions: string[];
  answer: MessageItem[];
}

export interface KbEntry extends NewKbEntry {
  id: number;
  botId: number;
  source: KbSource;
  createdAt: number;
  updatedAt: number;
}

/** An entry that matched a search; a higher score is a better match. */
export interface KbHit {
  entryId: number;
  /** The entry's question that matched best. */
  question: string;
  source: KbSource;
  score: number;
  answer: MessageItem[];
}

/** An agent's reply to a question that none of the suggestions made (missed.ts). */
export interface KbMiss {
  id: number;
  question: string;
  reply: MessageItem[];
  createdAt: number;
}

export interface KbListOptions {
  source?: KbSource;
  /** Entries with an id above this one (paging). */
  after?: number;
  limit: number;
}

export interface KbStore {
  /** Adds entries as curated, in one transaction; `replace` first removes the bot's curated ones. */
  add(botId: number, entries: NewKbEntry[], replace: boolean, now: number): Promise<KbEntry[]>;
  /** Replaces an entry's questions and answer; a learned entry edited becomes curated. */
  update(botId: number, id: number, entry: NewKbEntry, now: number): Promise<KbEntry | null>;
  remove(botId: number, id: number): Promise<boolean>;
  get(botId: number, id: number): Promise<KbEntry | null>;
  list(botId: number, options: KbListOptions): Promise<KbEntry[]>;
  /** The bot's best entries for a question, best first (see rank.ts). */
  search(botId: number, question: string, limit: number): Promise<KbHit[]>;
  /**
   * Keeps what an agent did with the bot's entry suggested for a question the user `userid`
   * asked (feedback.ts); nothing when the entry is not the bot's.
   */
  feedback(
    botId: number,
    entryId: number,
    question: string,
    verdict: Verdict,
    now: number,
    userid: string,
  ): Promise<void>;
  /**
   * Keeps an agent's reply to the question of the user `userid` (erasing that user removes
   * it); a newer reply to the same question replaces it.
   */
  learn(
    botId: number,
    question: string,
    answer: MessageItem[],
    now: number,
    userid: string,
  ): Promise<void>;
  /**
   * Keeps the reply as a miss of the user's question (a newer one replaces it); null: the
   * question was served by a suggestion after all, and a miss kept for it is dropped.
   */
  miss(
    botId: number,
    userid: string,
    question: string,
    reply: MessageItem[] | null,
    now: number,
  ): Promise<void>;
  /** The bot's misses since a time, newest first. */
  misses(botId: number, since: number, limit: number): Promise<KbMiss[]>;
  /** Drops the bot's misses with these ids (turned into an entry); another bot's stay. */
  dropMisses(botId: number, ids: number[]): Promise<void>;
}
