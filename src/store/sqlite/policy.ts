// PolicyStore on SQLite: the policy column of bots, changed by compare-and-set on its version.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { PolicyStore } from "../policy";
import { toPolicy } from "../policy-rows";
import { bots } from "../schema/desk";

export function createSqlitePolicy(db: Db, write: Write): PolicyStore {
  // Prepared once: every new session reads its bot's policy, and building this select
  // each time was a tenth of a new user's ingest.
  const ofBot = db
    .select({ policy: bots.policy, version: bots.policyVersion })
    .from(bots)
    .where(eq(bots.id, sql.placeholder("botId")))
    .prepare();
  // The retention and queue-update sweeps ask on every tick.
  const days = sql<number | null>`json_extract(${bots.policy}, '$.retention_days')`;
  const retained = db
    .select({ botId: bots.id, retentionDays: sql<number>`${days}` })
    .from(bots)
    .where(isNotNull(days))
    .prepare();
  const every = sql<number | null>`json_extract(${bots.policy}, '$.queue_updates_s')`;
  const updated = db
    .select({ botId: bots.id, everyS: sql<number>`${every}` })
    .from(bots)
    .where(isNotNull(every))
    .prepare();
  return {
    async get(botId) {
      const row = ofBot.get({ botId });
      return row ? { policy: toPolicy(row.policy), version: row.version } : null;
    },
    async replace(botId, version, policy) {
      const rows = await write((tx) =>
        tx
          .update(bots)
          .set({ policy: JSON.stringify(policy), policyVersion: version + 1 })
          .where(and(eq(bots.id, botId), eq(bots.policyVersion, version)))
          .returning({ id: bots.id })
          .all(),
      );
      return rows.length > 0;
    },
    async withRetention() {
      return retained.all();
    },
    async withQueueUpdates() {
      return updated.all();
    },
  };
}
