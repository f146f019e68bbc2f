// What get_answer_from_ai asks: suggested replies for a user's question, best first; and
// what the desk tells the assistant so it can learn from agents' replies.
import type { MessageItem } from "../wire/items";
import type { SuggestedAnswer } from "../wire/methods/lists";

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
  /** An agent has just sent this user a reply: the assistant may keep it as an answer. */
  learn?(input: LearnInput): Promise<void>;
  /** The user was erased: whatever the assistant keeps in memory about them goes too. */
  forget?(input: LearnInput): void;
}

/** An assistant with nothing to suggest. */
export const noAssistant: Assistant = {
  async suggest() {
    return [];
  },
};
