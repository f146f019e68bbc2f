// From matching questions to the answers to suggest: one score per entry (its best
// question), learned pairs ranked below curated entries of similar relevance, weak
// matches dropped. Pure, so every KbStore ranks alike.
import type { KbSource } from "./kb-store";

export interface Candidate {
  entryId: number;
  question: string;
  source: KbSource;
  /** Higher is better (BM25, sign flipped). */
  score: number;
}

/** A learned pair must match twice as well as a curated entry to be shown above it. */
export const LEARNED_WEIGHT = 0.5;
/** Matches scoring under this share of the best one are noise (a shared common word). */
export const RELATIVE_FLOOR = 0.25;

export function rank(candidates: readonly Candidate[], limit: number): Candidate[] {
  const best = new Map<number, Candidate>();
  for (const c of candidates) {
    const score = c.source === "learned" ? c.score * LEARNED_WEIGHT : c.score;
    const seen = best.get(c.entryId);
    if (!seen || score > seen.score) best.set(c.entryId, { ...c, score });
  }
  const sorted = [...best.values()].sort((a, b) => b.score - a.score || a.entryId - b.entryId);
  const top = sorted[0]?.score ?? 0;
  return sorted.filter((c) => c.score > 0 && c.score >= top * RELATIVE_FLOOR).slice(0, limit);
}
