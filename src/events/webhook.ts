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
  /** Users' lines in flight at once (a POST each: a user's events go one by one). */
  concurrency: number;
  /** This node's name on the leases it takes. */
  node: string;
}

/**
 * How long past the request's timeout a lease lasts: room for the mark to commit on a busy
 * node. A node that dies holding events lets go of them when its lease runs out.
 */
const LEASE_MARGIN_MS = 2000;

/**
 * Events of one user's line claimed together and sent one after the other: under a backlog
 * a line moves a run per claim, not one event per claim-and-commit.
 */
const RUN = 16;

/**
 * A run's later events go out only this long after its claim (the rest is released), so
 * the lease covers them: a dead node's events are anyone's this much sooner.
 */
const RUN_WINDOW_MS = 3000;

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
  /** Ends the drain's wait for a free line: set while it waits with nothing to claim. */
  private nudge: (() => void) | null = null;

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
      this.nudge?.();
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
    this.nudge?.();
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

  /**
   * Keeps up to `concurrency` users' lines in flight: each claim leases a run of every free
   * user's line, and the next claim is made once half the slots are free again, or when
   * new events are committed while no line is waiting for a slot.
   */
  private async drain(): Promise<void> {
    const { timeoutMs, concurrency, node } = this.options;
    // A mark never lands after the lease is over: the last event of a run goes out within
    // the run's window, and its answer and mark take at most the timeout and the margin.
    const leaseMs = RUN_WINDOW_MS + timeoutMs + LEASE_MARGIN_MS;
    const active = new Set<Promise<void>>();
    try {
      while (!this.stopped) {
        const claimedAt = Date.now();
        const room = concurrency - active.size;
        const due = await this.store.outbox.claimDue(claimedAt, leaseMs, room, node, RUN);
        const sendUntil = claimedAt + RUN_WINDOW_MS;
        const bots = new Map<number, Promise<Bot | null>>();
        for (const line of linesOf(due)) {
          const sending: Promise<void> = this.sendLine(line, sendUntil, bots)
            .catch((err) => log.error("webhook delivery failed", errorFields(err)))
            .finally(() => active.delete(sending));
          active.add(sending);
        }
        if (active.size === 0) return;
        if (due.length > 0) {
          while (active.size > concurrency / 2 && !this.stopped) await Promise.race(active);
        } else {
          // Nothing free to claim: until a line ends (its user may have more) or a commit.
          await Promise.race([...active, new Promise<void>((r) => (this.nudge = r))]);
          this.nudge = null;
        }
      }
    } finally {
      // Stopped, or a claim failed: the lines in flight end and record what they sent.
      await Promise.all(active);
    }
  }

  /**
   * Sends one user's run in order. It stops at the first event that was not delivered (the
   * line waits for its retry), and lets go of the events it did not send.
   */
  private async sendLine(
    line: readonly Delivery[],
    sendUntil: number,
    bots: Map<number, Promise<Bot | null>>,
  ): Promise<void> {
    const { outbox } = this.store;
    const marks: Promise<void>[] = [];
    try {
      for (const [i, d] of line.entries()) {
        if (i > 0 && (this.stopped || Date.now() > sendUntil)) {
          marks.push(outbox.release(idsOf(line.slice(i)), this.options.node));
          return;
        }
        if (!bots.has(d.botId)) bots.set(d.botId, this.store.identity.getBot(d.botId));
        const outcome = await this.send((await bots.get(d.botId)) ?? null, d);
        // Recorded at once, without waiting to send the next event.
        marks.push(this.record(d, outcome));
        if (outcome.result !== "delivered") {
          marks.push(outbox.release(idsOf(line.slice(i + 1)), this.options.node));
          return;
        }
      }
    } finally {
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

/** The claimed events by user, each line in seq order (a claim returns them so). */
function linesOf(due: readonly Delivery[]): Delivery[][] {
  const lines = new Map<string, Delivery[]>();
  for (const d of due) {
    const key = `${d.botId}\u0000${d.userid}`;
    const line = lines.get(key);
    if (line) line.push(d);
    else lines.set(key, [d]);
  }
  return [...lines.values()];
}

function idsOf(ds: readonly Delivery[]): string[] {
  return ds.map((d) => d.id);
}
