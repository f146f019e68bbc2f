// Rows as both engines read them, turned into the domain's types. The SQLite schema's row
// types name the columns; the PostgreSQL schema (pg/schema/) has the same columns with the
// same TypeScript types, so each mapper is written once for both.
import type { Agent, Bot, BotEvent, DeliveryRecord, MessageItem } from "../model/desk";
import type { CannedReply } from "../model/operations";
import type { BusinessHours } from "../wire/hours";
import type { agents, bots, events } from "./schema/desk";
import type { cannedReplies, groups } from "./schema/operations";

const seconds = (ms: number) => Math.floor(ms / 1000);

export function toBot(row: typeof bots.$inferSelect): Bot {
  return {
    id: row.id,
    name: row.name,
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecret,
    webhookEnabled: row.webhookEnabled,
    webhookDisabledAt: row.webhookDisabledAt,
    webhookOldSecret:
      row.webhookOldSecret !== null && row.webhookOldSecretUntil !== null
        ? { secret: row.webhookOldSecret, until: row.webhookOldSecretUntil }
        : null,
    lastDelivery:
      row.lastDeliveryAt === null
        ? null
        : { at: row.lastDeliveryAt, error: row.lastDeliveryError, failures: row.deliveryFailures },
  };
}

export function toAgent(row: typeof agents.$inferSelect): Agent {
  return {
    id: row.id,
    botId: row.botId,
    name: row.name,
    headImg: row.headImg,
    maxSessions: row.maxSessions,
    autoConnect: row.autoConnect,
    status: row.status,
    lastAssignedAt: row.lastAssignedAt,
    role: row.role,
    disabled: row.disabled,
  };
}

/** How many of a bot's newest events a list of its recent deliveries looks through. */
export const RECENT_EVENTS_READ = 1000;

/** The outbox columns a delivery record is made of (not the body). */
export type DeliveryRow = Pick<
  typeof events.$inferSelect,
  "id" | "type" | "userid" | "delivery" | "attempts" | "lastError" | "createdAt" | "nextAttemptAt"
>;

/** Of a bot's newest events (newest first), the latest `limit` that went to its webhook. */
export function deliveriesAmong(newest: readonly DeliveryRow[], limit: number): DeliveryRecord[] {
  return newest
    .filter((r) => r.delivery !== "none")
    .slice(0, limit)
    .map(toDeliveryRecord);
}

/** An outbox row as one delivery to the bot's webhook; `delivery` is never "none" here. */
export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    type: row.type,
    userid: row.userid,
    state: row.delivery === "none" ? "failed" : row.delivery,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
  };
}

/**
 * A new event's id: UUIDv7, so ids grow with time and each insert lands at the end of the
 * id index instead of on a random page of it (fewer pages written per commit).
 */
export function newEventId(): string {
  return `evt_${Bun.randomUUIDv7().replaceAll("-", "")}`;
}

/** An outbox row as the bot receives it: the stored body with the event's own fields. */
export function toBotEvent(row: typeof events.$inferSelect): BotEvent {
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

export function toCanned(row: typeof cannedReplies.$inferSelect): CannedReply {
  return {
    id: row.id,
    botId: row.botId,
    agentId: row.agentId,
    code: row.code,
    items: JSON.parse(row.items) as MessageItem[],
    createdAt: row.createdAt,
  };
}

export function toGroup(row: typeof groups.$inferSelect) {
  return {
    id: row.id,
    botId: row.botId,
    name: row.name,
    fallbackAfterS: row.fallbackAfterS,
    hours: row.hours === null ? null : (JSON.parse(row.hours) as BusinessHours),
  };
}
