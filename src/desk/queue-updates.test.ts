import { expect, test } from "bun:test";
import { noticeDue } from "./queue-updates";

const told = { position: 3, estimate: 60, sentAt: 10_000 };

test("the first notice of a waiting user is due at once", () => {
  expect(noticeDue(undefined, { position: 3, estimate: null }, 10_000, 30_000)).toBe(true);
});

test("nothing changed: no notice, however long since the last", () => {
  expect(noticeDue(told, { position: 3, estimate: 60 }, 999_000, 30_000)).toBe(false);
});

test("a change is told once the throttle has passed, not before", () => {
  expect(noticeDue(told, { position: 2, estimate: 60 }, 39_999, 30_000)).toBe(false);
  expect(noticeDue(told, { position: 2, estimate: 60 }, 40_000, 30_000)).toBe(true);
  expect(noticeDue(told, { position: 3, estimate: 40 }, 40_000, 30_000)).toBe(true);
});
