// From matching questions to the answers to suggest: one score per entry (its best
// question), learned pairs ranked below curated entries of similar relevance, what the
// desk's agents did with earlier suggestions added (feedback.ts), weak matches dropped.
// Pure, so every KbStore ranks alike.
import type { KbSource } from "./kb-store";

export interface Candidate {
  entryId: number;
  question: string;
  source: KbSource;
  /** Higher is better: the reranker's similarity (rerank.ts). */
  score: number;
}

/** A learned pair must match twice as well as a curated entry to be shown above it. */
export const LEARNED_WEIGHT = 0.5;
/** Matches scoring under this share of the best one are noise (a shared common word). */
export const RELATIVE_FLOOR = 0.25;
/**
 * When the best match scores under this, the base has no good answer, and agents see
 * nothing rather than noise.
 * Set on the tuning questions (bench/assistant): the highest round value that silences
 * under 1% of the answerable ones (see docs/assistant.md for what it costs and buys).
 */
export const MIN_SCORE = 1.4;

/**
 * `adjust`: per entry, what the desk's feedback adds to its score before it is compared
 * (feedback.ts); it does not lift an entry over the floors, which say whether it matches.
 */
export function rank(
  candidates: readonly Candidate[],
  limit: number,
  adjust: ReadonlyMap<number, number> = new Map(),
): Candidate[] {
  const best = new Map<number, Candidate>();
  for (const c of candidates) {
    const score = c.source === "learned" ? c.score * LEARNED_WEIGHT : c.score;
    const seen = best.get(c.entryId);
    if (!seen || score > seen.score) best.set(c.entryId, { ...c, score });
  }
  const matched = [...best.values()];
  const top = Math.max(0, ...matched.map((c) => c.score));
  if (top < MIN_SCORE) return [];
  return matched
    .filter((c) => c.score >= top * RELATIVE_FLOOR)
    .map((c) => ({ ...c, score: c.score + (adjust.get(c.entryId) ?? 0) }))
    .sort((a, b) => b.score - a.score || a.entryId - b.entryId)
    .slice(0, limit);
}
