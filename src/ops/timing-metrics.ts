// Feeds the wait and first-response histograms of /metrics from the outbox at scrape time:
// every assignment and agent message wrote an event, in commit order, so reading the events
// after the last one seen observes each exactly once without touching the desk's paths.
import type { DeskMetrics, Registry } from "../metrics";
import type { OpsStore } from "../store/operations";

export async function collectTimings(
  registry: Registry,
  metrics: Pick<DeskMetrics, "waits" | "firstResponses">,
  ops: OpsStore,
): Promise<void> {
  // Only what happens from this start on: histograms restart with the process.
  let seqs = await ops.lastEventSeqs();
  registry.collect(async () => {
    const t = await ops.timingsAfter(seqs);
    for (const w of t.waits) metrics.waits.observe(w);
    for (const r of t.firstResponses) metrics.firstResponses.observe(r);
    seqs = t.seqs;
  });
}
