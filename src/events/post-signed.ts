// One signed POST of an event to a bot's webhook, as Standard Webhooks says (CONTRACT.md,
// "Back to the bot: events"): the delivery worker and the webhook test send exactly this.
import type { Bot } from "../model/desk";
import { signingSecrets, signWebhook } from "./sign";

export interface SignedEvent {
  id: string;
  /** The event's name, in `x-kefu-event`. */
  event: string;
  /** The JSON body, signed as sent. */
  body: string;
}

/** The receiver's status, or why there was none ("timed out", a connection error). */
export type PostResult = { status: number } | { status: null; error: string };

/** Signed with the bot's secrets (both, while a rotation keeps the old one) and sent to `url`. */
export async function postSigned(
  bot: Bot,
  url: string,
  e: SignedEvent,
  timeoutMs: number,
): Promise<PostResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "kefu-webhook/1",
        "webhook-id": e.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(signingSecrets(bot, Date.now()), e.id, timestamp, e.body),
        "x-kefu-event": e.event,
      },
      body: e.body,
      // A redirect is an answer, not followed: the receiver is the bot's configured URL.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return { status: res.status };
  } catch (err) {
    const error = err instanceof Error && err.name === "TimeoutError" ? "timed out" : String(err);
    return { status: null, error };
  }
}
