// The assistant behind get_answer_from_ai: the bot's knowledge base searched with FTS5,
// optionally an LLM drafting a reply from what was found, and learning from agents.
import type { Stores } from "../store/stores";
import type { SuggestedAnswer } from "../wire/methods/lists";
import type { Assistant, SuggestInput } from "./assistant";
import type { KbHit, KbStore } from "./kb-store";
import type { Llm } from "./llm";
import { lastPair, openQuestion } from "./pair";

/** Answers suggested per question. */
export const SUGGESTIONS = 3;
/** Messages of the conversation the LLM sees; how far back learning and the question look. */
const RECENT = 20;

export interface KbAssistantDeps {
  kb: KbStore;
  store: Stores;
  llm: Llm | null;
}

const fromHit = (h: KbHit): SuggestedAnswer => ({
  id: h.entryId,
  source: h.source === "curated" ? "kb" : "learned",
  message: h.answer,
});

export function createKbAssistant({ kb, store, llm }: KbAssistantDeps): Assistant {
  async function answers({ botId, userid, query }: SuggestInput): Promise<SuggestedAnswer[]> {
    const recent = userid ? await store.history.recentMessages(botId, userid, RECENT) : [];
    // The user's question is what they said since the last answer, by the messages' order
    // (a client's user_query may hold only some of them); user_query when there is none.
    const asked = query
      .map((item) =>
        item.type === "text" && typeof item.value.text === "string" ? item.value.text : "",
      )
      .join(" ")
      .trim();
    const question = openQuestion(recent) || asked;
    if (!question) return [];
    const hits = await kb.search(botId, question, SUGGESTIONS);
    if (!llm) return hits.map(fromHit);
    const draft = await llm.draft({ question, hits, recent: recent.reverse() });
    if (draft === null) return hits.map(fromHit);
    return [
      { id: null, source: "llm", message: [{ type: "text", value: { text: draft } }] },
      ...hits.slice(0, SUGGESTIONS - 1).map(fromHit),
    ];
  }

  return {
    answers,

    async suggest(input) {
      return (await answers(input)).flatMap((a) => a.message);
    },

    async learn({ botId, userid }) {
      const entries = await store.history.recentMessages(botId, userid, RECENT);
      const pair = lastPair(entries);
      if (pair) await kb.learn(botId, pair.question, pair.answer, Date.now());
    },
  };
}
