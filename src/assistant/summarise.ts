// The summary get_summary answers: the user's last conversation in the bot, the part of it
// the stage names, written by the LLM when one is configured (given that part only: no
// notes, nothing of another user or bot), else, or when it fails, picked from it
// (summary.ts). By default the stage is the handoff until an agent has replied.
import type { HistoryStore } from "../store/history";
import type { ConversationSummary } from "../wire/methods/assistant";
import type { Llm } from "./llm";
import { extract, lastConversation, part, type Stage } from "./summary";

/** Messages read back to find the conversation; a bound on what a summary covers. */
const READ = 60;

export interface SummaryRequest {
  botId: number;
  userid: string;
  stage?: Stage;
}

/** Summaries the LLM wrote, kept until the conversation changes; a bound. */
const WRITTEN_KEPT = 1000;

export type Summarise = (input: SummaryRequest) => Promise<ConversationSummary>;

/**
 * Summaries of the bot's conversations. The LLM's are kept while the conversation part is
 * the same (its length and newest message), so an agent opening it again costs no call.
 */
export function summaries(history: HistoryStore, llm: Llm | null): Summarise {
  const written = new Map<string, string>();
  return async ({ botId, userid, stage }) => {
    const conversation = lastConversation(await history.recentMessages(botId, userid, READ));
    const chosen = stage ?? (conversation.some((e) => e.from === "agent") ? "transfer" : "handoff");
    const entries = part(conversation, chosen);
    const e = extract(entries);
    const key = `${botId}:${userid}:${chosen}:${entries.length}:${entries.at(-1)?.createdAt}`;
    let text = written.get(key) ?? null;
    if (text === null && llm && entries.length > 0) {
      text = await llm.summarise({ conversation: entries });
      if (text !== null) {
        if (written.size >= WRITTEN_KEPT) written.clear();
        written.set(key, text);
      }
    }
    return {
      stage: chosen,
      source: text === null ? "extract" : "llm",
      text: text ?? e.points.join(" "),
      points: text === null ? e.points : [],
      bot_answer: e.botAnswer,
      agent_reply: e.agentReply,
      user_messages: e.userMessages,
      bot_messages: e.botMessages,
      agent_messages: e.agentMessages,
    };
  };
}
