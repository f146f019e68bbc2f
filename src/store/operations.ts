// The storage seam for running a desk day to day (issue 9): internal notes, canned replies,
// ratings, reports, the audit log and queue positions. Kept apart from the desk's hot
// paths so both can change independently. Every write is one transaction; an audited
// change commits its audit entry with it.
import type { MessageItem } from "../model/desk";
import type {
  ActorType,
  AuditEntry,
  AuditInput,
  CannedReply,
  QueuePlace,
  ReportRow,
} from "../model/operations";
import type { EventMarks } from "./event-marks";

export interface AuditQuery {
  botId: number;
  /** Entries by this agent, or about it. */
  agentId?: number;
  from?: number;
  to?: number;
  /** Entries older than this id (paging, newest first). */
  beforeId?: number;
  limit: number;
}

export type SaveCannedResult =
  | { ok: true; reply: CannedReply; created: boolean }
  /** An agent may add a shared reply but not change one: that is the bot backend's. */
  | { ok: false; reason: "shared_exists" };

export type RateResult =
  | { ok: true; sessionId: number }
  | { ok: false; reason: "no_session" | "not_ended" | "rated" };

export interface OpsStore {
  // audit
  audit(entry: AuditInput): Promise<void>;
  auditLog(query: AuditQuery): Promise<AuditEntry[]>;

  // notes
  /** Stores an internal note on a user's conversation; null if the bot has no such user. */
  addNote(input: {
    botId: number;
    userid: string;
    agentId: number;
    text: string;
    now: number;
  }): Promise<{ createdAt: number } | null>;

  // canned replies
  /** The bot's shared replies, plus one agent's own, whose code starts with `prefix`. */
  cannedReplies(botId: number, agentId: number | null, prefix: string): Promise<CannedReply[]>;
  /** Creates the reply, or replaces the items of the owner's reply with that code. */
  saveCanned(
    input: {
      botId: number;
      agentId: number | null;
      code: string;
      items: MessageItem[];
      now: number;
      /** false: an existing shared reply with this code is not changed. */
      mayReplaceShared: boolean;
    },
    actor: { type: ActorType; id: number | null },
  ): Promise<SaveCannedResult>;
  /** Deletes the owner's reply (agentId null: a shared one). False if there is none. */
  deleteCanned(
    input: { botId: number; agentId: number | null; id: number; now: number },
    actor: { type: ActorType; id: number | null },
  ): Promise<boolean>;

  // ratings
  /** Rates the session, or the user's latest ended one. */
  rate(input: {
    botId: number;
    userid: string;
    sessionId?: number;
    score: number;
    comment: string;
    now: number;
  }): Promise<RateResult>;

  // reports
  /** Assignments of the bot's sessions made in [from, to), with what reports figure from them. */
  reportRows(botId: number, from: number, to: number): Promise<ReportRow[]>;
  /** Each agent's groups, for reports by group. */
  groupMembers(botId: number): Promise<{ groupId: number; name: string; agentIds: number[] }[]>;

  // queue
  queuePlace(botId: number, userid: string): Promise<QueuePlace | null>;
  /** The waits (assigned minus joined the queue), in ms, of the bot's latest assigned users. */
  recentWaits(botId: number, limit: number): Promise<number[]>;
  /** Whether the bot has ever seen this user. */
  hasUser(botId: number, userid: string): Promise<boolean>;

  // metrics
  /**
   * Waits and first responses that happened after the events marked `after`, in seconds,
   * and each bot's last event seq read: a bot's seqs commit in order, so this is an exact,
   * gap-free feed.
   */
  timingsAfter(
    after: EventMarks,
  ): Promise<{ waits: number[]; firstResponses: number[]; seqs: EventMarks }>;
  /** Each bot's last event seq. */
  lastEventSeqs(): Promise<EventMarks>;
}
