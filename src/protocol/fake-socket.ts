// A stand-in for Bun's ServerWebSocket in unit tests: records what is written and how it
// was closed. Only the members the registry and the hub use.
import type { ServerWebSocket } from "bun";
import { Connection } from "./connection";

export class FakeSocket {
  readyState = 1;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly topics = new Set<string>();
  /** What `send` answers: bytes written, 0 when Bun dropped the frame (buffer full). */
  sendResult = 1;

  send(text: string): number {
    if (this.sendResult !== 0) this.sent.push(text);
    return this.sendResult;
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = 3;
  }

  subscribe(topic: string): void {
    this.topics.add(topic);
  }

  isSubscribed(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** The frames written to it, parsed. */
  frames(): unknown[] {
    return this.sent.map((t) => JSON.parse(t));
  }
}

/** A connection on a fake socket. */
export function fakeConnection(): { conn: Connection; ws: FakeSocket } {
  const ws = new FakeSocket();
  return { conn: new Connection(ws as unknown as ServerWebSocket<Connection>), ws };
}
