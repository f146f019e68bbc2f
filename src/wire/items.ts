// A message item, as users, robots and agents send them (CONTRACT.md, "Words"): the one
// schema, and the type every layer uses derived from it.
import { z } from "zod";
import { boundedJson } from "../json-bounds";

// An item's value keeps the sender's own fields as given, so it is bounded like any stored
// JSON: a value that cannot be written out again would break every reply that carries it.
const media = boundedJson(z.looseObject({ url: z.string().min(1).max(2048) }));

export const messageItem = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("text"),
    value: boundedJson(z.looseObject({ text: z.string().min(1).max(8000) })),
  }),
  z.object({ type: z.literal("picture"), value: media }),
  z.object({ type: z.literal("video"), value: media }),
  z.object({ type: z.literal("voice"), value: media }),
  // kefu's own, beside the seed's: any other file (an uploaded PDF, say), with what a
  // receiver shows before it fetches it.
  z.object({
    type: z.literal("file"),
    value: boundedJson(
      z.looseObject({
        url: z.string().min(1).max(2048),
        name: z.string().min(1).max(255),
        size: z.number().int().min(0).optional(),
        mime: z.string().min(1).max(255).optional(),
      }),
    ),
  }),
]);

export type MessageItem = z.output<typeof messageItem>;

/** A list of items, at least one: what a user's message or an agent's reply carries. */
export const messageItems = z.array(messageItem).min(1).max(50);

/** Splits a list into the items that are valid and a count of those that are not. */
export function sortItems(raw: readonly unknown[]): { valid: MessageItem[]; failure: number } {
  const valid: MessageItem[] = [];
  for (const r of raw) {
    const parsed = messageItem.safeParse(r);
    if (parsed.success) valid.push(parsed.data);
  }
  return { valid, failure: raw.length - valid.length };
}
