// Who is logged in, and on which connection. An agent has at most one logged-in connection
// (a second login is refused with 490 or replaces the first with force_online). One node
// keeps it in memory (desk/local-presence.ts); several nodes would keep a row per logged-in
// connection naming its node, behind this same interface.
import type { Claim, OnlineAgent } from "../model/presence";

export type { Claim, OnlineAgent };

export interface Presence {
  /**
   * Claims the agent for `a.clientId`, atomically per agent: of logins racing on several
   * connections each sees the one claimed before it. A held agent is taken over only with
   * `force` (and the replaced connection is returned), else the claim is refused.
   */
  login(a: OnlineAgent, force: boolean): Promise<Claim>;
  /** Releases the agent only if `clientId` is the connection it is logged in on. */
  drop(agentId: number, clientId: string): Promise<OnlineAgent | null>;
  setStatus(agentId: number, status: number): Promise<void>;
  setAutoConnect(agentId: number, on: boolean): Promise<void>;
  /** Agents the desk may give the bot's new users to automatically. */
  candidates(botId: number): Promise<number[]>;
  /** Logged in and not showing as offline (status 0). */
  isOnline(agentId: number): Promise<boolean>;
  get(agentId: number): Promise<OnlineAgent | null>;
  /** The bot's logged-in agents, in login order. */
  list(botId: number): Promise<OnlineAgent[]>;
  /** How many agents are logged in. */
  size(): Promise<number>;
}
