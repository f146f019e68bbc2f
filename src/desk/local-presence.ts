// Presence on one node: maps in this process. Every method decides with no await inside,
// so a claim is atomic per agent. The LocalHub reads the same maps synchronously (`route`,
// `routesOfBot`): a local push needs no extra turn of the event loop.
import type { Claim, OnlineAgent, Presence } from "./presence";
import { acceptsAutomatic, STATUS } from "./routing";

/** Where an agent's frames go on this node. */
export interface LocalRoute {
  agentId: number;
  clientId: string;
}

export class LocalPresence implements Presence {
  private readonly agents = new Map<number, OnlineAgent>();
  private readonly byBot = new Map<number, Set<number>>();

  async login(a: OnlineAgent, force: boolean): Promise<Claim> {
    const holder = this.agents.get(a.agentId);
    if (holder && !force) return { claimed: false, holder: { ...holder } };
    if (holder) this.remove(holder.agentId);
    this.agents.set(a.agentId, { ...a });
    let ids = this.byBot.get(a.botId);
    if (!ids) {
      ids = new Set();
      this.byBot.set(a.botId, ids);
    }
    ids.add(a.agentId);
    return { claimed: true, replaced: holder ?? null };
  }

  async drop(agentId: number, clientId: string): Promise<OnlineAgent | null> {
    return this.agents.get(agentId)?.clientId === clientId ? this.remove(agentId) : null;
  }

  async setStatus(agentId: number, status: number): Promise<void> {
    const a = this.agents.get(agentId);
    if (a) a.status = status;
  }

  async setAutoConnect(agentId: number, on: boolean): Promise<void> {
    const a = this.agents.get(agentId);
    if (a) a.autoConnect = on;
  }

  async candidates(botId: number): Promise<number[]> {
    return this.ofBot(botId)
      .filter(acceptsAutomatic)
      .map((a) => a.agentId);
  }

  async isOnline(agentId: number): Promise<boolean> {
    const a = this.agents.get(agentId);
    return a !== undefined && a.status !== STATUS.offline;
  }

  async get(agentId: number): Promise<OnlineAgent | null> {
    const a = this.agents.get(agentId);
    return a ? { ...a } : null;
  }

  async list(botId: number): Promise<OnlineAgent[]> {
    return this.ofBot(botId).map((a) => ({ ...a }));
  }

  async size(): Promise<number> {
    return this.agents.size;
  }

  /** Every logged-in agent, in login order. */
  all(): OnlineAgent[] {
    return [...this.agents.values()].map((a) => ({ ...a }));
  }

  /** The connection the agent is logged in on, if any. */
  route(agentId: number): string | undefined {
    return this.agents.get(agentId)?.clientId;
  }

  /** The bot's logged-in agents' connections, in login order. */
  routesOfBot(botId: number): LocalRoute[] {
    return this.ofBot(botId).map((a) => ({ agentId: a.agentId, clientId: a.clientId }));
  }

  private ofBot(botId: number): OnlineAgent[] {
    const ids = this.byBot.get(botId);
    if (!ids) return [];
    return [...ids].map((id) => this.agents.get(id) as OnlineAgent);
  }

  private remove(agentId: number): OnlineAgent | null {
    const a = this.agents.get(agentId);
    if (!a) return null;
    this.agents.delete(agentId);
    const ids = this.byBot.get(a.botId);
    ids?.delete(agentId);
    if (ids?.size === 0) this.byBot.delete(a.botId);
    return a;
  }
}
