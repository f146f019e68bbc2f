import { expect, test } from "bun:test";
import { coalescing } from "./coalescing";

/** A coalescing runner whose runs end when the test says, logging what ran. */
function gated(atOnce: number, spacingMs = 0) {
  const ran: string[] = [];
  const gates = new Map<string, () => void>();
  const queued = coalescing<{ user: string; n: number }>(
    atOnce,
    spacingMs,
    (i) => i.user,
    (i) => {
      ran.push(`${i.user}${i.n}`);
      return new Promise<void>((resolve) => gates.set(`${i.user}${i.n}`, resolve));
    },
  );
  const end = (name: string) => gates.get(name)?.();
  const run = (i: { user: string; n: number }) => queued(i).done;
  return { ran, run, end, queued };
}

test("with room each input runs at once; queued ones of one key run once, with the newest", async () => {
  const { ran, run, end } = gated(2);
  const a1 = run({ user: "a", n: 1 });
  const b1 = run({ user: "b", n: 1 });
  // Both slots busy: these wait, and a's two become one run of its newest.
  const a2 = run({ user: "a", n: 2 });
  const c1 = run({ user: "c", n: 1 });
  const a3 = run({ user: "a", n: 3 });
  expect(ran).toEqual(["a1", "b1"]);
  expect(a2).toBe(a3);
  end("a1");
  await a1;
  expect(ran).toEqual(["a1", "b1", "a3"]);
  end("b1");
  await b1;
  expect(ran).toEqual(["a1", "b1", "a3", "c1"]);
  end("a3");
  end("c1");
  await Promise.all([a3, c1]);
  expect(ran).toHaveLength(4);
});

test("never two runs of one key at once, even with room: the next waits for the one running", async () => {
  const { ran, run, end } = gated(8);
  const a1 = run({ user: "a", n: 1 });
  const a2 = run({ user: "a", n: 2 });
  const b1 = run({ user: "b", n: 1 });
  expect(ran).toEqual(["a1", "b1"]);
  end("a1");
  await a1;
  expect(ran).toEqual(["a1", "b1", "a2"]);
  end("a2");
  end("b1");
  await Promise.all([a2, b1]);
});

test("a failed run rejects its callers and frees its slot", async () => {
  const run = coalescing<string>(
    1,
    0,
    (s) => s,
    async (s) => {
      if (s === "bad") throw new Error("no");
    },
  );
  await expect(run("bad").done).rejects.toThrow("no");
  await run("good").done;
});

test("a key that ran lately waits out its spacing, gathering its inputs, unless hurried", async () => {
  const { ran, queued, end } = gated(8, 3_600_000);
  const a1 = queued({ user: "a", n: 1 });
  expect(ran).toEqual(["a1"]);
  end("a1");
  await a1.done;
  // Within the hour: a waits, and its next inputs join that one run; another key runs.
  const a2 = queued({ user: "a", n: 2 });
  const a3 = queued({ user: "a", n: 3 });
  queued({ user: "b", n: 1 });
  expect(a3).toBe(a2);
  expect(ran).toEqual(["a1", "b1"]);
  a1.hurry();
  expect(ran).toEqual(["a1", "b1"]);
  a3.hurry();
  expect(ran).toEqual(["a1", "b1", "a3"]);
  end("a3");
  end("b1");
  await a3.done;
});

test("once the spacing is over, the waiting input runs by itself", async () => {
  const { ran, queued, end } = gated(8, 20);
  const a1 = queued({ user: "a", n: 1 });
  end("a1");
  await a1.done;
  const a2 = queued({ user: "a", n: 2 });
  expect(ran).toEqual(["a1"]);
  while (ran.length < 2) await Bun.sleep(5);
  expect(ran).toEqual(["a1", "a2"]);
  end("a2");
  await a2.done;
});
