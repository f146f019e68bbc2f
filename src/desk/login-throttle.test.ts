import { expect, test } from "bun:test";
import { LOCK_MS, LoginThrottle } from "./login-throttle";

test("each failure in a row waits twice as long, up to 16 times the first", () => {
  const t = new LoginThrottle(100);
  expect([1, 2, 3, 4, 5, 6, 7].map(() => t.failed("ann", 0))).toEqual([
    100, 200, 400, 800, 1600, 1600, 1600,
  ]);
});

test("the fifth failure in a row locks the name for LOCK_MS", () => {
  const t = new LoginThrottle(100);
  for (let i = 0; i < 4; i++) t.failed("ann", 0);
  expect(t.lockedFor("ann", 0)).toBe(0);
  t.failed("ann", 1000);
  expect(t.lockedFor("ann", 1000)).toBe(LOCK_MS);
  expect(t.lockedFor("ann", 1000 + LOCK_MS)).toBe(0);
  expect(t.lockedFor("bob", 1000)).toBe(0);
});

test("a success clears the name's failures", () => {
  const t = new LoginThrottle(100);
  for (let i = 0; i < 5; i++) t.failed("ann", 0);
  t.succeeded("ann");
  expect(t.lockedFor("ann", 0)).toBe(0);
  expect(t.failed("ann", 0)).toBe(100);
});
