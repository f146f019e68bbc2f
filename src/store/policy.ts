// Each bot's desk policy (wire/policy.ts), kept as the bot set it; a change names the
// version it was made from, so two changes at once cannot lose one another.
import type { BotPolicy } from "../wire/policy";

export interface VersionedPolicy {
  policy: BotPolicy;
  version: number;
}

export interface PolicyStore {
  /** The bot's policy (every rule off until one is set); null if there is no such bot. */
  get(botId: number): Promise<VersionedPolicy | null>;
  /** Replaces the policy if it is still at `version`; false if it moved meanwhile. */
  replace(botId: number, version: number, policy: BotPolicy): Promise<boolean>;
  /** Every bot's policy with a retention set, for the retention sweep. */
  withRetention(): Promise<{ botId: number; retentionDays: number }[]>;
  /** Every bot's policy with queue updates on, for the queue-updates sweep. */
  withQueueUpdates(): Promise<{ botId: number; everyS: number }[]>;
}
