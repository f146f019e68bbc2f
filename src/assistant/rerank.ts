// A second look at FTS5's best rows. BM25 over short questions favours the shortest one
// that shares a single rare word, and a long answer that repeats a common one; but a user
// asks one thing, so a good question explains most of what was asked (its rare words
// above all) and most of it was asked. Each candidate question's score sums: its BM25
// (relative to the best row's); the share of the query's weight (IDF) its words and its Han
// characters cover; the share of its own words that were asked; the overlap of Han
// character pairs; and how much of the query the whole entry covers (its answer and its
// questions found), in words and in character pairs.
import type { Shape } from "./shape";

/** A term of the query and how much finding it says (its IDF; zero: not in the base). */
export type Weights = ReadonlyMap<string, number>;

export interface QueryShape {
  words: Weights;
  chars: Weights;
  bigrams: ReadonlySet<string>;
}

/** Sets searched as one, without building their union. */
export type Found = ReadonlySet<string> | readonly ReadonlySet<string>[];
const has = (found: Found, x: string) =>
  "has" in found ? found.has(x) : found.some((set) => set.has(x));

/** Share of the query's weight found (0 when the query has no weight). */
export function cover(weights: Weights, found: Found): number {
  let all = 0;
  let hit = 0;
  for (const [term, w] of weights) {
    all += w;
    if (has(found, term)) hit += w;
  }
  return all > 0 ? hit / all : 0;
}

/** Dice coefficient of two sets. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return (2 * both) / (a.size + b.size);
}

/** How much of the question was asked: the share of its words found in the query. */
export function asked(query: Weights, question: ReadonlySet<string>): number {
  if (question.size === 0) return 0;
  let n = 0;
  for (const w of question) if (query.has(w)) n++;
  return n / question.size;
}

/** Share of the query's bigrams found. */
export function share(query: ReadonlySet<string>, found: Found): number {
  if (query.size === 0) return 0;
  let n = 0;
  for (const b of query) if (has(found, b)) n++;
  return n / query.size;
}

// Round numbers, not fitted: halving or doubling them moved accuracy on the tuning
// questions by 1.5 points at most (docs/assistant.md).
export const WEIGHTS = {
  bm25: 1,
  words: 1,
  chars: 0.5,
  asked: 0.5,
  bigrams: 0.5,
  entry: 1,
  entryBigrams: 0.5,
} as const;

/**
 * The similarity of a candidate question to the query. `entry`: everything the entry
 * says (the answer and its questions found); `bm25` relative to the best row's.
 */
export function similarity(
  query: QueryShape,
  question: Shape,
  entry: readonly Shape[],
  bm25: number,
): number {
  return (
    WEIGHTS.bm25 * bm25 +
    WEIGHTS.words * cover(query.words, question.words) +
    WEIGHTS.chars * cover(query.chars, question.chars) +
    WEIGHTS.asked * asked(query.words, question.words) +
    WEIGHTS.bigrams * dice(query.bigrams, question.bigrams) +
    WEIGHTS.entry *
      cover(
        query.words,
        entry.map((s) => s.words),
      ) +
    WEIGHTS.entryBigrams *
      share(
        query.bigrams,
        entry.map((s) => s.bigrams),
      )
  );
}
