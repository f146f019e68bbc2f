// "Questions the knowledge base missed": the questions whose agent's reply was made from
// none of the suggestions (or had none to choose from), grouped by like question, so the
// admin sees what users keep asking that the knowledge base does not answer, how often,
// newest first, with an agent's actual reply as the draft of the entry to add. Questions
// are alike as feedback.ts has them: half or more of their words in common. Pure.
import type { MissedQuestion } from "../wire/methods/assistant";
import { ALIKE } from "./feedback";
import type { KbMiss } from "./kb-store";
import { normalise, terms } from "./terms";

/** Groups listed at most, and distinct questions shown per group. */
export const GROUPS = 100;
export const QUESTIONS_SHOWN = 10;

interface Group {
  words: Set<string>;
  misses: KbMiss[];
}

const wordsOf = (q: string) => {
  const w = terms(q).words;
  // A question of stop words alone is grouped by its whole text.
  return new Set(w.length > 0 ? w : [normalise(q).trim()]);
};

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  const any = a.size + b.size - both;
  return any === 0 ? 0 : both / any;
}

/** The misses (newest first) grouped by like question, the newest group first. */
export function groupMisses(newestFirst: readonly KbMiss[], max = GROUPS): MissedQuestion[] {
  const groups: Group[] = [];
  for (const m of newestFirst) {
    const words = wordsOf(m.question);
    let best: Group | null = null;
    let bestLike = ALIKE;
    for (const g of groups) {
      const like = jaccard(words, g.words);
      if (like >= bestLike) {
        best = g;
        bestLike = like;
      }
    }
    if (best) best.misses.push(m);
    else groups.push({ words, misses: [m] });
  }
  return groups.slice(0, max).map((g) => {
    const newest = g.misses[0] as KbMiss;
    return {
      question: newest.question,
      questions: [...new Set(g.misses.map((m) => m.question))].slice(0, QUESTIONS_SHOWN),
      count: g.misses.length,
      ids: g.misses.map((m) => m.id),
      last_time: Math.floor(newest.createdAt / 1000),
      draft: newest.reply,
    };
  });
}
