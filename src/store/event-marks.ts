// A position in the events of every bot at once: each bot's last seq read. Seqs are per bot
// (PostgreSQL counts each bot's feed on its own), so one number cannot say where a reader is.

/** Bot id to the last seq read of that bot's events; a bot not in it: none read yet. */
export type EventMarks = ReadonlyMap<number, number>;

/** The seqs of each bot's events past `after` up to `last`: only bots with new events. */
export function newEventRanges(
  after: EventMarks,
  last: EventMarks,
): { botId: number; after: number; last: number }[] {
  return [...last]
    .map(([botId, seq]) => ({ botId, after: after.get(botId) ?? 0, last: seq }))
    .filter((r) => r.last > r.after);
}
