// From candidate questions to the answers to suggest. Several rankers each order the
// candidate entries (an entry counts as its best question), and reciprocal-rank fusion
// adds their votes: an entry's score is the sum over rankers of 1 / (K + its rank there).
// Fusing ranks rather than scores needs no scale shared between rankers, and a ranker that
// is wrong about one question costs that entry one vote, not its place. Whether an entry
// is shown at all is decided apart, on the reranker's similarity (rerank.ts): under an
// absolute floor the base has no good answer, and agents see nothing rather than noise.
// Pure, so every KbStore ranks alike.
import type { KbSource } from "./kb-store";

export interface Candidate {
  entryId: number;
  question: string;
  source: KbSource;
  /**
   * One score per ranker (the same rankers, in the same order, for every candidate);
   * higher is better, 0 or less: that ranker did not find it. The first is the reranker's
   * similarity, which also decides whether the entry is shown.
   */
  scores: readonly number[];
}

export interface Ranked {
  entryId: number;
  question: string;
  source: KbSource;
  /** The fused score: the sum of 1 / (K + rank) over the rankers that found the entry. */
  score: number;
  /** The reranker's similarity (learned pairs' halved). */
  similarity: number;
}

/** The usual constant of reciprocal-rank fusion: a first place is worth little more than a fifth. */
export const K = Number(process.env.K ?? 60);
/** A learned pair's similarity counts half: it must match twice as well to lead the reranker. */
export const LEARNED_WEIGHT = 0.5;
/** Entries whose similarity is under this share of the best one are noise (a shared common word). */
export const RELATIVE_FLOOR = 0.25;
/**
 * Under this similarity, no answer is shown. The similarity sums shares of the query
 * explained (rerank.ts); set on the tuning questions and the tuning unanswerable ones
 * (bench/assistant), see docs/assistant.md.
 */
export const MIN_SIMILARITY = 1;

/**
 * `adjust`: per entry, a number added to its fused score (the desk's feedback, in votes of
 * a first place: 1 = as much as one ranker putting it first).
 */
export function rank(
  candidates: readonly Candidate[],
  limit: number,
  adjust: ReadonlyMap<number, number> = new Map(),
): Ranked[] {
  const best = new Map<number, { c: Candidate; scores: number[] }>();
  for (const c of candidates) {
    const scores = c.scores.map((s, i) => (i === 0 && c.source === "learned" ? s * LEARNED_WEIGHT : s));
    const seen = best.get(c.entryId);
    if (!seen) {
      best.set(c.entryId, { c, scores });
      continue;
    }
    if ((scores[0] ?? 0) > (seen.scores[0] ?? 0)) seen.c = c;
    seen.scores = seen.scores.map((s, i) => Math.max(s, scores[i] ?? 0));
  }
  const entries = [...best.values()];
  const fused = new Map<number, number>();
  const rankers = Math.max(0, ...entries.map((e) => e.scores.length));
  const W = (process.env.W ?? "1,1,1,1,1").split(",").map(Number);
  for (let i = 0; i < rankers; i++) {
    if (!W[i]) continue;
    const order = entries
      .filter((e) => (e.scores[i] ?? 0) > 0)
      .sort((a, b) => (b.scores[i] ?? 0) - (a.scores[i] ?? 0) || a.c.entryId - b.c.entryId);
    for (const [place, e] of order.entries())
      fused.set(e.c.entryId, (fused.get(e.c.entryId) ?? 0) + (W[i] ?? 0) / (K + place + 1));
  }
  const top = Math.max(0, ...entries.map((e) => e.scores[0] ?? 0));
  return entries
    .filter((e) => {
      const s = e.scores[0] ?? 0;
      return s >= MIN_SIMILARITY && s >= top * RELATIVE_FLOOR;
    })
    .map((e) => ({
      entryId: e.c.entryId,
      question: e.c.question,
      source: e.c.source,
      similarity: e.scores[0] ?? 0,
      score: (fused.get(e.c.entryId) ?? 0) + (adjust.get(e.c.entryId) ?? 0) / (K + 1),
    }))
    .sort((a, b) => b.score - a.score || b.similarity - a.similarity || a.entryId - b.entryId)
    .slice(0, limit);
}
