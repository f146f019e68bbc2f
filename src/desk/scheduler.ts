// One clock for the desk's sweeps (deadlines, idle close, group fallback, the drop grace):
// a tick every `tickMs` runs each sweep in turn, never two ticks at once. A sweep keeps
// its progress in the database, not here, so whichever run comes next goes on from it.
// `claimTick` is the seam for several nodes: one node alone always runs the tick; a
// cluster lets exactly one node win each tick.

export interface Sweep {
  readonly name: string;
  run(now: number): Promise<void>;
}

export interface SchedulerOptions {
  tickMs: number;
  /** Whether this node runs the tick at `now`; by default it does. */
  claimTick?: (now: number) => Promise<boolean>;
  /** A sweep failed; the tick goes on with the next one. */
  onError: (sweep: string, err: unknown) => void;
}

export interface Scheduler {
  /** Runs every sweep once, if this node claims the tick. */
  runTick(now: number): Promise<void>;
  /** Ends the ticks; resolves when the one running (if any) is done. */
  stop(): Promise<void>;
}

const alwaysThisNode = async () => true;

export function startScheduler(sweeps: readonly Sweep[], options: SchedulerOptions): Scheduler {
  const claimTick = options.claimTick ?? alwaysThisNode;
  let running: Promise<void> | null = null;

  async function runTick(now: number): Promise<void> {
    let mine = false;
    try {
      mine = await claimTick(now);
    } catch (err) {
      options.onError("claim", err);
    }
    if (!mine) return;
    for (const sweep of sweeps) {
      try {
        await sweep.run(now);
      } catch (err) {
        options.onError(sweep.name, err);
      }
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = runTick(Date.now()).finally(() => {
      running = null;
    });
  }, options.tickMs);

  return {
    runTick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
