// The state of one agent WebSocket connection.
import { randomBytes } from "node:crypto";
import type { ServerWebSocket } from "bun";
import type { Actor } from "../desk/desk";
import type { Role } from "../model/desk";
import type { Bucket } from "../token-bucket";

/** The contract's floor: a steady 20 frames a second, bursts of 50. */
export const FRAME_LIMIT = { rate: 20, burst: 50 };

/** Its own frames' rate limit is a bucket it holds in two fields (token-bucket.ts). */
export class Connection implements Bucket {
  readonly clientId = randomBytes(12).toString("hex");
  readonly openedAt = Date.now();
  lastSeen = Date.now();
  /** Set once login succeeds. */
  actor: Actor | null = null;
  /** The hash of the token it logged in with: a rotated token closes the connection. */
  tokenHash: string | null = null;
  /** The agent's role as of its login (desk/permissions.ts); a change closes the connection. */
  role: Role = "agent";
  failedLogins = 0;
  /** Why the server is closing this connection; decides what the close means for the agent. */
  ending: "logout" | "replaced" | null = null;
  /** Set by the close handler: a login still claiming then releases what it claimed. */
  closed = false;
  /** Frames are answered one after another, in the order they came; null: none pending. */
  queue: Promise<void> | null = null;
  /**
   * Work its frames started in the background (dispatcher.ts), by method: a frame of
   * another method waits for it, so the agent reads what its replies taught.
   */
  background: { method: string; done: Promise<void>; hurry: () => void }[] | null = null;
  bucketTokens = FRAME_LIMIT.burst;
  bucketAt = performance.now();
  loginTimer: Timer | null = null;
  /** A console session's end: the connection closes then (methods/presence.ts). */
  sessionTimer: Timer | null = null;

  constructor(public ws: ServerWebSocket<Connection> | null = null) {}
}
