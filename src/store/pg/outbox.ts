// OutboxStore on PostgreSQL: the events table is both the bot's feed and the webhook
// queue; a webhook worker's lease is two columns of the event it is sending. A seq comes from
// the bot's event_seq row, made or updated in the appending transaction: its row lock holds
// the bot's next append until this one commits, so a bot's seqs become visible in order,
// and other bots' appends lock rows of their own.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { type OutboxStore, WEBHOOK_GONE } from "../outbox";
import { runsBehind } from "../outbox-runs";
import { deliveriesAmong, newEventId, RECENT_EVENTS_READ, toBotEvent } from "../rows";
import type { Atomic, PgExec } from "./exec";
import { eventSeq, events } from "./schema/desk";

/** A pending event with no older pending event of the same user: next in that user's line. */
const headOfLine = sql`${events.delivery} = 'pending' AND NOT EXISTS (
  SELECT 1 FROM events AS older
  WHERE older.delivery = 'pending' AND older.bot_id = ${events.botId}
    AND older.userid = ${events.userid} AND older.seq < ${events.seq})`;

/** Free to claim at `now`: never leased, or its holder's lease has ended. */
const claimable = (now: number) =>
  sql`(${events.leaseOwner} IS NULL OR ${events.leaseUntil} <= ${now})`;

/** Still pending and leased to `owner`: the only event a mark may change. */
const heldBy = (id: string, owner: string) =>
  and(eq(events.id, id), eq(events.delivery, "pending"), eq(events.leaseOwner, owner));

/** A mark ends the lease: the next attempt (or the user's next event) is anyone's to claim. */
const released = { leaseOwner: null, leaseUntil: null };

/**
 * `appended` is called once a write that made events pending delivery has committed, or,
 * inside a transaction, has run: the transaction tells its listeners at its COMMIT.
 */
export function createPgOutbox(
  db: PgExec,
  atomic: Atomic,
  appended: () => void,
  listen: (listener: () => void) => () => void,
): OutboxStore {
  return {
    async append(e, now) {
      const delivery = await atomic(async (tx) => {
        // The bot's first event makes its row; a racing first append waits on that row's
        // key and then takes the update path.
        const [counter] = await tx
          .insert(eventSeq)
          .values({ botId: e.botId, last: 1 })
          .onConflictDoUpdate({ target: eventSeq.botId, set: { last: sql`${eventSeq.last} + 1` } })
          .returning({ seq: eventSeq.last });
        if (!counter) throw new Error("the event_seq row was not written");
        const [row] = await tx
          .insert(events)
          .values({
            seq: counter.seq,
            id: newEventId(),
            botId: e.botId,
            userid: e.userid,
            type: e.type,
            body: JSON.stringify(e.payload),
            createdAt: now,
            // Only bots with a live webhook get deliveries; every bot can pull the feed.
            delivery: sql`(SELECT CASE WHEN webhook_url IS NOT NULL AND webhook_enabled THEN 'pending' ELSE 'none' END FROM bots WHERE id = ${e.botId})`,
            nextAttemptAt: now,
          })
          .returning({ delivery: events.delivery });
        return row?.delivery;
      });
      if (delivery === "pending") appended();
    },
    onAppended(listener) {
      return listen(listener);
    },
    async recentDeliveries(botId, limit) {
      // Among the bot's newest events only, so a bot that pulls its feed (no deliveries
      // among millions of events) costs one bounded index range, never a walk of them all.
      const newest = await db
        .select({
          id: events.id,
          type: events.type,
          userid: events.userid,
          delivery: events.delivery,
          attempts: events.attempts,
          lastError: events.lastError,
          createdAt: events.createdAt,
          nextAttemptAt: events.nextAttemptAt,
        })
        .from(events)
        .where(eq(events.botId, botId))
        .orderBy(desc(events.seq))
        .limit(RECENT_EVENTS_READ);
      return deliveriesAmong(newest, limit);
    },
    async eventsAfter(botId, after, limit) {
      const rows = await db
        .select()
        .from(events)
        .where(and(eq(events.botId, botId), sql`${events.seq} > ${after}`))
        .orderBy(asc(events.seq))
        .limit(limit);
      return rows.map(toBotEvent);
    },
    async claimDue(now, leaseMs, limit, owner, perUser = 1) {
      // The oldest pending event of each user, if it is due: a user's events go in order,
      // and while one is leased the next one is not a head. SKIP LOCKED: a head another
      // claimer is leasing right now is its, not a wait; the lease is checked again on the
      // locked row, which may have been leased since this statement's snapshot. Holding the
      // head's lock, this claimer is the only one that takes the user's followers.
      const heads = db.$with("h").as(
        db
          .select({ seq: events.seq, botId: events.botId, userid: events.userid })
          .from(events)
          .where(and(headOfLine, sql`${events.nextAttemptAt} <= ${now}`, claimable(now)))
          .orderBy(asc(events.seq))
          .limit(limit)
          .for("update", { skipLocked: true }),
      );
      const runs = runsBehind(sql`h`, "id", perUser, now);
      const rows = await db
        .with(heads)
        .update(events)
        .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
        .where(and(sql`${events.id} IN (${runs})`, claimable(now)))
        .returning();
      return rows
        .sort((a, b) => a.seq - b.seq)
        .map((r) => ({
          id: r.id,
          botId: r.botId,
          userid: r.userid,
          attempts: r.attempts,
          event: toBotEvent(r),
        }));
    },
    async release(ids, owner) {
      if (ids.length === 0) return;
      await db
        .update(events)
        .set(released)
        .where(
          and(
            inArray(events.id, [...ids]),
            eq(events.delivery, "pending"),
            eq(events.leaseOwner, owner),
          ),
        );
    },
    async nextDeliveryAt() {
      // Only each user's oldest pending event can be next: later ones wait behind it. A
      // leased head is next when its lease ends (a holder that died lets go of it then).
      const [unleased] = await db
        .select({ at: events.nextAttemptAt })
        .from(events)
        .where(and(headOfLine, isNull(events.leaseOwner)))
        .orderBy(asc(events.nextAttemptAt))
        .limit(1);
      const [leaseEnd] = await db
        .select({ at: events.leaseUntil })
        .from(events)
        .where(and(isNotNull(events.leaseOwner), eq(events.delivery, "pending")))
        .orderBy(asc(events.leaseUntil))
        .limit(1);
      const times = [unleased?.at, leaseEnd?.at].filter((t): t is number => typeof t === "number");
      return times.length === 0 ? null : Math.min(...times);
    },
    async markDelivered(id, owner) {
      const rows = await db
        .update(events)
        .set({
          delivery: "delivered",
          attempts: sql`${events.attempts} + 1`,
          lastError: null,
          ...released,
        })
        .where(heldBy(id, owner))
        .returning({ id: events.id });
      return rows.length > 0;
    },
    async markRetry(id, owner, nextAttemptAt, error) {
      const rows = await db
        .update(events)
        .set({
          attempts: sql`${events.attempts} + 1`,
          nextAttemptAt,
          lastError: error,
          ...released,
        })
        .where(heldBy(id, owner))
        .returning({ id: events.id });
      return rows.length > 0;
    },
    async markFailed(id, owner, error) {
      const rows = await db
        .update(events)
        .set({
          delivery: "failed",
          attempts: sql`${events.attempts} + 1`,
          lastError: error,
          ...released,
        })
        .where(heldBy(id, owner))
        .returning({ id: events.id });
      return rows.length > 0;
    },
    async failPending(botId, error) {
      await db
        .update(events)
        .set({ delivery: "failed", lastError: error, ...released })
        .where(and(eq(events.botId, botId), eq(events.delivery, "pending")));
    },
    async deliveryCounts() {
      const rows = await db
        .select({ delivery: events.delivery, n: count() })
        .from(events)
        .where(inArray(events.delivery, ["pending", "failed"]))
        .groupBy(events.delivery);
      const n = (d: string) => rows.find((r) => r.delivery === d)?.n ?? 0;
      return { pending: n("pending"), failed: n("failed") };
    },
    async requeueAfterOff(botId, offSince, notBefore, now) {
      const requeued = await db
        .update(events)
        .set({
          delivery: "pending",
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          ...released,
        })
        .where(
          and(
            eq(events.botId, botId),
            sql`${events.createdAt} >= ${notBefore}`,
            sql`((${events.delivery} = 'failed' AND ${events.lastError} = ${WEBHOOK_GONE})
              OR (${events.delivery} = 'none' AND ${events.createdAt} >= ${offSince}))`,
          ),
        )
        .returning({ seq: events.seq });
      // Deliverable again: the worker hears of it with the COMMIT, as of a new event.
      if (requeued.length > 0) appended();
      return requeued.length;
    },
  };
}
