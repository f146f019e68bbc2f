// Retention (issue 18): per bot, messages (with their search index rows), events and files
// older than its `retention_days` are deleted by a sweep (files' bytes after the commit),
// a batch per bot per run, each batch audited by its counts. The last run's time is kept in the sweeps table and claimed by compare-and-set, so whichever node
// runs the tick, a run happens once per interval; a run that filled a batch leaves its
// progress due at once, so a backlog goes on at the next tick.
import { type Blobs, removeBlobs } from "../files/blobs";
import type { Stores } from "../store/stores";
import type { Sweep } from "./scheduler";

export const RETENTION = "retention";

export interface RetentionOptions {
  /** How often the sweep looks for old rows. */
  intervalMs: number;
  /** Rows of each kind deleted per bot per run. */
  batch: number;
}

const DAY_MS = 86_400_000;

export function retentionSweep(stores: Stores, blobs: Blobs, options: RetentionOptions): Sweep {
  return {
    name: RETENTION,
    async run(now) {
      const last = await stores.sweeps.progress(RETENTION);
      if (last !== null && now - last < options.intervalMs) return;
      if (!(await stores.sweeps.advance(RETENTION, last, now))) return;
      let full = false;
      for (const { botId, retentionDays } of await stores.policy.withRetention()) {
        const before = now - retentionDays * DAY_MS;
        const expired = await stores.transaction(async (tx) => {
          const { counts: gone, fileIds } = await tx.privacy.expire(botId, before, options.batch);
          if (gone.messages + gone.events + gone.files > 0) {
            await tx.ops.audit({
              botId,
              actorType: "desk",
              actorId: null,
              action: "retention_delete",
              target: `bot:${botId}`,
              details: {
                ...gone,
                older_than: Math.floor(before / 1000),
                retention_days: retentionDays,
              },
              now,
            });
          }
          return { gone, fileIds };
        });
        await removeBlobs(blobs, botId, expired.fileIds);
        const { gone } = expired;
        full ||= Math.max(gone.messages, gone.events, gone.files) >= options.batch;
      }
      if (full) await stores.sweeps.advance(RETENTION, now, now - options.intervalMs);
    },
  };
}
