import { expect, test } from "bun:test";
import { estimateWait, median } from "./queue-estimate";

test("median of odd and even counts", () => {
  expect(median([])).toBeNull();
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

test("the estimate grows with the place and shrinks with agents", () => {
  const waits = [30_000, 60_000, 90_000];
  expect(estimateWait(waits, 1, 1)).toBe(60);
  expect(estimateWait(waits, 3, 1)).toBe(180);
  expect(estimateWait(waits, 3, 2)).toBe(90);
  expect(estimateWait(waits, 2, 0)).toBe(120);
  expect(estimateWait([], 1, 1)).toBeNull();
});
