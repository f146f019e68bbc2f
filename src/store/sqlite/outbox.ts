// OutboxStore on SQLite: the events table is both the bot's feed and the webhook queue.
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { BotEvent } from "../../model/desk";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import { type OutboxStore, WEBHOOK_GONE } from "../outbox";
import { events } from "../schema/desk";

const p = sql.placeholder;

/** A pending event with no older pending event of the same user: next in that user's line. */
const headOfLine = sql`${events.delivery} = 'pending' AND NOT EXISTS (
  SELECT 1 FROM events AS older
  WHERE older.delivery = 'pending' AND older.bot_id = ${events.botId}
    AND older.userid = ${events.userid} AND older.seq < ${events.seq})`;

export function prepareOutboxStatements(db: Db) {
  return {
    dueDeliveries: db
      .select()
      .from(events)
      // Unary + keeps SQLite from reading this term off events_pending and sorting: it walks
      // events_delivery_seq in order and stops at `limit`.
      .where(and(headOfLine, sql`+${events.nextAttemptAt} <= ${p("now")}`))
      .orderBy(asc(events.seq))
      .limit(p("limit"))
      .prepare(),
    // The soonest due head of a line: events_pending in next_attempt_at order, first match.
    nextDeliveryAt: db
      .select({ at: events.nextAttemptAt })
      .from(events)
      .where(headOfLine)
      .orderBy(asc(events.nextAttemptAt))
      .limit(1)
      .prepare(),
    markDelivered: db
      .update(events)
      .set({ delivery: "delivered", attempts: sql`${events.attempts} + 1`, lastError: null })
      .where(eq(events.seq, p("seq")))
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
      .prepare(),
  };
}

export type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;

const seconds = (ms: number) => Math.floor(ms / 1000);

function toBotEvent(row: typeof events.$inferSelect): BotEvent {
  return {
    ...(JSON.parse(row.body) as Record<string, unknown>),
    id: row.id,
    seq: row.seq,
    event: row.type,
    bid: row.botId,
    userid: row.userid,
    timestamp: seconds(row.createdAt),
  };
}

export function createSqliteOutbox(db: Db, q: OutboxStatements, write: Write): OutboxStore {
  return {
    async append(e, now) {
      await write(() =>
        q.appendEvent.run({
          id: `evt_${randomUUID().replaceAll("-", "")}`,
          botId: e.botId,
          userid: e.userid,
          type: e.type,
          body: JSON.stringify(e.payload),
          now,
        }),
      );
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
    async dueDeliveries(now, limit) {
      // The oldest pending event of each user, if it is due: a user's events go in order.
      return q.dueDeliveries.all({ now, limit }).map((r) => ({
        seq: r.seq,
        botId: r.botId,
        userid: r.userid,
        attempts: r.attempts,
        event: toBotEvent(r),
      }));
    },
    async nextDeliveryAt() {
      // Only each user's oldest pending event can be next: later ones wait behind it.
      return q.nextDeliveryAt.get()?.at ?? null;
    },
    async markDelivered(seq) {
      await write(() => q.markDelivered.run({ seq }));
    },
    async markRetry(seq, nextAttemptAt, error) {
      await write((tx) =>
        tx
          .update(events)
          .set({ attempts: sql`${events.attempts} + 1`, nextAttemptAt, lastError: error })
          .where(eq(events.seq, seq))
          .run(),
      );
    },
    async markFailed(seq, error) {
      await write((tx) =>
        tx
          .update(events)
          .set({ delivery: "failed", attempts: sql`${events.attempts} + 1`, lastError: error })
          .where(eq(events.seq, seq))
          .run(),
      );
    },
    async failPending(botId, error) {
      await write((tx) =>
        tx
          .update(events)
          .set({ delivery: "failed", lastError: error })
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
      const requeued = await write((tx) =>
        tx
          .update(events)
          .set({ delivery: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
          .where(
            and(
              eq(events.botId, botId),
              sql`${events.createdAt} >= ${notBefore}`,
              sql`((${events.delivery} = 'failed' AND ${events.lastError} = ${WEBHOOK_GONE})
                OR (${events.delivery} = 'none' AND ${events.createdAt} >= ${offSince}))`,
            ),
          )
          .returning({ seq: events.seq })
          .all(),
      );
      return requeued.length;
    },
  };
}
