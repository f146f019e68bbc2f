import { expect, test } from "bun:test";
import { coalescing } from "./coalescing";

test("with room each input runs at once; queued ones of one key run once, with the newest", async () => {
  const ran: string[] = [];
  const gates: (() => void)[] = [];
  const run = coalescing<{ user: string; n: number }>(
    2,
    (i) => i.user,
    (i) => {
      ran.push(`${i.user}${i.n}`);
      return new Promise<void>((resolve) => gates.push(resolve));
    },
  );
  const a1 = run({ user: "a", n: 1 });
  const b1 = run({ user: "b", n: 1 });
  // Both slots busy: these wait, and a's three become one run of its newest.
  const a2 = run({ user: "a", n: 2 });
  const c1 = run({ user: "c", n: 1 });
  const a3 = run({ user: "a", n: 3 });
  expect(ran).toEqual(["a1", "b1"]);
  expect(a2).toBe(a3);
  gates.shift()?.();
  await a1;
  expect(ran).toEqual(["a1", "b1", "a3"]);
  gates.shift()?.();
  await b1;
  expect(ran).toEqual(["a1", "b1", "a3", "c1"]);
  for (const open of gates.splice(0)) open();
  await Promise.all([a3, c1]);
  expect(ran).toHaveLength(4);
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
