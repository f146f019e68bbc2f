// OutboxStore on SQLite: the events table is both the bot's feed and the webhook queue;
// a webhook worker's lease is two columns of the event it is sending.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db";
import type { GroupCommit, Write } from "../group-commit";
import { type OutboxStore, WEBHOOK_GONE } from "../outbox";
import { runsBehind } from "../outbox-runs";
import { deliveriesAmong, newEventId, RECENT_EVENTS_READ, toBotEvent } from "../rows";
import { events } from "../schema/desk";

const p = sql.placeholder;

/** A pending event with no older pending event of the same user: next in that user's line. */
const headOfLine = sql`${events.delivery} = 'pending' AND NOT EXISTS (
  SELECT 1 FROM events AS older
  WHERE older.delivery = 'pending' AND older.bot_id = ${events.botId}
    AND older.userid = ${events.userid} AND older.seq < ${events.seq})`;

/** Free to claim at `now`: never leased, or its holder's lease has ended. */
const claimable = sql`(${events.leaseOwner} IS NULL OR ${events.leaseUntil} <= ${p("now")})`;

/** Still pending and leased to `owner`: the only event a mark may change. */
const heldBy = sql`${events.id} = ${p("id")} AND ${events.delivery} = 'pending' AND ${events.leaseOwner} = ${p("owner")}`;

/** A mark ends the lease: the next attempt (or the user's next event) is anyone's to claim. */
const released = { leaseOwner: null, leaseUntil: null };

export function prepareOutboxStatements(db: Db) {
  const dueHeads = db
    .select({ seq: events.seq, botId: events.botId, userid: events.userid })
    .from(events)
    // Unary + keeps SQLite from reading this term off events_pending and sorting: it walks
    // events_delivery_seq in order and stops at `limit`.
    .where(and(headOfLine, sql`+${events.nextAttemptAt} <= ${p("now")}`, claimable))
    .orderBy(asc(events.seq))
    .limit(p("limit"));
  const runs = runsBehind(sql`(${dueHeads}) AS h`, "seq", p("perUser"), p("now"));
  return {
    // One statement: what it reads as free is leased before any other writer runs, and
    // the lease is checked again on the row itself.
    claimDue: db
      .update(events)
      .set({ leaseOwner: sql`${p("owner")}`, leaseUntil: sql`${p("until")}` })
      .where(and(sql`${events.seq} IN (${runs})`, claimable))
      .returning()
      .prepare(),
    release: db
      .update(events)
      .set(released)
      .where(
        and(
          sql`${events.id} IN (SELECT value FROM json_each(${p("ids")}))`,
          eq(events.delivery, "pending"),
          sql`${events.leaseOwner} = ${p("owner")}`,
        ),
      )
      .prepare(),
    // The soonest head of a line nobody holds: events_pending in next_attempt_at order.
    nextUnleasedAt: db
      .select({ at: events.nextAttemptAt })
      .from(events)
      .where(and(headOfLine, sql`${events.leaseOwner} IS NULL`))
      .orderBy(asc(events.nextAttemptAt))
      .limit(1)
      .prepare(),
    // The soonest end of a lease (a holder that died lets go of its events then), off the
    // few rows of events_leased: unary + keeps SQLite from walking every pending event.
    nextLeaseEnd: db
      .select({ at: events.leaseUntil })
      .from(events)
      .where(sql`${events.leaseOwner} IS NOT NULL AND +${events.delivery} = 'pending'`)
      .orderBy(asc(events.leaseUntil))
      .limit(1)
      .prepare(),
    markDelivered: db
      .update(events)
      .set({
        delivery: "delivered",
        attempts: sql`${events.attempts} + 1`,
        lastError: null,
        ...released,
      })
      .where(heldBy)
      .returning({ id: events.id })
      .prepare(),
    markRetry: db
      .update(events)
      .set({
        attempts: sql`${events.attempts} + 1`,
        nextAttemptAt: sql`${p("at")}`,
        lastError: sql`${p("error")}`,
        ...released,
      })
      .where(heldBy)
      .returning({ id: events.id })
      .prepare(),
    markFailed: db
      .update(events)
      .set({
        delivery: "failed",
        attempts: sql`${events.attempts} + 1`,
        lastError: sql`${p("error")}`,
        ...released,
      })
      .where(heldBy)
      .returning({ id: events.id })
      .prepare(),
    appendEvent: db
      .insert(events)
      .values({
        id: p("id"),
        botId: p("botId"),
        userid: p("userid"),
        type: p("type"),
        body: p("body"),
        createdAt: p("now"),
        // Only bots with a live webhook get deliveries; every bot can pull the feed.
        delivery: sql`(SELECT CASE WHEN webhook_url IS NOT NULL AND webhook_enabled THEN 'pending' ELSE 'none' END FROM bots WHERE id = ${p("botId")})`,
        nextAttemptAt: p("now"),
      })
      .returning({ delivery: events.delivery })
      .prepare(),
  };
}

export type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;

/**
 * Tells listeners, after a COMMIT, that the transaction appended events to deliver. A flush that rolls
 * back leaves the mark for the next COMMIT: one wake too many, never one too few.
 */
export interface AppendedSignal {
  mark(): void;
  listen(listener: () => void): () => void;
}

export function appendedSignal(commit: GroupCommit): AppendedSignal {
  const listeners = new Set<() => void>();
  let appended = false;
  commit.afterCommit(() => {
    if (!appended) return;
    appended = false;
    for (const listener of listeners) listener();
  });
  return {
    mark() {
      appended = true;
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createSqliteOutbox(
  db: Db,
  q: OutboxStatements,
  write: Write,
  appended: AppendedSignal,
): OutboxStore {
  return {
    async append(e, now) {
      await write(() => {
        const [row] = q.appendEvent.all({
          id: newEventId(),
          botId: e.botId,
          userid: e.userid,
          type: e.type,
          body: JSON.stringify(e.payload),
          now,
        });
        if (row?.delivery === "pending") appended.mark();
      });
    },
    onAppended(listener) {
      return appended.listen(listener);
    },
    async recentDeliveries(botId, limit) {
      // Among the bot's newest events only, so a bot that pulls its feed (no deliveries
      // among millions of events) costs one bounded index range, never a walk of them all.
      const newest = db
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
        .limit(RECENT_EVENTS_READ)
        .all();
      return deliveriesAmong(newest, limit);
    },
    async eventsAfter(botId, after, limit) {
      return db
        .select()
        .from(events)
        .where(and(eq(events.botId, botId), sql`${events.seq} > ${after}`))
        .orderBy(asc(events.seq))
        .limit(limit)
        .all()
        .map(toBotEvent);
    },
    async claimDue(now, leaseMs, limit, owner, perUser = 1) {
      // The oldest pending event of each user, if it is due: a user's events go in order,
      // and while one is leased the next one is not a head.
      const rows = await write(() =>
        q.claimDue.all({ now, limit, owner, until: now + leaseMs, perUser }),
      );
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
      await write(() => q.release.run({ ids: JSON.stringify(ids), owner }));
    },
    async nextDeliveryAt() {
      // Only each user's oldest pending event can be next: later ones wait behind it.
      const unleased = q.nextUnleasedAt.get()?.at ?? null;
      const leaseEnd = q.nextLeaseEnd.get()?.at ?? null;
      if (unleased === null) return leaseEnd;
      return leaseEnd === null ? unleased : Math.min(unleased, leaseEnd);
    },
    async markDelivered(id, owner) {
      return (await write(() => q.markDelivered.all({ id, owner }))).length > 0;
    },
    async markRetry(id, owner, nextAttemptAt, error) {
      const rows = await write(() => q.markRetry.all({ id, owner, at: nextAttemptAt, error }));
      return rows.length > 0;
    },
    async markFailed(id, owner, error) {
      return (await write(() => q.markFailed.all({ id, owner, error }))).length > 0;
    },
    async failPending(botId, error) {
      await write((tx) =>
        tx
          .update(events)
          .set({ delivery: "failed", lastError: error, ...released })
          .where(and(eq(events.botId, botId), eq(events.delivery, "pending")))
          .run(),
      );
    },
    async deliveryCounts() {
      const rows = db
        .select({ delivery: events.delivery, n: count() })
        .from(events)
        .where(inArray(events.delivery, ["pending", "failed"]))
        .groupBy(events.delivery)
        .all();
      const n = (d: string) => rows.find((r) => r.delivery === d)?.n ?? 0;
      return { pending: n("pending"), failed: n("failed") };
    },
    async requeueAfterOff(botId, offSince, notBefore, now) {
      const requeued = await write((tx) => {
        const rows = tx
          .update(events)
          .set({
            delivery: "pending",
            attempts: 0,
            nextAttemptAt: now,
            lastError: null,
            leaseOwner: null,
            leaseUntil: null,
          })
          .where(
            and(
              eq(events.botId, botId),
              sql`${events.createdAt} >= ${notBefore}`,
              sql`((${events.delivery} = 'failed' AND ${events.lastError} = ${WEBHOOK_GONE})
                OR (${events.delivery} = 'none' AND ${events.createdAt} >= ${offSince}))`,
            ),
          )
          .returning({ seq: events.seq })
          .all();
        // Deliverable again: the worker hears of it with the COMMIT, as of a new event.
        if (rows.length > 0) appended.mark();
        return rows;
      });
      return requeued.length;
    },
  };
}
