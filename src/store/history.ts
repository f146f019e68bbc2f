// What was said: the items of users, robots and agents, in order.
import type { ChatEntry, MessageFrom, MessageItem } from "../model/desk";

export interface MessageOrigin {
  botId: number;
  userid: string;
  sessionId: number | null;
  agentId: number | null;
}

export interface HistoryStore {
  /** Stores the items of one message (one call): they share one batch. */
  append(
    origin: MessageOrigin,
    from: MessageFrom,
    items: MessageItem[],
    now: number,
  ): Promise<void>;
  /** The items of the user's last message. */
  lastUserMessage(botId: number, userid: string): Promise<MessageItem[]>;
  /** A user's latest messages, newest first, without counting the whole history. */
  recentMessages(botId: number, userid: string, limit: number): Promise<ChatEntry[]>;
  chatRecord(
    botId: number,
    userid: string,
    page: number,
    pagesize: number,
  ): Promise<{ total: number; entries: ChatEntry[] }>;
}
