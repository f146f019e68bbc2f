// What get_answer_from_ai asks: suggested replies for a user's question, best first.
import type { MessageItem } from "../store/store";

export interface SuggestInput {
  botId: number;
  userid?: string;
  query: MessageItem[];
}

export interface Assistant {
  suggest(input: SuggestInput): Promise<MessageItem[]>;
}

/** Until a knowledge base is configured there is nothing to suggest. */
export const noAssistant: Assistant = {
  async suggest() {
    return [];
  },
};
