// The state of one agent WebSocket connection.
import { randomBytes } from "node:crypto";
import type { ServerWebSocket } from "bun";
import type { Actor } from "../desk/desk";

/** A token bucket: a steady `rate` per second with bursts of `burst`. */
export class RateLimit {
  private tokens: number;
  private at = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class Connection {
  readonly clientId = randomBytes(12).toString("hex");
  readonly openedAt = Date.now();
  lastSeen = Date.now();
  /** Set once login succeeds. */
  actor: Actor | null = null;
  failedLogins = 0;
  /** Why the server is closing this connection; decides what the close means for the agent. */
  ending: "logout" | "replaced" | null = null;
  /** Frames are answered one after another, in the order they came. */
  queue: Promise<void> = Promise.resolve();
  readonly rate = new RateLimit(20, 50);
  loginTimer: Timer | null = null;

  constructor(public ws: ServerWebSocket<Connection> | null = null) {}
}
