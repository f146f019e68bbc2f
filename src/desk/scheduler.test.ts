// Unit tests of the scheduler: every sweep runs each tick, in order; one that fails is
// reported and the others still run; a tick another node claimed runs nothing here; stop
// waits for the tick under way.
import { expect, test } from "bun:test";
import { type Sweep, startScheduler } from "./scheduler";

const noted = (log: string[], name: string, run?: () => Promise<void>): Sweep => ({
  name,
  async run(now) {
    log.push(`${name}@${now}`);
    await run?.();
  },
});

test("each tick runs every sweep in order; a failing one is reported, the rest still run", async () => {
  const log: string[] = [];
  const errors: [string, unknown][] = [];
  const scheduler = startScheduler(
    [
      noted(log, "a"),
      noted(log, "b", async () => {
        throw new Error("b broke");
      }),
      noted(log, "c"),
    ],
    { tickMs: 60_000, onError: (sweep, err) => errors.push([sweep, err]) },
  );
  await scheduler.runTick(7);
  await scheduler.stop();
  expect(log).toEqual(["a@7", "b@7", "c@7"]);
  expect(errors.map(([sweep, err]) => [sweep, String(err)])).toEqual([["b", "Error: b broke"]]);
});

test("a tick this node does not claim runs no sweep", async () => {
  const log: string[] = [];
  const claimed: number[] = [];
  const scheduler = startScheduler([noted(log, "a")], {
    tickMs: 60_000,
    claimTick: async (now) => {
      claimed.push(now);
      return now % 2 === 0;
    },
    onError: () => {},
  });
  await scheduler.runTick(1);
  await scheduler.runTick(2);
  await scheduler.stop();
  expect(claimed).toEqual([1, 2]);
  expect(log).toEqual(["a@2"]);
});

test("ticks never overlap, and stop waits for the one under way", async () => {
  const { promise: gate, resolve: open } = Promise.withResolvers<void>();
  let runs = 0;
  let done = false;
  const scheduler = startScheduler(
    [
      {
        name: "slow",
        async run() {
          runs++;
          await gate;
          done = true;
        },
      },
    ],
    { tickMs: 5, onError: () => {} },
  );
  await Bun.sleep(40);
  // Eight ticks' time, one tick: the others found it still running.
  expect(runs).toBe(1);
  const stopped = scheduler.stop();
  await Bun.sleep(10);
  expect(done).toBe(false);
  open();
  await stopped;
  expect(done).toBe(true);
  await Bun.sleep(20);
  expect(runs).toBe(1);
});
