// PolicyStore on PostgreSQL: the policy column of bots, changed by compare-and-set on its version.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { PolicyStore } from "../policy";
import { toPolicy } from "../policy-rows";
import type { PgExec } from "./exec";
import { bots } from "./schema/desk";

export function createPgPolicy(db: PgExec): PolicyStore {
  return {
    async get(botId) {
      const [row] = await db
        .select({ policy: bots.policy, version: bots.policyVersion })
        .from(bots)
        .where(eq(bots.id, botId));
      return row ? { policy: toPolicy(row.policy), version: row.version } : null;
    },
    async replace(botId, version, policy) {
      const rows = await db
        .update(bots)
        .set({ policy: JSON.stringify(policy), policyVersion: version + 1 })
        .where(and(eq(bots.id, botId), eq(bots.policyVersion, version)))
        .returning({ id: bots.id });
      return rows.length > 0;
    },
    async withRetention() {
      const days = sql<number | null>`(${bots.policy}::jsonb ->> 'retention_days')::int`;
      return db
        .select({ botId: bots.id, retentionDays: sql<number>`${days}` })
        .from(bots)
        .where(isNotNull(days));
    },
    async withQueueUpdates() {
      const every = sql<number | null>`(${bots.policy}::jsonb ->> 'queue_updates_s')::int`;
      return db
        .select({ botId: bots.id, everyS: sql<number>`${every}` })
        .from(bots)
        .where(isNotNull(every));
    },
  };
}
