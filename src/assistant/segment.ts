// Words of a normalised text. Chinese runs go to jieba (`@node-rs/jieba`, its own 350,000
// word dictionary and an HMM for words not in it); everything else to Intl.Segmenter, which
// knows every other script's word breaks. The native addon and the dictionary are embedded
// by `bun build --compile`, so the single executable still runs alone. The dictionary takes
// most of a second to load, so it is loaded at the first text that has Chinese in it.
import { Jieba } from "@node-rs/jieba";
import dictPath from "@node-rs/jieba/dict.txt" with { type: "file" };
import { readFileSync } from "node:fs";

export interface Segment {
  word: string;
  /** False for spaces and punctuation. */
  isWordLike: boolean;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const HAN_RUN = /(\p{Script=Han}+)/u;
let jieba: Jieba | null = null;
const chinese = () => {
  jieba ??= Jieba.withDict(readFileSync(dictPath));
  return jieba;
};

export function segment(text: string): Segment[] {
  const out: Segment[] = [];
  for (const [i, part] of text.split(HAN_RUN).entries()) {
    if (!part) continue;
    // split() with a capturing group puts the Han runs at the odd places.
    if (i % 2 === 1) for (const word of chinese().cut(part, Boolean(process.env.HMM))) out.push({ word, isWordLike: true });
    else for (const s of segmenter.segment(part)) out.push({ word: s.segment, isWordLike: s.isWordLike ?? false });
  }
  return out;
}
