// Which node runs a tick of the desk's sweeps: the one that moves the tick's number on in
// the sweeps table (compare-and-set), so each tick runs on exactly one node of the cluster.
import type { SweepStore } from "../store/sweeps";

export const CLUSTER_TICK = "cluster_tick";

/** True for the one caller that claims the tick of `now` (ticks `tickMs` long). */
export async function claimClusterTick(
  sweeps: SweepStore,
  tickMs: number,
  now: number,
): Promise<boolean> {
  const slot = Math.floor(now / tickMs);
  const from = await sweeps.progress(CLUSTER_TICK);
  if (from !== null && from >= slot) return false;
  return sweeps.advance(CLUSTER_TICK, from, slot);
}
