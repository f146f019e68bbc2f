// Keeps the search index up with what is said: a sweep (scheduler.ts) that reads the
// messages after its progress and writes their terms, segmented as the knowledge base's
// (assistant/terms.ts: Chinese and English alike). Off the write path of a message, so a
// reply is never slower for it; a message is searchable within a tick or two.
import { terms } from "../assistant/terms";
import type { MessageItem } from "../model/desk";
import type { Stores } from "../store/stores";
import type { Sweep } from "./scheduler";

const NAME = "search_index";
/**
 * Small batches, with the event loop let go between them: a tick's backlog indexed in one
 * go (segmenting and the FTS writes, about 10 µs a message) held every request behind it,
 * and was what set the p99 of user messages under steady load.
 */
const BATCH = 100;
/** Batches per tick: a backlog (a first start on an old database) drains over several ticks. */
const BATCHES = 40;

const letRequestsIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What of an item is searchable: a text's words, a file's name. */
export function searchableText(item: MessageItem): string {
  if (item.type === "text") return item.value.text;
  const name = item.value.name;
  return typeof name === "string" ? name : "";
}

/** An item's distinct terms: whole words and the single Han characters of longer ones. */
export function itemTerms(item: MessageItem): string[] {
  const t = terms(searchableText(item));
  return [...new Set([...t.words, ...t.chars])];
}

/** Segments a query the same way; only whole words, so "密码" does not match every "码". */
export function queryTerms(text: string): string[] {
  return [...new Set(terms(text).words)];
}

export function searchIndexSweep(stores: Stores): Sweep {
  return {
    name: NAME,
    async run() {
      for (let i = 0; i < BATCHES; i++) {
        const from = await stores.sweeps.progress(NAME);
        const batch = await stores.search.unindexed(from ?? 0, BATCH);
        const last = batch.at(-1);
        if (!last) return;
        await stores.search.index(
          batch.map((m) => ({ messageId: m.id, botId: m.botId, terms: itemTerms(m.item) })),
        );
        // Another runner got there first: it indexed the same batch; the next tick goes on.
        if (!(await stores.sweeps.advance(NAME, from, Math.max(from ?? 0, last.id)))) return;
        if (batch.length < BATCH) return;
        await letRequestsIn();
      }
    },
  };
}
