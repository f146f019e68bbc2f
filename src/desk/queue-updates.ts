// Queue updates to the bot (issue 18): for bots whose policy sets queue_updates_s, each
// waiting user whose place or estimated wait changed since the bot was last told gets a
// queue_update event, at most once per that many seconds, so the bot can tell the user
// without polling. The last notice per session is kept in the database and moved by
// compare-and-set with its event, so two sweepers never tell the same change twice.
import { estimateWait, RECENT_WAITS } from "../ops/queue-estimate";
import type { Stores } from "../store/stores";
import { deskEvents } from "./events";
import type { Presence } from "./presence";
import type { Sweep } from "./scheduler";

export const QUEUE_UPDATES = "queue_updates";

/** Whether a notice is due: something changed, and the throttle has passed since the last. */
export function noticeDue(
  last: { position: number; estimate: number | null; sentAt: number } | undefined,
  now: { position: number; estimate: number | null },
  at: number,
  everyMs: number,
): boolean {
  if (!last) return true;
  if (last.position === now.position && last.estimate === now.estimate) return false;
  return at - last.sentAt >= everyMs;
}

export function queueUpdatesSweep(stores: Stores, presence: Presence): Sweep {
  return {
    name: QUEUE_UPDATES,
    async run(now) {
      for (const { botId, everyS } of await stores.policy.withQueueUpdates()) {
        const waiting = await stores.sessions.queue(botId);
        await stores.queueNotices.prune(
          botId,
          waiting.map((s) => s.id),
        );
        if (waiting.length === 0) continue;
        const waits = await stores.ops.recentWaits(botId, RECENT_WAITS);
        const agents = (await presence.candidates(botId)).length;
        const told = await stores.queueNotices.last(waiting.map((s) => s.id));
        for (const [i, s] of waiting.entries()) {
          const place = { position: i + 1, estimate: estimateWait(waits, i + 1, agents) };
          const last = told.get(s.id);
          if (!noticeDue(last, place, now, everyS * 1000)) continue;
          await stores.transaction(async (tx) => {
            const notice = { ...place, sentAt: now };
            if (!(await tx.queueNotices.record(botId, s.id, notice, last?.sentAt ?? null))) return;
            await tx.outbox.append(deskEvents.queueUpdate(s, place.position, place.estimate), now);
          });
        }
      }
    },
  };
}
