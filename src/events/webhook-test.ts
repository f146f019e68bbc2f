// A signed test event to a bot's webhook (kefu webhook test, POST /api/bot/webhook/test):
// the headers and signatures of a real delivery, but not stored in the outbox nor in the
// feed, so the receiver's answer can be checked without sending it anything real.
import { randomUUID } from "node:crypto";
import type { Bot } from "../model/desk";
import { postSigned } from "./post-signed";

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
  const r = await postSigned(bot, bot.webhookUrl, { id, event: "webhook_test", body }, timeoutMs);
  const ms = Math.round(performance.now() - started);
  if (r.status === null)
    return { url: bot.webhookUrl, status: null, ok: false, ms, error: r.error };
  const ok = r.status >= 200 && r.status < 300;
  return { url: bot.webhookUrl, status: r.status, ok, ms, error: null };
}

/** The wire shape of a test's result. */
export function testView(bid: number, r: WebhookTestResult) {
  return { bid, url: r.url, status: r.status, ok: r.ok, ms: r.ms, error: r.error };
}
