// The Hub on one node: the open WebSocket connections of this process (the registry). A
// bot's logged-in connections share a Bun pub/sub topic, so a push to the whole bot is one
// publish done in native code rather than a send per connection. Every delivery is done
// before the promise is made: a local push costs no extra turn of the event loop.
import type { Server } from "bun";
import type { Except, Frame, Hub } from "../desk/hub";
import type { LocalPresence } from "../desk/local-presence";
import { CLOSE, ERRORS } from "../errors";
import type { Connection } from "./connection";
import { frameLabel } from "./frame-label";
import type { SocketRegistry } from "./socket-registry";

const topic = (botId: number) => `bot:${botId}`;

export class LocalHub implements Hub {
  private server: Server<Connection> | null = null;
  /** Told of each frame delivered to a bot's connections here (the live board, issue 16). */
  delivered: ((botId: number, method: unknown) => void) | null = null;

  constructor(
    private readonly sockets: SocketRegistry,
    private readonly presence: Pick<LocalPresence, "route" | "routesOfBot">,
    private readonly sent: (method: string, frames: number) => void,
  ) {}

  /** The server whose topics carry pushes to whole bots. */
  attach(server: Server<Connection>): void {
    this.server = server;
  }

  async join(clientId: string, botId: number): Promise<void> {
    this.sockets.get(clientId)?.ws?.subscribe(topic(botId));
  }

  async toAgent(agentId: number, frame: Frame): Promise<number> {
    const conn = this.connOf(agentId);
    if (conn?.actor) this.delivered?.(conn.actor.botId, frame.method);
    return conn && this.sockets.send(conn, frame) ? 1 : 0;
  }

  private connOf(agentId: number): Connection | undefined {
    const clientId = this.presence.route(agentId);
    return clientId === undefined ? undefined : this.sockets.get(clientId);
  }

  async toBot(botId: number, frame: Frame, except: Except = {}): Promise<number> {
    this.delivered?.(botId, frame.method);
    const text = JSON.stringify(frame);
    const method = frameLabel(frame.method);
    if (this.server && !except.clientIds?.length) {
      const t = topic(botId);
      const everyone = this.server.subscriberCount(t);
      const skip = except.agentId === undefined ? undefined : this.connOf(except.agentId)?.ws;
      // A socket's own publish reaches every subscriber but itself.
      let reached = everyone;
      if (skip?.readyState === 1 && skip.isSubscribed(t)) {
        skip.publish(t, text);
        reached--;
      } else {
        this.server.publish(t, text);
      }
      if (reached > 0) this.sent(method, reached);
      return reached;
    }
    let reached = 0;
    for (const a of this.presence.routesOfBot(botId)) {
      if (a.agentId === except.agentId || except.clientIds?.includes(a.clientId)) continue;
      const conn = this.sockets.get(a.clientId);
      if (conn && this.sockets.send(conn, text, method)) reached++;
    }
    return reached;
  }

  async disconnect(
    agentId: number,
    code: number,
    reason: string,
    clientId?: string,
  ): Promise<void> {
    const conn = clientId === undefined ? this.connOf(agentId) : this.sockets.get(clientId);
    if (conn?.actor?.agentId !== agentId) return;
    if (code === CLOSE.replaced) {
      conn.ending = "replaced";
      // Frames it sent before the close are answered 401, not as the agent.
      conn.actor = null;
      this.sockets.send(conn, {
        code: ERRORS.kicked.code,
        msg: ERRORS.kicked.msg,
        method: "login",
      });
    }
    conn.ws?.close(code, reason);
  }
}
