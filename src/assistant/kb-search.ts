// What a knowledge-base search does besides reading its index, the same on either engine:
// which of the question's terms to look up (the rarest, within a budget of rows), and the
// rerank, feedback and ordering of the rows found (rerank.ts, feedback.ts, rank.ts).
import type { MessageItem } from "../model/desk";
import { answerText } from "./entry";
import { adjustments, type Verdict } from "./feedback";
import type { KbHit, KbSource } from "./kb-store";
import { rank } from "./rank";
import { type QueryShape, similarity } from "./rerank";
import { bigrams, foldedWords, hanChars, type Shape, shape } from "./shape";
import { terms } from "./terms";

/** Question rows read per search before they are grouped into entries. */
export const CANDIDATES = 40;
/**
 * Scoring a row costs more than finding it, so a search scores at most about this many:
 * the query's rarest terms are kept while their document counts fit, the commonest (which
 * say least about the question: "open", 打开) are left out. The rarest term found in the
 * base always stays.
 */
const ROW_BUDGET = 300;
/** Shapes kept between searches; a bound, so odd queries cannot grow it for ever. */
export const KEPT = 50_000;

/** A term as indexed: prefixed with its bot, so a posting list holds one bot's rows. */
export const token = (botId: number, term: string) => `b${botId}x${term}`;

/** A question row the index found; `score` is its BM25, higher is better. */
export interface FoundRow {
  entryId: number;
  question: string;
  source: KbSource;
  score: number;
  answer: string;
}

export interface Plan {
  query: QueryShape;
  /** The terms to look up, rarest first; none: nothing to search. */
  kept: string[];
}

/**
 * The question as the reranker weighs it (each term's IDF in the bot's base of `total`
 * rows, `rowsWith` a term), and its affordable terms.
 */
export function plan(question: string, total: number, rowsWith: (term: string) => number): Plan {
  const t = terms(question);
  const idf = (term: string) => {
    const n = rowsWith(term);
    return n === 0 ? 0 : Math.log(1 + (total - n + 0.5) / (n + 0.5));
  };
  const query: QueryShape = {
    words: new Map([...foldedWords(t)].map(([w, from]) => [w, Math.max(...from.map(idf))])),
    chars: new Map([...hanChars(t)].map((c) => [c, idf(c)])),
    bigrams: bigrams(question),
  };
  const counted = [...new Set([...t.words, ...t.chars])]
    .map((term) => ({ term, rows: rowsWith(term) }))
    .sort((a, b) => a.rows - b.rows);
  const kept: string[] = [];
  let rows = 0;
  for (const c of counted) {
    if (rows > 0 && rows + c.rows > ROW_BUDGET) break;
    kept.push(c.term);
    rows += c.rows;
  }
  return { query, kept };
}

/** A question's every term, as a search may look them up. */
export const searchTerms = (question: string) => {
  const t = terms(question);
  return [...new Set([...t.words, ...t.chars])];
};

export interface VerdictRow {
  entryId: number;
  question: string;
  verdict: Verdict;
}

/**
 * Questions and answers as the reranker sees them, kept so the same candidates are not
 * segmented again at every search (keyed by text: an edit makes a new key).
 */
export function shapes() {
  const kept = new Map<string, Shape>();
  function memo(key: string, make: () => Shape): Shape {
    let s = kept.get(key);
    if (!s) {
      if (kept.size > KEPT) kept.clear();
      s = make();
      kept.set(key, s);
    }
    return s;
  }
  return {
    question: (text: string) => memo(`q${text}`, () => shape(text)),
    answer: (json: string) =>
      memo(`a${json}`, () => shape(answerText(JSON.parse(json) as MessageItem[]))),
  };
}
export type Shapes = ReturnType<typeof shapes>;

/** The rows found (best BM25 first), reranked, moved by the desk's verdicts, as hits. */
export function hits(
  query: QueryShape,
  found: FoundRow[],
  verdicts: VerdictRow[],
  shaped: Shapes,
  limit: number,
): KbHit[] {
  const best = found[0]?.score ?? 0;
  // What each candidate entry says: its answer and the questions of it that were found.
  const said = new Map<number, Shape[]>();
  for (const r of found) {
    const list = said.get(r.entryId) ?? [shaped.answer(r.answer)];
    list.push(shaped.question(r.question));
    said.set(r.entryId, list);
  }
  const rows = found.map((r) => ({
    ...r,
    score: similarity(
      query,
      shaped.question(r.question),
      said.get(r.entryId) ?? [],
      best > 0 ? r.score / best : 0,
    ),
  }));
  const answers = new Map(rows.map((r) => [r.entryId, r.answer]));
  const adjust = adjustments(
    new Set(query.words.keys()),
    verdicts.map((v) => ({
      entryId: v.entryId,
      words: shaped.question(v.question).words,
      verdict: v.verdict,
    })),
  );
  const out: KbHit[] = [];
  const shown = new Set<string>();
  // An agent who sent a suggestion as it was makes a learned pair with the same answer.
  for (const c of rank(rows, rows.length, adjust)) {
    const answer = answers.get(c.entryId) ?? "[]";
    if (shown.has(answer)) continue;
    shown.add(answer);
    const { entryId, question: q, source, score } = c;
    out.push({ entryId, question: q, source, score, answer: JSON.parse(answer) as MessageItem[] });
    if (out.length === limit) break;
  }
  return out;
}
