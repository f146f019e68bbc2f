// The open agent WebSocket connections of this process, by client id, and the one way a
// frame is written to one of them (so every frame out is counted). The heartbeat, the
// shutdown, the token watch and the connections gauge walk it; a Hub delivers through it.
import type { Frame } from "../desk/hub";
import type { Connection } from "./connection";
import { frameLabel } from "./frame-label";

export class SocketRegistry {
  private readonly conns = new Map<string, Connection>();

  constructor(private readonly sent: (label: string, frames: number) => void) {}

  add(conn: Connection): void {
    this.conns.set(conn.clientId, conn);
  }

  remove(conn: Connection): void {
    this.conns.delete(conn.clientId);
  }

  get(clientId: string): Connection | undefined {
    return this.conns.get(clientId);
  }

  all(): IterableIterator<Connection> {
    return this.conns.values();
  }

  get size(): number {
    return this.conns.size;
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
}
