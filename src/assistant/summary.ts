// A short summary of a conversation for the agent who takes it over, without an LLM: the
// user's key sentences, in the order they were said, and the last answer the bot (or an
// agent) gave. A sentence is key when it carries the conversation's recurring words, asks
// or asks for something (a question mark, an intent word), or says what is wrong; a
// sentence that repeats one already picked, or only greets, is left out. Generic: the
// markers are words of asking and of trouble in general, not of any one product. Pure.
import type { ChatEntry } from "../model/desk";
import { likeness } from "./feedback";
import { PAIR_WINDOW_MS } from "./pair";
import { normalise, terms } from "./terms";

/** The part of a conversation summarised: before the agent's first reply, or all of it. */
export type Stage = "handoff" | "transfer";

export interface Extract {
  /** The user's key sentences, oldest first. */
  points: string[];
  /** The bot's last answer in the part summarised, shortened; null when it gave none. */
  botAnswer: string | null;
  /** An agent's last reply in the part summarised, shortened; null when none. */
  agentReply: string | null;
  userMessages: number;
  botMessages: number;
  agentMessages: number;
}

/** Key sentences kept, and the length a sentence or an answer is cut to. */
export const POINTS = 3;
export const CUT = 120;

const sentences = new Intl.Segmenter("zh", { granularity: "sentence" });
const words = new Intl.Segmenter("zh", { granularity: "word" });

// Words of asking and of trouble, in English and Chinese: they mark the sentence that says
// what the user wants, whatever it is about.
const ASKING = new Set(
  "want need how why what when where can could would please help wish like 想 要 需要 怎么 如何 为什么 能 能不能 可以 可不可以 请 请问 帮 帮忙 麻烦 希望 吗 呢 么".split(
    " ",
  ),
);
const TROUBLE = new Set(
  "not no never cant cannot dont doesnt didnt wont isnt wasnt failed fails error wrong broken problem issue missing still 不 没 没有 无法 不能 失败 错误 问题 坏 还没 一直 未".split(
    " ",
  ),
);
const GREETING = new Set(
  "hi hello hey thanks thank ok okay yes yeah sure bye 你好 您好 谢谢 好的 好 嗯 在吗 在 哈喽 拜拜 再见 对 是的".split(
    " ",
  ),
);

const textOf = (e: ChatEntry) =>
  e.item.type === "text" && typeof e.item.value.text === "string" ? e.item.value.text.trim() : "";

const cut = (text: string) =>
  [...text].length > CUT ? `${[...text].slice(0, CUT - 1).join("")}…` : text;

/**
 * The conversation the newest messages belong to, oldest first: back from the newest until
 * a silence longer than a pairing window (the conversation before it is another one).
 * Notes are agents' and are left out.
 */
export function lastConversation(newestFirst: readonly ChatEntry[]): ChatEntry[] {
  const out: ChatEntry[] = [];
  let later: number | null = null;
  for (const e of newestFirst) {
    if (e.from === "note") continue;
    if (later !== null && later - e.createdAt > PAIR_WINDOW_MS) break;
    out.push(e);
    later = e.createdAt;
  }
  return out.reverse();
}

/** The part of the conversation a stage summarises. */
export function part(conversation: readonly ChatEntry[], stage: Stage): ChatEntry[] {
  if (stage === "transfer") return [...conversation];
  const first = conversation.findIndex((e) => e.from === "agent");
  return first === -1 ? [...conversation] : conversation.slice(0, first);
}

interface Candidate {
  text: string;
  at: number;
  content: string[];
  marks: number;
}

function candidate(text: string, at: number): Candidate | null {
  const all = [...words.segment(normalise(text))].filter((s) => s.isWordLike).map((s) => s.segment);
  if (all.length === 0 || all.every((w) => GREETING.has(w))) return null;
  const asks = /[?？]/.test(text) || all.some((w) => ASKING.has(w));
  const trouble = all.some((w) => TROUBLE.has(w));
  const content = terms(text).words.filter((w) => !GREETING.has(w));
  // "Are you there?", 在吗？: asking, but of nothing.
  if (content.length === 0) return null;
  return { text: text.trim(), at, content, marks: (asks ? 1.5 : 0) + (trouble ? 1 : 0) };
}

/** The user's key sentences of a conversation part, oldest first. */
export function keySentences(entries: readonly ChatEntry[], max = POINTS): string[] {
  const said: Candidate[] = [];
  for (const e of entries) {
    if (e.from !== "user") continue;
    for (const line of textOf(e).split(/\n+/)) {
      for (const s of sentences.segment(line)) {
        const c = candidate(s.segment, said.length);
        if (c) said.push(c);
      }
    }
  }
  // A word said in more than one sentence is what the conversation is about.
  const df = new Map<string, number>();
  for (const c of said) for (const w of new Set(c.content)) df.set(w, (df.get(w) ?? 0) + 1);
  const score = (c: Candidate, i: number) => {
    const distinct = new Set(c.content);
    let recurring = 0;
    for (const w of distinct) recurring += (df.get(w) ?? 1) - 1;
    const information = Math.min(distinct.size, 6) / 6;
    // The first sentence often states the matter, the last the question still open.
    const place = (i === 0 ? 0.5 : 0) + (i === said.length - 1 ? 0.5 : 0);
    return c.marks + information + recurring / Math.sqrt(distinct.size || 1) + place;
  };
  const ranked = said.map((c, i) => ({ c, s: score(c, i) })).sort((a, b) => b.s - a.s);
  const picked: Candidate[] = [];
  for (const { c } of ranked) {
    if (picked.length === max) break;
    if (picked.some((p) => likeness(p.text, c.text) >= 0.7)) continue;
    picked.push(c);
  }
  return picked.sort((a, b) => a.at - b.at).map((c) => cut(c.text));
}

/** The summary of a conversation part: its key sentences and the last answers in it. */
export function extract(entries: readonly ChatEntry[]): Extract {
  const last = (from: ChatEntry["from"]) => {
    const e = entries.findLast((x) => x.from === from && textOf(x) !== "");
    return e ? cut(textOf(e)) : null;
  };
  const count = (from: ChatEntry["from"]) => entries.filter((e) => e.from === from).length;
  return {
    points: keySentences(entries),
    botAnswer: last("robot"),
    agentReply: last("agent"),
    userMessages: count("user"),
    botMessages: count("robot"),
    agentMessages: count("agent"),
  };
}
