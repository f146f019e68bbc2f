// What a knowledge-base entry looks like on the way in (import lines, HTTP bodies) and on
// the way out (export lines): questions, and an answer given as text or message items.
import { z } from "zod";
import { HAS_NUL, NOT_UNICODE } from "../json-bounds";
import type { MessageItem } from "../wire/items";
import { messageItems } from "../wire/items";
import type { NewKbEntry } from "./kb-store";
import { terms } from "./terms";

export const kbQuestion = z
  .string()
  .trim()
  .min(1, "a question must not be empty")
  .max(1000)
  .refine((q) => q.isWellFormed(), NOT_UNICODE)
  .refine((q) => !q.includes("\0"), HAS_NUL)
  .refine((q) => terms(q).words.length > 0, "a question needs at least one word to search by");

/** An answer: message items, or a plain text standing for one text item. */
export const kbAnswer = z.preprocess(
  (v) => (typeof v === "string" ? [{ type: "text", value: { text: v.trim() } }] : v),
  messageItems,
);

export const kbEntryInput = z.object({
  // One question may be given as a plain string.
  questions: z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z.array(kbQuestion).min(1).max(50),
  ),
  answer: kbAnswer,
});

/** The export line of an entry: a plain text answer is written as a string. */
export function exportLine(entry: NewKbEntry): {
  questions: string[];
  answer: string | MessageItem[];
} {
  const [only] = entry.answer;
  const plain =
    entry.answer.length === 1 &&
    only?.type === "text" &&
    Object.keys(only.value).length === 1 &&
    typeof only.value.text === "string";
  return { questions: entry.questions, answer: plain ? String(only.value.text) : entry.answer };
}

/** The words of an answer, for the index. */
export function answerText(answer: readonly MessageItem[]): string {
  return answer
    .map((item) =>
      item.type === "text" && typeof item.value.text === "string" ? item.value.text : "",
    )
    .join(" ");
}
