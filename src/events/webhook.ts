// Delivers the outbox to bots' webhooks: at least once, in order per user, retried with
// backoff and jitter, never on the WebSocket or HTTP paths. State lives in the events
// table, so pending deliveries resume after a restart. Each event is leased to this node
// before it is sent, so several workers on one database never send it at the same time;
// the outbox wakes the worker when a commit appends events.
import { errorFields, log } from "../log";
import type { Counter } from "../metrics";
import type { Bot, Delivery } from "../model/desk";
import { WEBHOOK_GONE } from "../store/outbox";
import type { Stores } from "../store/stores";
import { postSigned } from "./post-signed";
import { retryDelayMs } from "./sign";

export interface WebhookOptions {
  timeoutMs: number;
  retryBaseMs: number;
  /** Give up on an event this long after it was committed. */
  maxAgeMs: number;
  /** Deliveries to different users in flight at once. */
  concurrency: number;
  /** This node's name on the leases it takes. */
  node: string;
}

/**
 * How long past the request's timeout a lease lasts: room for the mark to commit on a busy
 * node. A node that dies holding events lets go of them when this runs out.
 */
const LEASE_MARGIN_MS = 2000;

/** What came of one attempt; "removed": the bot has no live webhook any more. */
type Outcome =
  | { result: "delivered" }
  | { result: "removed" | "gone"; botId: number }
  | { result: "failed"; error: string }
  | { result: "retried"; at: number; error: string };

export class WebhookWorker {
  private running: Promise<void> | null = null;
  private scheduling: Promise<void> | null = null;
  private again = false;
  private timer: Timer | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: Stores,
    private readonly deliveries: Counter,
    private readonly options: WebhookOptions,
  ) {}

  /** Listens for the outbox's commits and delivers what is already due. */
  start(): void {
    this.unsubscribe ??= this.store.outbox.onAppended(() => this.wake());
    this.wake();
  }

  /** New events were committed (or a retry or a lease is due): deliver what is due. */
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
          // Awaited by stop(): on PostgreSQL a lookup still running would meet a closed pool.
          this.scheduling = this.scheduleNext().catch((err) => {
            if (!this.stopped) log.error("webhook scheduling failed", errorFields(err));
          });
        }
      });
  }

  /** Waits for the deliveries in flight (bounded by the timeout) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.scheduling;
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
    let marks: Promise<void>[] = [];
    try {
      while (!this.stopped) {
        // Asked in the same turn as the last batch's marks: on a group commit the claim
        // shares their COMMIT and sees them, so a user's next event goes out at once.
        const claimed = this.store.outbox.claimDue(
          Date.now(),
          this.options.timeoutMs + LEASE_MARGIN_MS,
          this.options.concurrency,
          this.options.node,
        );
        const [, due] = await Promise.all([Promise.all(marks), claimed]);
        marks = [];
        if (due.length === 0) return;
        const bots = new Map<number, Promise<Bot | null>>();
        await Promise.all(
          due.map(async (d) => {
            if (!bots.has(d.botId)) bots.set(d.botId, this.store.identity.getBot(d.botId));
            const outcome = await this.send((await bots.get(d.botId)) ?? null, d);
            // Recorded at once; awaited with the next claim.
            marks.push(this.record(d, outcome));
          }),
        );
      }
    } finally {
      // Stopped, or a step failed: what was sent is recorded before the loop ends.
      await Promise.all(marks);
    }
  }

  /** Sends one event; what came of it is recorded by `record`. */
  private async send(bot: Bot | null, d: Delivery): Promise<Outcome> {
    if (!bot?.webhookUrl || !bot.webhookEnabled) return { result: "removed", botId: d.botId };
    const r = await postSigned(
      bot,
      bot.webhookUrl,
      { id: d.event.id, event: d.event.event, body: JSON.stringify(d.event) },
      this.options.timeoutMs,
    );
    if (r.status !== null && r.status >= 200 && r.status < 300) return { result: "delivered" };
    if (r.status === 410) return { result: "gone", botId: bot.id };
    const failure = r.status === null ? r.error : `HTTP ${r.status}`;
    if (Date.now() - d.event.timestamp * 1000 > this.options.maxAgeMs) {
      return { result: "failed", error: failure };
    }
    const at = Date.now() + retryDelayMs(d.attempts, this.options.retryBaseMs);
    return { result: "retried", at, error: failure };
  }

  /**
   * Records an outcome; only this node's lease lets the mark apply. The mark and the bot's
   * last outcome are written in the same turn, so they share one commit.
   */
  private async record(d: Delivery, o: Outcome): Promise<void> {
    const { outbox, identity } = this.store;
    const node = this.options.node;
    const now = Date.now();
    switch (o.result) {
      case "removed":
        this.marked(d, await outbox.markFailed(d.id, node, "webhook removed"));
        return;
      case "gone":
        // Off, and what was still waiting for it given up, in one transaction.
        await this.store.transaction(async (tx) => {
          await tx.identity.disableWebhook(o.botId);
          await tx.outbox.failPending(o.botId, WEBHOOK_GONE);
        });
        break;
      case "delivered": {
        const [applied] = await Promise.all([
          outbox.markDelivered(d.id, node),
          identity.recordDelivery(d.botId, now, null),
        ]);
        this.marked(d, applied);
        break;
      }
      case "failed": {
        const [applied] = await Promise.all([
          outbox.markFailed(d.id, node, o.error),
          identity.recordDelivery(d.botId, now, o.error),
        ]);
        this.marked(d, applied);
        break;
      }
      case "retried": {
        const [applied] = await Promise.all([
          outbox.markRetry(d.id, node, o.at, o.error),
          identity.recordDelivery(d.botId, now, o.error),
        ]);
        this.marked(d, applied);
        break;
      }
    }
    this.deliveries.inc({ result: o.result });
  }

  /**
   * A mark that did not apply: the lease ran out and another worker took the event over
   * (it sends it again: at least once), or the bot's pending events were given up meanwhile.
   */
  private marked(d: Delivery, applied: boolean): void {
    if (!applied) {
      log.warn("webhook outcome not recorded: the event is no longer this node's", { id: d.id });
    }
  }
}
