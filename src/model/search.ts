// Searching what was said (issue 17): a query, and what a hit carries.
import type { MessageFrom, MessageItem } from "./desk";

export interface MessageQuery {
  botId: number;
  /** Segmented terms (assistant/terms.ts), all required; none: the other filters alone. */
  terms: string[];
  userid?: string;
  /** Messages of the sessions this agent served. */
  agentId?: number;
  /** Messages of sessions tagged so. */
  tag?: string;
  /** Unix ms, inclusive. */
  fromMs?: number;
  toMs?: number;
  /** One hit per matching session, its newest message (in the window): a tag or agent alone. */
  perSession?: boolean;
  limit: number;
}

export interface MessageHit {
  messageId: number;
  userid: string;
  sessionId: number | null;
  from: MessageFrom;
  agentId: number | null;
  item: MessageItem;
  createdAt: number;
  /** How many of the user's messages are newer: where the hit is in get_chat_record. */
  newer: number;
}

/** A user's session, as the list of their earlier conversations shows it. */
export interface PastSession {
  id: number;
  state: "waiting" | "active" | "ended";
  agentId: number | null;
  createdAt: number;
  endedAt: number | null;
  endedReason: string | null;
}
