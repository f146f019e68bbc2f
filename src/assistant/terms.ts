// Text to search terms, the same way when indexing and when querying. Width and case are
// folded (NFKC, lower case) and punctuation dropped; Intl.Segmenter finds the words,
// Chinese included (怎么改登录密码 → 怎么 改 登录 密码). A Han word of two or more characters
// also yields its single characters, so 修改密码 still meets 改 … 密码. English stemming is
// FTS5's Porter tokenizer, applied to these terms in the index and in the query alike.
// Every term is one FTS5 token: the invisible characters and combining marks that the
// segmenter keeps inside a word but FTS5 splits on are taken out.

import { canonical, isKnown } from "./synonyms";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const HAN = /\p{Script=Han}/u;
const PUNCTUATION = /[\p{P}\p{S}]+/gu;
// what's → whats, don't → dont: one word, not a word and a stray letter.
const APOSTROPHE = /(?<=\p{L})['’](?=\p{L})/gu;
const LATIN_LETTER = /^[a-z]$/;
// A zero-width space is a word break, to the segmenter and to FTS5 alike.
const ZERO_WIDTH_SPACE = /\u200B/g;
// Format characters (soft hyphen, ZWJ/ZWNJ, word joiner, BOM, direction marks, tags):
// invisible, and "ab\u00ADcd" means abcd. Removed before NFKC so that what they separated
// composes.
const FORMAT = /\p{Cf}/gu;
// Combining marks left after NFKC (it composes é, が, Hangul): part of a word to the
// segmenter, separators to FTS5 (which folds Latin diacritics away anyway). They are taken
// out of each word after segmenting, so Thai or Hindi is still cut at its real words. FTS5's
// tables are Unicode 6.1's: New Tai Lue vowels and two Vedic signs, letters since, are
// marks to it.
const MARK = /[\p{M}\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3]/gu;

// Words that carry no meaning of their own in a support question; they would only add
// noise to the ranking and work to the search.
const STOP = new Set([
  ..."a an and are as at be but by can could do does for from have how hows i im if in into is it its me my of on or our please should so that the their them then there these this to was we what whats when where wheres which who why will with would you your".split(
    " ",
  ),
  ..."的 我的 了 吗 呢 吧 啊 呀 么 嘛 哦 我 你 您 我们 你们 是 在 有 和 与 就 都 也 还 要 想 请 请问 问 一下 能 能不能 可以 可不可以 怎么 怎么样 怎样 如何 什么 为什么 哪里 哪儿 这个 那个 这 那 个 一个".split(
    " ",
  ),
]);

export const isStop = (word: string) => STOP.has(word);

export interface Terms {
  /** Whole words, stop words left out. */
  words: string[];
  /** Single Han characters of the longer Han words. */
  chars: string[];
}

export function normalise(text: string): string {
  return text
    .toWellFormed()
    .replace(ZERO_WIDTH_SPACE, " ")
    .replace(FORMAT, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(APOSTROPHE, "")
    .replace(PUNCTUATION, " ");
}

export function terms(text: string): Terms {
  const words: string[] = [];
  const chars: string[] = [];
  const add = (word: string) => {
    const head = canonical(word);
    words.push(head);
    // The characters of the synonym too: 崩溃 (→ 闪退) then meets a 闪退 the segmenter split.
    for (const w of head === word ? [word] : [word, head]) {
      if (w.length > 1 && HAN.test(w)) {
        for (const c of w) if (HAN.test(c) && !STOP.has(c)) chars.push(c);
      }
    }
  };
  let single = "";
  for (const s of segmenter.segment(normalise(text))) {
    const word = s.segment.replace(MARK, "");
    // The segmenter's dictionary splits some compounds (漏发 → 漏 发): two single characters
    // that make a word the synonym table knows count as that word as well.
    const pair = single + word;
    if (single && s.isWordLike && word.length === 1 && isKnown(pair)) add(pair);
    single = s.isWordLike && word.length === 1 && HAN.test(word) ? word : "";
    if (!s.isWordLike || !word || STOP.has(word) || LATIN_LETTER.test(word)) continue;
    add(word);
  }
  return { words, chars };
}
