// A signed test event to a bot's webhook (kefu webhook test, POST /api/bot/webhook/test):
// the headers and signatures of a real delivery, but not stored in the outbox nor in the
// feed, so the receiver's answer can be checked without sending it anything real.
import { randomUUID } from "node:crypto";
import type { Bot } from "../model/desk";
import { signingSecrets, signWebhook } from "./sign";

export interface WebhookTestResult {
  url: string;
  /** The receiver's HTTP status; null when it did not answer. */
  status: number | null;
  ok: boolean;
  ms: number;
  /** Why it did not answer (a connection error, the timeout); null when it did. */
  error: string | null;
}

export async function sendTestEvent(
  bot: Bot & { webhookUrl: string },
  timeoutMs: number,
): Promise<WebhookTestResult> {
  const id = `evt_${randomUUID().replaceAll("-", "")}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ id, event: "webhook_test", bid: bot.id, timestamp });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(bot.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "kefu-webhook/1",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(signingSecrets(bot, Date.now()), id, timestamp, body),
        "x-kefu-event": "webhook_test",
      },
      body,
      // As deliveries: a redirect is an answer, not followed.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    const ok = res.status >= 200 && res.status < 300;
    return { url: bot.webhookUrl, status: res.status, ok, ms: elapsed(), error: null };
  } catch (err) {
    const error = err instanceof Error && err.name === "TimeoutError" ? "timed out" : String(err);
    return { url: bot.webhookUrl, status: null, ok: false, ms: elapsed(), error };
  }
}

/** The wire shape of a test's result. */
export function testView(bid: number, r: WebhookTestResult) {
  return { bid, url: r.url, status: r.status, ok: r.ok, ms: r.ms, error: r.error };
}
