// The assistant behind get_answer_from_ai: the bot's knowledge base searched with FTS5,
// optionally an LLM drafting a reply from what was found, and learning from agents: their
// replies become learned entries, and whether a reply was made from a suggestion feeds
// that bot's ranking (feedback.ts); a reply made from none of them is kept as a question
// the knowledge base missed (missed.ts). It also summarises conversations (summarise.ts).
import type { Stores } from "../store/stores";
import type { SuggestedAnswer } from "../wire/methods/lists";
import type { Assistant, SuggestInput } from "./assistant";
import { coalescing } from "./coalescing";
import { answerText } from "./entry";
import { type Shown, usedSuggestion } from "./feedback";
import type { KbHit, KbStore } from "./kb-store";
import type { Llm } from "./llm";
import { groupMisses } from "./missed";
import { lastPair, openQuestion, PAIR_WINDOW_MS, type Pair } from "./pair";
import { summaries } from "./summarise";

/** Answers suggested per question. */
export const SUGGESTIONS = 3;
/** Messages of the conversation the LLM sees; how far back learning and the question look. */
const RECENT = 20;

/**
 * Learnings running at once. Each waits for a commit: at saturation the replies to a user
 * that come meanwhile are learned by one run, not one each.
 */
const LEARNING_AT_ONCE = 8;
/**
 * A user's learning runs at most once in this time. Each reads the conversation's end (a
 * tenth of a reply's cost when every reply learned): an agent's burst of replies is learned
 * once, as the whole answer it makes, and a single reply at once.
 */
const LEARNING_SPACING_MS = 1000;
/** Conversations whose last suggestions are remembered until the agent's reply; a bound. */
const PENDING_KEPT = 10_000;
/** Misses read back for the list (missed.ts groups them). */
const MISSES_READ = 2000;

/** How the agent's reply stood to the suggestions: made from one, from none, or not asked for. */
type Outcome = "used" | "unused" | "unasked";

/** The suggestions last shown for a user's question, until the agent's reply tells how they served. */
interface Pending {
  question: string;
  shown: Shown[];
  at: number;
  /** An agent has replied since, with none of them. */
  replied: boolean;
}

export interface KbAssistantDeps {
  kb: KbStore;
  store: Stores;
  llm: Llm | null;
}

const fromHit = (h: KbHit): SuggestedAnswer => ({
  id: h.entryId,
  source: h.source === "curated" ? "kb" : "learned",
  message: h.answer,
});

export function createKbAssistant({ kb, store, llm }: KbAssistantDeps): Assistant {
  // In memory: a restart forgets only the verdicts still to come.
  const pending = new Map<string, Pending>();
  const key = (botId: number, userid: string) => `${botId}:${userid}`;

  /** Suggestions an agent replied without, asked about again: none of them served. */
  async function settle(botId: number, userid: string) {
    const k = key(botId, userid);
    const p = pending.get(k);
    if (!p) return;
    pending.delete(k);
    if (!p.replied) return;
    const now = Date.now();
    for (const s of p.shown)
      await kb.feedback(botId, s.entryId, p.question, "not_used", now, userid);
  }

  // Kept even with no suggestions: a reply to a question the base had nothing for is a miss.
  function remember(botId: number, userid: string, question: string, hits: KbHit[]) {
    if (pending.size >= PENDING_KEPT) pending.clear();
    pending.set(key(botId, userid), {
      question,
      shown: hits.map((h) => ({ entryId: h.entryId, text: answerText(h.answer) })),
      at: Date.now(),
      replied: false,
    });
  }

  async function answers({ botId, userid, query }: SuggestInput): Promise<SuggestedAnswer[]> {
    const recent = userid ? await store.history.recentMessages(botId, userid, RECENT) : [];
    // The user's question is what they said since the last answer, by the messages' order
    // (a client's user_query may hold only some of them); user_query when there is none.
    const asked = query
      .map((item) =>
        item.type === "text" && typeof item.value.text === "string" ? item.value.text : "",
      )
      .join(" ")
      .trim();
    const question = openQuestion(recent) || asked;
    if (!question) return [];
    const hits = await kb.search(botId, question, SUGGESTIONS);
    if (userid) {
      if (pending.get(key(botId, userid))?.question !== question) await settle(botId, userid);
      remember(botId, userid, question, hits);
    }
    if (!llm) return hits.map(fromHit);
    const draft = await llm.draft({ question, hits, recent: recent.reverse() });
    if (draft === null) return hits.map(fromHit);
    return [
      {
        id: null,
        source: "llm",
        message: [{ type: "text", value: { text: draft.text } }],
        cites: draft.cites,
      },
      ...hits.slice(0, SUGGESTIONS - 1).map(fromHit),
    ];
  }

  /** The suggestion a reply was made from, if any. */
  function madeFrom(reply: SuggestedAnswer["message"], shown: readonly Shown[]) {
    // Each message alone too: a greeting before the suggestion does not hide it.
    const texts = [...reply.map((item) => answerText([item])), answerText(reply)];
    return texts.map((t) => usedSuggestion(t, shown)).find((u) => u !== null) ?? null;
  }

  /** The agent's reply since the user last wrote: was it made from a suggestion? */
  async function judge(
    botId: number,
    userid: string,
    reply: SuggestedAnswer["message"],
  ): Promise<Outcome> {
    const k = key(botId, userid);
    const p = pending.get(k);
    if (!p) return "unasked";
    if (Date.now() - p.at > PAIR_WINDOW_MS) {
      pending.delete(k);
      return "unasked";
    }
    const used = madeFrom(reply, p.shown);
    if (!used) {
      p.replied = true;
      return "unused";
    }
    pending.delete(k);
    await kb.feedback(botId, used.entryId, p.question, used.verdict, Date.now(), userid);
    return "used";
  }

  // Questions with a miss kept, so that a later reply made from a suggestion drops it
  // without a write for every reply that never missed. A bound, like pending's.
  const missedKeys = new Set<string>();

  /**
   * Keeps the pair as a miss, or drops one kept, by how the reply stood to the suggestions.
   * A reply without suggestions asked for says nothing of the base, and costs nothing here.
   */
  async function recordMiss(botId: number, userid: string, pair: Pair, outcome: Outcome) {
    if (outcome === "unasked") return;
    const served = outcome === "used";
    const k = `${key(botId, userid)}:${pair.question}`;
    if (served && !missedKeys.has(k)) return;
    if (missedKeys.size >= PENDING_KEPT) missedKeys.clear();
    if (served) missedKeys.delete(k);
    else missedKeys.add(k);
    await kb.miss(botId, userid, pair.question, served ? null : pair.answer, Date.now());
  }

  return {
    answers,

    async suggest(input) {
      return (await answers(input)).flatMap((a) => a.message);
    },

    forget({ botId, userid }) {
      pending.delete(key(botId, userid));
    },

    learn: coalescing(
      LEARNING_AT_ONCE,
      LEARNING_SPACING_MS,
      (i) => key(i.botId, i.userid),
      async ({ botId, userid }) => {
        const entries = await store.history.recentMessages(botId, userid, RECENT);
        const pair = lastPair(entries);
        const outcome = await judge(botId, userid, pair?.answer ?? []);
        if (!pair) return;
        // Side by side, so the two writes can share one group commit.
        await Promise.all([
          kb.learn(botId, pair.question, pair.answer, Date.now(), userid),
          recordMiss(botId, userid, pair, outcome),
        ]);
      },
    ),

    summary: summaries(store.history, llm),

    async missed(botId, since) {
      return groupMisses(await kb.misses(botId, since, MISSES_READ));
    },
  };
}
