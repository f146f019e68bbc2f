// Tags and close reasons (issue 17): the bot's lists decide which names an agent may use.
import { DeskError } from "../errors";
import type { LabelKind } from "../store/labels";
import type { Stores } from "../store/stores";
import type { LabelReport } from "../wire/labels";
import { reportRange } from "../wire/reports";

/** Refuses a name the bot's list lacks (400 naming it); the names, each once, otherwise. */
export async function checkLabels(
  stores: Stores,
  botId: number,
  kind: LabelKind,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const known = new Set(await stores.labels.list(botId, kind));
  const unknown = names.find((n) => !known.has(n));
  if (unknown !== undefined) {
    throw new DeskError(
      "badRequest",
      `${kind === "tag" ? "tags" : "close_reason"}: no ${kind} "${unknown}" in this bot's list`,
    );
  }
  return [...new Set(names)];
}

export async function labelLists(stores: Stores, botId: number) {
  const [tags, reasons] = await Promise.all([
    stores.labels.list(botId, "tag"),
    stores.labels.list(botId, "reason"),
  ]);
  return { tags, reasons };
}

/** The counts over a range (Unix seconds, both ends inclusive; by default the last 7 days). */
export async function labelReport(
  stores: Stores,
  botId: number,
  query: { from?: number | undefined; to?: number | undefined },
): Promise<LabelReport> {
  const { from, to } = reportRange(query);
  const counts = await stores.labels.counts(botId, from * 1000, (to + 1) * 1000);
  return { from, to, ...counts };
}
