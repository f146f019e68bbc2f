// Who is logged in right now, on this node. An agent has at most one logged-in connection
// (a second login is refused with 490 or replaces the first with force_online).
import { acceptsAutomatic, STATUS } from "./routing";

export interface OnlineAgent {
  agentId: number;
  botId: number;
  name: string;
  headImg: string;
  status: number;
  autoConnect: boolean;
  clientId: string;
}

export class Presence {
  private readonly agents = new Map<number, OnlineAgent>();
  private readonly byBot = new Map<number, Set<number>>();

  add(a: OnlineAgent): void {
    this.agents.set(a.agentId, a);
    let ids = this.byBot.get(a.botId);
    if (!ids) {
      ids = new Set();
      this.byBot.set(a.botId, ids);
    }
    ids.add(a.agentId);
  }

  remove(agentId: number): OnlineAgent | undefined {
    const a = this.agents.get(agentId);
    if (!a) return undefined;
    this.agents.delete(agentId);
    const ids = this.byBot.get(a.botId);
    ids?.delete(agentId);
    if (ids?.size === 0) this.byBot.delete(a.botId);
    return a;
  }

  /** Removes the agent only if this connection is the one it is logged in on. */
  release(agentId: number, clientId: string): OnlineAgent | undefined {
    return this.agents.get(agentId)?.clientId === clientId ? this.remove(agentId) : undefined;
  }

  get(agentId: number): OnlineAgent | undefined {
    return this.agents.get(agentId);
  }

  /** Logged in and not showing as offline (status 0). */
  isOnline(agentId: number): boolean {
    const a = this.agents.get(agentId);
    return a !== undefined && a.status !== STATUS.offline;
  }

  /** The bot's logged-in agents, in login order. */
  ofBot(botId: number): OnlineAgent[] {
    const ids = this.byBot.get(botId);
    if (!ids) return [];
    return [...ids].map((id) => this.agents.get(id) as OnlineAgent);
  }

  /** Agents the desk may give new users to automatically. */
  autoCandidates(botId: number): number[] {
    return this.ofBot(botId)
      .filter(acceptsAutomatic)
      .map((a) => a.agentId);
  }

  get size(): number {
    return this.agents.size;
  }
}
