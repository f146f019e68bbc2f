// The desk's domain types: what bots, agents, users, sessions, messages and events are.
// Every layer speaks these; the store maps its rows to them and the wire (snake_case)
// is built from them at the edges. Message items and profiles are the wire's own types,
// derived from its schemas, so each has one definition.
import type { BusinessHours } from "../wire/hours";
import type { MessageItem } from "../wire/items";
import type { Profile, UserInfo } from "../wire/profile";

export type { MessageItem, Profile, UserInfo };

export interface Bot {
  id: number;
  name: string;
  webhookUrl: string | null;
  webhookSecret: string;
  webhookEnabled: boolean;
  /** When a 410 turned delivery off (null while it is on). */
  webhookDisabledAt: number | null;
  /** The secret before the last rotation, still signing until `until` (Unix ms). */
  webhookOldSecret: { secret: string; until: number } | null;
  /** The last delivery attempt: when, its error (null: answered 2xx), failures in a row. */
  lastDelivery: { at: number; error: string | null; failures: number } | null;
}

/** What an operator or the bot may change of a bot; a field left out stays as it is. */
export interface BotChange {
  name?: string;
  /** null: no webhook (events are pulled). */
  webhookUrl?: string | null;
  /** true: delivery on again after a 410. */
  enableWebhook?: boolean;
}

/** What an agent may see and do (desk/permissions.ts). */
export type Role = "agent" | "supervisor" | "admin";

export interface Agent {
  id: number;
  botId: number;
  name: string;
  headImg: string;
  maxSessions: number;
  autoConnect: boolean;
  status: number;
  lastAssignedAt: number;
  role: Role;
  /** A disabled agent cannot log in, by token or by password (issue 16). */
  disabled: boolean;
}

/** What routing needs to know of a candidate agent, read inside the assigning transaction. */
export interface AgentLoad {
  agentId: number;
  active: number;
  maxSessions: number;
  lastAssignedAt: number;
}

export type SessionState = "waiting" | "active" | "ended";

export interface Session {
  id: number;
  botId: number;
  userid: string;
  state: SessionState;
  agentId: number | null;
  queuedAt: number;
  assignedAt: number | null;
  declinedBy: number | null;
  /** The skill group the user asked for; null: the bot's whole queue. */
  groupId: number | null;
}

export type RequeueReason = "transfer" | "agent_logout" | "agent_gone" | "first_reply_timeout";

export interface Group {
  id: number;
  botId: number;
  name: string;
  fallbackAfterS: number;
  members: number[];
  /** The group's business hours, over its bot's (issue 18); null: the bot's apply. */
  hours: BusinessHours | null;
}

/** A session with what lists show of its user. */
export interface SessionView extends Session {
  nickname: string;
  headImg: string;
  lastMessage: MessageItem[];
}

export type MessageFrom = "user" | "agent" | "robot" | "note";

export interface ChatEntry {
  createdAt: number;
  from: MessageFrom;
  agentId: number | null;
  item: MessageItem;
}

/** What each event adds to the common fields, as the bot receives it (CONTRACT.md). */
export interface EventPayloads {
  session_connected: {
    session_id: number;
    customer_id: number;
    assigned: "auto" | "manual";
    /** Present (true) when the agent is the one the bot asked for in user_message. */
    requested?: true;
    /** Present (true) when a returning user went back to the agent who served them last. */
    returning?: true;
  };
  session_ended: {
    session_id: number;
    customer_id: number | null;
    reason: string;
    /** The session's tags and the close reason its agent chose (issue 17). */
    tags?: string[];
    close_reason?: string | null;
  };
  session_requeued: {
    session_id: number;
    from_customer_id: number | null;
    reason: RequeueReason;
  };
  session_transferred: { session_id: number; from_customer_id: number; customer_id: number };
  agent_message: { session_id: number; customer_id: number; message: MessageItem[] };
  /** The agent started (typing 1) or stopped (0) writing a reply; never a message. */
  agent_typing: { session_id: number; customer_id: number; typing: 0 | 1 };
  /** The agent has read the user's messages up to `read_to` (Unix seconds). */
  agent_read: { session_id: number; customer_id: number; read_to: number };
  /** A waiting user's place or estimate changed (issue 18; throttled per the bot's policy). */
  queue_update: { session_id: number; position: number; estimated_wait_s: number | null };
}

export type EventType = keyof EventPayloads;

/** An event as it is committed: its type, whom it is about, and that type's payload. */
export type NewEvent = {
  [T in EventType]: { type: T; botId: number; userid: string; payload: EventPayloads[T] };
}[EventType];

/** An event as the bot receives it. */
export interface BotEvent extends Record<string, unknown> {
  id: string;
  seq: number;
  event: EventType;
  bid: number;
  userid: string;
  timestamp: number;
}

export interface Delivery {
  /** The event's id: what the marks name it by (its seq is only unique within the bot). */
  id: string;
  botId: number;
  userid: string;
  attempts: number;
  event: BotEvent;
}

/** One of a bot's recent webhook deliveries, as the admin's Bot page lists them. */
export interface DeliveryRecord {
  id: string;
  type: string;
  userid: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastError: string | null;
  createdAt: number;
  /** A pending event's next attempt. */
  nextAttemptAt: number;
}

/** Where a user's message went (replayed to a retry of the same msgid). */
export interface IngestAnswer {
  sessionId: number | null;
  state: "waiting" | "active" | "none";
  agentId: number | null;
}
