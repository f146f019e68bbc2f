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

/** One suggested answer: a knowledge-base entry (curated or learned) or an LLM's draft. */
export interface SuggestedAnswer {
  /** The entry's id; null for an LLM's draft. */
  id: number | null;
  source: "kb" | "learned" | "llm";
  message: MessageItem[];
  /** An LLM's draft only: the ids of the entries (among the others suggested) it is based on. */
  cites?: number[];
}

export interface Assistant {
  /** The suggested answers' items one after the other, best answer first. */
  suggest(input: SuggestInput): Promise<MessageItem[]>;
  /** The same suggestions kept apart, so a client can tell where one answer ends. */
  answers?(input: SuggestInput): Promise<SuggestedAnswer[]>;
  /** An agent has just sent this user a reply: the assistant may keep it as an answer. */
  learn?(input: LearnInput): Promise<void>;
}

/** An assistant with nothing to suggest. */
export const noAssistant: Assistant = {
  async suggest() {
    return [];
  },
};
