// What several nodes share in the database: node leases and who is logged in where. A
// node whose lease ran out counts as gone, and so do the logins it held. PostgreSQL
// implements it (pg/cluster.ts); one node on SQLite keeps presence in memory instead.

import type { Claim, OnlineAgent } from "../model/presence";

export type { Claim, OnlineAgent };

export interface ClusterStore {
  /** A name of this database unique to it (its server's system id and its own name). */
  databaseId(): Promise<string>;
  /** Starts (or takes up again) this node's lease for `leaseMs` from the database's now. */
  registerNode(nodeId: string, leaseMs: number): Promise<void>;
  /** Extends the lease; false if the node's row is gone (another node found it dead). */
  renewNode(nodeId: string, leaseMs: number): Promise<boolean>;
  /**
   * A goodbye: the node's lease ends now, so the next sweep of a live node takes the logins
   * its closing connections did not release as dropped (logout_push, the drop grace).
   */
  retireNode(nodeId: string): Promise<void>;
  /**
   * Claims the agent for `a.clientId` on `nodeId`, atomically across nodes: a holder on a
   * live node refuses it unless `force` (the holder is then returned as replaced).
   */
  claim(a: OnlineAgent, nodeId: string, force: boolean): Promise<Claim>;
  /** Removes the agent's login only if it is still on `clientId`. */
  release(agentId: number, clientId: string): Promise<OnlineAgent | null>;
  setStatus(agentId: number, status: number): Promise<void>;
  setAutoConnect(agentId: number, on: boolean): Promise<void>;
  /** The agent's login on a live node. */
  get(agentId: number): Promise<OnlineAgent | null>;
  /** The bot's logins on live nodes, in login order. */
  ofBot(botId: number): Promise<OnlineAgent[]>;
  /** How many of the bot's logins on live nodes are not excepted. */
  countOfBot(
    botId: number,
    exceptAgentId?: number,
    exceptClientIds?: readonly string[],
  ): Promise<number>;
  /** Removes the logins of nodes whose lease ran out (and those nodes): the drops to make. */
  sweepLostNodes(): Promise<OnlineAgent[]>;
  /** Removes the node's logins on connections other than `keep` (left behind by a failure). */
  releaseStale(nodeId: string, keep: readonly string[]): Promise<OnlineAgent[]>;
}
