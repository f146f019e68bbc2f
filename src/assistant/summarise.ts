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

export async function summarise(
  history: HistoryStore,
  llm: Llm | null,
  { botId, userid, stage }: SummaryRequest,
): Promise<ConversationSummary> {
  const conversation = lastConversation(await history.recentMessages(botId, userid, READ));
  const chosen = stage ?? (conversation.some((e) => e.from === "agent") ? "transfer" : "handoff");
  const entries = part(conversation, chosen);
  const e = extract(entries);
  const written = llm && entries.length > 0 ? await llm.summarise({ conversation: entries }) : null;
  return {
    stage: chosen,
    source: written === null ? "extract" : "llm",
    text: written ?? e.points.join(" "),
    points: written === null ? e.points : [],
    bot_answer: e.botAnswer,
    agent_reply: e.agentReply,
    user_messages: e.userMessages,
    bot_messages: e.botMessages,
    agent_messages: e.agentMessages,
  };
}
