// Reading the end of a user's conversation: the question still open when an agent asks for
// suggestions, and, for learning, the question a user asked and what the agent replied.
// Pure, so the rules are tested without a server. Agents' notes are not part of the
// conversation and are skipped.
import type { ChatEntry } from "../model/desk";
import type { MessageItem } from "../wire/items";

/** A reply further than this from the question it follows is not taken as its answer. */
export const PAIR_WINDOW_MS = 3600_000;

export interface Pair {
  question: string;
  answer: MessageItem[];
}

const textOf = (e: ChatEntry) =>
  e.item.type === "text" && typeof e.item.value.text === "string" ? e.item.value.text.trim() : "";

/** The text of the user's messages, given newest first, in the order they were sent. */
const said = (newestFirst: readonly ChatEntry[]) =>
  newestFirst.map(textOf).filter(Boolean).reverse().join(" ");

/**
 * What the user has said since an agent or the robot last answered, oldest first ("" when
 * the conversation ends with an answer): all of those messages, by their order, however
 * far apart in time they came.
 */
export function openQuestion(newestFirst: readonly ChatEntry[]): string {
  const asked: ChatEntry[] = [];
  for (const e of newestFirst) {
    if (e.from === "note") continue;
    if (e.from !== "user") break;
    asked.push(e);
  }
  return said(asked);
}

/**
 * `newestFirst` is the conversation's end, newest first. The answer is everything the agents
 * sent since the user last wrote (so a greeting and the reply that follows stay together);
 * the question is the text of the user's messages just before it. Robot messages are skipped.
 */
export function lastPair(newestFirst: readonly ChatEntry[]): Pair | null {
  const entries = newestFirst.filter((e) => e.from === "user" || e.from === "agent");
  let i = 0;
  const answer: ChatEntry[] = [];
  while (entries[i]?.from === "agent") answer.push(entries[i++] as ChatEntry);
  const question: ChatEntry[] = [];
  while (entries[i]?.from === "user") question.push(entries[i++] as ChatEntry);
  const newestAnswer = answer[0];
  const newestQuestion = question[0];
  if (!newestAnswer || !newestQuestion) return null;
  if (newestAnswer.createdAt - newestQuestion.createdAt > PAIR_WINDOW_MS) return null;
  const text = said(question);
  if (!text) return null;
  return { question: text.slice(0, 1000), answer: answer.reverse().map((e) => e.item) };
}
