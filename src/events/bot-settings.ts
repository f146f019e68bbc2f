// Changing a bot's name, webhook and signing secret: the one place the CLI and the bot's own
// HTTP routes go through, so both turn delivery on again, rotate and audit the same way.
import type { Bot, BotChange } from "../model/desk";
import type { AuditInput } from "../model/operations";
import { type Stores, withAudit } from "../store/stores";
import { WEBHOOK_MAX_AGE_MS } from "./sign";

/** Who made a change: the audit entry for it, given what the change did. */
export type Auditor = (action: string, details: Record<string, unknown>) => AuditInput;

export interface BotChanged {
  bot: Bot;
  /** Events queued again because delivery was turned back on. */
  requeued: number;
}

/**
 * Applies the change; null if there is no such bot. When it turns delivery back on after
 * a 410, the events that 410 gave up and those committed while it was off, if younger than
 * the delivery window (24 h), are sent after all, in order: the receiver drops repeats by id.
 */
export async function changeBot(
  store: Stores,
  botId: number,
  change: BotChange,
  audit: Auditor,
): Promise<BotChanged | null> {
  const now = Date.now();
  return withAudit(
    store,
    async (tx) => {
      const before = await tx.identity.getBot(botId);
      if (!before) return null;
      const bot = await tx.identity.updateBot(botId, change);
      if (!bot) return null;
      const offSince = before.webhookEnabled ? null : before.webhookDisabledAt;
      const requeued =
        offSince !== null && bot.webhookEnabled && bot.webhookUrl !== null
          ? await tx.outbox.requeueAfterOff(botId, offSince, now - WEBHOOK_MAX_AGE_MS, now)
          : 0;
      return { bot, requeued };
    },
    (done) =>
      done &&
      audit("bot_update", {
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.webhookUrl === undefined ? {} : { webhook_url: change.webhookUrl }),
        ...(change.enableWebhook ? { enable_webhook: true } : {}),
        ...(done.requeued > 0 ? { requeued: done.requeued } : {}),
      }),
  );
}

/** The longest a replaced secret may keep signing. */
export const MAX_KEEP_OLD_S = 30 * 86400;

/**
 * A new webhook secret; the replaced one keeps signing for `keepOldS` seconds (0: stops at
 * once). A second rotation within the window drops the oldest. Null if there is no such bot.
 */
export function rotateSecret(
  store: Stores,
  botId: number,
  keepOldS: number,
  audit: Auditor,
): Promise<Bot | null> {
  const until = keepOldS > 0 ? Date.now() + keepOldS * 1000 : null;
  return withAudit(
    store,
    (tx) => tx.identity.rotateWebhookSecret(botId, until),
    (bot) => bot && audit("webhook_secret_rotate", { keep_old_s: keepOldS }),
  );
}
