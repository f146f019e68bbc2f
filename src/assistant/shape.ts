// How the reranker sees a text, beside the index's terms: words folded further (English
// suffixes, Chinese particles the segmenter left on a word: 少了 → 少), every Han character
// of the words, and the character pairs of its Han runs, which meet words the segmenter
// cut differently (手机号码 / 手机号). Only compared in memory, so it can change without
// rebuilding the index.
import { isStop, normalise, type Terms, terms } from "./terms";

export interface Shape {
  words: ReadonlySet<string>;
  chars: ReadonlySet<string>;
  bigrams: ReadonlySet<string>;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN = /^[a-z]+$/;
const PARTICLE = /[了的啦呀吗呢吧]$/u;

/** A word as compared: English without its common suffixes, Chinese without a trailing particle. */
export function fold(word: string): string {
  if (LATIN.test(word)) {
    let w = word;
    if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
    else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
    if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
    else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
    if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
    return w;
  }
  return word.length > 1 && HAN.test(word) ? word.replace(PARTICLE, "") : word;
}

/** Adjacent character pairs within the Han runs of a text. */
export function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of normalise(text).match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 1; i < chars.length; i++) out.add(`${chars[i - 1]}${chars[i]}`);
  }
  return out;
}

/** Each folded word with the index terms it came from (to look up how rare they are). */
export function foldedWords(t: Terms): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of t.words) {
    const f = fold(w);
    if (isStop(f)) continue;
    out.set(f, [...(out.get(f) ?? []), w]);
  }
  return out;
}

/** Every Han character of the words, single-character words included. */
export function hanChars(t: Terms): Set<string> {
  const out = new Set<string>();
  for (const w of t.words) for (const c of w) if (HAN.test(c) && !isStop(c)) out.add(c);
  for (const c of t.chars) out.add(c);
  return out;
}

export function shape(text: string, t: Terms = terms(text)): Shape {
  return { words: new Set(foldedWords(t).keys()), chars: hanChars(t), bigrams: bigrams(text) };
}
