// Learning from the desk: the question a user asked and what the agent replied, read from
// the end of their conversation. Pure, so the rule is tested without a server.
import type { ChatEntry } from "../store/store";
import type { MessageItem } from "../wire/items";

/** A reply further than this from the question it follows is not taken as its answer. */
export const PAIR_WINDOW_MS = 3600_000;

export interface Pair {
  question: string;
  answer: MessageItem[];
}

const textOf = (e: ChatEntry) =>
  e.item.type === "text" && typeof e.item.value.text === "string" ? e.item.value.text.trim() : "";

/**
 * `newestFirst` is the conversation's end, newest first. The answer is everything the agents
 * sent since the user last wrote (so a greeting and the reply that follows stay together);
 * the question is the text of the user's messages just before it. Robot messages are skipped.
 */
export function lastPair(newestFirst: readonly ChatEntry[]): Pair | null {
  const entries = newestFirst.filter((e) => e.from !== "robot");
  let i = 0;
  const answer: ChatEntry[] = [];
  while (entries[i]?.from === "agent") answer.push(entries[i++] as ChatEntry);
  const question: ChatEntry[] = [];
  while (entries[i]?.from === "user") question.push(entries[i++] as ChatEntry);
  const newestAnswer = answer[0];
  const newestQuestion = question[0];
  if (!newestAnswer || !newestQuestion) return null;
  if (newestAnswer.createdAt - newestQuestion.createdAt > PAIR_WINDOW_MS) return null;
  const text = question.map(textOf).filter(Boolean).reverse().join(" ");
  if (!text) return null;
  return { question: text.slice(0, 1000), answer: answer.reverse().map((e) => e.item) };
}
