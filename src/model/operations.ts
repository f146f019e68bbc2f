// The domain types of running a desk day to day (issue 9): the audit log, canned replies,
// the rows reports are figured from, and a user's place in the queue.
import type { MessageItem } from "./desk";

export type ActorType = "agent" | "bot" | "cli" | "desk";

/** Who did what to what. `target` names the object: "agent:3", "user:u1", "canned:5". */
export interface AuditInput {
  botId: number;
  actorType: ActorType;
  actorId: number | null;
  action: string;
  target: string | null;
  details?: Record<string, unknown>;
  now: number;
}

export interface AuditEntry {
  id: number;
  actorType: ActorType;
  actorId: number | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  createdAt: number;
}

export interface CannedReply {
  id: number;
  botId: number;
  /** null: shared by the whole bot. */
  agentId: number | null;
  code: string;
  items: MessageItem[];
  createdAt: number;
}

/**
 * One assignment of a session to an agent, as reports see it; times in Unix milliseconds.
 * A session handed over or given back and taken again has one per agent in turn.
 */
export interface ReportRow {
  sessionId: number;
  agentId: number;
  /** When this wait began: the user (re)joined the queue, or was handed over. */
  waitedFrom: number;
  assignedAt: number;
  /** This agent's first message in this assignment. */
  firstReplyAt: number | null;
  /** When this agent let the user go: ended, handed over or given back. */
  releasedAt: number | null;
  /** The session's rating, on its last assignment only. */
  score: number | null;
}

export interface QueuePlace {
  sessionId: number;
  state: "waiting" | "active";
  agentId: number | null;
  /** 1-based among the bot's waiting users; null when not waiting. */
  position: number | null;
}
