// The outbox: events for the bot, committed with the change they report, read as a feed
// and delivered to webhooks in order per user. Delivery is claimed before it is made: a
// worker leases each user's head event (the oldest undelivered one), so two workers never
// send the same event at once and a user's events still go one after the other.
import type { BotEvent, Delivery, DeliveryRecord, NewEvent } from "../model/desk";

export interface OutboxStore {
  /** Appends an event; it is pending delivery if the bot has a live webhook. */
  append(event: NewEvent, now: number): Promise<void>;
  /**
   * Calls `listener` after each commit that appended events pending delivery (from any
   * writer this store hears of), so delivery starts at once. Returns the function that
   * stops the calls.
   */
  onAppended(listener: () => void): () => void;
  eventsAfter(botId: number, after: number, limit: number): Promise<BotEvent[]>;
  /**
   * Leases to `owner` until `now + leaseMs` up to `limit` users' head events that are due
   * by `now` and not leased (or whose lease ended), oldest first, in one atomic step: two
   * claimers never get the same event. With `perUser` above 1, each head comes with the
   * events that follow it in its user's line, up to `perUser` in all, as long as each is
   * due and free too: a run the holder sends one after the other.
   */
  claimDue(
    now: number,
    leaseMs: number,
    limit: number,
    owner: string,
    perUser?: number,
  ): Promise<Delivery[]>;
  /** Ends `owner`'s leases on these pending events, unsent: the rest of a run that stopped. */
  release(ids: readonly string[], owner: string): Promise<void>;
  /** When a head event next becomes due or its lease ends; null if nothing is pending. */
  nextDeliveryAt(): Promise<number | null>;
  /**
   * The marks apply only to a pending event leased to `owner` (a lease that ran out is
   * still its holder's until another claims the event); false if not. Each ends the lease.
   * An event is named by its `id`: a seq is only unique within its bot's feed.
   */
  markDelivered(id: string, owner: string): Promise<boolean>;
  markRetry(id: string, owner: string, nextAttemptAt: number, error: string): Promise<boolean>;
  markFailed(id: string, owner: string, error: string): Promise<boolean>;
  /** Gives up every pending delivery of the bot. */
  failPending(botId: number, error: string): Promise<void>;
  deliveryCounts(): Promise<{ pending: number; failed: number }>;
  /** The bot's newest events that went (or go) to its webhook, newest first. */
  recentDeliveries(botId: number, limit: number): Promise<DeliveryRecord[]>;
  /**
   * Delivery turned on again: the bot's events committed since `notBefore` that were given
   * up by the 410 (`WEBHOOK_GONE`) or committed while it was off (since `offSince`) are
   * pending again, due at `now`, in their order. Returns how many.
   */
  requeueAfterOff(botId: number, offSince: number, notBefore: number, now: number): Promise<number>;
}

/** The error of the events a 410 gave up: turning delivery on again sends them after all. */
export const WEBHOOK_GONE = "webhook answered 410 Gone: turned off";
