// The Hub on one node: the open WebSocket connections of this process.
import type { Except, Frame, Hub } from "../desk/hub";
import type { Presence } from "../desk/presence";
import { CLOSE, ERRORS } from "../errors";
import type { Connection } from "./connection";

/** The metrics label of a frame: its method, or "invalid" for replies to unreadable frames. */
const label = (frame: Frame) => (typeof frame.method === "string" ? frame.method : "invalid");

export class LocalHub implements Hub {
  private readonly conns = new Map<string, Connection>();

  constructor(
    private readonly presence: Presence,
    private readonly sent: (method: string) => void,
  ) {}

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

  /** Sends one frame to one connection; false if it is gone or its buffer is full. */
  send(conn: Connection, frame: Frame | string, method?: string): boolean {
    const text = typeof frame === "string" ? frame : JSON.stringify(frame);
    const ws = conn.ws;
    if (ws?.readyState !== 1) return false;
    // 0: dropped (buffer over the limit: Bun then closes the slow client); -1: queued.
    if (ws.send(text) === 0) return false;
    this.sent(method ?? (typeof frame === "string" ? "raw" : label(frame)));
    return true;
  }

  toAgent(agentId: number, frame: Frame): number {
    const a = this.presence.get(agentId);
    const conn = a && this.conns.get(a.clientId);
    return conn && this.send(conn, frame) ? 1 : 0;
  }

  toBot(botId: number, frame: Frame, except: Except = {}): number {
    const text = JSON.stringify(frame);
    const method = label(frame);
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
    this.send(conn, { code: ERRORS.kicked.code, msg: ERRORS.kicked.msg, method: "login" });
    conn.ws?.close(CLOSE.replaced, "logged in elsewhere");
  }
}
