// What became of a reply sent with send_to_user: kefu answers a refused frame with a
// non-zero code, and a well-formed frame with code 0 and the items it refused counted in
// `data.failure` (CONTRACT.md, send_to_user). Only what was stored may look sent.
import type { Reply } from "./frames";
import type { Word } from "./i18n";

/** The longest text item kefu takes (src/wire/items.ts). */
export const MAX_TEXT = 8000;

export type Outcome =
  | { kind: "sent" }
  /** Nothing was stored: the composer keeps the reply and says why. */
  | { kind: "refused"; word: Word; vars: Record<string, string | number> }
  /** Some items were stored, some not: the history is read again to show which. */
  | { kind: "partly"; word: Word; vars: Record<string, string | number> };

export function outcome(r: Reply, text: string): Outcome {
  if (r.code === -1) return { kind: "refused", word: "notSentOffline", vars: {} };
  if (r.code !== 0)
    return { kind: "refused", word: "notSent", vars: { msg: r.msg ?? String(r.code) } };
  const data = (r.data ?? {}) as { failure?: number; success?: number };
  const failure = data.failure ?? 0;
  if (failure === 0) return { kind: "sent" };
  const success = data.success ?? 0;
  if (success > 0)
    return { kind: "partly", word: "partlySent", vars: { n: failure, total: failure + success } };
  if (text.length > MAX_TEXT)
    return { kind: "refused", word: "tooLong", vars: { n: text.length, max: MAX_TEXT } };
  return { kind: "refused", word: "refusedItems", vars: { n: failure } };
}
