// What get_answer_from_ai asks: suggested replies for a user's question, best first; and
// what the desk tells the assistant so it can learn from agents' replies.
import type { MessageItem } from "../store/store";

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
  suggest(input: SuggestInput): Promise<MessageItem[]>;
  /** An agent has just sent this user a reply: the assistant may keep it as an answer. */
  learn?(input: LearnInput): Promise<void>;
}

/** An assistant with nothing to suggest. */
export const noAssistant: Assistant = {
  async suggest() {
    return [];
  },
};
