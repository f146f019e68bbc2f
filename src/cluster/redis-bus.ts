// The bus between nodes on Redis pub/sub, with Bun's built-in client. All nodes share one
// channel: a publisher's messages reach every node in the order it sent them, so a push
// needs no lookup of where its agent is before it goes out (which would let a later push
// overtake it), and each node keeps what concerns its own sockets. A few nodes each
// reading every push costs less than that lookup.
//
// Bun's client can leave a subscription silent after a reconnect while it reports itself
// connected, so the subscriber is never reconnected in place: it runs with autoReconnect
// off, and any close, or a probe of our own that does not come back, replaces it with a
// new client that subscribes afresh. The time it was away is a gap (`onGap`).
import { RedisClient } from "bun";
import { log } from "../log";
import { StartError } from "../start-error";
import { type BusMessage, busMessage } from "./bus-message";

export interface BusOptions {
  nodeId: string;
  /** How often a probe goes out; three missed in a row count as the bus lost. */
  probeMs: number;
  onMessage(m: BusMessage): void;
  /** The subscription is back after it was lost: messages may have been missed. */
  onGap(): void;
}

/** The URL as messages name it: host, port and db, never a password. */
export function busLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}${u.pathname.length > 1 ? u.pathname : ""}`;
  } catch {
    return "the Redis URL given";
  }
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class RedisBus {
  private pub: RedisClient | null = null;
  private sub: RedisClient | null = null;
  private probesSent = 0;
  private heardAt = Date.now();
  private lostAt: number | null = null;
  private reconnecting: Promise<void> | null = null;
  private closed = false;
  private lastError = "";
  private channel = "";

  constructor(
    private readonly url: string,
    private readonly options: BusOptions,
  ) {}

  /** Connects both clients to `channel`; a bus that cannot be reached is a StartError. */
  async open(channel: string): Promise<void> {
    this.channel = channel;
    try {
      await this.connect();
    } catch (err) {
      this.close();
      throw new StartError(`cannot reach the bus ${busLabel(this.url)}: ${why(err)}`);
    }
  }

  publish(m: BusMessage): void {
    const pub = this.pub;
    if (!pub?.connected) return;
    pub.publish(this.channel, JSON.stringify(m)).catch((err) => {
      this.lastError = why(err);
    });
  }

  /** Null while messages go round, else why not (and since when, in `lostAt`). */
  problem(): string | null {
    return this.lostAt === null ? null : `bus ${busLabel(this.url)} unreachable: ${this.lastError}`;
  }

  /** When the bus was lost; null while it works. */
  lostSince(): number | null {
    return this.lostAt;
  }

  /** Sends a probe; the bus counts as lost when three in a row have not come back. */
  probe(now: number): void {
    if (this.closed) return;
    if (this.lostAt === null && now - this.heardAt > 3 * this.options.probeMs) {
      this.lost("our own probes stopped coming back");
    }
    if (this.lostAt !== null) {
      this.reconnect();
      return;
    }
    this.probesSent++;
    this.publish({ kind: "probe", from: this.options.nodeId, n: this.probesSent });
  }

  close(): void {
    this.closed = true;
    this.pub?.close();
    this.sub?.close();
    this.pub = null;
    this.sub = null;
  }

  private async connect(): Promise<void> {
    const options = { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 2000 };
    const pub = new RedisClient(this.url, options);
    const sub = new RedisClient(this.url, options);
    const onclose = (client: RedisClient) => (err: Error) => {
      if (this.pub === client || this.sub === client) this.lost(why(err));
    };
    pub.onclose = onclose(pub);
    sub.onclose = onclose(sub);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
      await sub.subscribe(this.channel, (text) => this.received(text));
    } catch (err) {
      pub.close();
      sub.close();
      throw err;
    }
    this.pub = pub;
    this.sub = sub;
    this.heardAt = Date.now();
  }

  private lost(reason: string): void {
    if (this.closed || this.lostAt !== null) return;
    this.lastError = reason;
    this.lostAt = Date.now();
    log.warn("bus lost", { bus: busLabel(this.url), reason });
    const [pub, sub] = [this.pub, this.sub];
    this.pub = null;
    this.sub = null;
    pub?.close();
    sub?.close();
  }

  private reconnect(): void {
    this.reconnecting ??= this.connect()
      .then(() => {
        if (this.closed) return this.close();
        log.info("bus back", { bus: busLabel(this.url) });
        this.lostAt = null;
        this.options.onGap();
      })
      .catch((err) => {
        this.lastError = why(err);
      })
      .finally(() => {
        this.reconnecting = null;
      });
  }

  private received(text: string): void {
    let m: BusMessage;
    try {
      m = busMessage.parse(JSON.parse(text));
    } catch (err) {
      log.warn("bus message refused", { reason: why(err) });
      return;
    }
    if (m.from === this.options.nodeId) {
      if (m.kind === "probe") this.heardAt = Date.now();
      return;
    }
    this.options.onMessage(m);
  }
}
