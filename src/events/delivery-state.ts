// What an operator (kefu bot list) and the bot (GET /api/bot) see of a bot's webhook: is
// delivery on, and how did the last attempt go. Never a secret.
import type { Bot } from "../model/desk";

/**
 * on: events are sent and the last attempt (if any) was answered 2xx; failing: the last
 * attempt was not; disabled: a 410 turned delivery off; off: no webhook url (pull the feed).
 */
export type DeliveryState = "on" | "off" | "disabled" | "failing";

export function deliveryState(bot: Bot): DeliveryState {
  if (bot.webhookUrl === null) return "off";
  if (!bot.webhookEnabled) return "disabled";
  return bot.lastDelivery?.error ? "failing" : "on";
}

const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.floor(ms / 1000));

/** The bot's settings and delivery state as the wire gives them (times in Unix seconds). */
export function botView(bot: Bot, now: number) {
  const old = bot.webhookOldSecret;
  return {
    bid: bot.id,
    name: bot.name,
    webhook_url: bot.webhookUrl,
    delivery: deliveryState(bot),
    disabled_at: bot.webhookEnabled ? null : seconds(bot.webhookDisabledAt),
    last_delivery_at: seconds(bot.lastDelivery?.at),
    last_error: bot.lastDelivery?.error ?? null,
    failures_in_a_row: bot.lastDelivery?.failures ?? 0,
    old_secret_signs_until: old && old.until > now ? seconds(old.until) : null,
  };
}
