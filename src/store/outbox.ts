// The outbox: events for the bot, committed with the change they report, read as a feed
// and delivered to webhooks in order per user.
import type { BotEvent, Delivery, NewEvent } from "../model/desk";

export interface OutboxStore {
  /** Appends an event; it is pending delivery if the bot has a live webhook. */
  append(event: NewEvent, now: number): Promise<void>;
  eventsAfter(botId: number, after: number, limit: number): Promise<BotEvent[]>;
  /** The next deliverable event of each user (per-user order), due by `now`. */
  dueDeliveries(now: number, limit: number): Promise<Delivery[]>;
  nextDeliveryAt(): Promise<number | null>;
  markDelivered(seq: number): Promise<void>;
  markRetry(seq: number, nextAttemptAt: number, error: string): Promise<void>;
  markFailed(seq: number, error: string): Promise<void>;
  /** Gives up every pending delivery of the bot. */
  failPending(botId: number, error: string): Promise<void>;
  deliveryCounts(): Promise<{ pending: number; failed: number }>;
  /**
   * Delivery turned on again: the bot's events committed since `notBefore` that were given
   * up by the 410 (`WEBHOOK_GONE`) or committed while it was off (since `offSince`) are
   * pending again, due at `now`, in their order. Returns how many.
   */
  requeueAfterOff(botId: number, offSince: number, notBefore: number, now: number): Promise<number>;
}

/** The error of the events a 410 gave up: turning delivery on again sends them after all. */
export const WEBHOOK_GONE = "webhook answered 410 Gone: turned off";
