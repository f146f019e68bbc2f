// Delivers the outbox to bots' webhooks: at least once, in order per user, retried with
// backoff and jitter, never on the WebSocket or HTTP paths. State lives in the events
// table, so pending deliveries resume after a restart.
import { errorFields, log } from "../log";
import type { Counter } from "../metrics";
import type { Bot, Delivery } from "../model/desk";
import { WEBHOOK_GONE } from "../store/outbox";
import type { Stores } from "../store/stores";
import { retryDelayMs, signingSecrets, signWebhook } from "./sign";

export interface WebhookOptions {
  timeoutMs: number;
  retryBaseMs: number;
  /** Give up on an event this long after it was committed. */
  maxAgeMs: number;
  /** Deliveries to different users in flight at once. */
  concurrency: number;
}

export class WebhookWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: Timer | null = null;
  private stopped = false;

  constructor(
    private readonly store: Stores,
    private readonly deliveries: Counter,
    private readonly options: WebhookOptions,
  ) {}

  /** New events were committed (or the worker starts): deliver what is due. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => log.error("webhook delivery loop failed", errorFields(err)))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          void this.scheduleNext();
        }
      });
  }

  /** Waits for the deliveries in flight (bounded by the timeout) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async scheduleNext(): Promise<void> {
    if (this.stopped) return;
    const at = await this.store.outbox.nextDeliveryAt();
    if (this.timer) clearTimeout(this.timer);
    if (at === null) return;
    this.timer = setTimeout(() => this.wake(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const bots = new Map<number, Bot | null>();
    for (;;) {
      if (this.stopped) return;
      const due = await this.store.outbox.dueDeliveries(Date.now(), this.options.concurrency);
      if (due.length === 0) return;
      await Promise.all(
        due.map(async (d) => {
          if (!bots.has(d.botId)) bots.set(d.botId, await this.store.identity.getBot(d.botId));
          await this.deliver(bots.get(d.botId) ?? null, d);
        }),
      );
      bots.clear();
    }
  }

  private async deliver(bot: Bot | null, d: Delivery): Promise<void> {
    if (!bot?.webhookUrl || !bot.webhookEnabled) {
      await this.store.outbox.markFailed(d.seq, "webhook removed");
      return;
    }
    const body = JSON.stringify(d.event);
    const timestamp = Math.floor(Date.now() / 1000);
    let failure: string;
    try {
      const res = await fetch(bot.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "kefu-webhook/1",
          "webhook-id": d.event.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(
            signingSecrets(bot, Date.now()),
            d.event.id,
            timestamp,
            body,
          ),
          "x-kefu-event": d.event.event,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) {
        await this.store.outbox.markDelivered(d.seq);
        await this.store.identity.recordDelivery(bot.id, Date.now(), null);
        this.deliveries.inc({ result: "delivered" });
        return;
      }
      if (res.status === 410) {
        // Off, and what was still waiting for it given up, in one transaction.
        await this.store.transaction(async (tx) => {
          await tx.identity.disableWebhook(bot.id);
          await tx.outbox.failPending(bot.id, WEBHOOK_GONE);
        });
        this.deliveries.inc({ result: "gone" });
        return;
      }
      failure = `HTTP ${res.status}`;
    } catch (err) {
      failure = err instanceof Error && err.name === "TimeoutError" ? "timed out" : String(err);
    }
    await this.store.identity.recordDelivery(bot.id, Date.now(), failure);
    if (Date.now() - d.event.timestamp * 1000 > this.options.maxAgeMs) {
      await this.store.outbox.markFailed(d.seq, failure);
      this.deliveries.inc({ result: "failed" });
      return;
    }
    const next = Date.now() + retryDelayMs(d.attempts, this.options.retryBaseMs);
    await this.store.outbox.markRetry(d.seq, next, failure);
    this.deliveries.inc({ result: "retried" });
  }
}
