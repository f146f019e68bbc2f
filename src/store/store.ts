// The storage seam. The desk, the protocol and the HTTP API reach the database only through
// this interface; SQLite implements it today (sqlite-store.ts), another database can later
// implement it without touching them. Every method is one transaction; a change given an
// `audit` entry commits it in that same transaction, so neither is ever kept without the other.
import type { MessageItem } from "../wire/items";
import type { Profile, UserInfo } from "../wire/profile";
import type { AuditInput } from "./ops-store";

export interface Bot {
  id: number;
  name: string;
  webhookUrl: string | null;
  webhookSecret: string;
  webhookEnabled: boolean;
}

export interface Agent {
  id: number;
  botId: number;
  name: string;
  headImg: string;
  maxSessions: number;
  autoConnect: boolean;
  status: number;
  lastAssignedAt: number;
}

/** What routing needs to know of a candidate agent, read inside the assigning transaction. */
export interface AgentLoad {
  agentId: number;
  active: number;
  maxSessions: number;
  lastAssignedAt: number;
}

/** Picks the agent to give a waiting user to, or none. Pure; runs inside the transaction. */
export type Chooser = (loads: AgentLoad[], declinedBy: number | null) => number | null;

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
}

/** A session with what lists show of its user. */
export interface SessionView extends Session {
  nickname: string;
  headImg: string;
  lastMessage: MessageItem[];
}

export interface ChatEntry {
  createdAt: number;
  from: "user" | "agent" | "robot" | "note";
  agentId: number | null;
  item: MessageItem;
}

export type EventType =
  | "agent_message"
  | "session_connected"
  | "session_ended"
  | "session_transferred"
  | "session_requeued";

/** An event as it is committed: the payload is what the type adds to the common fields. */
export interface NewEvent {
  type: EventType;
  botId: number;
  userid: string;
  payload: Record<string, unknown>;
}

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
  seq: number;
  botId: number;
  userid: string;
  attempts: number;
  event: BotEvent;
}

export interface IngestInput {
  botId: number;
  userid: string;
  userItems: MessageItem[];
  robotItems: MessageItem[];
  profile?: Partial<Profile> & Record<string, unknown>;
  /** false: record only; open no session. */
  handoff: boolean;
  msgid?: string;
  /** The skill group a new session waits for. */
  groupId?: number;
  /** Agents who may take a new waiting session right away, and how to pick one. */
  candidates: number[];
  choose: Chooser;
  now: number;
}

export interface IngestResult {
  session: Session | null;
  /** True when this call opened the session. */
  opened: boolean;
  /** A retry of a msgid already stored: nothing was written. */
  replay: boolean;
  answer: IngestAnswer;
}

export interface IngestAnswer {
  session_id: number | null;
  state: "waiting" | "active" | "none";
  customer_id: number | null;
}

/** The first start's bot 1 and agent 1, with their secrets (shown once). */
export interface FirstStart {
  bid: number;
  apiKey: string;
  customerId: number;
  token: string;
}

export interface Store {
  // bots
  createBot(
    input: { name: string; webhookUrl: string | null; now: number },
    audit?: (bot: Bot) => AuditInput,
  ): Promise<{ bot: Bot; apiKey: string }>;
  listBots(): Promise<Bot[]>;
  getBot(id: number): Promise<Bot | null>;
  botByApiKey(apiKey: string): Promise<Bot | null>;
  disableWebhook(botId: number): Promise<void>;

  // agents
  createAgent(
    input: {
      botId: number;
      name: string;
      headImg: string;
      maxSessions: number;
      now: number;
    },
    audit?: (agent: Agent) => AuditInput,
  ): Promise<{ agent: Agent; token: string }>;
  rotateToken(agentId: number, now: number, audit?: AuditInput): Promise<string | null>;
  /** Bot 1 and agent 1 with their secrets, if the database has no bot yet (else null). */
  createFirstBotAndAgent(now: number): Promise<FirstStart | null>;
  /** A bot's new api key, shown once (the old one stops working); null if no such bot. */
  rotateApiKey(botId: number, audit?: AuditInput): Promise<string | null>;
  agentByToken(token: string): Promise<Agent | null>;
  getAgent(id: number): Promise<Agent | null>;
  listAgents(botId: number): Promise<Agent[]>;
  setAgentStatus(agentId: number, status: number, audit?: AuditInput): Promise<void>;
  setAutoConnect(agentId: number, on: boolean, audit?: AuditInput): Promise<void>;
  /** Agents that hold active sessions (used at start to arm the requeue grace). */
  agentsWithActiveSessions(): Promise<number[]>;

  // users
  upsertProfile(
    botId: number,
    userid: string,
    profile: Record<string, unknown>,
    now: number,
  ): Promise<void>;
  getUser(botId: number, userid: string): Promise<UserInfo | null>;

  // sessions
  ingestUserMessage(input: IngestInput): Promise<IngestResult>;
  openSession(botId: number, userid: string): Promise<Session | null>;
  /** Manual take of a waiting session (ignores capacity). Null if it was not waiting. */
  takeSession(
    sessionId: number,
    agentId: number,
    now: number,
    audit?: AuditInput,
  ): Promise<Session | null>;
  /** Offers one waiting session to the chooser. Returns the agent it went to. */
  autoAssign(
    sessionId: number,
    candidates: number[],
    choose: Chooser,
    now: number,
  ): Promise<number | null>;
  /** Fills an agent's free capacity with waiting users, oldest first. */
  pullWaiting(agentId: number, now: number): Promise<Session[]>;
  /**
   * Ends the session as the caller saw it (`held`): false if it has changed hands or state
   * since, or (`quietSince`) had a message after that time.
   */
  endSession(
    held: Session,
    reason: string,
    byAgent: number | null,
    now: number,
    options?: { audit?: AuditInput | undefined; quietSince?: number },
  ): Promise<boolean>;
  /**
   * Back to the queue at its place; `groupId` moves it to a group's queue. False if the
   * session is no longer `held`'s assignment (or, after a first-reply timeout, was answered).
   */
  requeueSession(
    held: Session,
    reason: RequeueReason,
    now: number,
    options?: { groupId?: number | undefined; audit?: AuditInput | undefined },
  ): Promise<boolean>;
  handOver(
    sessionId: number,
    fromAgent: number,
    toAgent: number,
    now: number,
    audit?: AuditInput,
  ): Promise<boolean>;
  waitingSessions(botId: number): Promise<SessionView[]>;
  activeSessions(agentId: number): Promise<SessionView[]>;
  activeUserids(agentId: number): Promise<string[]>;
  countWaiting(): Promise<number>;

  // skill groups
  createGroup(
    botId: number,
    name: string,
    fallbackAfterS: number,
    now: number,
    audit?: (group: Group) => AuditInput,
  ): Promise<Group | null>;
  listGroups(botId: number): Promise<Group[]>;
  getGroup(id: number): Promise<Group | null>;
  groupByName(botId: number, name: string): Promise<Group | null>;
  /** Adds or removes an agent (of the group's bot); false if either does not exist. */
  setGroupMember(
    groupId: number,
    agentId: number,
    member: boolean,
    audit?: AuditInput,
  ): Promise<boolean>;
  deleteGroup(id: number, audit?: AuditInput): Promise<void>;
  /** Waiting sessions of a group whose fallback wait ended in (after, now]. */
  expiredGroupWaits(after: number, now: number): Promise<Session[]>;

  // deadlines
  /** Sessions assigned automatically, unanswered since before `before`. */
  unansweredSince(before: number): Promise<Session[]>;
  /** Open sessions with no message either way since before `before`. */
  idleSince(before: number): Promise<Session[]>;
  /** Counts a missed first-reply deadline; returns the agent's run of misses. */
  missedReply(agentId: number): Promise<number>;
  resetMissedReplies(agentId: number): Promise<void>;
  countActive(): Promise<number>;

  // messages
  lastUserMessage(botId: number, userid: string): Promise<MessageItem[]>;
  /**
   * Stores an agent's items in its active session and the agent_message event; false (and
   * nothing stored) if the session is no longer that agent's.
   */
  storeAgentMessage(
    session: Session,
    agentId: number,
    items: MessageItem[],
    now: number,
  ): Promise<boolean>;
  /** A user's latest messages, newest first, without counting the whole history. */
  recentMessages(botId: number, userid: string, limit: number): Promise<ChatEntry[]>;
  chatRecord(
    botId: number,
    userid: string,
    page: number,
    pagesize: number,
  ): Promise<{
    total: number;
    entries: ChatEntry[];
  }>;

  // events
  eventsAfter(botId: number, after: number, limit: number): Promise<BotEvent[]>;
  /** The next deliverable event of each user (per-user order), due by `now`. */
  dueDeliveries(now: number, limit: number): Promise<Delivery[]>;
  nextDeliveryAt(): Promise<number | null>;
  markDelivered(seq: number): Promise<void>;
  markRetry(seq: number, nextAttemptAt: number, error: string): Promise<void>;
  markFailed(seq: number, error: string): Promise<void>;
  deliveryCounts(): Promise<{ pending: number; failed: number }>;
}
