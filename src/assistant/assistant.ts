// What get_answer_from_ai asks: suggested replies for a user's question, best first; and
// what the desk tells the assistant so it can learn from agents' replies.
import type { MessageItem } from "../wire/items";
import type { ConversationSummary, MissedQuestion } from "../wire/methods/assistant";
import type { SuggestedAnswer } from "../wire/methods/lists";
import type { Queued } from "./coalescing";
import type { SummaryRequest } from "./summarise";

export interface SuggestInput {
  botId: number;
  userid?: string;
  query: MessageItem[];
}

export interface LearnInput {
  botId: number;
  userid: string;
}

export interface Assistant {
  /** The suggested answers' items one after the other, best answer first. */
  suggest(input: SuggestInput): Promise<MessageItem[]>;
  /** The same suggestions kept apart, so a client can tell where one answer ends. */
  answers?(input: SuggestInput): Promise<SuggestedAnswer[]>;
  /**
   * An agent has just sent this user a reply: the assistant may keep it as an answer. The
   * learning may wait to gather a burst of replies into one; `hurry` starts it now.
   */
  learn?(input: LearnInput): Queued;
  /** A summary of the user's conversation for the agent taking it over. */
  summary?(input: SummaryRequest): Promise<ConversationSummary>;
  /** The bot's questions the knowledge base missed since a time, grouped (missed.ts). */
  missed?(botId: number, since: number): Promise<MissedQuestion[]>;
  /** The user was erased: whatever the assistant keeps in memory about them goes too. */
  forget?(input: LearnInput): void;
}

/** An assistant with nothing to suggest. */
export const noAssistant: Assistant = {
  async suggest() {
    return [];
  },
};
