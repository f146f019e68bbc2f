// A test agent: a real WebSocket client that buffers every frame it receives and lets a
// test await the next one matching a predicate.
export type Frame = Record<string, unknown> & { method?: string; code?: number; msg?: string };

/** A cheap read with no side effects, answered logged in or not (401). */
const BARRIER = "get_wait_user_list";
const isBarrierReply = (f: Frame) => f.method === BARRIER;

interface Waiter {
  match: (f: Frame) => boolean;
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: Timer;
}

export class TestAgent {
  readonly frames: Frame[] = [];
  readonly beats: number[] = [];
  private readonly waiters: Waiter[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly closedP: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    const { promise, resolve } = Promise.withResolvers<{ code: number; reason: string }>();
    this.closedP = promise;
    ws.addEventListener("message", (e) => {
      if (e.data === "beat") {
        this.beats.push(Date.now());
        return;
      }
      const frame = JSON.parse(String(e.data)) as Frame;
      const i = this.waiters.findIndex((w) => w.match(frame));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        clearTimeout(w?.timer);
        w?.resolve(frame);
      } else {
        this.frames.push(frame);
      }
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      resolve(this.closed);
    });
  }

  static async connect(url: string, headers?: Record<string, string>): Promise<TestAgent> {
    // Bun's WebSocket takes headers (an Origin, say) in its options object.
    const ws = headers
      ? new WebSocket(url, { headers } as unknown as string[])
      : new WebSocket(url);
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), {
      once: true,
    });
    await promise;
    return new TestAgent(ws);
  }

  /** Connects and logs in; throws unless the login succeeds. */
  static async login(
    url: string,
    token: string,
    extra: Record<string, unknown> = {},
  ): Promise<TestAgent> {
    const a = await TestAgent.connect(url);
    const reply = await a.request({ method: "login", token, ...extra });
    if (reply.code !== 0) throw new Error(`login failed: ${JSON.stringify(reply)}`);
    a.me = reply;
    return a;
  }

  me: Frame = {};

  send(frame: Record<string, unknown> | string): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Sends a request and waits for the reply with the same method. */
  async request(frame: Record<string, unknown>, timeoutMs = 5000): Promise<Frame> {
    this.send(frame);
    return this.next(
      (f) => f.method === frame.method && !String(f.method).endsWith("_push"),
      timeoutMs,
    );
  }

  /** The next frame (already buffered or still to come) that matches. */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const i = this.frames.findIndex(match);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0] as Frame);
    const { promise, resolve, reject } = Promise.withResolvers<Frame>();
    const timer = setTimeout(() => {
      const at = this.waiters.findIndex((w) => w.resolve === resolve);
      if (at >= 0) this.waiters.splice(at, 1);
      reject(
        new Error(`no matching frame in ${timeoutMs} ms; buffered: ${JSON.stringify(this.frames)}`),
      );
    }, timeoutMs);
    this.waiters.push({ match, resolve, reject, timer });
    return promise;
  }

  /** The next push with this method. */
  push(method: string, timeoutMs = 5000): Promise<Frame> {
    return this.next((f) => f.method === method, timeoutMs);
  }

  /**
   * Resolves once the server has answered a request sent now. A connection's frames are
   * answered in order, each after the `after` hooks (the pushes) of the one before, and
   * what the server wrote to this socket before the answer arrives before it.
   */
  async barrier(): Promise<void> {
    // An unread reply of the same method would be taken for the answer, too early.
    if (this.frames.some(isBarrierReply)) throw new Error(`a ${BARRIER} reply is still unread`);
    await this.request({ method: BARRIER });
  }

  /**
   * True if no frame that matches has arrived by a barrier on each of `actors` (connections
   * whose last request may still be pushing from its `after` hooks), then on this one.
   * Pushes of an HTTP call are sent before its answer, and those of a closed socket by the
   * time the close is seen: neither needs an actor.
   */
  async nothing(match: (f: Frame) => boolean, ...actors: TestAgent[]): Promise<boolean> {
    for (const a of actors) await a.barrier();
    await this.barrier();
    return !this.frames.some(match);
  }

  /** True if no frame with this method has arrived by a barrier (see `nothing`). */
  none(method: string, ...actors: TestAgent[]): Promise<boolean> {
    return this.nothing((f) => f.method === method, ...actors);
  }

  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return Promise.race([
      this.closedP,
      Bun.sleep(timeoutMs).then(() => {
        throw new Error("connection did not close");
      }),
    ]);
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close();
  }
}
