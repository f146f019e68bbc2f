// OutboxStore on PostgreSQL: the events table is both the bot's feed and the webhook
// queue. A seq comes from the event_seq row, updated in the appending transaction: its row
// lock holds the next append until this one commits, so seqs become visible in order.
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { BotEvent } from "../../model/desk";
import { type OutboxStore, WEBHOOK_GONE } from "../outbox";
import type { Atomic, PgExec } from "./exec";
import { eventSeq, events } from "./schema/desk";

/** A pending event with no older pending event of the same user: next in that user's line. */
const headOfLine = sql`${events.delivery} = 'pending' AND NOT EXISTS (
  SELECT 1 FROM events AS older
  WHERE older.delivery = 'pending' AND older.bot_id = ${events.botId}
    AND older.userid = ${events.userid} AND older.seq < ${events.seq})`;

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

export function createPgOutbox(db: PgExec, atomic: Atomic): OutboxStore {
  return {
    async append(e, now) {
      await atomic(async (tx) => {
        const [counter] = await tx
          .update(eventSeq)
          .set({ last: sql`${eventSeq.last} + 1` })
          .where(eq(eventSeq.id, 1))
          .returning({ seq: eventSeq.last });
        if (!counter) throw new Error("the event_seq row is missing");
        await tx.insert(events).values({
          seq: counter.seq,
          id: `evt_${randomUUID().replaceAll("-", "")}`,
          botId: e.botId,
          userid: e.userid,
          type: e.type,
          body: JSON.stringify(e.payload),
          createdAt: now,
          // Only bots with a live webhook get deliveries; every bot can pull the feed.
          delivery: sql`(SELECT CASE WHEN webhook_url IS NOT NULL AND webhook_enabled THEN 'pending' ELSE 'none' END FROM bots WHERE id = ${e.botId})`,
          nextAttemptAt: now,
        });
      });
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
    async dueDeliveries(now, limit) {
      const rows = await db
        .select()
        .from(events)
        .where(and(headOfLine, sql`${events.nextAttemptAt} <= ${now}`))
        .orderBy(asc(events.seq))
        .limit(limit);
      return rows.map((r) => ({
        seq: r.seq,
        botId: r.botId,
        userid: r.userid,
        attempts: r.attempts,
        event: toBotEvent(r),
      }));
    },
    async nextDeliveryAt() {
      const [r] = await db
        .select({ at: events.nextAttemptAt })
        .from(events)
        .where(headOfLine)
        .orderBy(asc(events.nextAttemptAt))
        .limit(1);
      return r?.at ?? null;
    },
    async markDelivered(seq) {
      await db
        .update(events)
        .set({ delivery: "delivered", attempts: sql`${events.attempts} + 1`, lastError: null })
        .where(eq(events.seq, seq));
    },
    async markRetry(seq, nextAttemptAt, error) {
      await db
        .update(events)
        .set({ attempts: sql`${events.attempts} + 1`, nextAttemptAt, lastError: error })
        .where(eq(events.seq, seq));
    },
    async markFailed(seq, error) {
      await db
        .update(events)
        .set({ delivery: "failed", attempts: sql`${events.attempts} + 1`, lastError: error })
        .where(eq(events.seq, seq));
    },
    async failPending(botId, error) {
      await db
        .update(events)
        .set({ delivery: "failed", lastError: error })
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
        .set({ delivery: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
        .where(
          and(
            eq(events.botId, botId),
            sql`${events.createdAt} >= ${notBefore}`,
            sql`((${events.delivery} = 'failed' AND ${events.lastError} = ${WEBHOOK_GONE})
              OR (${events.delivery} = 'none' AND ${events.createdAt} >= ${offSince}))`,
          ),
        )
        .returning({ seq: events.seq });
      return requeued.length;
    },
  };
}
