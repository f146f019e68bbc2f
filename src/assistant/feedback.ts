// Learning from what agents do with the suggestions. When an agent replies to a user after
// asking for suggestions, the reply is compared with each suggested answer: the same text
// (as is) or most of it (edited) says that entry answered that question; a reply unlike
// all of them, by the time the user asks again, says none did. Each verdict is kept per bot
// with the question, and later questions like it move the entry up or down that bot's
// ranking (rank.ts), never another bot's. Pure: the store keeps and reads the rows.
import { normalise } from "./terms";

export type Verdict = "as_is" | "edited" | "not_used";

export interface Shown {
  entryId: number;
  text: string;
}

/** A reply this similar to a suggestion (Dice of character pairs) is that suggestion sent. */
export const AS_IS = 0.9;
/** This similar: the suggestion, edited. Less: the agent wrote something else. */
export const EDITED = 0.5;

/** Adjacent character pairs of a text, spaces and punctuation aside: any script. */
function pairs(text: string): Set<string> {
  const chars = [...normalise(text).replace(/\s+/g, "")];
  const out = new Set<string>();
  for (let i = 1; i < chars.length; i++) out.add(`${chars[i - 1]}${chars[i]}`);
  if (chars.length === 1) out.add(chars[0] ?? "");
  return out;
}

export function likeness(a: string, b: string): number {
  const x = pairs(a);
  const y = pairs(b);
  if (x.size + y.size === 0) return 0;
  let both = 0;
  for (const p of x) if (y.has(p)) both++;
  return (2 * both) / (x.size + y.size);
}

/** The suggestion a reply was made from and how, or null when it is like none of them. */
export function usedSuggestion(
  reply: string,
  shown: readonly Shown[],
): { entryId: number; verdict: Verdict } | null {
  let best: { entryId: number; like: number } | null = null;
  for (const s of shown) {
    const like = likeness(reply, s.text);
    if (!best || like > best.like) best = { entryId: s.entryId, like };
  }
  if (!best || best.like < EDITED) return null;
  return { entryId: best.entryId, verdict: best.like >= AS_IS ? "as_is" : "edited" };
}

/** What a verdict is worth, in the reranker's score (rank.ts): a good match scores 2 to 5. */
export const VALUE: Record<Verdict, number> = { as_is: 0.5, edited: 0.25, not_used: -0.25 };
/** Questions less alike than this (share of words in common) say nothing about each other. */
export const ALIKE = 0.5;
/** However many verdicts an entry has, they move it by at most this much. */
export const BOUND = 1;

export interface FeedbackRow {
  entryId: number;
  words: ReadonlySet<string>;
  verdict: Verdict;
}

/** Jaccard of two sets of words. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  const any = a.size + b.size - both;
  return any === 0 ? 0 : both / any;
}

/** Per entry, what the verdicts on questions like this one add to its score. */
export function adjustments(
  query: ReadonlySet<string>,
  rows: readonly FeedbackRow[],
): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) {
    const alike = overlap(query, r.words);
    if (alike < ALIKE) continue;
    out.set(r.entryId, (out.get(r.entryId) ?? 0) + VALUE[r.verdict] * alike);
  }
  for (const [id, v] of out) out.set(id, Math.max(-BOUND, Math.min(BOUND, v)));
  return out;
}
