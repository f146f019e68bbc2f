// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// "id.timestamp.body" with the key that the `whsec_` secret encodes in base64.
import { createHmac } from "node:crypto";
import type { Bot } from "../model/desk";

/** Deliveries give up on an event this long after it was committed. */
export const WEBHOOK_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * The `webhook-signature` header: one `v1,<base64>` per secret, space-separated, so a
 * receiver that knows any one of them accepts (the spec allows several signatures).
 */
export function signWebhook(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
      return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
    })
    .join(" ");
}

/** The bot's secret, and the one it replaced while that still signs (a rotation's window). */
export function signingSecrets(bot: Bot, now: number): string[] {
  const old = bot.webhookOldSecret;
  return old && old.until > now ? [bot.webhookSecret, old.secret] : [bot.webhookSecret];
}

/** Retry delays: 1 s doubling to 10 min, each jittered into its upper half. */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random()): number {
  const ceiling = Math.min(baseMs * 2 ** attempt, 600_000);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
