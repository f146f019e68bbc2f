// The desk's tables on PostgreSQL, column for column those of ../../schema/desk.ts. Times
// are Unix milliseconds at rest, hence bigint (the wire speaks seconds) so that
// queue order and "waited longest" ties are decided precisely.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { EventType, MessageItem } from "../../../model/desk";

export const bots = pgTable("bots", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
  apiKeyHash: text("api_key_hash").notNull().unique(),
  webhookUrl: text("webhook_url"),
  webhookSecret: text("webhook_secret").notNull(),
  // 410 from the receiver turns delivery off until an operator turns it on again.
  webhookEnabled: boolean("webhook_enabled").notNull().default(true),
  webhookDisabledAt: bigint("webhook_disabled_at", { mode: "number" }),
  // After a rotation the previous secret signs too, until then, so receivers can switch.
  webhookOldSecret: text("webhook_old_secret"),
  webhookOldSecretUntil: bigint("webhook_old_secret_until", { mode: "number" }),
  // The last delivery attempt's outcome (null error: 2xx) and the failures in a row since.
  lastDeliveryAt: bigint("last_delivery_at", { mode: "number" }),
  lastDeliveryError: text("last_delivery_error"),
  deliveryFailures: integer("delivery_failures").notNull().default(0),
  // The desk's policy for this bot (wire/policy.ts), JSON; its version guards each change.
  policy: text("policy").notNull().default("{}"),
  policyVersion: integer("policy_version").notNull().default(0),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

export const agents = pgTable(
  "agents",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    name: text("name").notNull(),
    headImg: text("head_img").notNull().default(""),
    maxSessions: integer("max_sessions").notNull().default(5),
    autoConnect: boolean("auto_connect").notNull().default(false),
    status: integer("status").notNull().default(0),
    // For the routing tie-break "the one who waited longest since its last assignment".
    lastAssignedAt: bigint("last_assigned_at", { mode: "number" }).notNull().default(0),
    // First-reply deadlines missed in a row; several set the agent away (issue 9).
    missedReplies: integer("missed_replies").notNull().default(0),
    // Set when the agent dropped holding sessions (ms): past it, and still not logged in,
    // its sessions go back to the queue. In the database so a restart or another node finds it.
    graceUntil: bigint("grace_until", { mode: "number" }),
    // What the agent may see and do (desk/permissions.ts, issue 16).
    role: text("role", { enum: ["agent", "supervisor", "admin"] })
      .notNull()
      .default("agent"),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("agents_bot").on(t.botId)],
);

export const agentTokens = pgTable("agent_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  agentId: integer("agent_id")
    .notNull()
    .unique()
    .references(() => agents.id),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

export const users = pgTable(
  "users",
  {
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    userid: text("userid").notNull(),
    nickname: text("nickname").notNull().default(""),
    headImg: text("head_img").notNull().default(""),
    sex: integer("sex").notNull().default(0),
    city: text("city").notNull().default(""),
    province: text("province").notNull().default(""),
    country: text("country").notNull().default(""),
    mobile: text("mobile").notNull().default(""),
    realname: text("realname").notNull().default(""),
    openid: text("openid").notNull().default(""),
    wid: integer("wid").notNull().default(0),
    attTime: bigint("att_time", { mode: "number" }).notNull().default(0),
    activeTime: bigint("active_time", { mode: "number" }).notNull().default(0),
    // Profile fields the bot sends beyond the seed's, kept and returned as given (JSON object).
    extra: text("extra").notNull().default("{}"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.userid] })],
);

export const sessions = pgTable(
  "sessions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id").notNull(),
    userid: text("userid").notNull(),
    state: text("state", { enum: ["waiting", "active", "ended"] }).notNull(),
    agentId: integer("agent_id"),
    // The user's place in the queue; kept when a session returns to it.
    queuedAt: bigint("queued_at", { mode: "number" }).notNull(),
    assignedAt: bigint("assigned_at", { mode: "number" }),
    endedAt: bigint("ended_at", { mode: "number" }),
    endedReason: text("ended_reason"),
    // The agent who gave this user back to the queue: never auto-assigned it again.
    declinedBy: integer("declined_by"),
    // The skill group the user asked for (issue 9); null: the bot's whole queue.
    groupId: integer("group_id"),
    // Assigned by the desk rather than taken by hand: the first-reply deadline applies.
    assignedAuto: boolean("assigned_auto").notNull().default(false),
    firstReplyAt: bigint("first_reply_at", { mode: "number" }),
    // The last message either way, for the idle rule.
    lastActivityAt: bigint("last_activity_at", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    // One open session per user, enforced by the database even when messages race.
    uniqueIndex("sessions_one_open_per_user").on(t.botId, t.userid).where(sql`state <> 'ended'`),
    index("sessions_queue").on(t.botId, t.state, t.queuedAt),
    index("sessions_agent").on(t.agentId, t.state),
    // The deadline and idle sweeps read open sessions by their last activity.
    index("sessions_state_activity").on(t.state, t.lastActivityAt),
    // A user's sessions, latest ended last: returning users, export and erase (issue 18).
    index("sessions_user_ended").on(t.botId, t.userid, t.endedAt),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    botId: integer("bot_id").notNull(),
    userid: text("userid").notNull(),
    sessionId: integer("session_id"),
    // The id of the first item sent in the same call: a "message" is the items of one call.
    batch: integer("batch").notNull(),
    // "note": an agent's internal note, shown to agents, never sent to the bot.
    from: text("from", { enum: ["user", "agent", "robot", "note"] }).notNull(),
    agentId: integer("agent_id"),
    type: text("type").$type<MessageItem["type"]>().notNull(),
    // The item's value object, as JSON.
    value: text("value").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    index("messages_user").on(t.botId, t.userid, t.id),
    index("messages_user_from").on(t.botId, t.userid, t.from, t.batch),
    // The retention sweep and transcripts read a bot's messages by time (issue 18).
    index("messages_bot_time").on(t.botId, t.createdAt),
    // A conversation's newest message: search by tag or agent, one hit per session (issue 17).
    index("messages_session").on(t.sessionId, t.id),
  ],
);

// Answers to user_message calls that carried a msgid, replayed to retries.
export const ingests = pgTable(
  "ingests",
  {
    botId: integer("bot_id").notNull(),
    userid: text("userid").notNull(),
    msgid: text("msgid").notNull(),
    answer: text("answer").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.userid, t.msgid] })],
);

// The outbox: what goes back to the bot, committed with the change it reports.
export const events = pgTable(
  "events",
  {
    // From the bot's event_seq row in the appending transaction, not a sequence: a bot's
    // seqs commit in order, so a feed read after=SEQ never skips one that commits later
    // with a smaller seq. Per bot: bots' appends never wait on each other.
    seq: integer("seq").notNull(),
    id: text("id").notNull().unique(),
    botId: integer("bot_id").notNull(),
    userid: text("userid").notNull(),
    type: text("type").$type<EventType>().notNull(),
    // The full event body as sent, JSON.
    body: text("body").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    delivery: text("delivery", { enum: ["none", "pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: bigint("next_attempt_at", { mode: "number" }).notNull().default(0),
    lastError: text("last_error"),
    // Who is delivering this event now, and until when: a webhook worker claims a user's
    // head event before it sends it, and only the holder marks the outcome.
    leaseOwner: text("lease_owner"),
    leaseUntil: bigint("lease_until", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.botId, t.seq] }),
    index("events_pending").on(t.delivery, t.nextAttemptAt),
    // The webhook worker walks pending events in order and asks, for each, whether an
    // older one of the same user is still pending: both stay index lookups at any backlog.
    index("events_delivery_seq").on(t.delivery, t.seq),
    index("events_pending_user").on(t.botId, t.userid, t.seq).where(sql`delivery = 'pending'`),
    // The few events in flight: when the soonest lease ends, for a worker whose lines wait.
    index("events_leased").on(t.leaseUntil).where(sql`lease_owner IS NOT NULL`),
  ],
);

// Each time a session is given to an agent: reports figure every agent's wait and first
// response from its own assignment, so a hand-over never credits one agent's time to another.
export const assignments = pgTable(
  "assignments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer("session_id").notNull(),
    botId: integer("bot_id").notNull(),
    agentId: integer("agent_id").notNull(),
    // When this wait began: the user joined or rejoined the queue, or was handed over.
    waitedFrom: bigint("waited_from", { mode: "number" }).notNull(),
    assignedAt: bigint("assigned_at", { mode: "number" }).notNull(),
    // This agent's first message in this assignment.
    firstReplyAt: bigint("first_reply_at", { mode: "number" }),
    // When this agent let the user go: ended, handed over or given back to the queue.
    releasedAt: bigint("released_at", { mode: "number" }),
  },
  (t) => [
    index("assignments_bot_time").on(t.botId, t.assignedAt),
    // A session's current assignment is its one not yet released: at most one.
    uniqueIndex("assignments_session_open").on(t.sessionId).where(sql`released_at IS NULL`),
    // The next wait starts where the session's last assignment was released.
    index("assignments_session").on(t.sessionId, t.releasedAt),
  ],
);

// The last event seq issued to each bot: its row, made or updated by the transaction that
// appends, holds the bot's next append until this one commits, so seqs commit in order.
export const eventSeq = pgTable("event_seq", {
  botId: integer("bot_id").primaryKey(),
  last: integer("last").notNull(),
});

// A waiting user's priority (issue 18), for the sessions the bot gave one: higher is served
// first, within the aging limit of the bot's policy. Sessions without a row are 0.
export const sessionPriorities = pgTable(
  "session_priorities",
  {
    sessionId: integer("session_id").primaryKey(),
    botId: integer("bot_id").notNull(),
    priority: integer("priority").notNull(),
  },
  (t) => [index("session_priorities_bot").on(t.botId)],
);

// The last queue_update event told of each waiting session (issue 18): the next one goes
// only when its place or estimate changed, and not before the bot's throttle has passed.
export const queueNotices = pgTable(
  "queue_notices",
  {
    sessionId: integer("session_id").primaryKey(),
    botId: integer("bot_id").notNull(),
    position: integer("position").notNull(),
    estimate: integer("estimate"),
    sentAt: bigint("sent_at", { mode: "number" }).notNull(),
  },
  (t) => [index("queue_notices_bot").on(t.botId)],
);
