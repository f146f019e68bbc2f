// Presence for a node among several: the claim and every read go to the database's rows
// (so 490, customer_list and routing see the whole cluster), and this node's own logins
// are mirrored in memory, where the hub finds its sockets without a query.
import { LocalPresence } from "../desk/local-presence";
import type { Claim, OnlineAgent, Presence } from "../desk/presence";
import { acceptsAutomatic, STATUS } from "../desk/routing";
import type { ClusterStore } from "../store/cluster";

export class DbPresence implements Presence {
  /** This node's logins: where its hub delivers. */
  readonly here = new LocalPresence();

  constructor(
    private readonly cluster: ClusterStore,
    private readonly nodeId: string,
  ) {}

  async login(a: OnlineAgent, force: boolean): Promise<Claim> {
    const claim = await this.cluster.claim(a, this.nodeId, force);
    if (claim.claimed) await this.here.login(a, true);
    return claim;
  }

  async drop(agentId: number, clientId: string): Promise<OnlineAgent | null> {
    await this.here.drop(agentId, clientId);
    return this.cluster.release(agentId, clientId);
  }

  async setStatus(agentId: number, status: number): Promise<void> {
    await this.here.setStatus(agentId, status);
    await this.cluster.setStatus(agentId, status);
  }

  async setAutoConnect(agentId: number, on: boolean): Promise<void> {
    await this.here.setAutoConnect(agentId, on);
    await this.cluster.setAutoConnect(agentId, on);
  }

  async candidates(botId: number): Promise<number[]> {
    return (await this.cluster.ofBot(botId)).filter(acceptsAutomatic).map((a) => a.agentId);
  }

  async isOnline(agentId: number): Promise<boolean> {
    const a = await this.cluster.get(agentId);
    return a !== null && a.status !== STATUS.offline;
  }

  get(agentId: number): Promise<OnlineAgent | null> {
    return this.cluster.get(agentId);
  }

  list(botId: number): Promise<OnlineAgent[]> {
    return this.cluster.ofBot(botId);
  }

  /** This node's logins (the gauge of each node; the cluster's is their sum). */
  size(): Promise<number> {
    return this.here.size();
  }

  /** This node's logins, as the hub and a gap replay walk them. */
  local(): OnlineAgent[] {
    return this.here.all();
  }
}
