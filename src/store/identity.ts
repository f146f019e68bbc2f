// Who is who: bots and their api keys, agents and their tokens, users and their profiles.
import type { Agent, Bot, BotChange, Role, UserInfo } from "../model/desk";

/** The first start's bot 1 and agent 1, with their secrets (shown once). */
export interface FirstStart {
  bid: number;
  apiKey: string;
  customerId: number;
  token: string;
}

export interface IdentityStore {
  createBot(input: {
    name: string;
    webhookUrl: string | null;
    now: number;
  }): Promise<{ bot: Bot; apiKey: string }>;
  listBots(): Promise<Bot[]>;
  getBot(id: number): Promise<Bot | null>;
  botByApiKey(apiKey: string): Promise<Bot | null>;
  /** A bot's new api key, shown once (the old one stops working); null if no such bot. */
  rotateApiKey(botId: number): Promise<string | null>;
  /** Turns the bot's webhook off (a 410) until an operator turns it on again. */
  disableWebhook(botId: number): Promise<void>;
  /** Applies the change (a new url or `enableWebhook` turns delivery on); null if no such bot. */
  updateBot(botId: number, change: BotChange): Promise<Bot | null>;
  /**
   * A new webhook secret; the one it replaces keeps signing until `oldUntil` (Unix ms),
   * or stops at once when that is null. Null if no such bot.
   */
  rotateWebhookSecret(botId: number, oldUntil: number | null): Promise<Bot | null>;
  /** The outcome of a delivery attempt: `error` null when the receiver answered 2xx. */
  recordDelivery(botId: number, at: number, error: string | null): Promise<void>;
  /**
   * Bot 1 ("default") and agent 1 ("admin") with their secrets if the database has no bot
   * yet, else null: the check and the inserts are one write, so of several processes
   * starting together on a new file exactly one creates them.
   */
  createFirstBotAndAgent(now: number): Promise<FirstStart | null>;

  createAgent(input: {
    botId: number;
    name: string;
    headImg: string;
    maxSessions: number;
    /** Default "agent". */
    role?: Role;
    now: number;
  }): Promise<{ agent: Agent; token: string }>;
  /** A new token for the agent (the old one stops working); null if there is no such agent. */
  rotateToken(agentId: number, now: number): Promise<string | null>;
  agentByToken(token: string): Promise<Agent | null>;
  getAgent(id: number): Promise<Agent | null>;
  listAgents(botId: number): Promise<Agent[]>;
  setAgentStatus(agentId: number, status: number): Promise<void>;
  setAutoConnect(agentId: number, on: boolean): Promise<void>;
  /** Counts a missed first-reply deadline; returns the agent's run of misses. */
  missedReply(agentId: number): Promise<number>;
  /** Ends the agent's run of missed first-reply deadlines. */
  resetMissedReplies(agentId: number): Promise<void>;

  /** The agent dropped: its sessions wait for it until `until` (ms). */
  startGrace(agentId: number, until: number): Promise<void>;
  /** The agent is back: no grace runs for it. */
  endGrace(agentId: number): Promise<void>;
  /**
   * Every agent holding active sessions with no grace running gets one until `until` (a
   * start: every agent has dropped). A grace already running keeps its end.
   */
  startGraceForHolders(until: number): Promise<void>;
  /** Agents whose grace ended at or before `now`, with its end. */
  gracesOver(now: number): Promise<{ agentId: number; until: number }[]>;
  /**
   * Ends the grace that ran until `until`, if it is still the agent's: true for exactly one
   * of several sweepers, and false once the agent came back or dropped again.
   */
  claimGraceOver(agentId: number, until: number): Promise<boolean>;

  /**
   * Creates the user or updates the profile fields given; fields beyond the seed's are
   * merged into the stored ones in the same statement (no read before the write).
   */
  upsertProfile(
    botId: number,
    userid: string,
    profile: Record<string, unknown>,
    now: number,
  ): Promise<void>;
  /** Creates the user with an empty profile if the bot has not seen it. */
  ensureUser(botId: number, userid: string, now: number): Promise<void>;
  getUser(botId: number, userid: string): Promise<UserInfo | null>;
}
