// Changing a bot's desk policy (issue 18): the fields given replace the stored ones, the
// rest stay; made from the version read, retried if another change came first, and
// audited with the fields that changed.
import { DeskError } from "../errors";
import type { ActorType } from "../model/operations";
import type { Stores } from "../store/stores";
import type { BotPolicy, PolicyChange } from "../wire/policy";

const ATTEMPTS = 5;

/** The bot's policy after the change; null if there is no such bot. */
export async function changePolicy(
  stores: Stores,
  botId: number,
  change: PolicyChange,
  actor: { type: ActorType; id: number | null },
  now: number,
): Promise<BotPolicy | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const done = await stores.transaction(async (tx) => {
      const current = await tx.policy.get(botId);
      if (!current) return { policy: null };
      const { hours, ...rest } = { ...current.policy, ...change };
      // No hours is left out rather than null: the policy reads as it did before hours.
      const policy: BotPolicy = hours ? { ...rest, hours } : rest;
      if (!(await tx.policy.replace(botId, current.version, policy))) return null;
      await tx.ops.audit({
        botId,
        actorType: actor.type,
        actorId: actor.id,
        action: "policy_change",
        target: `bot:${botId}`,
        details: change,
        now,
      });
      return { policy };
    });
    if (done) return done.policy;
  }
  throw new DeskError("conflict", "the policy keeps changing; try again");
}
