// The one "publish to these connections" seam. One node delivers to its own sockets
// (protocol/local-hub.ts); several nodes would implement it over NATS or Redis.

/** A frame as the agent receives it: an object that becomes one JSON text frame. */
export type Frame = Record<string, unknown>;

export interface Except {
  agentId?: number;
  clientIds?: readonly string[];
}

export interface Hub {
  /** To the agent's logged-in connection. Returns how many connections it reached. */
  toAgent(agentId: number, frame: Frame): number;
  /** To every logged-in connection of the bot but the excepted ones. */
  toBot(botId: number, frame: Frame, except?: Except): number;
  /** The agent's token was rotated: closes its logged-in connection. */
  revoke(agentId: number): void;
}
