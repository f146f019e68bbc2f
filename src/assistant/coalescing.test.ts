import { expect, test } from "bun:test";
import { coalescing } from "./coalescing";

/** A coalescing runner whose runs end when the test says, logging what ran. */
function gated(atOnce: number) {
  const ran: string[] = [];
  const gates = new Map<string, () => void>();
  const run = coalescing<{ user: string; n: number }>(
    atOnce,
    (i) => i.user,
    (i) => {
      ran.push(`${i.user}${i.n}`);
      return new Promise<void>((resolve) => gates.set(`${i.user}${i.n}`, resolve));
    },
  );
  const end = (name: string) => gates.get(name)?.();
  return { ran, run, end };
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
    (s) => s,
    async (s) => {
      if (s === "bad") throw new Error("no");
    },
  );
  await expect(run("bad")).rejects.toThrow("no");
  await run("good");
});
