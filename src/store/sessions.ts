// The queue and sessions: guarded primitives only. Every change is a conditional update on
// what its caller read, so two writers acting on one read can never both succeed; which
// change to make (who gets a user, what "declined" means) is the desk's to decide.
import type { AgentLoad, IngestAnswer, Session, SessionView } from "../model/desk";

export interface SessionStore {
  /** The user's open (waiting or active) session. */
  open(botId: number, userid: string): Promise<Session | null>;
  byId(id: number): Promise<Session | null>;
  /** Opens a waiting session; a group deleted meanwhile puts it in the bot's whole queue. */
  openWaiting(botId: number, userid: string, groupId: number | null, now: number): Promise<Session>;
  /** A message in the session: it is not idle. */
  touch(sessionId: number, now: number): Promise<void>;

  /** The answer stored for a user_message with this msgid, if one came before. */
  seenIngest(botId: number, userid: string, msgid: string): Promise<IngestAnswer | null>;
  recordIngest(
    botId: number,
    userid: string,
    msgid: string,
    answer: IngestAnswer,
    now: number,
  ): Promise<void>;

  /** Each candidate's capacity, active sessions and last assignment, as of now. */
  loads(agentIds: readonly number[]): Promise<AgentLoad[]>;
  /**
   * Gives a waiting session to the agent: false if it is no longer waiting, or (`auto`)
   * if the agent has no room left, counted in the same statement. A manual take ignores
   * capacity, as the contract says.
   */
  take(sessionId: number, agentId: number, how: "auto" | "manual", now: number): Promise<boolean>;
  /**
   * Ends the session as `held` saw it: null if it has changed hands or state since, or
   * (`quietSince`) had a message after that time. Returns the ended session.
   */
  end(held: Session, reason: string, now: number, quietSince?: number): Promise<Session | null>;
  /**
   * Back to the queue at its place, remembering `declinedBy`; `groupId` moves it to a
   * group's queue (a group deleted meanwhile: the whole queue). False if the session is no
   * longer `held`'s assignment, or (`unansweredOnly`) the agent has answered since.
   */
  requeue(
    held: Session,
    change: { declinedBy: number | null; groupId?: number | undefined; unansweredOnly: boolean },
    now: number,
  ): Promise<boolean>;
  /** From one agent to another, if the session is still the first's. */
  handOver(
    sessionId: number,
    fromAgent: number,
    toAgent: number,
    now: number,
  ): Promise<Session | null>;
  /** The agent answered: first reply and activity, if the session is still that agent's. */
  replied(sessionId: number, agentId: number, now: number): Promise<boolean>;

  /** The bot's waiting sessions, oldest first (the queue's order). */
  queue(botId: number): Promise<Session[]>;
  /** The lists agents see: each session with its user's card and last message. */
  waitingSessions(botId: number): Promise<SessionView[]>;
  activeSessions(agentId: number): Promise<SessionView[]>;
  activeUserids(agentId: number): Promise<string[]>;
  countWaiting(): Promise<number>;
  countActive(): Promise<number>;
  /** Agents that hold active sessions (used at start to arm the requeue grace). */
  agentsWithActiveSessions(): Promise<number[]>;
  /** Sessions assigned automatically, unanswered since before `before`. */
  unansweredSince(before: number): Promise<Session[]>;
  /** Open sessions with no message either way since before `before`. */
  idleSince(before: number): Promise<Session[]>;
  /** Waiting sessions of a group whose fallback wait ended in (after, now]. */
  expiredGroupWaits(after: number, now: number): Promise<Session[]>;
}
