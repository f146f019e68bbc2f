// The Hub on one node: the open WebSocket connections of this process. A bot's logged-in
// connections share a Bun pub/sub topic, so a push to the whole bot is one publish done in
// native code rather than a send per connection.
import type { Server } from "bun";
import type { Except, Frame, Hub } from "../desk/hub";
import type { Presence } from "../desk/presence";
import { CLOSE, ERRORS } from "../errors";
import type { Connection } from "./connection";
import { frameLabel } from "./frame-label";

const topic = (botId: number) => `bot:${botId}`;

export class LocalHub implements Hub {
  private readonly conns = new Map<string, Connection>();
  private server: Server<Connection> | null = null;

  constructor(
    private readonly presence: Presence,
    private readonly sent: (method: string, frames: number) => void,
  ) {}

  /** The server whose topics carry pushes to whole bots. */
  attach(server: Server<Connection>): void {
    this.server = server;
  }

  /** A connection that logged in hears what is pushed to its bot. */
  join(conn: Connection, botId: number): void {
    conn.ws?.subscribe(topic(botId));
  }

  add(conn: Connection): void {
    this.conns.set(conn.clientId, conn);
  }

  remove(conn: Connection): void {
    this.conns.delete(conn.clientId);
  }

  get size(): number {
    return this.conns.size;
  }

  all(): IterableIterator<Connection> {
    return this.conns.values();
  }

  /**
   * Sends one frame to one connection; false if it is gone or its buffer is full. A frame
   * given as text comes with its metrics label. Throws if the frame cannot be written out.
   */
  send(conn: Connection, frame: Frame | string, label?: string): boolean {
    const text = typeof frame === "string" ? frame : JSON.stringify(frame);
    const ws = conn.ws;
    if (ws?.readyState !== 1) return false;
    // 0: dropped (buffer over the limit: Bun then closes the slow client); -1: queued.
    if (ws.send(text) === 0) return false;
    this.sent(label ?? (typeof frame === "string" ? "other" : frameLabel(frame.method)), 1);
    return true;
  }

  toAgent(agentId: number, frame: Frame): number {
    const conn = this.connOf(agentId);
    return conn && this.send(conn, frame) ? 1 : 0;
  }

  private connOf(agentId: number): Connection | undefined {
    const a = this.presence.get(agentId);
    return a && this.conns.get(a.clientId);
  }

  toBot(botId: number, frame: Frame, except: Except = {}): number {
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
    for (const a of this.presence.ofBot(botId)) {
      if (a.agentId === except.agentId || except.clientIds?.includes(a.clientId)) continue;
      const conn = this.conns.get(a.clientId);
      if (conn && this.send(conn, text, method)) reached++;
    }
    return reached;
  }

  /** Another connection logged in as the same agent with force_online: tell this one, close it. */
  replace(clientId: string): void {
    const conn = this.conns.get(clientId);
    if (!conn) return;
    conn.ending = "replaced";
    // Frames it sent before the close are answered 401, not as the agent.
    conn.actor = null;
    this.send(conn, { code: ERRORS.kicked.code, msg: ERRORS.kicked.msg, method: "login" });
    conn.ws?.close(CLOSE.replaced, "logged in elsewhere");
  }

  revoke(agentId: number): void {
    this.connOf(agentId)?.revoke();
  }
}
