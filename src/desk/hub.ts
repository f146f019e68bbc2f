// The one "publish to these connections" seam. One node delivers to its own sockets
// (protocol/local-hub.ts); several nodes would implement it over NATS or Redis. Everything
// is named by ids, never by a socket, so an implementation may deliver on another node.
//
// Publishes go out in the order they are called, whether or not the caller awaits them:
// the promise is for the count (the HTTP API reports it) and for a failure.

/** A frame as the agent receives it: an object that becomes one JSON text frame. */
export type Frame = Record<string, unknown>;

export interface Except {
  agentId?: number;
  clientIds?: readonly string[];
}

export interface Hub {
  /** To the agent's logged-in connection. Resolves to how many connections it reached. */
  toAgent(agentId: number, frame: Frame): Promise<number>;
  /** To every logged-in connection of the bot but the excepted ones. */
  toBot(botId: number, frame: Frame, except?: Except): Promise<number>;
  /** The connection `clientId` logged in to the bot: it hears `toBot` from now on. */
  join(clientId: string, botId: number): Promise<void>;
  /**
   * Kicks the agent's logged-in connection, or only `clientId` if it is still the agent's:
   * closed with `code` (CLOSE in errors.ts) and `reason`. CLOSE.replaced means a forced login
   * took its place: it is told 492 first, and its close leaves the agent logged in on the
   * new connection. Any other code logs the agent out as after a drop.
   */
  disconnect(agentId: number, code: number, reason: string, clientId?: string): Promise<void>;
}
