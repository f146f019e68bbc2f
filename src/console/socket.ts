// The console's WebSocket to kefu: answers the heartbeat, matches replies to requests (a
// connection's replies come in the order of its requests, so one queue per method is
// enough), hands pushes on, and reconnects with backoff unless told to stop.
import type { RequestFrame } from "../wire/requests";
import type { Reply } from "./frames";

/** Close codes after which reconnecting would be wrong (src/errors.ts, CLOSE). */
const FINAL_CLOSES = new Set([1000, 4002, 4003]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export interface SocketEvents {
  /** Each time a connection opens: the place to log in. */
  opened(): void;
  push(frame: Reply): void;
  /** The connection dropped; another try comes in `delayMs`. */
  down(delayMs: number): void;
  /** Another login took this agent's desk (492), or the server closed for good. */
  stopped(reason: "kicked" | "refused"): void;
}

export class DeskSocket {
  private ws: WebSocket | null = null;
  private readonly pending = new Map<string, ((r: Reply) => void)[]>();
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private active = false;

  constructor(
    private readonly url: string,
    private readonly on: SocketEvents,
  ) {}

  start(): void {
    this.active = true;
    this.open();
  }

  /** Closes without reconnecting (logout, or a login that cannot succeed). */
  stop(): void {
    this.active = false;
    clearTimeout(this.retry);
    this.ws?.close(1000);
    this.ws = null;
  }

  retryNow(): void {
    if (!this.active || this.ws) return;
    clearTimeout(this.retry);
    this.open();
  }

  /** A frame of one of the server's methods, as wire/requests.ts types it. */
  request<T extends Reply = Reply>(frame: RequestFrame) {
    const ws = this.ws;
    if (ws?.readyState !== WebSocket.OPEN) return Promise.reject(new Error("not connected"));
    const { promise, resolve } = Promise.withResolvers<Reply>();
    const queue = this.pending.get(frame.method) ?? [];
    queue.push(resolve);
    this.pending.set(frame.method, queue);
    ws.send(JSON.stringify(frame));
    return promise as Promise<T>;
  }

  private open(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.attempt = 0;
      this.on.opened();
    });
    ws.addEventListener("message", (e) => {
      if (e.data === "beat") {
        ws.send("beat");
        return;
      }
      this.receive(JSON.parse(String(e.data)) as Reply);
    });
    ws.addEventListener("close", (e) => this.closed(ws, e.code));
  }

  private receive(frame: Reply): void {
    if (frame.method === "login" && frame.code === 492) {
      this.active = false;
      this.on.stopped("kicked");
      return;
    }
    const waiting = this.pending.get(frame.method)?.shift();
    if (waiting && !frame.method.endsWith("_push")) waiting(frame);
    else this.on.push(frame);
  }

  private closed(ws: WebSocket, code: number): void {
    if (this.ws !== ws) return;
    this.ws = null;
    for (const [method, queue] of this.pending)
      for (const resolve of queue) resolve({ method, code: -1, msg: "connection lost" });
    this.pending.clear();
    if (!this.active) return;
    if (FINAL_CLOSES.has(code)) {
      this.active = false;
      this.on.stopped(code === 4002 ? "kicked" : "refused");
      return;
    }
    const delay =
      Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt++;
    this.retry = setTimeout(() => this.open(), delay);
    this.on.down(delay);
  }
}
