// The Hub of a node among several: what concerns this node's sockets is delivered here at
// once (through the LocalHub), the rest goes on the bus to the node that holds the socket.
// The counts are the cluster's, read from the presence rows, not from what Redis says it
// reached (Redis counts subscribed nodes, not agents).
import type { Except, Frame, Hub } from "../desk/hub";
import type { LocalPresence } from "../desk/local-presence";
import type { LocalHub } from "../protocol/local-hub";
import type { SocketRegistry } from "../protocol/socket-registry";
import type { ClusterStore } from "../store/cluster";
import type { BusMessage } from "./bus-message";

export interface BusOut {
  publish(m: BusMessage): void;
}

export class ClusterHub implements Hub {
  constructor(
    private readonly nodeId: string,
    private readonly local: LocalHub,
    private readonly here: Pick<LocalPresence, "route">,
    private readonly sockets: Pick<SocketRegistry, "get">,
    private readonly cluster: ClusterStore,
    private readonly bus: BusOut,
  ) {}

  join(clientId: string, botId: number): Promise<void> {
    return this.local.join(clientId, botId);
  }

  async toAgent(agentId: number, frame: Frame): Promise<number> {
    if (this.here.route(agentId) !== undefined) return this.local.toAgent(agentId, frame);
    this.bus.publish({ kind: "agent", from: this.nodeId, agentId, frame });
    return (await this.cluster.get(agentId)) ? 1 : 0;
  }

  async toBot(botId: number, frame: Frame, except: Except = {}): Promise<number> {
    const exceptions = {
      ...except,
      clientIds: except.clientIds ? [...except.clientIds] : undefined,
    };
    this.bus.publish({ kind: "bot", from: this.nodeId, botId, frame, except: exceptions });
    await this.local.toBot(botId, frame, except);
    return this.cluster.countOfBot(botId, except.agentId, except.clientIds);
  }

  async disconnect(
    agentId: number,
    code: number,
    reason: string,
    clientId?: string,
  ): Promise<void> {
    const here =
      clientId === undefined
        ? this.here.route(agentId) !== undefined
        : this.sockets.get(clientId) !== undefined;
    if (here) return this.local.disconnect(agentId, code, reason, clientId);
    this.bus.publish({ kind: "kick", from: this.nodeId, agentId, code, reason, clientId });
  }

  /** A message from another node: delivered to the sockets it concerns here, if any. */
  async deliver(m: BusMessage): Promise<void> {
    if (m.kind === "agent") await this.local.toAgent(m.agentId, m.frame);
    else if (m.kind === "bot") await this.local.toBot(m.botId, m.frame, m.except);
    else if (m.kind === "kick")
      await this.local.disconnect(m.agentId, m.code, m.reason, m.clientId);
  }
}
