// Keeps the supervisors' boards live (issue 16): every frame this node delivers to a bot's
// connections (local-hub.ts) marks that bot changed; within BATCH_MS the board is built once
// and sent as board_push to this node's connections that asked for it (board_list). Pushed
// on change, never polled: a bot nobody watches costs one map lookup per frame.
import type { Board } from "../wire/methods/board";
import { push } from "../wire/pushes";
import type { Connection } from "./connection";
import type { SocketRegistry } from "./socket-registry";

/** Changes this close together are one board_push. */
const BATCH_MS = 50;

/** The frames that change nothing on the board. */
const QUIET = new Set(["board_push", "note_push"]);

export class BoardWatch {
  /** The connections that asked for the board, by bot; a closed one leaves at the next flush. */
  private readonly watching = new Map<number, Set<Connection>>();
  private readonly changed = new Set<number>();
  private timer: Timer | null = null;

  constructor(
    private readonly sockets: SocketRegistry,
    private readonly build: (botId: number) => Promise<Board>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The logged-in connection gets board_push from now on. */
  watch(conn: Connection): void {
    const botId = conn.actor?.botId;
    if (botId === undefined) return;
    let set = this.watching.get(botId);
    if (!set) {
      set = new Set();
      this.watching.set(botId, set);
    }
    set.add(conn);
  }

  /** A frame `method` went to a connection of `botId` on this node. */
  delivered(botId: number, method: unknown): void {
    if (!this.watching.has(botId)) return;
    if (typeof method === "string" && QUIET.has(method)) return;
    this.changed.add(botId);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch(this.onError);
    }, BATCH_MS);
  }

  private watchers(botId: number): Connection[] {
    const set = this.watching.get(botId);
    if (!set) return [];
    for (const conn of set) if (conn.closed || conn.actor?.botId !== botId) set.delete(conn);
    if (set.size === 0) this.watching.delete(botId);
    return [...set];
  }

  private async flush(): Promise<void> {
    const bots = [...this.changed];
    this.changed.clear();
    for (const botId of bots) {
      const watchers = this.watchers(botId);
      if (watchers.length === 0) continue;
      const frame = push.board(await this.build(botId));
      for (const conn of watchers) this.sockets.send(conn, frame);
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
