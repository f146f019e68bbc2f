// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// "id.timestamp.body" with the key that the `whsec_` secret encodes in base64.
import { createHmac } from "node:crypto";

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** Retry delays: 1 s doubling to 10 min, each jittered into its upper half. */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random()): number {
  const ceiling = Math.min(baseMs * 2 ** attempt, 600_000);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
