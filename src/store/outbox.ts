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
}
