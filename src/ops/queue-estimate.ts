// The wait a user in the queue can expect, told to the bot so it can tell the user.
// Estimator: the median of the bot's recent waits (how long its latest assigned users took
// to reach an agent) for each place up to the user's, shared among the agents taking users
// now. Rough by design; null when the bot has no assignment to learn from.
export const RECENT_WAITS = 50;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** Seconds, rounded up; `waitsMs` newest first or in any order. */
export function estimateWait(
  waitsMs: readonly number[],
  position: number,
  agentsTakingUsers: number,
): number | null {
  const m = median(waitsMs);
  if (m === null) return null;
  return Math.ceil(((m / 1000) * position) / Math.max(1, agentsTakingUsers));
}
