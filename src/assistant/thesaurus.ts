// English words related to a word, from the `synonyms` package (MIT; 27,779 head words,
// WordNet's synsets by part of speech): refund → repay, invoice → bill, coupon → voucher.
// General, not written for this desk, so noisy (price → damage): the ranker that uses it
// is one vote among several (fuse.ts), never a folding of the index.
import dictionary from "synonyms/dictionary.js";
import { fold } from "./shape";

let links: Map<string, Set<string>> | null = null;

/** Folded word → folded words it shares a sense with, both ways (a head word and its list). */
function build(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    let set = out.get(a);
    if (!set) {
      set = new Set();
      out.set(a, set);
    }
    set.add(b);
  };
  for (const [head, senses] of Object.entries(dictionary)) {
    const h = fold(head);
    for (const list of Object.values(senses))
      for (const w of list ?? []) {
        // Phrases and the package's stray part-of-speech letters ("n", "v") are not words.
        if (w.includes(" ") || w.length < 3) continue;
        link(h, fold(w));
        link(fold(w), h);
      }
  }
  return out;
}

const NONE: ReadonlySet<string> = new Set();

/** Folded words that can mean the same as this folded English word; empty if none known. */
export function related(word: string): ReadonlySet<string> {
  links ??= build();
  return links.get(word) ?? NONE;
}
